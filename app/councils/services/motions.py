"""Motions put to the vote in a session, and the decisions they become. A motion is decided by
hands counted in the room (the moderator enters the numbers) or by an electronic vote among the
members present, run by the votes area through `electronic.py`."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from app.accounts.models import User
from app.core import audit
from app.core.db import utcnow
from app.core.errors import DomainError, NotFound
from app.councils.models import MOTION_METHODS, AgendaItem, Body, Motion, Session
from app.councils.services import electronic
from app.councils.services.live import changed, present_members
from app.extensions import db

MAX_COUNT = 100_000


def get_motion(session: Session, motion_id: int) -> Motion:
    motion = db.session.get(Motion, motion_id)
    if motion is None or motion.session_id != session.id:
        raise NotFound(_("Cette motion n'existe pas."))
    return motion


def create_motion(
    actor: User,
    session: Session,
    title: str,
    text: str,
    method: str,
    secret: bool = False,
    agenda_item: AgendaItem | None = None,
) -> Motion:
    if session.status in ("cancelled",):
        raise DomainError(_("Cette séance est annulée."))
    problems: list[tuple[str | None, str]] = []
    if not title.strip():
        problems.append(("title", _("Donnez un intitulé à la motion.")))
    if method not in MOTION_METHODS:
        problems.append(("method", _("Choisissez comment la motion est votée.")))
    elif method == "electronic" and not electronic.available():
        problems.append(("method", _("Le vote électronique n'est pas disponible : votez à main levée.")))
    if agenda_item is not None and agenda_item.session_id != session.id:
        problems.append(("agenda_item_id", _("Ce point n'appartient pas à la séance.")))
    if problems:
        raise DomainError(problems)
    motion = Motion(
        session=session,
        title=title.strip(),
        text=text.strip(),
        method=method,
        secret=bool(secret) and method == "electronic",
        agenda_item=agenda_item,
    )
    db.session.add(motion)
    changed(session)
    db.session.flush()
    return motion


def _result(votes_for: int, votes_against: int) -> str:
    """Simple majority of the votes cast for or against; a tie rejects the motion."""
    return "adopted" if votes_for > votes_against else "rejected"


def record_hands(
    actor: User,
    motion: Motion,
    votes_for: int | None,
    votes_against: int | None,
    abstentions: int | None,
    decision: str,
) -> Motion:
    """The moderator enters the hands counted in the room."""
    if motion.method != "hands":
        raise DomainError(_("Cette motion est soumise au vote électronique."))
    if motion.status == "closed":
        raise DomainError(_("Le résultat de cette motion est déjà enregistré."))
    if motion.session.status not in ("live", "closed"):
        raise DomainError(_("Le vote a lieu pendant la séance."))
    counts = {"votes_for": votes_for, "votes_against": votes_against, "abstentions": abstentions}
    problems: list[tuple[str | None, str]] = [
        (name, _("Saisissez un nombre entre 0 et %(max)s.", max=MAX_COUNT))
        for name, value in counts.items()
        if value is None or not 0 <= value <= MAX_COUNT
    ]
    if not problems and (votes_for or 0) + (votes_against or 0) + (abstentions or 0) == 0:
        problems.append((None, _("Aucune voix saisie : comptez les mains levées.")))
    if problems:
        raise DomainError(problems)
    assert votes_for is not None and votes_against is not None and abstentions is not None
    motion.votes_for, motion.votes_against, motion.abstentions = votes_for, votes_against, abstentions
    _decide(actor, motion, decision)
    return motion


def _decide(actor: User, motion: Motion, decision: str) -> None:
    motion.result = _result(motion.votes_for or 0, motion.votes_against or 0)
    motion.decision = decision.strip()
    motion.status = "closed"
    motion.decided_at = utcnow()
    changed(motion.session)
    audit.record(
        "councils.motion_decided",
        actor_id=actor.id,
        subject_type="council_motion",
        subject_id=motion.id,
        data={
            "method": motion.method,
            "for": motion.votes_for,
            "against": motion.votes_against,
            "abstentions": motion.abstentions,
            "result": motion.result,
        },
    )
    db.session.flush()


def open_vote(actor: User, motion: Motion) -> Motion:
    """Open the electronic vote; the voters are the members present at this moment."""
    if motion.method != "electronic":
        raise DomainError(_("Cette motion se vote à main levée."))
    if motion.status != "draft":
        raise DomainError(_("Le vote de cette motion est déjà ouvert ou clos."))
    if motion.session.status != "live":
        raise DomainError(_("Le vote électronique a lieu pendant la séance."))
    voters = present_members(motion.session)
    if not voters:
        raise DomainError(_("Aucun membre n'est noté présent : faites l'appel avant d'ouvrir le vote."))
    motion.vote_ref = electronic.open_ballot(actor, motion, voters)
    motion.status = "voting"
    motion.opened_at = utcnow()
    changed(motion.session)
    db.session.flush()
    return motion


def cast(user: User, motion: Motion, choice: str) -> str:
    """A member present casts their vote; returns the receipt code the engine gives."""
    if motion.status != "voting" or motion.vote_ref is None:
        raise DomainError(_("Le vote n'est pas ouvert."))
    receipt = electronic.cast(user, motion, choice)
    changed(motion.session)  # the moderator's count of ballots follows
    db.session.flush()
    return receipt


def has_voted(user: User, motion: Motion) -> bool:
    return motion.vote_ref is not None and electronic.has_voted(user, motion)


def close_vote(actor: User, motion: Motion, decision: str) -> Motion:
    if motion.status != "voting" or motion.vote_ref is None:
        raise DomainError(_("Le vote n'est pas ouvert."))
    tally = electronic.close(actor, motion)
    motion.votes_for, motion.votes_against, motion.abstentions = tally.votes_for, tally.votes_against, tally.abstentions
    _decide(actor, motion, decision)
    return motion


def decisions(body: Body) -> list[Motion]:
    """Motions decided in the body's sessions, newest first."""
    query = (
        sa.select(Motion)
        .join(Motion.session)
        .where(Session.body_id == body.id, Motion.status == "closed")
        .order_by(Motion.decided_at.desc())
    )
    return list(db.session.scalars(query))
