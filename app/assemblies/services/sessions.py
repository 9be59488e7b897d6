"""Assemblies, sessions, joining them, and running their activities and timer."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from app.assemblies import broadcast
from app.assemblies.models import (
    ACTIVITY_KINDS,
    IDENTITY_MODES,
    MODERATION_MODES,
    Activity,
    Assembly,
    AssemblySession,
    Participant,
    WallColumn,
)
from app.assemblies.services import tokens
from app.core.db import utcnow
from app.core.errors import DomainError, NotFound
from app.extensions import db

# No 0/O, 1/I/L: the code is read off a projector at the back of a room.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
MAX_TIMER_MINUTES = 120


def get_session(session_id: int) -> AssemblySession:
    found = db.session.get(AssemblySession, session_id)
    if found is None:
        raise NotFound(_("Cette séance n'existe pas."))
    return found


def get_activity(activity_id: int) -> Activity:
    found = db.session.get(Activity, activity_id)
    if found is None:
        raise NotFound(_("Cette activité n'existe pas."))
    return found


def normalise_code(raw: str) -> str:
    return "".join(char for char in raw.upper() if char.isalnum())


# The queries every joining phone runs, built once: building a statement with its loader options
# costs more than running it.
@cache
def _by_code() -> sa.Select[tuple[AssemblySession]]:
    # With its assembly: the join page shows its title (one query instead of two, per phone).
    return (
        sa.select(AssemblySession)
        .options(joinedload(AssemblySession.assembly))
        .where(AssemblySession.join_code == sa.bindparam("code"))
    )


@cache
def _by_token() -> sa.Select[tuple[Participant]]:
    return (
        sa.select(Participant)
        .options(joinedload(Participant.session))
        .where(Participant.session_id == sa.bindparam("session_id"), Participant.token == sa.bindparam("token"))
    )


@cache
def _acting() -> sa.Select[tuple[Participant, Activity]]:
    return (
        sa.select(Participant, Activity)
        .outerjoin(Activity, sa.and_(Activity.session_id == Participant.session_id, Activity.status == "open"))
        .options(joinedload(Participant.session), joinedload(Activity.columns).joinedload(WallColumn.clusters))
        .where(Participant.session_id == sa.bindparam("session_id"), Participant.token == sa.bindparam("token"))
        .order_by(Activity.position)
    )


def participant_acting(session_id: int, token: str | None) -> tuple[Participant, Activity | None] | None:
    """The participant holding `token` in the session, with the session and its open activity
    (with its columns and their groups, which a note's fragments show): what a phone's action (a
    note, a side, a question) needs before its commit, in one query rather than three."""
    if not token:
        return None
    rows = db.session.execute(_acting(), {"session_id": session_id, "token": token}).unique().all()
    return (rows[0][0], rows[0][1]) if rows else None


@cache
def _insert_participant() -> sa.Insert:
    return sa.insert(Participant.__table__).returning(Participant.__table__.c.id)


@cache
def _insert_if_open() -> sa.Insert:
    table = Participant.__table__
    names = ["session_id", "user_id", "pseudonym", "token", "joined_at", "last_seen_at"]
    row = sa.select(*(sa.bindparam(name, type_=table.c[name].type) for name in names)).where(
        sa.exists().where(
            AssemblySession.id == sa.bindparam("session_id"),
            AssemblySession.status == "open",
            AssemblySession.identity != "account",
        )
    )
    return sa.insert(table).from_select(names, row).returning(table.c.id)


@cache
def _holds_token() -> sa.Select[tuple[int]]:
    return sa.select(Participant.id).where(
        Participant.session_id == sa.bindparam("session_id"), Participant.token == sa.bindparam("token")
    )


def find_by_code(raw: str) -> AssemblySession:
    code = normalise_code(raw)
    found = db.session.scalar(_by_code(), {"code": code}) if code else None
    if found is None:
        raise NotFound([("code", _("Aucune séance ne correspond à ce code. Vérifiez-le sur l'écran de la salle."))])
    return found


def new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session.scalar(sa.select(AssemblySession.id).where(AssemblySession.join_code == code)) is None:
            return code


def create_assembly(actor: Any, title: str, description: str = "") -> Assembly:
    title = title.strip()
    if not title:
        raise DomainError([("title", _("Donnez un titre à l'assemblée."))])
    assembly = Assembly(title=title, description=description.strip())
    db.session.add(assembly)
    db.session.flush()
    return assembly


@dataclass
class SessionInput:
    title: str
    starts_at: datetime
    ends_at: datetime
    identity: str = "pseudonym"
    moderation: str = "post"
    dot_budget: int = 5
    max_notes: int = 10
    note_interval: int = 10


def create_session(actor: Any, assembly: Assembly, data: SessionInput) -> AssemblySession:
    problems: list[tuple[str | None, str]] = []
    if not data.title.strip():
        problems.append(("title", _("Donnez un titre à la séance.")))
    if data.ends_at <= data.starts_at:
        problems.append(("ends_at", _("La fin doit venir après le début.")))
    if data.identity not in IDENTITY_MODES:
        problems.append(("identity", _("Choix inconnu.")))
    if data.moderation not in MODERATION_MODES:
        problems.append(("moderation", _("Choix inconnu.")))
    if not 0 <= data.dot_budget <= 50:
        problems.append(("dot_budget", _("Entre 0 et 50 points par personne.")))
    if not 1 <= data.max_notes <= 100:
        problems.append(("max_notes", _("Entre 1 et 100 notes par personne.")))
    if not 0 <= data.note_interval <= 600:
        problems.append(("note_interval", _("Entre 0 et 600 secondes.")))
    if problems:
        raise DomainError(problems)
    session = AssemblySession(
        assembly=assembly,
        title=data.title.strip(),
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        identity=data.identity,
        moderation=data.moderation,
        dot_budget=data.dot_budget,
        max_notes=data.max_notes,
        note_interval=data.note_interval,
        join_code=new_join_code(),
    )
    db.session.add(session)
    db.session.flush()
    return session


def set_session_status(actor: Any, session: AssemblySession, status: str) -> None:
    if status not in ("open", "closed"):
        raise DomainError(_("Action inconnue."))
    session.status = status
    if status == "closed":
        now = utcnow()
        for activity in session.activities:
            if activity.status == "open":
                activity.status, activity.closed_at = "closed", now
        session.timer_ends_at = None
    db.session.flush()
    broadcast.stage_changed(session)


def add_activity(actor: Any, session: AssemblySession, kind: str, title: str, statement: str = "",
                 columns: list[str] | None = None, private_writing: bool = False) -> Activity:  # fmt: skip
    problems: list[tuple[str | None, str]] = []
    if kind not in ACTIVITY_KINDS:
        problems.append(("kind", _("Type d'activité inconnu.")))
    if not title.strip():
        problems.append(("title", _("Donnez un titre à l'activité.")))
    if kind == "debate" and not statement.strip():
        problems.append(("statement", _("Écrivez l'affirmation sur laquelle les participants se placeront.")))
    if problems:
        raise DomainError(problems)
    activity = Activity(
        session=session,
        kind=kind,
        title=title.strip(),
        statement=statement.strip(),
        private_writing=private_writing and kind == "wall",
        position=len(session.activities),
    )
    db.session.add(activity)
    if kind == "wall":
        titles = [t.strip() for t in (columns or []) if t.strip()] or [_("Idées")]
        for position, column_title in enumerate(titles):
            db.session.add(WallColumn(activity=activity, title=column_title[:120], position=position))
    db.session.flush()
    broadcast.staff_changed(session)
    return activity


def set_activity_status(actor: Any, activity: Activity, action: str) -> None:
    """open (closing any other open activity of the session), close, or reveal a private wall."""
    now = utcnow()
    session = activity.session
    if action == "open":
        if session.status != "open":
            raise DomainError(_("Ouvrez d'abord la séance."))
        for other in session.activities:
            if other.status == "open" and other.id != activity.id:
                other.status, other.closed_at = "closed", now
        activity.status, activity.opened_at, activity.closed_at = "open", activity.opened_at or now, None
    elif action == "close":
        activity.status, activity.closed_at = "closed", now
    elif action == "reveal" and activity.kind == "wall":
        activity.revealed_at = activity.revealed_at or now
    else:
        raise DomainError(_("Action inconnue."))
    db.session.flush()
    broadcast.stage_changed(session)


def set_timer(actor: Any, session: AssemblySession, minutes: int | None) -> None:
    """Start a countdown of `minutes` shown on every screen, or stop it (None or 0)."""
    if minutes is not None and not 0 <= minutes <= MAX_TIMER_MINUTES:
        raise DomainError([("minutes", _("Entre 1 et %(max)s minutes.", max=MAX_TIMER_MINUTES))])
    session.timer_ends_at = utcnow() + timedelta(minutes=minutes) if minutes else None
    db.session.flush()
    broadcast.timer_changed(session)


def join(user: Any, session: AssemblySession, pseudonym: str) -> Participant:
    """Enter the room: with the account when the session asks for one, else under a pseudonym.
    Joining again with the same account returns the same participant."""
    if session.status != "open":
        raise DomainError(_("Cette séance n'est pas ouverte : on ne peut pas la rejoindre."))
    signed_in = bool(getattr(user, "is_authenticated", False))
    if session.identity == "account" and not signed_in:
        raise DomainError(_("Cette séance demande de se connecter avec un compte Parvis."))
    if signed_in:
        existing = db.session.scalar(
            sa.select(Participant).where(Participant.session_id == session.id, Participant.user_id == user.id)
        )
        if existing is not None:
            return existing
    name = " ".join(pseudonym.split())[:40]
    if session.identity == "account":
        name = name or str(getattr(user, "display_name", "") or "")[:40]
    if not name:
        raise DomainError([("pseudonym", _("Choisissez un pseudonyme (il sera visible des animateurs)."))])
    values = _participant_values(session.id, user.id if signed_in else None, name)
    # A room joins at once: one INSERT, without the unit of work's bookkeeping around it.
    return _attached(db.session.execute(_insert_participant(), values).scalar_one(), values)


def join_open(session_id: int, pseudonym: str) -> Participant | None:
    """Join under a pseudonym a session known only by its id (the join page's recent reading):
    the INSERT itself requires that the session is open and asks for no account, so the room's
    joining phones run one statement each, not two. None when it is not (or the pseudonym is
    empty): the caller then reads the session and says why."""
    name = " ".join(pseudonym.split())[:40]
    if not name:
        return None
    values = _participant_values(session_id, None, name)
    ident = db.session.execute(_insert_if_open(), values).scalar()
    return None if ident is None else _attached(ident, values)


def _participant_values(session_id: int, user_id: int | None, name: str) -> dict[str, Any]:
    now = utcnow()
    return {
        "session_id": session_id,
        "user_id": user_id,
        "pseudonym": name,
        "token": tokens.new_token(session_id),
        "joined_at": now,
        "last_seen_at": now,  # equal until the first vote or note (`Participant.untouched`)
    }


def _attached(ident: int, values: dict[str, Any]) -> Participant:
    """The participant just inserted, attached to the session as the row it is."""
    participant = Participant(id=ident, **values)
    make_transient_to_detached(participant)
    db.session.add(participant)
    return participant


def participant_by_token(session_id: int, token: str | None) -> Participant | None:
    """The participant holding `token` in the session, loaded with the session in one query."""
    if not token:
        return None
    return db.session.scalar(_by_token(), {"session_id": session_id, "token": token})


def holds_token(session_id: int, token: str | None) -> bool:
    """Whether `token` is a participant's in the session (a stream's check: no object loaded)."""
    if not token:
        return False
    return db.session.scalar(_holds_token(), {"session_id": session_id, "token": token}) is not None


@cache
def _touch() -> sa.Update:
    table = Participant.__table__
    return sa.update(table).where(table.c.id == sa.bindparam("ident")).values(last_seen_at=sa.bindparam("now"))


def touch(participant: Participant) -> None:
    """Write the participant's row first: on PostgreSQL it locks the row, on SQLite it takes the
    write lock, so one person's concurrent votes are checked one after the other. A statement
    built once, through Core (every note, dot, side and question runs it before its commit); the
    loaded object is told the new value."""
    now = utcnow()
    db.session.execute(_touch(), {"ident": participant.id, "now": now})
    set_committed_value(participant, "last_seen_at", now)


def sessions_open_now(now: datetime) -> list[AssemblySession]:
    return list(
        db.session.scalars(
            sa.select(AssemblySession)
            .where(AssemblySession.status == "open", AssemblySession.ends_at > now)
            .order_by(AssemblySession.starts_at)
        )
    )


def list_assemblies() -> list[Assembly]:
    return list(db.session.scalars(sa.select(Assembly).order_by(Assembly.created_at.desc())))


def get_assembly(assembly_id: int) -> Assembly:
    found = db.session.get(Assembly, assembly_id)
    if found is None:
        raise NotFound(_("Cette assemblée n'existe pas."))
    return found
