"""Fixtures of the budgets tests: an edition whose phases sit around a chosen moment, its envelopes
(city-wide and one arrondissement), residents and proposals in any state, and a request context
for the services (their messages are translated per request)."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.budgets.models import Edition, Proposal
from app.budgets.services import editions, proposals
from app.core.db import utcnow
from app.extensions import db
from tests.factories import QuartierFactory

DAY = timedelta(days=1)
# Phase order, each 10 days long: submission, review, support, voting, results (open-ended).
KINDS = ("submission", "review", "support", "voting", "results")


def phase_dates(current: str, now: datetime, support: bool = True, leads_to: str = "vote") -> editions.PhaseDates:
    """Dates putting `now` in the middle of phase `current` ("before" or "after" for outside them all),
    in the order the edition runs them (supports first when they pick what is reviewed)."""
    order = editions.phase_order(leads_to)
    kinds = [kind for kind in order if kind in KINDS and (support or kind != "support")]
    if current == "before":
        start = now + 5 * DAY
    elif current == "after":
        start = now - (len(kinds) * 10 + 5) * DAY
    else:
        start = now - 5 * DAY - kinds.index(current) * 10 * DAY
    dates: editions.PhaseDates = {}
    for number, kind in enumerate(kinds):
        starts = start + number * 10 * DAY
        dates[kind] = (starts, None if kind == "results" and current != "after" else starts + 10 * DAY)
    return dates


@pytest.fixture
def request_context(app: Flask) -> Iterator[None]:
    with app.test_request_context():
        yield


@dataclass
class World:
    make_user: Callable[..., Any]
    quartier: Any
    other_quartier: Any
    now: datetime

    def staff(self) -> Any:
        return self.make_user(roles=[("staff", "")])

    def resident(self, verified: bool = True, **fields: Any) -> Any:
        return self.make_user(verified_at=utcnow() if verified else None, quartier=self.quartier, **fields)

    def edition(self, phase: str = "submission", support: bool = True, **settings: Any) -> Edition:
        data = editions.EditionInput(
            title=settings.pop("title", "Budget participatif 2027"),
            year=settings.pop("year", 2027),
            support_limit=settings.pop("support_limit", 3 if support else None),
            support_pass_count=settings.pop("support_pass_count", 2 if support else None),
            **settings,
        )
        edition = editions.create_edition(None, data)
        editions.set_phases(None, edition, phase_dates(phase, self.now, support, edition.support_leads_to))
        editions.add_envelope(
            None, edition, editions.EnvelopeInput("Toute la ville", Decimal("1000000")), now=self.now - 900 * DAY
        )
        editions.add_envelope(
            None,
            edition,
            editions.EnvelopeInput(
                "3e arrondissement",
                Decimal("200000"),
                scope="district",
                district_id=self.quartier.district_id,
                ballot_kind="approval",
                max_choices=3,
                position=1,
            ),
            now=self.now - 900 * DAY,
        )
        db.session.commit()
        return edition

    def proposal(self, edition: Edition, author: Any = None, status: str = "submitted", **fields: Any) -> Proposal:
        author = author or self.resident()
        envelope = fields.pop("envelope", edition.envelopes[0])
        data = proposals.ProposalInput(
            title=fields.pop("title", "Un jardin partagé rue Loubon"),
            description=fields.pop("description", "Des bacs, un composteur et un point d'eau pour le quartier."),
            estimated_cost=fields.pop("estimated_cost", Decimal("45000")),
            theme=fields.pop("theme", "nature"),
            envelope_id=envelope.id,
            quartier_id=fields.pop("quartier_id", self.quartier.id),
            address=fields.pop("address", "12 rue Loubon"),
        )
        opened = edition.phase("submission")
        assert opened is not None
        during = opened.starts_at + DAY
        proposal = proposals.create_draft(author, edition, data, now=during)
        if status != "draft":
            proposals.submit(author, proposal, now=during)
        proposal.status = status
        for name, value in fields.items():
            setattr(proposal, name, value)
        db.session.commit()
        return proposal


@pytest.fixture
def world(app: Flask, make_user: Callable[..., Any], request_context: None) -> World:
    quartier = QuartierFactory(name="La Belle de Mai", slug="la-belle-de-mai")
    other = QuartierFactory(name="Endoume", slug="endoume")
    db.session.commit()
    return World(make_user, quartier, other, utcnow().replace(microsecond=0))


def sign_in(client: FlaskClient, user: Any) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True


def text(response: Any) -> str:
    return html.unescape(response.get_data(as_text=True))
