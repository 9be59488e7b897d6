"""Participatory budget: editions and their phases, envelopes, proposals, review, supports."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Registers the area's blueprint and its answers to the shared signals."""
    from app.budgets import signals, views  # noqa: F401  (routes attach to the blueprint)
    from app.budgets.blueprint import bp
    from app.budgets.services import results

    app.register_blueprint(bp)
    signals.connect()
    results.connect()
