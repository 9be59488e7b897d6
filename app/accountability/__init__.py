"""Accountability: the public follow-up of every funded project until it is delivered."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Registers the area's blueprint, its receiver of `project_funded` and its answers to the
    shared signals."""
    from app.accountability import receivers, signals, views  # noqa: F401  (routes attach to the blueprint)
    from app.accountability.blueprint import bp

    app.register_blueprint(bp)
    receivers.connect()
    signals.connect()
