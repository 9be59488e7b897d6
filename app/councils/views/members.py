"""Joining and leaving a body, the name shown or not, and the moderator's side: requests,
answers and positions."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.core.errors import DomainError
from app.core.htmx import render
from app.core.permissions import access, require
from app.core.responses import attempt, done, failed, found
from app.councils import mails
from app.councils.blueprint import bp
from app.councils.forms import DecisionForm, JoinForm, PositionForm
from app.councils.models import Body
from app.councils.permissions import can_join, can_moderate
from app.councils.services import memberships
from app.councils.views.common import actor, load_body
from app.councils.views.directory import body_context
from app.extensions import db

BODY_TEMPLATE = "councils/body.html"
MEMBERS_TEMPLATE = "councils/members.html"


def _body_url(body: Body) -> str:
    return url_for("councils.body", slug=body.slug)


@bp.post("/<slug>/adhesion")
@access("user")
def join(slug: str) -> ResponseReturnValue:
    body = load_body(slug)
    require(can_join(current_user, body))
    form = JoinForm()
    if form.validate_on_submit():
        outcome = attempt(
            form, lambda: memberships.join(actor(), body, form.message.data or "", show_name=bool(form.show_name.data))
        )
        if outcome:
            membership = outcome.value
            db.session.commit()
            message = (
                _("Bienvenue : vous êtes membre de %(name)s.", name=body.name)
                if membership.is_active
                else _("Votre demande est envoyée : la modération vous répondra.")
            )
            return done(message, _body_url(body), BODY_TEMPLATE, "membership", **body_context(body))
    return failed(BODY_TEMPLATE, "membership", **body_context(body, join_form=form))


@bp.post("/<slug>/quitter")
@access("user")
def leave(slug: str) -> ResponseReturnValue:
    body = load_body(slug)
    try:
        membership = memberships.leave(actor(), body)
    except DomainError as error:
        db.session.rollback()
        return failed(BODY_TEMPLATE, "membership", **body_context(body, errors=error.messages))
    db.session.commit()
    message = _("Vous avez quitté %(name)s.", name=body.name) if membership.left_at else _("Votre demande est retirée.")
    return done(message, _body_url(body), BODY_TEMPLATE, "membership", **body_context(body))


@bp.post("/<slug>/nom-visible")
@access("user")
def show_name(slug: str) -> ResponseReturnValue:
    body = load_body(slug)
    form = JoinForm()
    try:
        membership = memberships.set_show_name(actor(), body, bool(form.show_name.data))
    except DomainError as error:
        db.session.rollback()
        return failed(BODY_TEMPLATE, "membership", **body_context(body, errors=error.messages))
    db.session.commit()
    message = (
        _("Votre nom apparaît dans la liste des membres.")
        if membership.show_name
        else _("Votre nom n'apparaît plus dans la liste des membres.")
    )
    return done(message, _body_url(body), BODY_TEMPLATE, "membership", **body_context(body))


def _members_context(body: Body, **extra: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "body": body,
        "pending": memberships.pending_requests(body),
        "members": memberships.active_members(body),
        "decision_forms": {},
        "notice": None,
    }
    context.update(extra)
    return context


@bp.get("/<slug>/membres")
@access("user")
def members(slug: str) -> ResponseReturnValue:
    body = load_body(slug)
    require(can_moderate(current_user, body))
    return render(MEMBERS_TEMPLATE, **_members_context(body))


@bp.post("/<slug>/membres/<int:membership_id>/reponse")
@access("user")
def decide(slug: str, membership_id: int) -> ResponseReturnValue:
    body = load_body(slug)
    require(can_moderate(current_user, body))
    membership = found(memberships.get_membership, body, membership_id)
    form = DecisionForm()
    if form.validate_on_submit():
        accept = request.form.get("answer") == "accept"
        if attempt(form, lambda: memberships.decide(actor(), membership, accept, form.message.data or "")):
            db.session.commit()
            mails.notify_decision(membership)
            message = _("Demande acceptée.") if accept else _("Demande refusée ; la personne lira votre message.")
            return done(
                message,
                url_for("councils.members", slug=body.slug),
                MEMBERS_TEMPLATE,
                "requests",
                **_members_context(body),
            )
    return failed(MEMBERS_TEMPLATE, "requests", **_members_context(body, decision_forms={membership.id: form}))


@bp.post("/<slug>/membres/<int:membership_id>/fonction")
@access("user")
def set_position(slug: str, membership_id: int) -> ResponseReturnValue:
    body = load_body(slug)
    require(can_moderate(current_user, body))
    membership = found(memberships.get_membership, body, membership_id)
    form = PositionForm()
    if form.validate_on_submit():
        try:
            memberships.set_position(actor(), membership, form.position.data or "")
        except DomainError as error:
            db.session.rollback()
            return failed(MEMBERS_TEMPLATE, "roster", **_members_context(body, errors=error.messages))
        db.session.commit()
        return done(
            _("Fonction enregistrée."),
            url_for("councils.members", slug=body.slug),
            MEMBERS_TEMPLATE,
            "roster",
            **_members_context(body),
        )
    return failed(
        MEMBERS_TEMPLATE, "roster", **_members_context(body, errors=[_("Choisissez une fonction dans la liste.")])
    )
