"""`flask demo ...`."""

import click


@click.group("demo", help="Demo data for the embedded mode.")
def demo_cli() -> None:
    pass
