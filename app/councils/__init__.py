"""Councils and neighbourhood committees (CIQ): bodies, members, sessions run live, minutes, decisions."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Registers the area's blueprint and its answers to the shared signals."""
    from app.councils import signals, views  # noqa: F401  (routes attach to the blueprint)
    from app.councils.blueprint import bp

    app.register_blueprint(bp)
    signals.connect()
