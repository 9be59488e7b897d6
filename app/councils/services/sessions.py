"""Sessions: planning (date, place, seats), moving or cancelling them, and registrations with a
waiting list. What happens during the session is in `live.py`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from app.accounts.models import User
from app.core import audit
from app.core.db import utcnow
from app.core.errors import DomainError, NotFound
from app.councils.models import SESSION_MODES, Body, Registration, Session
from app.extensions import db

MAX_LENGTH = timedelta(hours=12)


def get_session(session_id: int) -> Session:
    session = db.session.get(Session, session_id)
    if session is None:
        raise NotFound(_("Cette séance n'existe pas."))
    return session


@dataclass
class SessionInput:
    title: str
    starts_at: datetime
    ends_at: datetime
    mode: str = "in_person"
    place: str = ""
    online_url: str = ""
    seat_limit: int | None = None
    description: str = ""


def _check(data: SessionInput) -> None:
    problems: list[tuple[str | None, str]] = []
    if not data.title.strip():
        problems.append(("title", _("Donnez un titre à la séance.")))
    if data.ends_at <= data.starts_at:
        problems.append(("ends_at", _("La fin doit venir après le début.")))
    elif data.ends_at - data.starts_at > MAX_LENGTH:
        problems.append(("ends_at", _("Une séance dure 12 heures au plus.")))
    if data.mode not in SESSION_MODES:
        problems.append(("mode", _("Choisissez où se tient la séance.")))
    if data.mode in ("in_person", "hybrid") and not data.place.strip():
        problems.append(("place", _("Indiquez l'adresse de la salle.")))
    if data.mode in ("online", "hybrid"):
        url = data.online_url.strip()
        if not url:
            problems.append(("online_url", _("Indiquez le lien de la réunion en ligne.")))
        elif not url.startswith(("https://", "http://")) or " " in url:
            problems.append(
                ("online_url", _("Le lien doit commencer par https:// (exemple : https://visio.exemple.fr/salle)."))
            )
    if data.seat_limit is not None and data.seat_limit < 1:
        problems.append(
            ("seat_limit", _("Le nombre de places est d'au moins 1 ; laissez vide s'il n'y a pas de limite."))
        )
    if problems:
        raise DomainError(problems)


def _apply(session: Session, data: SessionInput) -> None:
    session.title = data.title.strip()
    session.description = data.description.strip()
    session.starts_at = data.starts_at
    session.ends_at = data.ends_at
    session.mode = data.mode
    session.place = data.place.strip() if data.mode != "online" else ""
    session.online_url = data.online_url.strip() if data.mode != "in_person" else ""
    session.seat_limit = data.seat_limit


def create_session(actor: User, body: Body, data: SessionInput) -> Session:
    _check(data)
    if data.starts_at < utcnow() - timedelta(days=1):
        raise DomainError([("starts_at", _("Cette date est passée : choisissez une date à venir."))])
    session = Session(body=body, created_by_id=actor.id)
    _apply(session, data)
    db.session.add(session)
    db.session.flush()
    audit.record("councils.session_created", actor_id=actor.id, subject_type="council_session", subject_id=session.id)
    return session


def update_session(actor: User, session: Session, data: SessionInput) -> bool:
    """Change a planned session. Returns True when it moved (date, time or place changed): the
    members are then told."""
    if session.status in ("closed", "cancelled"):
        raise DomainError(_("Cette séance est terminée ou annulée : elle ne peut plus être modifiée."))
    _check(data)
    before = (session.starts_at, session.ends_at, session.mode, session.place, session.online_url)
    _apply(session, data)
    moved = before != (session.starts_at, session.ends_at, session.mode, session.place, session.online_url)
    session.live_version += 1
    if moved:
        session.sequence += 1
        audit.record(
            "councils.session_moved",
            actor_id=actor.id,
            subject_type="council_session",
            subject_id=session.id,
            data={"from": before[0].isoformat(), "to": session.starts_at.isoformat()},
        )
    promote_waiting(session)
    db.session.flush()
    return moved


def cancel_session(actor: User, session: Session, reason: str) -> Session:
    if session.status != "planned":
        raise DomainError(_("Seule une séance à venir peut être annulée."))
    if not reason.strip():
        raise DomainError([("reason", _("Indiquez la raison de l'annulation : elle sera envoyée aux membres."))])
    session.status = "cancelled"
    session.cancelled_reason = reason.strip()
    session.sequence += 1
    session.live_version += 1
    audit.record("councils.session_cancelled", actor_id=actor.id, subject_type="council_session", subject_id=session.id)
    db.session.flush()
    return session


def upcoming(body: Body, now: datetime, limit: int | None = None) -> list[Session]:
    query = (
        sa.select(Session)
        .where(Session.body_id == body.id, Session.ends_at >= now, Session.status.in_(("planned", "live", "cancelled")))
        .order_by(Session.starts_at)
    )
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def past(body: Body, now: datetime) -> list[Session]:
    query = (
        sa.select(Session)
        .where(
            Session.body_id == body.id,
            sa.or_(Session.status == "closed", sa.and_(Session.ends_at < now, Session.status != "live")),
        )
        .order_by(Session.starts_at.desc())
    )
    return list(db.session.scalars(query))


def happening(now: datetime, until: datetime) -> list[Session]:
    """Sessions live now, or planned between now and `until` (for the home page)."""
    query = (
        sa.select(Session)
        .where(
            sa.or_(
                Session.status == "live",
                sa.and_(Session.status == "planned", Session.ends_at >= now, Session.starts_at <= until),
            )
        )
        .order_by(Session.starts_at)
        .limit(20)
    )
    return list(db.session.scalars(query))


# Registrations ----------------------------------------------------------------------------------


def registration_of(user: User | None, session: Session) -> Registration | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        sa.select(Registration).where(Registration.session_id == session.id, Registration.user_id == user.id)
    )


def seats_taken(session: Session) -> int:
    query = sa.select(sa.func.count()).where(Registration.session_id == session.id, Registration.status == "registered")
    return db.session.scalar(query) or 0


def registrations(session: Session) -> list[Registration]:
    """People registered or waiting, first come first."""
    query = (
        sa.select(Registration)
        .where(Registration.session_id == session.id, Registration.status.in_(("registered", "waiting")))
        .order_by(Registration.created_at, Registration.id)
    )
    return list(db.session.scalars(query))


def waiting_list(session: Session) -> list[Registration]:
    query = (
        sa.select(Registration)
        .where(Registration.session_id == session.id, Registration.status == "waiting")
        .order_by(Registration.created_at, Registration.id)
    )
    return list(db.session.scalars(query))


def register(user: User, session: Session) -> Registration:
    """A seat if one is free, else a place on the waiting list."""
    if session.status not in ("planned", "live"):
        raise DomainError(_("Les inscriptions sont fermées pour cette séance."))
    registration = registration_of(user, session)
    if registration is not None and registration.status != "cancelled":
        raise DomainError(_("Vous êtes déjà inscrit·e."))
    full = session.seat_limit is not None and seats_taken(session) >= session.seat_limit
    if registration is None:
        registration = Registration(session_id=session.id, user_id=user.id)
        db.session.add(registration)
    registration.status = "waiting" if full else "registered"
    registration.created_at = utcnow()
    db.session.flush()
    return registration


def unregister(user: User, session: Session) -> list[Registration]:
    """Give the seat back; returns the registrations promoted from the waiting list."""
    registration = registration_of(user, session)
    if registration is None or registration.status == "cancelled":
        raise DomainError(_("Vous n'êtes pas inscrit·e à cette séance."))
    registration.status = "cancelled"
    db.session.flush()
    return promote_waiting(session)


def promote_waiting(session: Session) -> list[Registration]:
    """Fill free seats from the waiting list, first come first served."""
    promoted = []
    free = None if session.seat_limit is None else session.seat_limit - seats_taken(session)
    for registration in waiting_list(session):
        if free is not None and free <= 0:
            break
        registration.status = "registered"
        promoted.append(registration)
        if free is not None:
            free -= 1
    db.session.flush()
    return promoted
