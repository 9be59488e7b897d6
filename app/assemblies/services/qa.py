"""Questions to the elected representatives: asked, moderated, upvoted once each, highlighted
while answered, and answered on the record."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from app.assemblies import broadcast
from app.assemblies.models import Activity, Participant, Question, QuestionVote
from app.assemblies.services.sessions import touch
from app.assemblies.services.words import flagged
from app.core.db import utcnow
from app.core.errors import DomainError, NotFound
from app.extensions import db

MAX_QUESTION_LENGTH = 500


def get_question(question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None:
        raise NotFound(_("Cette question n'existe pas."))
    return question


def activity_of(question: Question) -> Activity:
    return db.session.get_one(Activity, question.activity_id)


def _open_qa(activity: Activity) -> None:
    if activity.kind != "qa" or activity.status != "open" or activity.session.status != "open":
        raise DomainError(_("Les questions ne sont pas ouvertes en ce moment."))


def ask(participant: Participant, activity: Activity, text: str) -> Question:
    _open_qa(activity)
    if participant.session_id != activity.session_id:
        raise DomainError(_("Vous ne participez pas à cette séance."))
    text = " ".join(text.split())
    if not text:
        raise DomainError([("text", _("Écrivez votre question."))])
    if len(text) > MAX_QUESTION_LENGTH:
        raise DomainError([("text", _("%(max)s caractères au plus.", max=MAX_QUESTION_LENGTH))])
    touch(participant)
    duplicate = db.session.scalar(
        sa.select(Question.id).where(
            Question.activity_id == activity.id,
            sa.func.lower(Question.text) == text.lower(),
            Question.status != "dismissed",
        )
    )
    if duplicate is not None:
        raise DomainError([("text", _("Cette question a déjà été posée : soutenez-la plutôt."))])
    status, reason = "visible", ""
    if flagged(text):
        status, reason = "pending", "words"
    elif activity.session.moderation == "pre":
        status, reason = "pending", "moderation"
    question = Question(activity_id=activity.id, participant=participant, text=text, status=status, held_reason=reason)
    db.session.add(question)
    db.session.flush()
    broadcast.question_changed(activity, question)
    return question


def upvote(participant: Participant, question: Question) -> None:
    activity = activity_of(question)
    _open_qa(activity)
    if question.status != "visible" or question.answered_at is not None:
        raise DomainError(_("On ne peut plus soutenir cette question."))
    if participant.session_id != activity.session_id:
        raise DomainError(_("Vous ne participez pas à cette séance."))
    touch(participant)
    voted = db.session.scalar(
        sa.select(QuestionVote.id).where(
            QuestionVote.question_id == question.id, QuestionVote.participant_id == participant.id
        )
    )
    if voted is not None:
        raise DomainError(_("Vous soutenez déjà cette question."))
    db.session.add(QuestionVote(question_id=question.id, participant_id=participant.id))
    db.session.flush()
    question.votes = int(
        db.session.scalar(sa.select(sa.func.count(QuestionVote.id)).where(QuestionVote.question_id == question.id)) or 0
    )
    db.session.flush()
    broadcast.question_changed(activity, question)


def moderate(actor: Any, question: Question, action: str, text: str | None = None) -> None:
    """approve (optionally with an edited text) or dismiss (kept, never shown)."""
    activity = activity_of(question)
    if action == "approve":
        if text is not None:
            edited = " ".join(text.split())
            if not edited or len(edited) > MAX_QUESTION_LENGTH:
                raise DomainError([("text", _("Entre 1 et %(max)s caractères.", max=MAX_QUESTION_LENGTH))])
            question.text = edited
        question.status, question.held_reason = "visible", ""
    elif action == "dismiss":
        question.status = "dismissed"
        if activity.highlighted_question_id == question.id:
            activity.highlighted_question_id = None
    else:
        raise DomainError(_("Action inconnue."))
    db.session.flush()
    broadcast.question_changed(activity, question)


def highlight(actor: Any, question: Question) -> None:
    activity = activity_of(question)
    if question.status != "visible":
        raise DomainError(_("Approuvez la question avant de la mettre en avant."))
    previous = activity.highlighted_question_id
    activity.highlighted_question_id = None if previous == question.id else question.id
    db.session.flush()
    broadcast.qa_changed(activity)


def answer(actor: Any, question: Question, text: str) -> None:
    """Mark answered, with the representative's short written answer kept on the record."""
    activity = activity_of(question)
    if question.status != "visible":
        raise DomainError(_("Approuvez la question avant d'y répondre."))
    text = text.strip()
    if len(text) > 2000:
        raise DomainError([("answer", _("2000 caractères au plus."))])
    question.answer = text
    question.answered_at = question.answered_at or utcnow()
    question.answered_by_id = getattr(actor, "id", None)
    if activity.highlighted_question_id == question.id:
        activity.highlighted_question_id = None
    db.session.flush()
    broadcast.qa_changed(activity)


def visible_questions(activity: Activity) -> list[Question]:
    """Unanswered first, most supported first; answered ones after, most recent first."""
    return list(
        db.session.scalars(
            sa.select(Question)
            .where(Question.activity_id == activity.id, Question.status == "visible")
            .order_by(Question.answered_at.is_not(None), Question.votes.desc(), Question.id)
        )
    )


def pending_questions(activity: Activity) -> list[Question]:
    return list(
        db.session.scalars(
            sa.select(Question)
            .where(Question.activity_id == activity.id, Question.status == "pending")
            .order_by(Question.id)
        )
    )


def my_votes(participant: Participant, activity: Activity) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(QuestionVote.question_id)
            .join(Question, Question.id == QuestionVote.question_id)
            .where(Question.activity_id == activity.id, QuestionVote.participant_id == participant.id)
        )
    )
