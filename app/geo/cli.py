"""`flask geo ...`: load a city's geography."""

import click


@click.group("geo", help="The city's geography (sectors, districts, quartiers).")
def geo_cli() -> None:
    pass
