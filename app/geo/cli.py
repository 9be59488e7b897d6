"""`flask geo ...`: load a city's geography and the outlines its maps are drawn from."""

from __future__ import annotations

import json
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.geo.models import Quartier
from app.geo.outlines import INSTANCE_FILE, OutlineFileError, build_outlines, write_outlines
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


@geo_cli.command("outlines")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name-field", default="NOM_QUA", show_default=True, help="The property holding the quartier's name.")
def outlines_command(path: Path, name_field: str) -> None:
    """Build the quartier outlines for SVG maps from a GeoJSON file (longitude/latitude polygons)
    into the instance folder, where they replace Marseille's. Exit code 2 when the file is not valid."""
    try:
        outlines = build_outlines(json.loads(path.read_text(encoding="utf-8")), name_field)
    except (OutlineFileError, json.JSONDecodeError, UnicodeDecodeError) as error:
        click.echo(f"{path}: not used, nothing changed: {error}", err=True)
        raise SystemExit(BAD_FILE) from error
    target = Path(current_app.instance_path) / INSTANCE_FILE
    write_outlines(outlines, target)
    click.echo(f"{target}: {len(outlines.paths)} quartier outlines written.")
    known = set(db.session.scalars(sa.select(Quartier.slug)))
    if unmatched := sorted(set(outlines.paths) - known):
        click.echo(f"In the file but not among the loaded quartiers: {', '.join(unmatched)}", err=True)
    if missing := sorted(known - set(outlines.paths)):
        click.echo(f"Loaded quartiers the maps will not show: {', '.join(missing)}", err=True)
