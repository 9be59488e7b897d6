"""Citizens' assemblies: live sessions with post-it walls, shifting debates and Q&A."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Registers the area's blueprint and signal receivers."""
    from app.assemblies import signals, views  # noqa: F401  (routes attach to the blueprint)
    from app.assemblies.blueprint import bp

    app.register_blueprint(bp)
    signals.connect()
