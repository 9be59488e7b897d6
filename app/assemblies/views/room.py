"""The room: finding a session and taking part in it from a phone (joining is in joining.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, abort, flash, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from jinja2_fragments.flask import render_block

from app.assemblies import broadcast
from app.assemblies.blueprint import bp
from app.assemblies.forms import CodeForm, NoteForm, QuestionForm
from app.assemblies.models import Activity, AssemblySession, Participant
from app.assemblies.permissions import can_create_assembly, can_facilitate
from app.assemblies.services import debate, qa, sessions, wall
from app.assemblies.views import pages
from app.assemblies.views.context import (
    commit_keeping_loaded,
    in_room,
    load_session,
    participant_acting,
    participant_in,
    room_context,
)
from app.core.errors import DomainError, NotFound, apply_to_form
from app.core.forms import pairs
from app.core.htmx import redirect_to, render, wants_fragment
from app.core.live import latest_id, poll, stream
from app.core.permissions import access
from app.extensions import db

PHONE = "assemblies/participant.html"


@bp.get("/")
@access("public")
def index() -> ResponseReturnValue:
    from app.assemblies.forms import AssemblyForm

    return render(
        "assemblies/index.html",
        assemblies=sessions.list_assemblies(),
        code_form=CodeForm(formdata=None),
        assembly_form=AssemblyForm(formdata=None) if can_create_assembly(current_user) else None,
    )


@bp.get("/<int:assembly_id>")
@access("public")
def assembly(assembly_id: int) -> ResponseReturnValue:
    from app.assemblies.forms import SessionForm

    try:
        found = sessions.get_assembly(assembly_id)
    except NotFound:
        abort(404)
    facilitator = can_facilitate(current_user, found)
    return render(
        "assemblies/assembly.html",
        assembly=found,
        facilitator=facilitator,
        session_form=SessionForm(formdata=None) if facilitator else None,
    )


def room_facts(found: AssemblySession) -> tuple[Any, ...]:
    """What the room's page shows of the session besides its activities (whose every change is an
    event, hence a new version): part of the key of its shared drawing."""
    return (found.id, found.status, found.title, found.dot_budget, found.timer_ends_at)


def _member(session_id: int) -> tuple[AssemblySession, Participant] | Response:
    """The session and the person the cookie names in it, in one query; a stranger is sent to
    the join page (404 if there is no such session)."""
    participant = participant_in(session_id)
    if participant is not None:
        return participant.session, participant
    return _stranger(session_id)


def _acting(session_id: int) -> tuple[AssemblySession, Participant, Activity | None] | Response:
    """`_member` and the session's open activity (with its columns and their groups), in one query:
    what a phone's action (a note, a side, a question) reads before its commit."""
    found = participant_acting(session_id)
    if found is None:
        return _stranger(session_id)
    participant, activity = found
    return participant.session, participant, activity


def _stranger(session_id: int) -> Response:
    """Someone the cookie names nowhere in the session: to its join page (404 if there is none)."""
    found = load_session(session_id)
    return redirect_to(url_for("assemblies.join", code=found.join_code))


def _phone(found: AssemblySession, participant: Participant, block: str | None = None, status: int = 200,
           activity: Activity | None = None, **extra: Any) -> Response:  # fmt: skip
    # A block redrawing only the person's own part (composer, sides, ...) needs no room-wide lists.
    context = room_context(found, participant, room=block in (None, "stage"), activity=activity)
    context.update(extra)
    if context.get("note_form") is None:
        context["note_form"] = _note_form(context)
    if context.get("question_form") is None:
        context["question_form"] = QuestionForm(formdata=None)
    if extra.get("note_form") is not None:
        _set_columns(extra["note_form"], context)
    return render(PHONE, block=block, status=status, **context)


def _set_columns(form: NoteForm, context: dict[str, Any]) -> None:
    activity = context.get("activity")
    form.column_id.choices = pairs((c.id, c.title) for c in activity.columns) if activity is not None else []


def _note_form(context: dict[str, Any], **kwargs: Any) -> NoteForm:
    form = NoteForm(formdata=None, **kwargs)
    _set_columns(form, context)
    return form


