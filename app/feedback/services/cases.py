"""Staff work on a case (a primary item and the duplicates linked to it): the service queue and its
filters, criticality, assignment, status, and linking duplicates so that ten reports of one pothole
are one case with ten voices. What staff decide on the primary applies to every linked item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.accounts.services.roles import holders
from app.core import audit
from app.core.db import utcnow
from app.core.errors import DomainError
from app.extensions import db
from app.feedback.models import CLOSED_STATUSES, CRITICALITIES, STATUSES, Item, Service
from app.feedback.services import alerts, items

# Which status may follow which: forward, and a closed case may be reopened.
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    "received": ("acknowledged", "in_progress", "resolved", "rejected"),
    "acknowledged": ("in_progress", "resolved", "rejected"),
    "in_progress": ("resolved", "rejected"),
    "resolved": ("in_progress",),
    "rejected": ("in_progress",),
}


@dataclass(frozen=True)
class QueueFilter:
    service_ids: tuple[int, ...]
    status: str | None = None  # one status, "open" (default) or "all"
    criticality: str | None = None
    quartier_id: int | None = None
    assignee_id: int | None = None
    late_only: bool = False


def queue(criteria: QueueFilter, now: datetime | None = None) -> sa.Select[tuple[Item]]:
    """Primary items of the given services, the most critical and oldest first."""
    now = now or utcnow()
    query = (
        sa.select(Item)
        .where(Item.primary_id.is_(None), Item.service_id.in_(criteria.service_ids))
        .options(
            selectinload(Item.duplicates),
            selectinload(Item.service),
            selectinload(Item.quartier),
            selectinload(Item.assignee),
        )
    )
    status = criteria.status or "open"
    if status == "open":
        query = query.where(Item.status.not_in(CLOSED_STATUSES))
    elif status in STATUSES:
        query = query.where(Item.status == status)
    if criteria.criticality in CRITICALITIES:
        query = query.where(Item.criticality == criteria.criticality)
    if criteria.quartier_id is not None:
        query = query.where(Item.quartier_id == criteria.quartier_id)
    if criteria.assignee_id is not None:
        query = query.where(Item.assignee_id == criteria.assignee_id)
    if criteria.late_only:
        query = query.where(alerts.late_condition(now, criteria.service_ids))
    rank = sa.case({level: index for index, level in enumerate(reversed(CRITICALITIES))}, value=Item.criticality)
    return query.order_by(rank, Item.created_at, Item.id)


def members(item: Item) -> list[Item]:
    """Every item of `item`'s case, the primary first."""
    case = item.case
    return [case, *case.duplicates]


def _touch(case: Item, now: datetime, **values: object) -> None:
    for member in members(case):
        for name, value in values.items():
            setattr(member, name, value)
        member.updated_at = now


def set_criticality(actor: User, item: Item, level: str, now: datetime | None = None) -> None:
    if level not in CRITICALITIES:
        raise DomainError([("criticality", _("Choisissez une criticité de la liste."))])
    case = item.case
    previous = case.criticality
    _touch(case, now or utcnow(), criticality=level)
    db.session.flush()
    audit.record(
        "feedback.criticality_set",
        actor_id=actor.id,
        subject_type="feedback_item",
        subject_id=case.id,
        data={"from": previous, "to": level, "suggested": case.suggested_criticality},
    )


def assign(actor: User, item: Item, assignee: User | None, now: datetime | None = None) -> None:
    """Give the case to a member of its service's staff (None: nobody)."""
    case = item.case
    if assignee is not None and not (assignee.is_admin or assignee.has_role("staff", case.service.slug)):
        raise DomainError([("assignee_id", _("Cette personne ne travaille pas pour ce service."))])
    _touch(case, now or utcnow(), assignee_id=assignee.id if assignee else None)
    db.session.flush()


