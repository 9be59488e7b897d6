"""Feedback per city service over a period: items received (every voice, duplicates included),
cases, time to acknowledge and to resolve, cases late now, satisfaction surveys. Built on the
feedback area's own figures (`app.feedback.services.figures`) so both pages always agree; only the
count of late cases is added here, from feedback's own definition of late."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from app.dashboards.services.scope import Scope
from app.extensions import db
from app.feedback.models import Item
from app.feedback.services import alerts
from app.feedback.services import figures as feedback_figures


@dataclass(frozen=True)
class ServiceLine:
    service_id: int
    name: str
    items: int
    cases: int
    acknowledged: int
    resolved: int
    median_hours_to_acknowledge: float | None
    median_hours_to_resolve: float | None
    late_now: int
    responses: int
    satisfaction: float | None  # average score, 1 to 5


@dataclass(frozen=True)
class ServiceQuality:
    services: list[ServiceLine]
    channels: list[feedback_figures.Row]
    items: int


def service_quality(scope: Scope, now: datetime) -> ServiceQuality:
    volume = {row.key: row.count for row in feedback_figures.volume("service", scope.start, scope.end)}
    satisfaction = {line.service_id: line for line in feedback_figures.satisfaction(scope.start, scope.end)}
    late = dict(
        db.session.execute(
            sa.select(Item.service_id, sa.func.count()).where(alerts.late_condition(now)).group_by(Item.service_id)
        ).all()
    )
    lines = []
    for delay in feedback_figures.delays(scope.start, scope.end):
        answered = satisfaction.get(delay.service_id)
        lines.append(
            ServiceLine(
                service_id=delay.service_id,
                name=delay.service,
                items=volume.get(delay.service_id, 0),
                cases=delay.cases,
                acknowledged=delay.acknowledged,
                resolved=delay.resolved,
                median_hours_to_acknowledge=delay.median_hours_to_acknowledge,
                median_hours_to_resolve=delay.median_hours_to_resolve,
                late_now=late.get(delay.service_id, 0),
                responses=answered.responses if answered else 0,
                satisfaction=answered.average if answered else None,
            )
        )
    channels = feedback_figures.volume("channel", scope.start, scope.end)
    return ServiceQuality(lines, channels, sum(volume.values()))


def late_cases(now: datetime) -> list[tuple[Item, list[str]]]:
    """The cases late now, one by one, for staff (never on a public page)."""
    return alerts.late_cases(now)
