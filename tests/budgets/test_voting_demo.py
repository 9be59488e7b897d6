"""The demo's ballots and results (app/demo/budgets_voting.py), on top of the budgets demo."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from app.accounts.models import User
from app.budgets.outcomes import EnvelopeResult, Override
from app.budgets.services import editions, voting
from app.core import audit
from app.core.db import utcnow
from app.demo import budgets_voting
from app.demo.accounts import RESIDENT_DOMAIN
from app.demo.context import DemoContext
from app.extensions import db
from app.votes.models import Ballot
from app.votes.services import casting


def test_demo_ballots_and_results(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    users = list(db.session.scalars(sa.select(User).order_by(User.id)))
    ctx = DemoContext(
        people={u.email: u for u in users if u.email and u.email.endswith("@parvis.example")},
        residents=[u for u in users if u.email and u.email.endswith(RESIDENT_DOMAIN)],
    )
    year = utcnow().year
    current, last = editions.get_edition(f"bp-{year}"), editions.get_edition(f"bp-{year - 1}")
    if current.envelopes[0].vote_id is None:  # until app.demo.budgets.load calls it
        with app.test_request_context():
            summary = budgets_voting.vote(ctx, current, last, utcnow().replace(microsecond=0))
        db.session.commit()
        assert "tallied" in summary, summary
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EnvelopeResult)) == len(
        [e for e in last.envelopes if e.vote_id]
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Override)) == 1
    channels = set(db.session.scalars(sa.select(Ballot.channel).distinct()))
    assert channels == {"web", "paper"}
    resident = ctx.people["habitant@parvis.example"]
    ballots = voting.ballot_for(current, resident)
    assert ballots and all(not casting.has_voted(item.vote, resident) for item in ballots)
    assert audit.verify().intact