def change_status(actor: User, item: Item, status: str, reason: str = "", now: datetime | None = None) -> None:
    """Move the case on. A rejection says why (the reporters read it); acknowledging, resolving or
    rejecting dates the case, which the delays and figures read."""
    now = now or utcnow()
    case = item.case
    if status not in NEXT_STATUSES.get(case.status, ()):
        raise DomainError([("status", _("Ce signalement ne peut pas passer à cet état maintenant."))])
    reason = reason.strip()
    if status == "rejected" and not reason:
        raise DomainError([("reason", _("Dites aux personnes qui l'ont signalé pourquoi il est rejeté."))])
    values: dict[str, object] = {"status": status, "status_reason": reason if status == "rejected" else ""}
    if status in CLOSED_STATUSES:
        values["closed_at"] = now
    else:
        values["closed_at"] = None
    for member in members(case):
        if member.acknowledged_at is None and status != "received":
            member.acknowledged_at = now
    _touch(case, now, **values)
    db.session.flush()
    audit.record(
        "feedback.status_changed",
        actor_id=actor.id,
        subject_type="feedback_item",
        subject_id=case.id,
        data={"to": status, "reason": reason, "voices": case.voices},
    )


def link_duplicate(actor: User, item: Item, primary: Item, now: datetime | None = None) -> None:
    """Make `item` (and any duplicates it gathered) part of `primary`'s case; they take its status,
    criticality and assignee, and its answers reach them too."""
    primary = primary.case
    if item.case.id == primary.id:
        raise DomainError([("primary_id", _("Ces signalements font déjà partie du même dossier."))])
    if item.service_id != primary.service_id:
        raise DomainError([("primary_id", _("Un doublon concerne le même service que le dossier principal."))])
    moved = members(item)
    for member in moved:
        member.primary_id = primary.id
        member.primary = primary
    _touch(
        primary,
        now or utcnow(),
        status=primary.status,
        status_reason=primary.status_reason,
        criticality=max((m.criticality for m in members(primary)), key=CRITICALITIES.index),
        assignee_id=primary.assignee_id,
        closed_at=primary.closed_at,
    )
    db.session.flush()
    audit.record(
        "feedback.duplicate_linked",
        actor_id=actor.id,
        subject_type="feedback_item",
        subject_id=primary.id,
        data={"linked": [member.id for member in moved]},
    )


def unlink_duplicate(actor: User, item: Item, now: datetime | None = None) -> None:
    """Take a linked item out of its case: a case of its own again, with the state it had then."""
    if item.primary_id is None:
        raise DomainError(_("Ce signalement n'est lié à aucun dossier."))
    primary_id = item.primary_id
    item.primary.duplicates.remove(item)  # type: ignore[union-attr]
    item.primary_id = None
    item.updated_at = now or utcnow()
    db.session.flush()
    audit.record(
        "feedback.duplicate_unlinked",
        actor_id=actor.id,
        subject_type="feedback_item",
        subject_id=item.id,
        data={"from": primary_id},
    )


def similar(item: Item, now: datetime | None = None, limit: int = 5) -> list[Item]:
    """Other open cases of the same service that may be the same problem, for staff to link: at
    the same address (or, without one, in the same quartier), reported in the two weeks around it."""
    case = item.case
    window = items.REPEAT_WINDOW
    query = sa.select(Item).where(
        Item.service_id == case.service_id,
        Item.primary_id.is_(None),
        Item.id != case.id,
        Item.status.not_in(CLOSED_STATUSES),
        Item.created_at.between(case.created_at - window, case.created_at + window),
    )
    if case.address:
        query = query.where(sa.func.lower(Item.address) == case.address.lower())
    elif case.quartier_id is not None:
        query = query.where(Item.quartier_id == case.quartier_id)
    else:
        return []
    return list(db.session.scalars(query.order_by(Item.created_at, Item.id).limit(limit)))


def staff_of(service: Service) -> list[User]:
    """Who a case of `service` may be assigned to: its staff (city-wide staff included)."""
    return holders("staff", service.slug)
