"""How assemblies answer the signals of the other areas (see app/core/signals.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _

from app.assemblies.models import Participant
from app.assemblies.services import sessions
from app.core.signals import OpenItem, collect_user_data, open_now, user_erased
from app.extensions import db


def sessions_open(_sender: Any, now: datetime, user: Any = None, **_kwargs: Any) -> list[OpenItem]:
    return [
        OpenItem(
            kind="assembly",
            title=_("%(assembly)s — %(session)s", assembly=item.assembly.title, session=item.title),
            url=url_for("assemblies.join", code=item.join_code),
            until=item.ends_at,
            place=_("code %(code)s", code=item.join_code),
        )
        for item in sessions.sessions_open_now(now)
    ]


def user_data(_sender: Any, user: Any, **_kwargs: Any) -> tuple[str, list[dict[str, Any]]]:
    rows = db.session.scalars(sa.select(Participant).where(Participant.user_id == user.id))
    return (
        "assemblies",
        [{"session": p.session.title, "pseudonym": p.pseudonym, "joined_at": p.joined_at.isoformat()} for p in rows],
    )


def erase_user(_sender: Any, user: Any, **_kwargs: Any) -> None:
    """Contributions stay, under an anonymous name and no longer tied to the account."""
    db.session.execute(
        sa.update(Participant)
        .where(Participant.user_id == user.id)
        .values(user_id=None, pseudonym=_("Participant·e anonyme"))
    )


def connect() -> None:
    open_now.connect(sessions_open)
    collect_user_data.connect(user_data)
    user_erased.connect(erase_user)
