"""Budget projects followed up, delivered, and the money voted and spent, per arrondissement
(`app.accountability`): one grouped query over the top-level follow-ups (a sub-project's money is
already in its parent's). A cancelled project counts as a project but its money does not, as on
the follow-up pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa

from app.accountability.models import FollowUp
from app.dashboards.services.scope import Scope
from app.extensions import db
from app.geo.models import District

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class DeliveryLine:
    district_id: int | None  # None: projects for the whole city
    name: str
    projects: int
    delivered: int  # in the period
    voted: Decimal
    spent: Decimal


@dataclass
class Delivery:
    lines: list[DeliveryLine] = field(default_factory=list)
    projects: int = 0
    delivered: int = 0
    voted: Decimal = ZERO
    spent: Decimal = ZERO


def delivery(scope: Scope) -> Delivery:
    live = FollowUp.status != "cancelled"
    delivered_in_period = sa.and_(FollowUp.status == "delivered", scope.day(FollowUp.delivered_on))
    query = (
        sa.select(
            FollowUp.district_id,
            sa.func.count(),
            sa.func.count().filter(delivered_in_period),
            sa.func.coalesce(sa.func.sum(sa.case((live, FollowUp.budget_voted), else_=0)), 0),
            sa.func.coalesce(sa.func.sum(sa.case((live, FollowUp.budget_spent), else_=0)), 0),
        )
        .where(FollowUp.parent_id.is_(None))
        .group_by(FollowUp.district_id)
    )
    if scope.district_id is not None:
        query = query.where(FollowUp.district_id == scope.district_id)
    rows = {district_id: row for district_id, *row in db.session.execute(query)}
    names = dict(db.session.execute(sa.select(District.id, District.name).order_by(District.number)).all())
    figures = Delivery()
    for district_id in [*names, None]:
        if district_id not in rows:
            continue
        projects, delivered, voted, spent = rows[district_id]
        line = DeliveryLine(
            district_id,
            names.get(district_id, ""),
            projects,
            delivered,
            Decimal(voted).quantize(ZERO),
            Decimal(spent).quantize(ZERO),
        )
        figures.lines.append(line)
        figures.projects += projects
        figures.delivered += delivered
        figures.voted += line.voted
        figures.spent += line.spent
    return figures
