"""Open data: read-only, versioned CSV and JSON of what Parvis publishes, and each closed budget
vote's anonymous ballots in the Pabulib format, so anyone can re-run a tally."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.opendata import views  # noqa: F401  (routes attach to the blueprint)
    from app.opendata.blueprint import bp

    app.register_blueprint(bp)
