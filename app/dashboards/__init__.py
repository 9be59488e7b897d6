"""Dashboards: the figures of every area — participation per quartier and arrondissement,
disparities, who takes part, trends, feedback per service, budget projects delivered — for staff
and elected representatives, and in aggregate for everyone."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Registers the area's blueprint."""
    from app.dashboards import views  # noqa: F401  (routes attach to the blueprint)
    from app.dashboards.blueprint import bp

    app.register_blueprint(bp)
