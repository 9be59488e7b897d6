"""Fixtures of the dashboards tests: a small city (three arrondissements, two with a known
population, one quartier each) and a builder that writes every kind of participation the
dashboards count straight into the other areas' tables, at chosen moments, so that each test can
count the same rows itself."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask

from app.accountability.models import FollowUp
from app.assemblies.models import Assembly, AssemblySession, Participant
from app.budgets.models import Edition, Envelope, Proposal
from app.councils.models import Attendance, Body, Session
from app.dashboards.services.scope import Scope
from app.extensions import db
from app.feedback.models import Item, Service
from app.votes.models import RollEntry, Vote
from tests.budgets.conftest import request_context, sign_in, text
from tests.factories import DistrictFactory, QuartierFactory

__all__ = ["request_context", "sign_in", "text"]

YEAR = Scope(date(2026, 1, 1), date(2026, 12, 1))
MARCH = datetime(2026, 3, 15, 10, 0, tzinfo=UTC)
MARCH_DAY = date(2026, 3, 15)
BEFORE = datetime(2025, 6, 15, 10, 0, tzinfo=UTC)  # outside YEAR


@dataclass
class City:
    make_user: Callable[..., Any]
    districts: list[Any]
    quartiers: list[Any]
    service: Service
    _serial: Any = field(default_factory=lambda: itertools.count(1))
    _bodies: dict[str, Body] = field(default_factory=dict)
    _votes: dict[int, Vote] = field(default_factory=dict)

    def n(self) -> int:
        return next(self._serial)

    def resident(self, quartier: Any = None, at: datetime = MARCH, **fields: Any) -> Any:
        user = self.make_user(quartier=quartier, **fields)
        user.created_at = at
        db.session.commit()
        return user

    def _body(self, kind: str) -> Body:
        if kind not in self._bodies:
            self._bodies[kind] = Body(slug=f"{kind}-{self.n()}", kind=kind, name=f"{kind} {self.n()}")
            db.session.add(self._bodies[kind])
        return self._bodies[kind]

    def attend(self, user: Any, kind: str = "ciq", at: datetime = MARCH, status: str = "present") -> None:
        session = Session(body=self._body(kind), title="Séance", starts_at=at, ends_at=at + timedelta(hours=2))
        session.status = "closed"
        db.session.add(session)
        db.session.flush()
        db.session.add(Attendance(session_id=session.id, user_id=user.id, status=status))
        db.session.commit()

    def _envelope(self, year: int) -> Envelope:
        vote = self._votes.get(year)
        if vote is None:
            vote = self._votes[year] = Vote(title=f"Vote {year}", kind="approval")
            edition = Edition(slug=f"bp-{year}", title=f"Budget {year}", year=year)
            db.session.add_all([vote, edition])
            db.session.flush()
            db.session.add(Envelope(edition=edition, name="Ville", amount=Decimal("100000"), vote_id=vote.id))
            db.session.flush()
        return db.session.query(Envelope).filter_by(vote_id=vote.id).one()

    def propose(self, quartier: Any, at: datetime = MARCH, status: str = "submitted", author: Any = None) -> None:
        envelope = self._envelope(at.year)
        proposal = Proposal(
            edition_id=envelope.edition_id,
            envelope_id=envelope.id,
            title=f"Projet {self.n()}",
            estimated_cost=Decimal("1000"),
            theme="nature",
            quartier_id=quartier.id if quartier else None,
            status=status,
            author_id=author.id if author else None,
        )
        proposal.created_at = at
        db.session.add(proposal)
        db.session.commit()

    def vote(self, user: Any, channel: str = "web", day: date = MARCH_DAY) -> None:
        envelope = self._envelope(day.year)
        db.session.add(RollEntry(vote_id=envelope.vote_id, voter_key=f"user:{user.id}", channel=channel, day=day))
        db.session.commit()

    def join_assembly(self, user: Any | None, at: datetime = MARCH) -> None:
        assembly = Assembly(title="Assemblée")
        session = AssemblySession(
            assembly=assembly, title="Atelier", starts_at=at, ends_at=at + timedelta(hours=3), join_code=f"C{self.n()}"
        )
        db.session.add_all([assembly, session])
        db.session.flush()
        number = self.n()
        db.session.add(
            Participant(
                session_id=session.id,
                user_id=user.id if user else None,
                pseudonym=f"P{number}",
                token=f"t{number}",
                joined_at=at,
            )
        )
        db.session.commit()

    def report(
        self, quartier: Any, at: datetime = MARCH, channel: str = "web", author: Any = None, **fields: Any
    ) -> Item:
        item = Item(
            service_id=self.service.id,
            text=fields.pop("text", "Lampadaire éteint"),
            channel=channel,
            quartier_id=quartier.id if quartier else None,
            author_id=author.id if author else None,
            **fields,
        )
        item.created_at = at
        db.session.add(item)
        db.session.commit()
        return item

    def follow_up(
        self, district: Any | None, status: str = "works", voted: str = "0", spent: str = "0", **fields: Any
    ) -> None:
        db.session.add(
            FollowUp(
                title=f"Suivi {self.n()}",
                district_id=district.id if district else None,
                status=status,
                budget_voted=Decimal(voted),
                budget_spent=Decimal(spent),
                **fields,
            )
        )
        db.session.commit()


@pytest.fixture
def city(app: Flask, make_user: Callable[..., Any], request_context: None) -> City:
    districts = [
        DistrictFactory(number=1, name="1er arrondissement", population=10_000),
        DistrictFactory(number=2, name="2e arrondissement", population=20_000),
        DistrictFactory(number=3, name="3e arrondissement", population=None),
    ]
    quartiers = [QuartierFactory(district=district, name=f"Quartier {district.number}") for district in districts]
    service = Service(slug="voirie", name="Voirie")
    db.session.add(service)
    db.session.commit()
    return City(make_user, districts, quartiers, service)
