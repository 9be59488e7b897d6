"""`flask feedback ...`: the scheduled commands of the feedback area, to run from cron.

flask feedback alerts     mail each service's manager once per late item (run every few minutes)
"""

from __future__ import annotations

import click
from flask import current_app

from app.core.db import utcnow
from app.extensions import db


@click.group("feedback", help="Citizen feedback: scheduled tasks.")
def feedback_cli() -> None:
    pass


@feedback_cli.command("alerts", help="Mail each service's manager about late items (once per item).")
def alerts_command() -> None:
    from app.feedback.services import alerts

    with current_app.test_request_context():  # mails are rendered and translated per request
        due = alerts.record_due(utcnow())
        db.session.commit()
        sent = alerts.deliver(due)
    click.echo(f"{len(due)} late items, {sent} alert mails sent")
