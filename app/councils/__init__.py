"""Councils and neighbourhood committees (CIQ): bodies, members, sessions run live, minutes, decisions."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Registers the area's blueprint and its answers to the shared signals."""
    from app.core import live
    from app.councils import signals, views  # noqa: F401  (routes attach to the blueprint)
    from app.councils.blueprint import bp

    live.init_app(app)  # the "now" screen's stream; idempotent, belongs in the app factory's core setup

    app.register_blueprint(bp)
    signals.connect()
