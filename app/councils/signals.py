"""What councils answer on the shared signals: sessions happening now or today for the home
page, a resident's memberships in their data export, and what an erased account leaves."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _

from app.core.db import utcnow
from app.core.signals import OpenItem, collect_user_data, open_now, user_erased
from app.councils.models import Membership, Registration, Speaker
from app.councils.services import sessions
from app.extensions import db


def _sessions_now(sender: Any, now: datetime, user: Any = None, **_kwargs: Any) -> list[OpenItem]:
    items = []
    for session in sessions.happening(now, now + timedelta(days=7)):
        title = f"{session.body.name} — {session.title}"
        if session.is_live:
            title = _("En direct : %(title)s", title=title)
        place = session.place or (_("En ligne") if session.mode == "online" else "")
        items.append(
            OpenItem(
                kind="session",
                title=title,
                url=url_for("councils.session", session_id=session.id),
                until=session.ends_at,
                place=place,
            )
        )
    return items


def _user_data(sender: Any, user: Any, **_kwargs: Any) -> tuple[str, Any]:
    memberships = db.session.scalars(sa.select(Membership).where(Membership.user_id == user.id))
    registrations = db.session.scalars(sa.select(Registration).where(Registration.user_id == user.id))
    return (
        "councils",
        {
            "memberships": [
                {
                    "body": m.body.name,
                    "status": m.status,
                    "position": m.position,
                    "show_name": m.show_name,
                    "requested_at": m.requested_at.isoformat(),
                    "joined_at": m.joined_at.isoformat() if m.joined_at else None,
                    "left_at": m.left_at.isoformat() if m.left_at else None,
                    "request_message": m.request_message,
                    "reply_message": m.reply_message,
                }
                for m in memberships
            ],
            "registrations": [
                {"session_id": r.session_id, "status": r.status, "at": r.created_at.isoformat()} for r in registrations
            ],
        },
    )


def _erased(sender: Any, user: Any, **_kwargs: Any) -> None:
    """Memberships end and registrations go; attendance rows stay, so the figures keep their
    totals (the account row itself stays, anonymised: they no longer name anyone)."""
    for membership in db.session.scalars(sa.select(Membership).where(Membership.user_id == user.id)):
        if membership.status == "active":
            membership.left_at = membership.left_at or utcnow()
        membership.status = "left"
        membership.show_name = False
        membership.request_message = ""
    db.session.execute(sa.delete(Registration).where(Registration.user_id == user.id))
    db.session.execute(
        sa.update(Speaker).where(Speaker.user_id == user.id, Speaker.status == "waiting").values(status="withdrawn")
    )


def connect() -> None:
    open_now.connect(_sessions_now)
    collect_user_data.connect(_user_data)
    user_erased.connect(_erased)
