"""Motions in a session: the moderator puts one to the vote, enters the counted hands or opens an
electronic vote among the members present, closes it and records the decision; members present
vote from their phone on the session page."""

from __future__ import annotations

from flask import url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.core.errors import DomainError
from app.core.permissions import access, require
from app.core.responses import attempt, done, failed, found
from app.councils.blueprint import bp
from app.councils.forms import CastForm, CloseVoteForm, HandsForm, MotionForm
from app.councils.permissions import can_run_session
from app.councils.services import agenda, motions
from app.councils.views.common import actor, commit, load_session
from app.councils.views.live import CONSOLE, agenda_choices, console_context
from app.councils.views.sessions import PAGE, session_context
from app.extensions import db


@bp.post("/seances/<int:session_id>/motions")
@access("user")
def new_motion(session_id: int) -> ResponseReturnValue:
    item = load_session(session_id)
    require(can_run_session(current_user, item))
    form = MotionForm()
    form.agenda_item_id.choices = agenda_choices(item)
    if form.validate_on_submit():
        point = found(agenda.get_item, item, form.agenda_item_id.data) if form.agenda_item_id.data else None
        if attempt(
            form,
            lambda: motions.create_motion(
                actor(),
                item,
                form.title.data or "",
                form.text.data or "",
                form.method.data or "",
                bool(form.secret.data),
                point,
            ),
        ):
            commit(item)
            return done(
                _("Motion ajoutée."),
                url_for("councils.console", session_id=item.id),
                CONSOLE,
                "motions",
                **console_context(item),
            )
    context = console_context(item)
    context["motion_form"] = form
    return failed(CONSOLE, "motions", **context)


@bp.post("/seances/<int:session_id>/motions/<int:motion_id>/mains")
@access("user")
def record_hands(session_id: int, motion_id: int) -> ResponseReturnValue:
    item = load_session(session_id)
    require(can_run_session(current_user, item))
    motion = found(motions.get_motion, item, motion_id)
    form = HandsForm()
    if form.validate_on_submit() and attempt(
        form,
        lambda: motions.record_hands(
            actor(),
            motion,
            form.votes_for.data,
            form.votes_against.data,
            form.abstentions.data,
            form.decision.data or "",
        ),
    ):
        commit(item)
        message = _("Motion adoptée.") if motion.result == "adopted" else _("Motion rejetée.")
        return done(
            message, url_for("councils.console", session_id=item.id), CONSOLE, "motions", **console_context(item)
        )
    return failed(CONSOLE, "motions", **console_context(item, hands_forms={motion.id: form}))


@bp.post("/seances/<int:session_id>/motions/<int:motion_id>/ouvrir")
@access("user")
def open_vote(session_id: int, motion_id: int) -> ResponseReturnValue:
    item = load_session(session_id)
    require(can_run_session(current_user, item))
    motion = found(motions.get_motion, item, motion_id)
    try:
        motions.open_vote(actor(), motion)
    except DomainError as error:
        db.session.rollback()
        return failed(CONSOLE, "motions", **console_context(item, errors=error.messages))
    commit(item)
    return done(
        _("Le vote est ouvert : les membres présents votent depuis la page de la séance."),
        url_for("councils.console", session_id=item.id),
        CONSOLE,
        "motions",
        **console_context(item),
    )


@bp.post("/seances/<int:session_id>/motions/<int:motion_id>/clore")
@access("user")
def close_vote(session_id: int, motion_id: int) -> ResponseReturnValue:
    item = load_session(session_id)
    require(can_run_session(current_user, item))
    motion = found(motions.get_motion, item, motion_id)
    form = CloseVoteForm()
    if form.validate_on_submit():
        try:
            motions.close_vote(actor(), motion, form.decision.data or "")
        except DomainError as error:
            db.session.rollback()
            return failed(CONSOLE, "motions", **console_context(item, errors=error.messages))
        commit(item)
        message = _("Vote clos : motion adoptée.") if motion.result == "adopted" else _("Vote clos : motion rejetée.")
        return done(
            message, url_for("councils.console", session_id=item.id), CONSOLE, "motions", **console_context(item)
        )
    return failed(CONSOLE, "motions", **console_context(item, errors=[_("Le formulaire n'est pas valable.")]))


@bp.post("/seances/<int:session_id>/motions/<int:motion_id>/voter")
@access("user")
def cast(session_id: int, motion_id: int) -> ResponseReturnValue:
    item = load_session(session_id)
    motion = found(motions.get_motion, item, motion_id)
    form = CastForm()
    if not form.validate_on_submit():
        return failed(PAGE, "hand", **session_context(item, errors=[_("Choisissez pour, contre ou abstention.")]))
    try:
        receipt = motions.cast(actor(), motion, form.choice.data or "")
    except DomainError as error:
        db.session.rollback()
        return failed(PAGE, "hand", **session_context(item, errors=error.messages))
    commit(item)
    message = _(
        "Votre vote est enregistré. Votre code de reçu : %(code)s "
        "(notez-le pour vérifier que votre vote a été compté).",
        code=receipt,
    )
    return done(message, url_for("councils.session", session_id=item.id), PAGE, "hand", **session_context(item))
