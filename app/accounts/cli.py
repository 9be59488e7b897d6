"""`flask census ...`: load the census file residents verify themselves against."""

from __future__ import annotations

import click

from app.accounts.services import census
from app.extensions import db

MAX_LISTED = 200  # refused rows listed one by one; a wholly wrong file should not flood the terminal


@click.group("census", help="The census residents verify their residency against.")
def census_cli() -> None:
    pass


@census_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--batch", default="", help="A name for this import (e.g. 2026-01), kept with each entry.")
def import_command(path: str, batch: str) -> None:
    """Import FILE (CSV: document_type, document_number, birth_date[, quartier]).

    All or nothing: if any row is refused, the errors are listed with their line numbers, nothing
    is imported, and the exit status is 1. Rows already imported are skipped. Document numbers and
    birth dates are hashed on the way in and never stored or printed.
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as stream:
            report = census.import_census(census.read_rows(stream), batch=batch.strip())
    except census.CensusFileError as error:
        db.session.rollback()
        raise click.ClickException(f"{path}: {error}") from error
    if not report.ok:
        db.session.rollback()
        for problem in report.errors[:MAX_LISTED]:
            click.echo(f"line {problem.line}: {problem.message}", err=True)
        if len(report.errors) > MAX_LISTED:
            click.echo(f"... and {len(report.errors) - MAX_LISTED} more refused row(s).", err=True)
        click.echo(
            f"Nothing imported: {len(report.errors)} row(s) refused out of {report.read}. "
            "Correct the file and run the import again.",
            err=True,
        )
        raise SystemExit(1)
    db.session.commit()
    click.echo(
        f"Census import{f' ({batch})' if batch else ''}: {report.read} row(s) read, {report.imported} imported, "
        f"{report.duplicates} duplicate(s) skipped."
    )
