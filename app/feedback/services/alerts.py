"""Late items: an urgent case not acknowledged within its service's delay, or any open case past
its service's target. The queue shows them; `flask feedback alerts` mails the service's manager
once per late case and kind (the `feedback_alert` rows remember what was sent)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core.db import utcnow
from app.core.mail import send_in_language
from app.core.urls import absolute_url
from app.extensions import db
from app.feedback import labels
from app.feedback.models import CLOSED_STATUSES, Alert, Item, Service


def lateness(item: Item, now: datetime) -> list[str]:
    """The kinds of lateness of a case now: "not_acknowledged", "past_target", or none."""
    case = item.case
    if case.status in CLOSED_STATUSES:
        return []
    kinds = []
    service = case.service
    if (
        case.criticality == "urgent"
        and case.acknowledged_at is None
        and now > case.created_at + timedelta(hours=service.urgent_ack_hours)
    ):
        kinds.append("not_acknowledged")
    if now > case.created_at + timedelta(days=service.target_days):
        kinds.append("past_target")
    return kinds


def _services(service_ids: Iterable[int] | None) -> list[Service]:
    query = sa.select(Service)
    if service_ids is not None:
        query = query.where(Service.id.in_(list(service_ids)))
    return list(db.session.scalars(query))


def late_condition(now: datetime, service_ids: Iterable[int] | None = None) -> sa.ColumnElement[bool]:
    """The SQL form of `lateness` for open primary items: each service's delays become cut-off
    moments, so the database filters without date arithmetic of its own."""
    clauses = []
    for service in _services(service_ids):
        urgent_cutoff = now - timedelta(hours=service.urgent_ack_hours)
        target_cutoff = now - timedelta(days=service.target_days)
        clauses.append(
            sa.and_(
                Item.service_id == service.id,
                sa.or_(
                    sa.and_(
                        Item.criticality == "urgent",
                        Item.acknowledged_at.is_(None),
                        Item.created_at < urgent_cutoff,
                    ),
                    Item.created_at < target_cutoff,
                ),
            )
        )
    if not clauses:
        return sa.false()
    return sa.and_(Item.primary_id.is_(None), Item.status.not_in(CLOSED_STATUSES), sa.or_(*clauses))


def late_cases(
    now: datetime, service_ids: Iterable[int] | None = None, limit: int | None = None
) -> list[tuple[Item, list[str]]]:
    """Late cases, the oldest first (at most `limit`), each with its kinds of lateness."""
    query = sa.select(Item).where(late_condition(now, service_ids)).order_by(Item.created_at, Item.id).limit(limit)
    return [(item, lateness(item, now)) for item in db.session.scalars(query)]


def late_count(now: datetime, service_ids: Iterable[int] | None = None) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Item).where(late_condition(now, service_ids))) or 0


@dataclass(frozen=True)
class Due:
    """An alert recorded in this transaction, to mail after the commit."""

    item_id: int
    kind: str
    manager_email: str


def record_due(now: datetime | None = None) -> list[Due]:
    """Record an alert for every late case and kind not alerted yet; flushes, does not mail."""
    now = now or utcnow()
    sent = {(item_id, kind) for item_id, kind in db.session.execute(sa.select(Alert.item_id, Alert.kind))}
    due = []
    for item, kinds in late_cases(now):
        for kind in kinds:
            if (item.id, kind) in sent:
                continue
            db.session.add(Alert(item_id=item.id, kind=kind, sent_at=now))
            due.append(Due(item.id, kind, item.service.manager_email))
    db.session.flush()
    return due


def deliver(due: Iterable[Due]) -> int:
    """Mail each recorded alert to its service's manager (a service without one gets none)."""
    sent = 0
    for alert in due:
        if not alert.manager_email:
            continue
        item = db.session.get(Item, alert.item_id)
        if item is None:
            continue
        # a mail that cannot leave keeps its alert row: the next run does not resend, the log says why
        sent += send_in_language(
            alert.manager_email,
            None,
            _l("Signalement n° %(number)s en retard (%(service)s)"),
            "feedback/mail/alert.txt",
            {"number": item.id, "service": item.service.name},
            item=item,
            kind=alert.kind,
            link=absolute_url("feedback.manage", item_id=item.id),
            **labels.for_templates(),
        )
    return sent
