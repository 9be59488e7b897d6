"""What feedback answers on the shared signals: a resident's reports, answers they received and
survey answers in their data export, and what an erased account leaves (reports stay for the
service's figures, without their photo, address or anything that points at the person)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.core.signals import collect_user_data, user_erased
from app.extensions import db
from app.feedback.models import Invitation, Item, SurveyResponse
from app.feedback.services import photos


def _user_data(sender: Any, user: Any, **_kwargs: Any) -> tuple[str, Any]:
    reported = db.session.scalars(sa.select(Item).where(Item.author_id == user.id).order_by(Item.id))
    responses = db.session.scalars(
        sa.select(SurveyResponse).join(SurveyResponse.invitation).where(Invitation.user_id == user.id)
    )
    return (
        "feedback",
        {
            "reports": [
                {"id": item.id, "service": item.service.slug, "category": item.category, "text": item.text,
                 "address": item.address, "quartier": item.quartier.name if item.quartier else None,
                 "channel": item.channel, "status": item.case.status, "created_at": item.created_at.isoformat(),
                 "has_photo": bool(item.photo_name),
                 "answers": [{"body": reply.body, "at": reply.created_at.isoformat()} for reply in item.case.answers]}
                for item in reported
            ],
            "survey_answers": [
                {"survey": response.invitation.survey.title, "score": response.score, "comment": response.comment,
                 "at": response.answered_at.isoformat()}
                for response in responses
            ],
        },
    )  # fmt: skip


def _erased(sender: Any, user: Any, **_kwargs: Any) -> None:
    """Reports stay, counted in the figures (service, quartier, dates); what could locate or
    identify the person goes: the precise address, the photo, the survey comments and invitations'
    addresses."""
    for item in db.session.scalars(sa.select(Item).where(Item.author_id == user.id)):
        item.address = ""
        photos.remove(item)
    invitation_ids = sa.select(Invitation.id).where(Invitation.user_id == user.id)
    db.session.execute(
        sa.update(SurveyResponse).where(SurveyResponse.invitation_id.in_(invitation_ids)).values(comment="")
    )
    db.session.execute(sa.update(Invitation).where(Invitation.user_id == user.id).values(email=None, user_id=None))


def connect() -> None:
    collect_user_data.connect(_user_data)
    user_erased.connect(_erased)
