"""The public overview: funded projects filtered by edition, arrondissement, quartier, theme and
status, with late ones flagged, the totals of the money, and what the map draws.

Sub-projects are shown on their parent's page, not here, and their money is not added to the totals:
the parent's amounts are the project's (a city service splits one credit among lots)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.accountability.models import STATUSES, FollowUp
from app.core.db import utcnow
from app.core.forms import to_local
from app.extensions import db
from app.geo.models import Quartier


@dataclass(frozen=True)
class Filters:
    edition_id: int | None = None
    district_id: int | None = None
    quartier_id: int | None = None
    theme: str = ""
    status: str = ""
    late: bool = False


@dataclass
class Totals:
    projects: int = 0
    voted: Decimal = Decimal("0.00")
    committed: Decimal = Decimal("0.00")
    spent: Decimal = Decimal("0.00")
    delivered: Decimal = Decimal("0.00")  # what was voted for the projects delivered
    delivered_count: int = 0
    late_count: int = 0
    by_status: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class Place:
    """A quartier and how many of the listed projects are in it (the map and its list)."""

    quartier: Quartier
    count: int


@dataclass
class Overview:
    items: list[FollowUp]
    late_ids: set[int]
    totals: Totals
    places: list[Place]
    citywide: int  # projects listed with no quartier (a whole arrondissement or the city)


def _query(filters: Filters) -> sa.Select[tuple[FollowUp]]:
    query = (
        sa.select(FollowUp)
        .where(FollowUp.parent_id.is_(None))
        .options(
            selectinload(FollowUp.milestones),
            selectinload(FollowUp.quartier).selectinload(Quartier.district),
            selectinload(FollowUp.district),
            selectinload(FollowUp.edition),
        )
        .order_by(FollowUp.status == "cancelled", FollowUp.title, FollowUp.id)
    )
    if filters.edition_id:
        query = query.where(FollowUp.edition_id == filters.edition_id)
    if filters.district_id:
        query = query.where(FollowUp.district_id == filters.district_id)
    if filters.quartier_id:
        query = query.where(FollowUp.quartier_id == filters.quartier_id)
    if filters.theme:
        query = query.where(FollowUp.theme == filters.theme)
    if filters.status in STATUSES:
        query = query.where(FollowUp.status == filters.status)
    return query


def totals_of(items: list[FollowUp], late_ids: set[int]) -> Totals:
    totals = Totals(projects=len(items), late_count=len(late_ids))
    for item in items:
        totals.by_status[item.status] += 1
        if item.status == "cancelled":
            continue  # money voted for an abandoned project is not spent on it
        totals.voted += item.budget_voted
        totals.committed += item.budget_committed
        totals.spent += item.budget_spent
        if item.status == "delivered":
            totals.delivered += item.budget_voted
            totals.delivered_count += 1
    return totals


def overview(filters: Filters, today: date) -> Overview:
    items = list(db.session.scalars(_query(filters)))
    late_ids = {item.id for item in items if item.is_late(today)}
    if filters.late:
        items = [item for item in items if item.id in late_ids]
    counts = Counter(item.quartier_id for item in items if item.quartier_id is not None)
    quartiers = {item.quartier_id: item.quartier for item in items if item.quartier is not None}
    places = sorted(
        (Place(quartiers[qid], count) for qid, count in counts.items()),
        key=lambda place: (place.quartier.district.number, place.quartier.name),
    )
    citywide = sum(1 for item in items if item.quartier_id is None)
    return Overview(items, late_ids, totals_of(items, late_ids), places, citywide)


def city_today() -> date:
    """The day it is in the city (a milestone is late from the day after its planned date)."""
    return to_local(utcnow()).date()


def map_level(count: int, most: int) -> int:
    """How dark a quartier is drawn (1-4), relative to the quartier with the most projects."""
    if count <= 0 or most <= 0:
        return 0
    return max(1, min(4, -(-4 * count // most)))
