"""Figures about feedback, for the dashboards (built on these) and the service pages: volume per
quartier, arrondissement, service, channel and month, time to acknowledge and to resolve, and
satisfaction per service. Every item counts as one voice, duplicates included; delays are those of
cases (primary items)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from statistics import median
from typing import Any

import sqlalchemy as sa

from app.core.db import seconds_between
from app.core.forms import city_zone
from app.extensions import db
from app.feedback.models import Item, Service, Survey, SurveyResponse
from app.geo.models import District, Quartier

DIMENSIONS = ("quartier", "district", "service", "channel", "status", "criticality")


@dataclass(frozen=True)
class Row:
    key: Any  # the id (quartier, district, service) or the code (channel, status, criticality)
    label: str
    count: int


def _window(query: sa.Select[Any], start: datetime | None, end: datetime | None) -> sa.Select[Any]:
    if start is not None:
        query = query.where(Item.created_at >= start)
    if end is not None:
        query = query.where(Item.created_at < end)
    return query


def volume(by: str, start: datetime | None = None, end: datetime | None = None) -> list[Row]:
    """How many items per `by` (one of DIMENSIONS), received in [start, end), largest first. Items
    without a quartier are left out of the per-quartier and per-arrondissement counts."""
    count = sa.func.count(Item.id)
    if by == "quartier":
        query = sa.select(Quartier.id, Quartier.name, count).join(Item.quartier).group_by(Quartier.id, Quartier.name)
    elif by == "district":
        query = (
            sa.select(District.id, District.name, count)
            .select_from(Item)
            .join(Quartier, Item.quartier_id == Quartier.id)
            .join(District, Quartier.district_id == District.id)
            .group_by(District.id, District.name)
        )
    elif by == "service":
        query = sa.select(Service.id, Service.name, count).join(Item.service).group_by(Service.id, Service.name)
    elif by in DIMENSIONS:
        column = getattr(Item, by)
        query = sa.select(column, column, count).group_by(column)
    else:
        raise ValueError(f"unknown dimension {by!r}")
    rows = db.session.execute(_window(query, start, end)).all()
    return sorted((Row(key, str(label), total) for key, label, total in rows), key=lambda row: (-row.count, row.label))


def monthly(
    start: datetime | None = None, end: datetime | None = None, service_id: int | None = None
) -> dict[str, int]:
    """Items received per month of the city's calendar ("2026-03"), oldest first, months without
    any left out. Bucketed here rather than in SQL: the city's time zone decides the month, the
    same way on SQLite and PostgreSQL."""
    query = _window(sa.select(Item.created_at), start, end)
    if service_id is not None:
        query = query.where(Item.service_id == service_id)
    zone = city_zone()
    counts: dict[str, int] = defaultdict(int)
    for (moment,) in db.session.execute(query):
        counts[moment.astimezone(zone).strftime("%Y-%m")] += 1
    return dict(sorted(counts.items()))


@dataclass(frozen=True)
class Delays:
    """Per service: cases received, acknowledged and resolved, and the median and mean hours it took."""

    service_id: int
    service: str
    cases: int
    acknowledged: int
    resolved: int
    median_hours_to_acknowledge: float | None
    mean_hours_to_acknowledge: float | None
    median_hours_to_resolve: float | None
    mean_hours_to_resolve: float | None


def _stats(seconds: list[float]) -> tuple[float | None, float | None]:
    """Median and mean, in hours to a tenth."""
    if not seconds:
        return None, None
    return round(median(seconds) / 3600, 1), round(sum(seconds) / len(seconds) / 3600, 1)


def delays(start: datetime | None = None, end: datetime | None = None) -> list[Delays]:
    """Time to acknowledge and to resolve, per service, for cases received in [start, end). The
    database subtracts the moments, so a city's year of cases comes back as two numbers a row."""
    resolved = sa.and_(Item.status == "resolved", Item.closed_at.is_not(None))
    query = _window(
        sa.select(
            Item.service_id,
            seconds_between(Item.created_at, Item.acknowledged_at),
            sa.case((resolved, seconds_between(Item.created_at, Item.closed_at)), else_=None),
        ).where(Item.primary_id.is_(None)),
        start,
        end,
    )
    received: dict[int, int] = defaultdict(int)
    acknowledged: dict[int, list[float]] = defaultdict(list)
    closed: dict[int, list[float]] = defaultdict(list)
    for service_id, to_acknowledge, to_resolve in db.session.execute(query):
        received[service_id] += 1
        if to_acknowledge is not None:
            acknowledged[service_id].append(float(to_acknowledge))
        if to_resolve is not None:
            closed[service_id].append(float(to_resolve))
    return [
        Delays(
            service.id,
            service.name,
            received[service.id],
            len(acknowledged[service.id]),
            len(closed[service.id]),
            *_stats(acknowledged[service.id]),
            *_stats(closed[service.id]),
        )
        for service in db.session.scalars(sa.select(Service).order_by(Service.position, Service.name))
    ]


@dataclass(frozen=True)
class Satisfaction:
    service_id: int
    service: str
    responses: int
    average: float | None


def satisfaction(start: datetime | None = None, end: datetime | None = None) -> list[Satisfaction]:
    """Survey answers about each service's resolved cases: how many and the average score (1-5)."""
    joined = SurveyResponse.survey_id == Survey.id
    if start is not None:
        joined &= SurveyResponse.answered_at >= start
    if end is not None:
        joined &= SurveyResponse.answered_at < end
    query = (
        sa.select(Service.id, Service.name, sa.func.count(SurveyResponse.id), sa.func.avg(SurveyResponse.score))
        .select_from(Service)
        .outerjoin(Survey, Survey.service_id == Service.id)
        .outerjoin(SurveyResponse, joined)
        .group_by(Service.id, Service.name, Service.position)
        .order_by(Service.position, Service.name)
    )
    return [
        Satisfaction(service_id, name, responses, round(float(average), 2) if average is not None else None)
        for service_id, name, responses, average in db.session.execute(query)
    ]
