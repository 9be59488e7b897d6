"""Maintenance commands of the vote engine, added to the `flask votes` group: run them from cron.

flask votes close-due     record the close of every vote past its closing time (sends ballot_closed)
flask votes scrub         rewrite the ballots of open votes so no row keeps a trace of its writing
"""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import current_app

from app.core.db import utcnow
from app.extensions import db
from app.votes.models import Vote
from app.votes.services import casting, votes


@click.command("close-due", help="Close every vote whose closing time has passed (run every minute).")
def close_due_command() -> None:
    with current_app.test_request_context():  # messages and signal receivers may need a request
        closed = votes.close_due_votes()
        db.session.commit()
    for vote in closed:
        click.echo(f"closed vote {vote.id}: {vote.title}")


@click.command("scrub", help="Rewrite open votes' ballots in receipt order (PostgreSQL; every few minutes).")
def scrub_command() -> None:
    now = utcnow()
    query = sa.select(Vote).where(Vote.closed_at.is_(None), Vote.opens_at.is_not(None), Vote.opens_at <= now)
    total = 0
    for vote in db.session.scalars(query).all():
        total += casting.scrub_insertion_traces(vote)
        db.session.commit()  # one vote at a time: short locks
    click.echo(f"{total} ballots rewritten")


def register(group: click.Group) -> None:
    for command in (close_due_command, scrub_command):
        group.add_command(command)
