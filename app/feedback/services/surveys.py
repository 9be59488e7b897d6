"""Satisfaction surveys: a 1-5 score and a comment about one subject (a resolved item, a council
session, a delivered budget project), sent by email with a signed link, answerable once per
invitation (a unique constraint, not a check in Python, stops the second answer).

Other areas call `send(...)` inside their transaction, then `deliver(...)` after their commit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.accounts.models import User
from app.accounts.services.registration import normalise_email
from app.core import audit
from app.core.db import utcnow
from app.core.errors import DomainError, NotFound
from app.core.mail import send_in_language
from app.core.urls import absolute_url
from app.councils.models import Attendance
from app.councils.services.sessions import get_session
from app.extensions import db
from app.feedback.models import SURVEY_SUBJECTS, Invitation, Item, Survey, SurveyResponse
from app.feedback.services import cases, items

TOKEN_MAX_AGE = 90 * 24 * 3600  # a survey link works for three months
MAX_COMMENT = 2000


@dataclass(frozen=True)
class Recipient:
    email: str
    user: User | None = None


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="parvis.feedback.survey")


def token_for(invitation: Invitation) -> str:
    return _serializer().dumps({"invitation": invitation.id})


def invitation_from(token: str) -> Invitation:
    """The invitation a link names; NotFound for a broken, expired or unknown link."""
    try:
        payload = _serializer().loads(token, max_age=TOKEN_MAX_AGE)
    except SignatureExpired as error:
        raise NotFound(_("Ce lien d'enquête a expiré.")) from error
    except BadSignature as error:
        raise NotFound(_("Ce lien d'enquête n'est pas valable.")) from error
    invitation = db.session.get(Invitation, payload.get("invitation")) if isinstance(payload, dict) else None
    if invitation is None:
        raise NotFound(_("Ce lien d'enquête n'est pas valable."))
    return invitation


def send(
    subject_kind: str,
    subject_id: int,
    title: str,
    url: str,
    recipients: Iterable[Recipient],
    actor: User | None,
    service_id: int | None = None,
    now: datetime | None = None,
) -> list[Invitation]:
    """Invite `recipients` to rate the subject; someone already invited about it is not invited
    again. Returns the new invitations, for `deliver` after the commit."""
    if subject_kind not in SURVEY_SUBJECTS:
        raise DomainError(_("Ce type d'enquête n'existe pas."))
    now = now or utcnow()
    survey = db.session.scalar(
        sa.select(Survey).where(Survey.subject_kind == subject_kind, Survey.subject_id == subject_id)
    )
    if survey is None:
        survey = Survey(
            subject_kind=subject_kind,
            subject_id=subject_id,
            title=title[:200],
            url=url[:500],
            service_id=service_id,
            created_by_id=actor.id if actor else None,
            created_at=now,
        )
        db.session.add(survey)
        db.session.flush()
    invited = {invitation.email for invitation in survey.invitations}
    new = []
    for recipient in recipients:
        email = normalise_email(recipient.email)
        if not email or email in invited:
            continue
        invited.add(email)
        invitation = Invitation(email=email, user_id=recipient.user.id if recipient.user else None, sent_at=now)
        survey.invitations.append(invitation)
        new.append(invitation)
    db.session.flush()
    audit.record(
        "feedback.survey_sent",
        actor_id=actor.id if actor else None,
        subject_type="feedback_survey",
        subject_id=survey.id,
        data={"subject": subject_kind, "subject_id": subject_id, "invited": len(new)},
    )
    return new


def deliver(invitations: Iterable[Invitation]) -> int:
    """Mail each invitation its single-use link (after the commit); returns how many went out."""
    sent = 0
    for invitation in invitations:
        if not invitation.email:
            continue
        locale = None
        if invitation.user_id:
            user = db.session.get(User, invitation.user_id)
            locale = user.locale if user else None
        link = absolute_url("feedback.survey", token=token_for(invitation))
        # a mail that cannot leave leaves the invitation: staff see it was not answered
        sent += send_in_language(
            invitation.email,
            locale,
            _l("Votre avis : %(title)s"),
            "feedback/mail/survey.txt",
            {"title": invitation.survey.title},
            survey=invitation.survey,
            link=link,
        )
    return sent


def answer(invitation: Invitation, score: int | None, comment: str, now: datetime | None = None) -> SurveyResponse:
    """Record the answer. A second answer to the same invitation is refused by the unique
    constraint (two tabs posting at once included)."""
    if invitation.response is not None:
        raise DomainError(_("Vous avez déjà répondu à cette enquête : merci !"))
    if score is None or not 1 <= score <= 5:
        raise DomainError([("score", _("Choisissez une note de 1 à 5."))])
    if len(comment.strip()) > MAX_COMMENT:
        raise DomainError([("comment", _("Votre commentaire dépasse 2 000 caractères : raccourcissez-le."))])
    response = SurveyResponse(
        invitation_id=invitation.id,
        survey_id=invitation.survey_id,
        score=score,
        comment=comment.strip(),
        answered_at=now or utcnow(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(response)
    except sa.exc.IntegrityError as error:
        raise DomainError(_("Vous avez déjà répondu à cette enquête : merci !")) from error
    return response


def for_resolved_case(actor: User | None, item: Item, now: datetime | None = None) -> list[Invitation]:
    """Ask every reporter of a resolved case reachable by email how it was handled."""
    case = item.case
    recipients = []
    for member in cases.members(case):
        channel, contact = items.reach(member)
        if channel == "email":
            recipients.append(Recipient(contact, member.author))
    title = _("Signalement n° %(number)s : %(service)s", number=case.id, service=case.service.name)
    return send("feedback_item", case.id, title, "", recipients, actor, service_id=case.service_id, now=now)


def for_council_session(actor: User, session_id: int, now: datetime | None = None) -> list[Invitation]:
    """Ask the members recorded present at a council session how it went."""
    session = get_session(session_id)
    attendees = present_at(session.id)
    title = _("%(body)s — %(session)s", body=session.body.name, session=session.title)
    url = absolute_url("councils.session", session_id=session.id)
    recipients = [Recipient(user.email, user) for user in attendees if user.email and not user.is_erased]
    return send("council_session", session.id, title, url, recipients, actor, now=now)


def present_at(session_id: int) -> list[User]:
    query = (
        sa.select(User)
        .join(Attendance, Attendance.user_id == User.id)
        .where(Attendance.session_id == session_id, Attendance.status == "present")
    )
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class Result:
    survey: Survey
    invited: int
    answered: int
    average: float | None


def results(limit: int = 50) -> list[Result]:
    """The latest surveys with how many were asked, answered, and the average score."""
    counts = (
        sa.select(
            Survey,
            sa.select(sa.func.count(Invitation.id)).where(Invitation.survey_id == Survey.id).scalar_subquery(),
            sa.func.count(SurveyResponse.id),
            sa.func.avg(SurveyResponse.score),
        )
        .outerjoin(SurveyResponse, SurveyResponse.survey_id == Survey.id)
        .group_by(Survey.id)
        .order_by(Survey.created_at.desc(), Survey.id.desc())
        .limit(limit)
    )
    return [
        Result(survey, invited or 0, answered or 0, float(average) if average is not None else None)
        for survey, invited, answered, average in db.session.execute(counts)
    ]
