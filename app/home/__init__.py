"""The home page (what is open now) and site-wide pages: language choice, about."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.home import views  # noqa: F401  (routes attach to the blueprint)
    from app.home.blueprint import bp

    app.register_blueprint(bp)
