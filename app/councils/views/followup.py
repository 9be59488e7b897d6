"""After the session: minutes (drafted, approved, published), follow-up actions, and the body's
figures for moderators and staff."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.figures import CHART_HEIGHT, CHART_WIDTH, bars
from app.core.forms import pairs, to_local
from app.core.htmx import render
from app.core.permissions import access, require
from app.core.responses import attempt, done, failed, found
from app.councils.blueprint import bp
from app.councils.forms import ActionForm, MinutesForm
from app.councils.models import Body, Session
from app.councils.permissions import can_manage_bodies, can_moderate, can_run_session
from app.councils.services import actions, figures, minutes, motions
from app.councils.views.common import actor, load_body, load_session
from app.extensions import db

MINUTES = "councils/minutes.html"
ACTIONS = "councils/actions.html"
FIGURES = "councils/figures.html"


def _minutes_context(session: Session, **extra: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "session": session,
        "body": session.body,
        # An empty draft starts from what the session recorded.
        "form": MinutesForm(formdata=None, text=session.minutes or minutes.skeleton(session)),
        "notice": None,
        "errors": [],
    }
    context.update(extra)
    return context


@bp.route("/seances/<int:session_id>/compte-rendu", methods=["GET", "POST"], endpoint="minutes")
@access("user")
def minutes_page(session_id: int) -> ResponseReturnValue:
    item = load_session(session_id)
    require(can_run_session(current_user, item))
    if request.method == "GET":
        return render(MINUTES, **_minutes_context(item))
    form = MinutesForm()
    if form.validate_on_submit() and attempt(form, lambda: minutes.save(actor(), item, form.text.data or "")):
        db.session.commit()
        return done(
            _("Brouillon enregistré."),
            url_for("councils.minutes", session_id=item.id),
            MINUTES,
            "editor",
            **_minutes_context(item),
        )
    return failed(MINUTES, "editor", **_minutes_context(item, form=form))


@bp.post("/seances/<int:session_id>/compte-rendu/<any(approuver,publier):what>")
@access("user")
def minutes_status(session_id: int, what: str) -> ResponseReturnValue:
    item = load_session(session_id)
    require(can_run_session(current_user, item))
    try:
        if what == "approuver":
            minutes.approve(actor(), item)
        else:
            minutes.publish(actor(), item)
    except DomainError as error:
        db.session.rollback()
        return failed(MINUTES, "editor", **_minutes_context(item, errors=error.messages))
    db.session.commit()
    message = _("Compte rendu approuvé : vous pouvez le publier.") if what == "approuver" else _("Compte rendu publié.")
    return done(message, url_for("councils.minutes", session_id=item.id), MINUTES, "editor", **_minutes_context(item))


# Actions ----------------------------------------------------------------------------------------


def _action_form(body: Body, **kwargs: Any) -> ActionForm:
    form = ActionForm(**kwargs)
    form.motion_id.choices = pairs([("", _("— Aucune —")), *((m.id, m.title) for m in motions.decisions(body))])
    return form


def _action_input(form: ActionForm) -> actions.ActionInput:
    return actions.ActionInput(
        title=form.title.data or "",
        owner=form.owner.data or "",
        due_on=form.due_on.data,
        status=form.status.data or "",
        note=form.note.data or "",
    )


def _actions_context(body: Body, **extra: Any) -> dict[str, Any]:
    open_items = actions.open_actions(body)
    context: dict[str, Any] = {
        "body": body,
        "open_actions": open_items,
        "closed_actions": actions.closed_actions(body, 50),
        "new_form": _action_form(body, formdata=None),
        "edit_forms": {a.id: _action_form(body, formdata=None, obj=a, prefix=f"a{a.id}") for a in open_items},
        "today": to_local(utcnow()).date(),
        "notice": None,
        "errors": [],
    }
    context.update(extra)
    return context


@bp.get("/<slug>/actions")
@access("user")
def actions_page(slug: str) -> ResponseReturnValue:
    body = load_body(slug)
    require(can_moderate(current_user, body))
    return render(ACTIONS, **_actions_context(body))


@bp.post("/<slug>/actions")
@access("user")
def new_action(slug: str) -> ResponseReturnValue:
    body = load_body(slug)
    require(can_moderate(current_user, body))
    form = _action_form(body)
    if form.validate_on_submit():
        motion = None
        if form.motion_id.data:
            motion = next((m for m in motions.decisions(body) if m.id == form.motion_id.data), None)
        if attempt(form, lambda: actions.create_action(actor(), body, _action_input(form), motion=motion)):
            db.session.commit()
            return done(
                _("Action ajoutée au suivi."),
                url_for("councils.actions_page", slug=body.slug),
                ACTIONS,
                "tracker",
                **_actions_context(body),
            )
    return failed(ACTIONS, "tracker", **_actions_context(body, new_form=form))


@bp.post("/<slug>/actions/<int:action_id>")
@access("user")
def update_action(slug: str, action_id: int) -> ResponseReturnValue:
    body = load_body(slug)
    require(can_moderate(current_user, body))
    action = found(actions.get_action, body, action_id)
    form = _action_form(body, prefix=f"a{action.id}")
    if form.validate_on_submit() and attempt(form, lambda: actions.update_action(actor(), action, _action_input(form))):
        db.session.commit()
        return done(
            _("Action mise à jour."),
            url_for("councils.actions_page", slug=body.slug),
            ACTIONS,
            "tracker",
            **_actions_context(body),
        )
    context = _actions_context(body)
    context["edit_forms"][action.id] = form
    return failed(ACTIONS, "tracker", **context)


# Figures ----------------------------------------------------------------------------------------


@bp.get("/<slug>/chiffres")
@access("user")
def figures_page(slug: str) -> ResponseReturnValue:
    body = load_body(slug)
    require(can_moderate(current_user, body))
    today = to_local(utcnow()).date()
    rows = figures.attendance(body)
    flows = figures.membership_flows(body, today)
    return render(
        FIGURES,
        body=body,
        attendance=rows,
        attendance_bars=bars([(to_local(r.session.starts_at).strftime("%d/%m"), r.present) for r in rows]),
        flows=flows,
        joined_bars=bars([(f.month.strftime("%m/%y"), f.joined) for f in flows]),
        left_bars=bars([(f.month.strftime("%m/%y"), f.left) for f in flows]),
        decisions=figures.decisions(body, today),
        chart_width=CHART_WIDTH,
        chart_height=CHART_HEIGHT,
        members_now=len([m for m in body.memberships if m.is_active]),
    )


@bp.get("/chiffres")
@access("staff")
def overview() -> ResponseReturnValue:
    """Every body at a glance for the city's staff (moderators see their own body's figures)."""
    require(can_manage_bodies(current_user))
    now = utcnow()
    return render(
        "councils/overview.html",
        rows=figures.overview(to_local(now).date(), now - timedelta(days=365)),
    )