@bp.get("/seance/<int:session_id>")
@access("public")
def room(session_id: int) -> ResponseReturnValue:
    member = _member(session_id)
    if isinstance(member, Response):
        return member
    found, participant = member
    return room_page(found, participant, block="stage")


def room_page(
    found: AssemblySession, participant: Participant, block: str | None, after: int | None = None
) -> Response:
    """The phone's page (`block` alone for an htmx swap): the room's shared drawing for a newcomer,
    else the person's own. `after`: the room's version if already read."""
    if participant.untouched and pages.shared():
        return shared_room(lambda: found, room_facts(found), participant, block, after)
    return _phone(found, participant, block=block)


def shared_room(
    load: Callable[[], AssemblySession],
    facts: tuple[Any, ...],
    participant: Participant,
    block: str | None,
    after: int | None = None,
) -> Response:
    """The room as every newcomer sees it (no note, dot or side of their own yet), drawn once per
    version of the room: a whole room arriving costs one drawing, then a copy each. `facts`:
    `room_facts` of the session, which `load` gives only when the page is drawn."""
    if after is None:
        after = latest_id(broadcast.room_channel(participant.session_id))
    key = ("room", block, after, *facts)

    def draw() -> str:
        context = room_context(load(), pages.StandIn(participant), after=after)
        context["note_form"] = _note_form(context)
        context["question_form"] = QuestionForm(formdata=None)
        return render(PHONE, block=block, **context).get_data(as_text=True)

    return pages.serve(key, draw, participant.pseudonym)


@bp.get("/seance/<int:session_id>/etat")
@access("public")
def room_state(session_id: int) -> ResponseReturnValue:
    """The phone's fallback when it holds no stream: 204 while nothing changed since `v`."""
    member = _member(session_id)
    if isinstance(member, Response):
        return member
    found, participant = member
    since = request.args.get("v", type=int)
    return poll(broadcast.room_channel(found.id), since, lambda version: _phone(found, participant, block="stage"))


@bp.get("/seance/<int:session_id>/flux")
@access("public")
def stream_room(session_id: int) -> ResponseReturnValue:
    """What the room sees, live: public content only (held notes never go on this channel)."""
    if not in_room(session_id):  # one query for a phone; facilitators' screens load more
        found = load_session(session_id)
        if not can_facilitate(current_user, found.assembly):
            return redirect_to(url_for("assemblies.join", code=found.join_code))
    return stream(broadcast.room_channel(session_id))


def _refused(
    found: AssemblySession, participant: Participant, error: DomainError, block: str, **extra: Any
) -> Response:
    db.session.rollback()
    if not wants_fragment():
        for message in error.messages:
            flash(message, "error")
        return redirect_to(url_for("assemblies.room", session_id=found.id))
    return _phone(found, participant, block=block, status=422, error=error.messages, **extra)


def _done(found: AssemblySession, participant: Participant, block: str, **extra: Any) -> Response:
    if not wants_fragment():
        return redirect_to(url_for("assemblies.room", session_id=found.id))
    return _phone(found, participant, block=block, **extra)


@bp.post("/seance/<int:session_id>/notes")
@access("public")
def post_note(session_id: int) -> ResponseReturnValue:
    acting = _acting(session_id)
    if isinstance(acting, Response):
        return acting
    found, participant, activity = acting
    form = NoteForm()
    _set_columns(form, {"activity": activity})
    if activity is None or activity.kind != "wall":
        return _refused(found, participant, DomainError(_("Le mur n'est pas ouvert en ce moment.")), "composer")
    if not form.validate_on_submit():
        return _phone(found, participant, block="composer", status=422, activity=activity, note_form=form)
    try:
        wall.post_note(participant, activity, form.column_id.data, form.text.data or "", form.colour.data or "yellow")
    except DomainError as error:
        db.session.rollback()
        apply_to_form(form, error)
        return _phone(found, participant, block="composer", status=422, activity=activity, note_form=form)
    commit_keeping_loaded()
    kept = NoteForm(formdata=None, column_id=form.column_id.data, colour=form.colour.data)
    return _done(found, participant, "composer", activity=activity, note_form=kept)


