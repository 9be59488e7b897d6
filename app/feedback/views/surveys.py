"""Satisfaction surveys: the page a mailed link opens (answerable once), and for staff the results
and sending a survey to those present at a council session."""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user

from app.core.db import utcnow
from app.core.errors import DomainError, NotFound
from app.core.forms import pairs
from app.core.htmx import render
from app.core.permissions import access, require
from app.core.responses import attempt, done, failed
from app.councils.models import Session
from app.extensions import db
from app.feedback.blueprint import bp
from app.feedback.forms import SessionSurveyForm, SurveyForm
from app.feedback.permissions import can_send_surveys
from app.feedback.services import surveys
from app.feedback.views.common import actor

RECENT_SESSIONS = 60


@bp.route("/enquete/<token>", methods=["GET", "POST"])
@access("public")
def survey(token: str) -> ResponseReturnValue:
    try:
        invitation = surveys.invitation_from(token)
    except NotFound as error:
        return render("feedback/survey.html", problem=error.messages[0], form=None, invitation=None, status=404)
    form = SurveyForm()
    if invitation.response is not None:
        return render("feedback/survey.html", form=None, invitation=invitation, answered=True)

    def save() -> object:
        score = int(form.score.data) if str(form.score.data or "").isdigit() else None
        return surveys.answer(invitation, score, form.comment.data or "")

    if form.validate_on_submit() and attempt(form, save):
        db.session.commit()
        return render("feedback/survey.html", form=None, invitation=invitation, answered=True, thanked=True)
    if form.is_submitted():
        return failed("feedback/survey.html", form=form, invitation=invitation)
    return render("feedback/survey.html", form=form, invitation=invitation)


def _session_form() -> SessionSurveyForm:
    form = SessionSurveyForm()
    query = (
        sa.select(Session)
        .where(Session.starts_at <= utcnow(), Session.status != "cancelled")
        .order_by(Session.starts_at.desc())
        .limit(RECENT_SESSIONS)
    )
    form.session_id.choices = pairs(
        (session.id, f"{session.body.name} — {session.title} ({format_datetime(session.starts_at, 'd MMM y')})")
        for session in db.session.scalars(query)
    )
    return form


@bp.route("/enquetes", methods=["GET", "POST"])
@access("staff")
def surveys_page() -> ResponseReturnValue:
    require(can_send_surveys(current_user))
    form = _session_form()

    def send() -> list[object]:
        if not isinstance(form.session_id.data, int):
            raise DomainError([("session_id", _("Choisissez une séance."))])
        invitations = surveys.for_council_session(actor(), form.session_id.data)
        if not invitations:
            raise DomainError([("session_id", _("Personne de présent à cette séance n'est encore à interroger."))])
        return invitations  # type: ignore[return-value]

    if form.validate_on_submit() and (outcome := attempt(form, send)):
        db.session.commit()
        sent = surveys.deliver(outcome.value)
        return done(_("Enquête envoyée à %(count)s personne(s).", count=sent), url_for("feedback.surveys_page"))
    context = {"form": form, "results": surveys.results()}
    if form.is_submitted():
        return failed("feedback/surveys.html", **context)
    return render("feedback/surveys.html", **context)
