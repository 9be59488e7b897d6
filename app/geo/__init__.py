"""Geography: sectors, districts (arrondissements) and quartiers, as reference data."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.geo.cli import geo_cli

    app.cli.add_command(geo_cli)
