"""Geography: sectors, districts (arrondissements) and quartiers, as reference data, and the
quartier outlines that maps are drawn from."""

from flask import Flask, current_app


def init_app(app: Flask) -> None:
    from app.geo.cli import geo_cli
    from app.geo.outlines import Outlines, load_outlines

    def city_outlines() -> Outlines:
        return load_outlines(current_app.instance_path)

    app.cli.add_command(geo_cli)
    # For templates/_macros/map.html.
    app.jinja_env.globals["city_outlines"] = city_outlines
