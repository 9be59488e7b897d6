"""`flask demo load` and `flask demo accounts`.

Each area adds a module here with `load(ctx: DemoContext) -> str` (one summary line) and appends
it to `LOADERS`, after the areas it builds on: a budget's demo needs the accounts.
"""

from __future__ import annotations

from collections.abc import Callable

import click
import sqlalchemy as sa

from app.accounts.models import User
from app.demo import accountability, accounts, assemblies, budgets, councils, feedback, geo
from app.demo.context import DemoContext
from app.extensions import db

LOADERS: list[Callable[[DemoContext], str]] = [
    geo.load,
    accounts.load,
    councils.load,
    budgets.load,
    accountability.load,
    assemblies.load,
    feedback.load,
]


@click.group("demo", help="Demo data for the embedded mode.")
def demo_cli() -> None:
    pass


@demo_cli.command("load")
def load_command() -> None:
    """Fill an empty database with demo data (geography, accounts, ...). A database that already
    has accounts is left alone, so running it twice changes nothing."""
    if db.session.scalar(sa.select(User.id).limit(1)) is not None:
        click.echo("The database already has accounts: demo data not loaded, nothing changed.")
        return
    ctx = DemoContext()
    for loader in LOADERS:
        click.echo(loader(ctx))
    db.session.commit()
    click.echo("Demo data loaded. `flask demo accounts` lists the accounts.")


@demo_cli.command("accounts")
def accounts_command() -> None:
    """Print the demo accounts and their password."""
    rows = [("email", "role", "password"), *accounts.accounts_table()]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for index, row in enumerate(rows):
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            click.echo("  ".join("-" * width for width in widths))
