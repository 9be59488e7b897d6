"""Follow-up actions: what a decision calls for, with an owner, a due date and a status, carried
from session to session until done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from app.accounts.models import User
from app.core.db import utcnow
from app.core.errors import DomainError, NotFound
from app.councils.models import ACTION_STATUSES, Action, Body, Motion, Session
from app.extensions import db


def get_action(body: Body, action_id: int) -> Action:
    action = db.session.get(Action, action_id)
    if action is None or action.body_id != body.id:
        raise NotFound(_("Cette action n'existe pas."))
    return action


@dataclass
class ActionInput:
    title: str
    owner: str = ""
    due_on: date | None = None
    status: str = "open"
    note: str = ""


def _check(data: ActionInput) -> None:
    problems: list[tuple[str | None, str]] = []
    if not data.title.strip():
        problems.append(("title", _("Décrivez l'action en quelques mots.")))
    if not data.owner.strip():
        problems.append(("owner", _("Indiquez qui s'en charge (une personne, un service, le bureau…).")))
    if data.status not in ACTION_STATUSES:
        problems.append(("status", _("Choisissez un état dans la liste.")))
    if problems:
        raise DomainError(problems)


def create_action(
    actor: User, body: Body, data: ActionInput, *, session: Session | None = None, motion: Motion | None = None
) -> Action:
    _check(data)
    if motion is not None:
        if motion.session.body_id != body.id:
            raise DomainError(_("Cette décision n'appartient pas à l'instance."))
        session = motion.session
    action = Action(
        body_id=body.id,
        session=session,
        motion=motion,
        title=data.title.strip(),
        owner=data.owner.strip(),
        due_on=data.due_on,
        status=data.status,
        note=data.note.strip(),
    )
    if action.is_closed:
        action.closed_at = utcnow()
    db.session.add(action)
    db.session.flush()
    return action


def update_action(actor: User, action: Action, data: ActionInput) -> Action:
    _check(data)
    was_closed = action.is_closed
    action.title = data.title.strip()
    action.owner = data.owner.strip()
    action.due_on = data.due_on
    action.status = data.status
    action.note = data.note.strip()
    if action.is_closed and not was_closed:
        action.closed_at = utcnow()
    elif not action.is_closed:
        action.closed_at = None
    db.session.flush()
    return action


def open_actions(body: Body) -> list[Action]:
    """Actions not yet done, those due first (no due date last)."""
    query = (
        sa.select(Action)
        .where(Action.body_id == body.id, Action.status.in_(("open", "in_progress")))
        .order_by(Action.due_on.is_(None), Action.due_on, Action.id)
    )
    return list(db.session.scalars(query))


def closed_actions(body: Body, limit: int = 20) -> list[Action]:
    query = (
        sa.select(Action)
        .where(Action.body_id == body.id, Action.status.in_(("done", "dropped")))
        .order_by(Action.closed_at.desc(), Action.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def carried_into(session: Session) -> list[Action]:
    """Actions decided before this session that were still open when it began (or are open now,
    for a session to come): the follow-up to review at the start of the session."""
    when: datetime = session.starts_at
    query = (
        sa.select(Action)
        .where(
            Action.body_id == session.body_id,
            Action.created_at < when,
            sa.or_(Action.closed_at.is_(None), Action.closed_at >= when),
        )
        .order_by(Action.due_on.is_(None), Action.due_on, Action.id)
    )
    return list(db.session.scalars(query))


def decided_in(session: Session) -> list[Action]:
    query = sa.select(Action).where(Action.session_id == session.id).order_by(Action.id)
    return list(db.session.scalars(query))
