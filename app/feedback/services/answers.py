"""Answers to a case: written once by staff, shown on every reporter's page and mailed to every
reporter who can be reached by email (the others are listed for staff to call or write to)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.core import audit
from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.mail import send_in_language
from app.core.urls import absolute_url
from app.extensions import db
from app.feedback import labels
from app.feedback.models import Answer, Item
from app.feedback.services import cases, items

MAX_ANSWER = 5000


@dataclass(frozen=True)
class Reply:
    """What a mail needs once the transaction is over: who, how, and with which page."""

    item_id: int
    channel: str  # "email", "phone", "postal" or "" (cannot be reached)
    contact: str
    locale: str | None
    has_account: bool


def answer(actor: User, item: Item, body: str, now: datetime | None = None) -> Answer:
    """Answer the whole case. A case still "received" becomes "acknowledged": someone read it."""
    now = now or utcnow()
    text = body.strip()
    if not text:
        raise DomainError([("body", _("Écrivez la réponse."))])
    if len(text) > MAX_ANSWER:
        raise DomainError([("body", _("La réponse dépasse 5 000 caractères : raccourcissez-la."))])
    case = item.case
    if case.status == "received":
        cases.change_status(actor, case, "acknowledged", now=now)
    reply = Answer(item_id=case.id, author_id=actor.id, body=text, created_at=now)
    case.answers.append(reply)
    db.session.flush()
    audit.record(
        "feedback.answered",
        actor_id=actor.id,
        subject_type="feedback_item",
        subject_id=case.id,
        data={"voices": case.voices},
    )
    return reply


def recipients(case: Item) -> list[Reply]:
    """Every reporter of the case and how to reach them."""
    replies = []
    for member in cases.members(case):
        channel, contact = items.reach(member)
        replies.append(
            Reply(
                member.id, channel, contact, member.author.locale if member.author else None, member.author is not None
            )
        )
    return replies


def notify(answer: Answer) -> int:
    """Mail the answer to every reporter reachable by email (after the commit: a mail that cannot
    go is logged and undoes nothing). Returns how many mails went out."""
    case = answer.item
    sent = 0
    for reply in recipients(case):
        if reply.channel != "email":
            continue
        link = absolute_url("feedback.item", item_id=reply.item_id) if reply.has_account else ""
        sent += send_in_language(
            reply.contact,
            reply.locale,
            _l("Réponse à votre signalement n° %(number)s"),
            "feedback/mail/answer.txt",
            {"number": reply.item_id},
            case=case,
            answer=answer,
            link=link,
            **labels.for_templates(),
        )
    return sent
