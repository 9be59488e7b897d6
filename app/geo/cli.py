"""`flask geo ...`: load a city's geography."""

from __future__ import annotations

from pathlib import Path

import click

from app.extensions import db
from app.geo.services import BUNDLED_CSV, GeoFileError, load_geography, read_csv

BAD_FILE = 2


@click.group("geo", help="The city's geography (sectors, districts, quartiers).")
def geo_cli() -> None:
    pass


@geo_cli.command("import")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Also remove the places the file does not list.")
def import_command(path: Path | None, replace: bool) -> None:
    """Load sectors, districts and quartiers from a CSV file (default: Marseille's, bundled).

    Existing places are matched by sector number, district code and quartier slug and updated;
    running the same file twice changes nothing. Exit code 2 when the file is not valid."""
    source = path or BUNDLED_CSV
    try:
        summary = load_geography(read_csv(source), replace=replace)
    except GeoFileError as error:
        db.session.rollback()
        click.echo(f"{source}: not loaded, nothing changed.", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        raise SystemExit(BAD_FILE) from error
    db.session.commit()
    click.echo(f"{source}: {'loaded' if summary.changed else 'already up to date'}.")
    click.echo(str(summary))
