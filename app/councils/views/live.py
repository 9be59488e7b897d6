"""Running a session live. The moderator's console (attendance, agenda, speaker queue, motions)
and the public "now" page, which can be projected. The "now" page follows by Server-Sent Events
(`now_stream`, see broadcast.py); it, the console's queue and tally, and a resident's hand block
also poll with the session's live version and get 204 No Content while nothing changed. Residents
raise and lower a hand from the session page."""

from __future__ import annotations

from typing import Any

from flask import Response, make_response, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.htmx import render, wants_fragment
from app.core.live import latest_id, stream
from app.core.permissions import access, require
from app.core.responses import attempt, done, failed, found
from app.councils import broadcast
from app.councils.blueprint import bp
from app.councils.forms import ATTENDANCE_LABELS, GuestsForm, MotionForm, pairs
from app.councils.models import ATTENDANCE_STATUSES, Session
from app.councils.permissions import can_run_session
from app.councils.services import electronic, live, memberships
from app.councils.views.common import actor, commit, load_session
from app.councils.views.sessions import PAGE, session_context
from app.extensions import db

CONSOLE = "councils/console.html"


def _console_url(session: Session) -> str:
    return url_for("councils.console", session_id=session.id)


def agenda_choices(session: Session) -> list[Any]:
    return pairs([("", _("— Aucun —")), *((i.id, f"{i.position}. {i.title}") for i in session.items)])


def console_context(session: Session, **extra: Any) -> dict[str, Any]:
    motion_form = MotionForm(formdata=None)
    motion_form.agenda_item_id.choices = agenda_choices(session)
    if session.current_item is not None:
        motion_form.agenda_item_id.data = session.current_item.id
    context: dict[str, Any] = {
        "session": session,
        "body": session.body,
        "members": memberships.active_members(session.body),
        "attendance": live.attendance(session),
        "attendance_labels": ATTENDANCE_LABELS,
        "statuses": ATTENDANCE_STATUSES,
        "guests_form": GuestsForm(formdata=None, guests=session.guests),
        "queue": live.queue(session),
        "motion_form": motion_form,
        "hands_forms": {},
        "electronic_available": electronic.available(),
        "ballot_counts": {m.id: electronic.ballots_cast(m) for m in session.motions if m.status == "voting"},
        "eligible_counts": {m.id: electronic.voters(m) for m in session.motions if m.status == "voting"},
        "present_count": len(live.present_members(session)),
        "now": utcnow(),
        "notice": None,
        "errors": [],
    }
    context.update(extra)
    return context


def _unchanged(session: Session) -> bool:
    """The client already shows this version (its `v` parameter or its ETag)."""
    version = str(session.live_version)
    return request.args.get("v") == version or request.headers.get("If-None-Match") == f'"{version}"'


def _no_change() -> Response:
    response = make_response("", 204)
    response.headers["Cache-Control"] = "no-store"
    return response


def _polled(response: Response, session: Session) -> Response:
    response.headers["ETag"] = f'"{session.live_version}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/seances/<int:session_id>/pilotage")
@access("user")
def console(session_id: int) -> ResponseReturnValue:
    item = load_session(session_id)
    require(can_run_session(current_user, item))
    block = request.args.get("bloc")
    if block in ("queue", "tally") and wants_fragment():
        if _unchanged(item):
            return _no_change()
        context = console_context(item)
        if block == "tally":
            motion_id = request.args.get("motion", type=int)
            context["motion"] = next((m for m in item.motions if m.id == motion_id and m.status == "voting"), None)
            if context["motion"] is None:
                return _no_change()  # the vote closed: the moderator's next action redraws the block
        return _polled(render(CONSOLE, block=block, **context), item)
    return _polled(render(CONSOLE, **console_context(item)), item)


def _console_done(session: Session, message: str, block: str) -> Response:
    return done(message, _console_url(session), CONSOLE, block, **console_context(session))


def _console_failed(session: Session, error: DomainError, block: str) -> Response:
    db.session.rollback()
    return failed(CONSOLE, block, **console_context(session, errors=error.messages))


@bp.post("/seances/<int:session_id>/ouvrir")
@access("user")
def open_session(session_id: int) -> ResponseReturnValue:
    item = load_session(session_id)
    require(can_run_session(current_user, item))
    try:
        live.open_session(actor(), item)
    except DomainError as error:
        return _console_failed(item, error, "agenda")
    commit(item)
    return done(_("La séance est ouverte. Faites l'appel."), _console_url(item))


