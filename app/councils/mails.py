"""Mails to a body's members when a session is announced, moved or cancelled. Sent after the view
has committed; a mail that cannot be sent is logged and never undoes what was saved."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.core.mail import send_in_language
from app.core.urls import absolute_url
from app.councils.models import Membership, Session
from app.councils.services.memberships import active_members
from app.councils.services.sessions import registrations

DECISION_SUBJECTS = {
    "active": _l("Votre adhésion à %(body)s est acceptée"),
    "declined": _l("Votre demande d'adhésion à %(body)s"),
}
SUBJECTS = {
    "announced": _l("Nouvelle séance : %(body)s, %(title)s"),
    "moved": _l("Séance déplacée : %(body)s, %(title)s"),
    "cancelled": _l("Séance annulée : %(body)s, %(title)s"),
}


def _recipients(session: Session, event: str) -> list[User]:
    """The members; for a move or a cancellation, also the other people registered for it."""
    people = {m.user.id: m.user for m in active_members(session.body)}
    if event != "announced":
        for registration in registrations(session):
            people.setdefault(registration.user.id, registration.user)
    return [user for user in people.values() if user.email and not user.is_erased]


def notify_members(session: Session, event: str) -> int:
    """Tell every member; returns how many mails went out."""
    link = absolute_url("councils.session", session_id=session.id)
    ics = absolute_url("councils.session_ics", session_id=session.id)
    sent = 0
    for user in _recipients(session, event):
        sent += send_in_language(
            user.email or "",
            user.locale,
            SUBJECTS[event],
            f"councils/mail/session_{event}.txt",
            {"body": session.body.name, "title": session.title},
            user=user,
            session=session,
            link=link,
            ics=ics,
        )
    return sent


def notify_decision(membership: Membership) -> bool:
    """Tell the person the moderator's answer to their request, with the moderator's message."""
    user = membership.user
    if not user.email or user.is_erased:
        return False
    link = absolute_url("councils.body", slug=membership.body.slug)
    return send_in_language(
        user.email,
        user.locale,
        DECISION_SUBJECTS[membership.status],
        "councils/mail/membership_decided.txt",
        {"body": membership.body.name},
        user=user,
        membership=membership,
        link=link,
    )
