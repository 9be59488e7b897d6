"""When a project is delivered, the people who cared about it (its followers and the authors of the
proposal it came from) are asked how it turned out, through feedback's satisfaction surveys.

The invitations are written with the delivery, in its transaction; the mails go only after the
commit (`deliver_pending`), so a rolled-back delivery mails nobody."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, has_request_context

from app.accountability.models import FollowUp
from app.accountability.services import follows
from app.accounts.models import User
from app.core.urls import absolute_url
from app.extensions import db
from app.feedback.models import Invitation
from app.feedback.services import surveys

SUBJECT_KIND = "budget_project"
PENDING = "accountability.survey_invitations"  # key in the session's `info`, read after the commit


def people_to_ask(item: FollowUp) -> list[User]:
    """Followers, then the proposal's authors not already among them; erased accounts and accounts
    without an address are left out."""
    people = {user.id: user for user in follows.followers(item)}
    for author in item.proposal.authors if item.proposal else []:
        people.setdefault(author.id, author)
    return [user for user in people.values() if user.email and not user.is_erased]


def ask(actor: User | None, item: FollowUp) -> list[Invitation]:
    """Invite the project's people to rate it (each person once per project, whatever the number of
    deliveries); the invitations wait in the session for `deliver_pending`."""
    recipients = [surveys.Recipient(user.email, user) for user in people_to_ask(item)]
    url = _page_of(item)
    invitations = surveys.send(SUBJECT_KIND, item.id, item.title, url, recipients, actor)
    db.session.info.setdefault(PENDING, []).extend(invitations)
    return invitations


def _page_of(item: FollowUp) -> str:
    """The project's address for the survey's page: absolute in a request; elsewhere (a command, a
    job) the public address where set, else the path alone."""
    if has_request_context():
        return absolute_url("accountability.project", follow_up_id=item.id)
    path = current_app.url_map.bind("").build("accountability.project", {"follow_up_id": item.id})
    return current_app.config.get("PUBLIC_URL", "").rstrip("/") + path


def deliver_pending() -> int:
    """Mail the invitations written by this session's committed deliveries; returns how many went out.
    Invitations undone by a rollback since are dropped, not mailed."""
    waiting = db.session.info.pop(PENDING, [])
    kept = [invitation for invitation in waiting if sa.inspect(invitation).persistent]
    return surveys.deliver(kept) if kept else 0
