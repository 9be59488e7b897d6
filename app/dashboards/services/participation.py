"""Participation per quartier and per arrondissement over a period: accounts opened, attendance at
council and CIQ sessions, budget proposals, budget voters, assembly participants and feedback
items, per 1,000 inhabitants where the population is known (arrondissements and quartiers each carry
their own figure from the city's file).

One grouped query per source (GROUP BY quartier), never a loop over rows. A person is placed by the
quartier of residence on their account (attendance, assemblies) or by the place the contribution
is about (a proposal, a feedback item). Budget voters are counted exactly as the budget's results
page counts them (`app.budgets.services.participation.participants`), once per edition whose vote
took place in the period."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import sqlalchemy as sa

from app.accounts.models import User
from app.assemblies.models import Participant
from app.budgets.models import PUBLIC_STATUSES, Envelope, Proposal
from app.budgets.services.participation import participants
from app.councils.models import Attendance, Body, Session
from app.dashboards.services.scope import Scope
from app.extensions import db
from app.feedback.models import Item
from app.feedback.services import figures as feedback_figures
from app.geo.models import District, Quartier
from app.votes.models import RollEntry

SOURCES = (
    "accounts",
    "council_attendance",
    "ciq_attendance",
    "proposals",
    "budget_voters",
    "assembly_participants",
    "feedback",
)


def rate(count: int, population: int | None) -> Decimal | None:
    """Per 1,000 inhabitants to one decimal, rounded half up; None where the population is unknown."""
    if not population:
        return None
    exact = Fraction(1000 * count, population)
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class PlaceLine:
    id: int
    name: str
    district_number: int
    population: int | None  # inhabitants, where known
    counts: dict[str, int]
    slug: str = ""  # a quartier's, to draw it on the map

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def per_thousand(self) -> Decimal | None:
        return rate(self.total, self.population)


@dataclass
class Participation:
    quartiers: list[PlaceLine] = field(default_factory=list)
    districts: list[PlaceLine] = field(default_factory=list)
    unplaced: dict[str, int] = field(default_factory=dict)  # counted but with no known quartier
    totals: dict[str, int] = field(default_factory=dict)  # every place and none
    channels: dict[str, int] = field(default_factory=dict)  # budget ballots by channel (the roll)
    editions: int = 0  # budget editions whose vote took place in the period


def _per_quartier(query: sa.Select[Any]) -> Counter[int | None]:
    return Counter({quartier_id: count for quartier_id, count in db.session.execute(query)})


def _accounts(scope: Scope) -> Counter[int | None]:
    return _per_quartier(
        sa.select(User.quartier_id, sa.func.count())
        .where(User.erased_at.is_(None), scope.moment(User.created_at))
        .group_by(User.quartier_id)
    )


def _attendance(scope: Scope, kind: str) -> Counter[int | None]:
    return _per_quartier(
        sa.select(User.quartier_id, sa.func.count())
        .select_from(Attendance)
        .join(Session, Attendance.session_id == Session.id)
        .join(Body, Session.body_id == Body.id)
        .join(User, Attendance.user_id == User.id)
        .where(Attendance.status == "present", Body.kind == kind, scope.moment(Session.starts_at))
        .group_by(User.quartier_id)
    )


def _proposals(scope: Scope) -> Counter[int | None]:
    return _per_quartier(
        sa.select(Proposal.quartier_id, sa.func.count())
        .where(Proposal.status.in_(PUBLIC_STATUSES), scope.moment(Proposal.created_at))
        .group_by(Proposal.quartier_id)
    )


def _assemblies(scope: Scope) -> Counter[int | None]:
    # A participant who joined under a pseudonym without an account has no known quartier.
    return _per_quartier(
        sa.select(User.quartier_id, sa.func.count())
        .select_from(Participant)
        .outerjoin(User, Participant.user_id == User.id)
        .where(scope.moment(Participant.joined_at))
        .group_by(User.quartier_id)
    )


def _feedback(scope: Scope) -> Counter[int | None]:
    rows = feedback_figures.volume("quartier", scope.start, scope.end)
    counts: Counter[int | None] = Counter({row.key: row.count for row in rows})
    unplaced = db.session.scalar(
        sa.select(sa.func.count()).select_from(Item).where(Item.quartier_id.is_(None), scope.moment(Item.created_at))
    )
    counts[None] = unplaced or 0
    return counts


def budget_vote_ids(scope: Scope) -> list[int]:
    """The votes of budget envelopes that received a ballot in the period."""
    return list(
        db.session.scalars(
            sa.select(RollEntry.vote_id)
            .join(Envelope, Envelope.vote_id == RollEntry.vote_id)
            .where(scope.day(RollEntry.day))
            .distinct()
        )
    )


def _voters(scope: Scope, figures: Participation) -> Counter[int | None]:
    vote_ids = budget_vote_ids(scope)
    counts: Counter[int | None] = Counter()
    if not vote_ids:
        return counts
    editions = {
        envelope.edition for envelope in db.session.scalars(sa.select(Envelope).where(Envelope.vote_id.in_(vote_ids)))
    }
    figures.editions = len(editions)
    for edition in sorted(editions, key=lambda edition: edition.id):
        counts.update(person.quartier_id for person in participants(edition))
    figures.channels = dict(
        db.session.execute(
            sa.select(RollEntry.channel, sa.func.count())
            .where(RollEntry.vote_id.in_(vote_ids), scope.day(RollEntry.day))
            .group_by(RollEntry.channel)
            .order_by(RollEntry.channel)
        ).all()
    )
    return counts


def participation(scope: Scope) -> Participation:
    figures = Participation()
    sources: dict[str, Counter[int | None]] = {
        "accounts": _accounts(scope),
        "council_attendance": _attendance(scope, "council"),
        "ciq_attendance": _attendance(scope, "ciq"),
        "proposals": _proposals(scope),
        "budget_voters": _voters(scope, figures),
        "assembly_participants": _assemblies(scope),
        "feedback": _feedback(scope),
    }
    quartiers = db.session.execute(
        sa.select(
            Quartier.id,
            Quartier.name,
            Quartier.slug,
            Quartier.population,
            District.id,
            District.number,
            District.name,
            District.population,
        )
        .join(District, Quartier.district_id == District.id)
        .order_by(District.number, Quartier.name)
    ).all()
    district_counts: dict[int, Counter[str]] = {}
    district_info: dict[int, tuple[int, str, int | None]] = {}
    known = {row[0] for row in quartiers}
    for quartier_id, name, slug, inhabitants, district_id, number, district_name, population in quartiers:
        if scope.district_id is not None and district_id != scope.district_id:
            continue
        counts = {source: by_place[quartier_id] for source, by_place in sources.items()}
        # A quartier without a population in the city's file gets no rate (and is not compared).
        figures.quartiers.append(PlaceLine(quartier_id, name, number, inhabitants, counts, slug))
        district_counts.setdefault(district_id, Counter()).update(counts)
        district_info[district_id] = (number, district_name, population)
    for district_id, counts in district_counts.items():
        number, name, population = district_info[district_id]
        figures.districts.append(PlaceLine(district_id, name, number, population, {s: counts[s] for s in SOURCES}))
    figures.districts.sort(key=lambda line: line.district_number)
    figures.unplaced = {
        source: sum(count for key, count in by_place.items() if key is None or key not in known)
        for source, by_place in sources.items()
    }
    figures.totals = {
        source: sum(line.counts[source] for line in figures.districts)
        + (figures.unplaced[source] if scope.district_id is None else 0)
        for source in SOURCES
    }
    return figures