@bp.post("/seance/<int:session_id>/notes/<int:note_id>/point")
@access("public")
def dot(session_id: int, note_id: int) -> ResponseReturnValue:
    member = _member(session_id)
    if isinstance(member, Response):
        return member
    found, participant = member
    try:
        note = wall.get_note(note_id)
        if note.activity.session_id != found.id:
            raise NotFound(_("Cette note n'existe pas."))
        wall.set_dot(participant, note, request.form.get("on", "1") == "1")
    except DomainError as error:
        db.session.rollback()
        if not wants_fragment():
            for message in error.messages:
                flash(message, "error")
            return redirect_to(url_for("assemblies.room", session_id=found.id))
        response = _phone(found, participant, block="dots_left", error=error.messages)
        response.headers["HX-Retarget"] = "#dots-left"
        response.headers["HX-Reswap"] = "outerHTML"
        return response
    commit_keeping_loaded()
    if not wants_fragment():
        return redirect_to(url_for("assemblies.room", session_id=found.id))
    # The note and what is left of the budget: the person's dots, nothing else of the room.
    mine = wall.my_dots(participant, note.activity)
    body = render_block(PHONE, "dot_answer", note=note, oob=True, session=found, activity=note.activity,
                        participant=participant, mine=mine, dots_left=found.dot_budget - len(mine))  # fmt: skip
    return Response(body, mimetype="text/html")


@bp.post("/seance/<int:session_id>/position")
@access("public")
def take_side(session_id: int) -> ResponseReturnValue:
    acting = _acting(session_id)
    if isinstance(acting, Response):
        return acting
    found, participant, activity = acting
    try:
        if activity is None:
            raise DomainError(_("Le débat n'est pas ouvert en ce moment."))
        debate.take_side(participant, activity, request.form.get("side", ""))
    except DomainError as error:
        return _refused(found, participant, error, "sides")
    commit_keeping_loaded()
    return _done(found, participant, "sides", activity=activity)


@bp.post("/seance/<int:session_id>/questions")
@access("public")
def ask(session_id: int) -> ResponseReturnValue:
    acting = _acting(session_id)
    if isinstance(acting, Response):
        return acting
    found, participant, activity = acting
    form = QuestionForm()
    if not form.validate_on_submit():
        return _phone(found, participant, block="ask", status=422, question_form=form)
    try:
        if activity is None:
            raise DomainError(_("Les questions ne sont pas ouvertes en ce moment."))
        question = qa.ask(participant, activity, form.text.data or "")
    except DomainError as error:
        db.session.rollback()
        apply_to_form(form, error)
        return _phone(found, participant, block="ask", status=422, question_form=form)
    commit_keeping_loaded()
    notice = (
        _("Merci : votre question attend la validation des animateurs.")
        if question.status == "pending"
        else _("Votre question est posée.")
    )
    return _done(found, participant, "ask", activity=activity, question_form=QuestionForm(formdata=None), notice=notice)


@bp.post("/seance/<int:session_id>/questions/<int:question_id>/soutien")
@access("public")
def support(session_id: int, question_id: int) -> ResponseReturnValue:
    member = _member(session_id)
    if isinstance(member, Response):
        return member
    found, participant = member
    try:
        question = qa.get_question(question_id)
        if qa.activity_of(question).session_id != found.id:
            raise NotFound(_("Cette question n'existe pas."))
    except NotFound:
        abort(404)
    try:
        qa.upvote(participant, question)
    except DomainError as error:
        db.session.rollback()
        if not wants_fragment():
            for message in error.messages:
                flash(message, "error")
            return redirect_to(url_for("assemblies.room", session_id=found.id))
        # The question as it stands now (already supported, answered...), with the reason.
        context = room_context(found, participant, room=False)
        body = render_block(PHONE, "question_answer", question=question, refused=error.messages, **context)
        return Response(body, status=422, mimetype="text/html")
    commit_keeping_loaded()
    if not wants_fragment():
        return redirect_to(url_for("assemblies.room", session_id=found.id))
    context = room_context(found, participant, room=False)
    body = render_block(PHONE, "question_answer", question=question, **context)
    return Response(body, mimetype="text/html")
