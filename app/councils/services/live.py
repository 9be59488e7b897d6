"""Running a session live: opening and closing it, attendance, the current agenda item, and the
speaker queue. Every change bumps `Session.live_version`, which the "now" page and the moderator's
console poll."""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa
from flask_babel import gettext as _

from app.accounts.models import User
from app.core import audit
from app.core.db import utcnow
from app.core.errors import DomainError, NotFound
from app.councils.models import ATTENDANCE_STATUSES, Attendance, Membership, Registration, Session, Speaker
from app.councils.services.memberships import active_members
from app.extensions import db

MAX_GUESTS = 10_000


def changed(session: Session) -> None:
    session.live_version += 1


def open_session(actor: User, session: Session) -> Session:
    if session.status != "planned":
        raise DomainError(_("Seule une séance à venir peut être ouverte."))
    session.status = "live"
    session.opened_at = utcnow()
    if session.items and session.current_position is None:
        _enter(session, session.items[0].position)
    changed(session)
    audit.record("councils.session_opened", actor_id=actor.id, subject_type="council_session", subject_id=session.id)
    db.session.flush()
    return session


def close_session(actor: User, session: Session) -> Session:
    if session.status != "live":
        raise DomainError(_("Cette séance n'est pas en cours."))
    now = utcnow()
    current = session.current_item
    if current is not None and current.ended_at is None:
        current.ended_at = now
    for speaker in queue(session):
        speaker.status = "done" if speaker.status == "speaking" else "withdrawn"
        speaker.ended_at = speaker.ended_at or now
    session.status = "closed"
    session.closed_at = now
    session.current_position = None
    changed(session)
    audit.record("councils.session_closed", actor_id=actor.id, subject_type="council_session", subject_id=session.id)
    db.session.flush()
    return session


def _require_live(session: Session) -> None:
    if session.status != "live":
        raise DomainError(_("La séance n'est pas en cours : ouvrez-la d'abord."))


# Attendance -------------------------------------------------------------------------------------


def attendance(session: Session) -> dict[int, str]:
    """user id -> status, for the members recorded so far."""
    rows = db.session.scalars(sa.select(Attendance).where(Attendance.session_id == session.id))
    return {row.user_id: row.status for row in rows}


def record_attendance(actor: User, session: Session, statuses: Mapping[int, str], guests: int | None) -> None:
    """Record members present, excused or absent, and how many non-members came."""
    if session.status not in ("live", "closed"):
        raise DomainError(_("La présence se note pendant ou après la séance."))
    if guests is None or not 0 <= guests <= MAX_GUESTS:
        raise DomainError([("guests", _("Le nombre de personnes non membres va de 0 à %(max)s.", max=MAX_GUESTS))])
    members = {membership.user_id for membership in active_members(session.body)}
    existing = {
        row.user_id: row for row in db.session.scalars(sa.select(Attendance).where(Attendance.session_id == session.id))
    }
    now = utcnow()
    for user_id, status in statuses.items():
        if status not in ATTENDANCE_STATUSES:
            raise DomainError(_("Choisissez présent, excusé ou absent pour chaque membre."))
        if user_id not in members and user_id not in existing:
            raise DomainError(_("Une des personnes cochées n'est pas membre de l'instance."))
        row = existing.get(user_id)
        if row is None:
            db.session.add(Attendance(session_id=session.id, user_id=user_id, status=status, recorded_at=now))
        elif row.status != status:
            row.status = status
            row.recorded_at = now
    session.guests = guests
    changed(session)
    db.session.flush()


def present_members(session: Session) -> list[User]:
    """Members of the body marked present at this session: the voters of an electronic motion."""
    query = (
        sa.select(User)
        .join(Attendance, Attendance.user_id == User.id)
        .join(Membership, sa.and_(Membership.user_id == User.id, Membership.body_id == session.body_id))
        .where(
            Attendance.session_id == session.id,
            Attendance.status == "present",
            Membership.status == "active",
            User.erased_at.is_(None),
        )
        .order_by(User.id)
    )
    return list(db.session.scalars(query))


def is_present(user: User | None, session: Session) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    status = db.session.scalar(
        sa.select(Attendance.status).where(Attendance.session_id == session.id, Attendance.user_id == user.id)
    )
    return status == "present"


# Agenda -----------------------------------------------------------------------------------------