@bp.post("/seances/<int:session_id>/cloturer")
@access("user")
def close_session(session_id: int) -> ResponseReturnValue:
    item = load_session(session_id)
    require(can_run_session(current_user, item))
    try:
        live.close_session(actor(), item)
    except DomainError as error:
        return _console_failed(item, error, "agenda")
    commit(item)
    return done(
        _("La séance est close. Rédigez et publiez son compte rendu."), url_for("councils.minutes", session_id=item.id)
    )


@bp.post("/seances/<int:session_id>/presences")
@access("user")
def attendance(session_id: int) -> ResponseReturnValue:
    item = load_session(session_id)
    require(can_run_session(current_user, item))
    form = GuestsForm()
    statuses: dict[int, str] = {}
    for key, value in request.form.items():
        if key.startswith("member-") and key[7:].isdigit() and value:
            statuses[int(key[7:])] = value
    if form.validate_on_submit() and attempt(
        form, lambda: live.record_attendance(actor(), item, statuses, form.guests.data)
    ):
        commit(item)
        return _console_done(item, _("Présences enregistrées."), "attendance")
    return failed(CONSOLE, "attendance", **console_context(item, guests_form=form))


@bp.post("/seances/<int:session_id>/point/<any(suivant,precedent):direction>")
@access("user")
def step(session_id: int, direction: str) -> ResponseReturnValue:
    item = load_session(session_id)
    require(can_run_session(current_user, item))
    try:
        live.step(item, 1 if direction == "suivant" else -1)
    except DomainError as error:
        return _console_failed(item, error, "agenda")
    commit(item)
    return _console_done(
        item, _("Point en cours : %(title)s.", title=item.current_item.title if item.current_item else ""), "agenda"
    )


@bp.post("/seances/<int:session_id>/point/<int:position>")
@access("user")
def go_to(session_id: int, position: int) -> ResponseReturnValue:
    item = load_session(session_id)
    require(can_run_session(current_user, item))
    try:
        live.go_to(item, position)
    except DomainError as error:
        return _console_failed(item, error, "agenda")
    commit(item)
    return _console_done(
        item, _("Point en cours : %(title)s.", title=item.current_item.title if item.current_item else ""), "agenda"
    )


@bp.post("/seances/<int:session_id>/parole/<int:speaker_id>/<any(donner,terminer):what>")
@access("user")
def floor(session_id: int, speaker_id: int, what: str) -> ResponseReturnValue:
    item = load_session(session_id)
    require(can_run_session(current_user, item))
    speaker = found(live.get_speaker, item, speaker_id)
    try:
        if what == "donner":
            live.give_floor(item, speaker)
        else:
            live.end_floor(item, speaker)
    except DomainError as error:
        return _console_failed(item, error, "queue")
    commit(item)
    message = _("Parole donnée.") if what == "donner" else _("Tour de parole terminé.")
    return _console_done(item, message, "queue")


# The public "now" page --------------------------------------------------------------------------


@bp.get("/seances/<int:session_id>/direct")
@access("public")
def now(session_id: int) -> ResponseReturnValue:
    """The projectable page; with `?v=` (htmx polling, the fallback of the stream) 204 while the
    screen already shows that version."""
    item = load_session(session_id)
    if wants_fragment() and _unchanged(item):
        return _no_change()
    channel = broadcast.now_channel(item.id)
    context = broadcast.now_context(item)
    return _polled(render(broadcast.NOW, block="now", stream_after=latest_id(channel), **context), item)


@bp.get("/seances/<int:session_id>/direct/flux")
@access("public")
def now_stream(session_id: int) -> ResponseReturnValue:
    """Server-Sent Events: each change of the "now" block as an out-of-band fragment."""
    item = load_session(session_id)
    channel = broadcast.now_channel(item.id)
    return stream(channel)


# Residents in the room ----------------------------------------------------------------------------


@bp.post("/seances/<int:session_id>/main/<any(lever,baisser):what>")
@access("user")
def hand(session_id: int, what: str) -> ResponseReturnValue:
    item = load_session(session_id)
    try:
        if what == "lever":
            live.raise_hand(actor(), item)
        else:
            live.lower_hand(actor(), item)
    except DomainError as error:
        db.session.rollback()
        return failed(PAGE, "hand", **session_context(item, errors=error.messages))
    commit(item)
    message = (
        _("Votre main est levée : l'animation vous donnera la parole.")
        if what == "lever"
        else _("Votre main est baissée.")
    )
    return done(message, url_for("councils.session", session_id=item.id), PAGE, "hand", **session_context(item))


@bp.get("/seances/<int:session_id>/main")
@access("public")
def hand_state(session_id: int) -> ResponseReturnValue:
    """The resident's hand block, polled while the session is live (their turn may come)."""
    item = load_session(session_id)
    if wants_fragment() and _unchanged(item):
        return _no_change()
    return _polled(render(PAGE, block="hand", **session_context(item)), item)
