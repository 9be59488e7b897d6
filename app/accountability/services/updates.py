"""The dated feed of a project: news items in Markdown written by its trackers, each with an
optional photo (and the milestone it shows). Followers are mailed after the view commits
(`app.accountability.mails`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.accountability.models import FollowUp, Milestone, Update
from app.accountability.services import photos
from app.accountability.services.followups import SUBJECT
from app.accounts.models import User
from app.core import audit
from app.core.db import utcnow
from app.core.errors import DomainError, NotFound
from app.extensions import db

MAX_BODY = 20_000


@dataclass
class UpdateInput:
    title: str
    body: str
    photo: BinaryIO | None = None
    photo_alt: str = ""
    milestone_id: int | None = None


def get_update(update_id: int) -> Update:
    item = db.session.get(Update, update_id)
    if item is None:
        raise NotFound(_("Cette actualité n'existe pas."))
    return item


def _milestone(follow_up: FollowUp, milestone_id: int | None) -> Milestone | None:
    if milestone_id is None:
        return None
    found = next((m for m in follow_up.milestones if m.id == milestone_id), None)
    if found is None:
        raise DomainError([("milestone_id", _("Choisissez une étape de ce projet."))])
    return found


def post_update(actor: User, follow_up: FollowUp, data: UpdateInput, now: datetime | None = None) -> Update:
    problems: list[tuple[str | None, str]] = []
    if not data.title.strip():
        problems.append(("title", _("Donnez un titre à l'actualité.")))
    if not data.body.strip():
        problems.append(("body", _("Écrivez le texte de l'actualité.")))
    elif len(data.body) > MAX_BODY:
        problems.append(("body", _("20 000 caractères au plus.")))
    if problems:
        raise DomainError(problems)
    milestone = _milestone(follow_up, data.milestone_id)
    item = Update(title=data.title.strip()[:200], body=data.body.strip(), author_id=actor.id, at=now or utcnow())
    follow_up.updates.append(item)
    db.session.flush()
    if data.photo is not None:
        photos.add_photo(actor, follow_up, data.photo, data.photo_alt, milestone=milestone, update=item)
    audit.record(
        "accountability.update_posted",
        actor_id=actor.id,
        subject_type=SUBJECT,
        subject_id=follow_up.id,
        data={"update": item.id, "title": item.title},
    )
    return item


def recent(limit: int = 50, follow_up: FollowUp | None = None) -> list[Update]:
    """The latest updates, newest first: of one project, or of every project (for the feeds)."""
    query = (
        sa.select(Update)
        .options(selectinload(Update.follow_up), selectinload(Update.photos))
        .order_by(Update.at.desc(), Update.id.desc())
        .limit(limit)
    )
    if follow_up is not None:
        query = query.where(Update.follow_up_id == follow_up.id)
    return list(db.session.scalars(query))