def _enter(session: Session, position: int) -> None:
    now = utcnow()
    current = session.current_item
    if current is not None and current.ended_at is None:
        current.ended_at = now
    target = next((item for item in session.items if item.position == position), None)
    if target is None:
        raise NotFound(_("Ce point de l'ordre du jour n'existe pas."))
    session.current_position = position
    target.started_at = target.started_at or now
    target.ended_at = None


def go_to(session: Session, position: int) -> None:
    """Make the item at `position` the current one."""
    _require_live(session)
    _enter(session, position)
    changed(session)
    db.session.flush()


def step(session: Session, direction: int) -> None:
    """Next (+1) or previous (-1) item."""
    _require_live(session)
    positions = [item.position for item in session.items]
    if not positions:
        raise DomainError(_("L'ordre du jour est vide : ajoutez-y un point."))
    if session.current_position is None:
        target = positions[0]
    else:
        index = positions.index(session.current_position) + direction
        if not 0 <= index < len(positions):
            raise DomainError(
                _("C'était le dernier point de l'ordre du jour.") if direction > 0 else _("C'est le premier point.")
            )
        target = positions[index]
    go_to(session, target)


# Speaker queue ----------------------------------------------------------------------------------


def queue(session: Session) -> list[Speaker]:
    """The person speaking first, then raised hands in the order they were raised."""
    query = (
        sa.select(Speaker)
        .where(Speaker.session_id == session.id, Speaker.status.in_(("waiting", "speaking")))
        .order_by(sa.case((Speaker.status == "speaking", 0), else_=1), Speaker.raised_at, Speaker.id)
    )
    return list(db.session.scalars(query))


def may_raise_hand(user: User | None, session: Session) -> bool:
    """Members marked present, and people registered for the session, while it is live."""
    if session.status != "live" or user is None or not getattr(user, "is_authenticated", False):
        return False
    if is_present(user, session):
        return True
    status = db.session.scalar(
        sa.select(Registration.status).where(Registration.session_id == session.id, Registration.user_id == user.id)
    )
    return status == "registered"


def hand_of(user: User | None, session: Session) -> Speaker | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        sa.select(Speaker).where(
            Speaker.session_id == session.id, Speaker.user_id == user.id, Speaker.status.in_(("waiting", "speaking"))
        )
    )


def raise_hand(user: User, session: Session) -> Speaker:
    if not may_raise_hand(user, session):
        raise DomainError(
            _("Pour demander la parole, il faut être inscrit·e à la séance ou noté·e présent·e par l'animation.")
        )
    if hand_of(user, session) is not None:
        raise DomainError(_("Votre main est déjà levée."))
    speaker = Speaker(session_id=session.id, user_id=user.id, raised_at=utcnow())
    db.session.add(speaker)
    changed(session)
    db.session.flush()
    return speaker


def lower_hand(user: User, session: Session) -> None:
    speaker = hand_of(user, session)
    if speaker is None or speaker.status != "waiting":
        raise DomainError(_("Votre main n'est pas levée."))
    speaker.status = "withdrawn"
    speaker.ended_at = utcnow()
    changed(session)
    db.session.flush()


def get_speaker(session: Session, speaker_id: int) -> Speaker:
    speaker = db.session.get(Speaker, speaker_id)
    if speaker is None or speaker.session_id != session.id:
        raise NotFound(_("Cette demande de parole n'existe pas."))
    return speaker


def give_floor(session: Session, speaker: Speaker) -> Speaker:
    _require_live(session)
    if speaker.status != "waiting":
        raise DomainError(_("Cette personne n'attend plus la parole."))
    now = utcnow()
    for other in queue(session):
        if other.status == "speaking":
            other.status = "done"
            other.ended_at = now
    speaker.status = "speaking"
    speaker.started_at = now
    changed(session)
    db.session.flush()
    return speaker


def end_floor(session: Session, speaker: Speaker) -> None:
    """End a speaking turn, or take a raised hand off the queue."""
    if speaker.status not in ("waiting", "speaking"):
        raise DomainError(_("Cette demande de parole est déjà terminée."))
    speaker.status = "done" if speaker.status == "speaking" else "withdrawn"
    speaker.ended_at = utcnow()
    changed(session)
    db.session.flush()


def speaking(session: Session) -> Speaker | None:
    return next((speaker for speaker in queue(session) if speaker.status == "speaking"), None)
