"""A project's history, read from the audit log: every change a tracker or the system made to it,
newest first, with who made it. The audit log is append-only and chained, so this history cannot be
rewritten quietly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from app.accountability.models import FollowUp
from app.accountability.services.followups import SUBJECT
from app.accounts.models import User
from app.core.audit import AuditEntry
from app.extensions import db


@dataclass(frozen=True)
class Event:
    at: datetime
    action: str  # the audit action without its "accountability." prefix
    actor: User | None
    data: dict[str, Any]


def history(follow_up: FollowUp, limit: int = 200) -> list[Event]:
    query = (
        sa.select(AuditEntry)
        .where(AuditEntry.subject_type == SUBJECT, AuditEntry.subject_id == str(follow_up.id))
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    entries = list(db.session.scalars(query))
    actor_ids = {entry.actor_id for entry in entries if entry.actor_id is not None}
    actors = (
        {user.id: user for user in db.session.scalars(sa.select(User).where(User.id.in_(actor_ids)))}
        if actor_ids
        else {}
    )
    return [
        Event(entry.at, entry.action.removeprefix("accountability."), actors.get(entry.actor_id or 0), entry.payload())
        for entry in entries
    ]
