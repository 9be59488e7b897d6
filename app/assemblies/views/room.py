"""The room: finding a session, joining it, and taking part from a phone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from jinja2_fragments.flask import render_block

from app.assemblies import broadcast
from app.assemblies.blueprint import bp
from app.assemblies.forms import CodeForm, JoinForm, NoteForm, QuestionForm
from app.assemblies.models import Activity, AssemblySession, Participant
from app.assemblies.permissions import can_create_assembly, can_facilitate
from app.assemblies.services import debate, qa, sessions, wall
from app.assemblies.views import pages
from app.assemblies.views.context import (
    commit_keeping_loaded,
    holds_cookie_token,
    in_room,
    load_session,
    participant_acting,
    participant_for,
    participant_in,
    remember,
    room_context,
)
from app.core.errors import DomainError, NotFound, apply_to_form
from app.core.forms import pairs
from app.core.htmx import redirect_to, render, wants_fragment
from app.core.live import latest_id, poll, stream
from app.core.permissions import access
from app.extensions import db, login_manager

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


@bp.route("/rejoindre", methods=["GET", "POST"])
@access("public")
def join_code() -> ResponseReturnValue:
    form = CodeForm(formdata=request.form if request.method == "POST" else request.args or None)
    if (request.method == "POST" or request.args) and form.validate():
        try:
            found = sessions.find_by_code(form.code.data or "")
        except NotFound as error:
            apply_to_form(form, error)
        else:
            return redirect_to(url_for("assemblies.join", code=found.join_code))
    status = 422 if form.errors or form.form_errors else 200
    return render("assemblies/join_code.html", block="join", status=status, form=form)


@bp.route("/c/<code>", methods=["GET", "POST"])
@access("public")
def join(code: str) -> ResponseReturnValue:
    if pages.shared() and (request.method == "GET" or wants_fragment()):
        # A room scanning the QR code: the shared drawing, without a query for most phones.
        known = pages.landing(code, lambda: _landing(code))
        if known is not None and not known.account and not holds_cookie_token(known.session_id):
            if request.method == "GET":
                return pages.serve(
                    known.key, lambda: _join_page(sessions.find_by_code(code), JoinForm(), 200).get_data(as_text=True)
                )
            entered = _join_known(known)
            if entered is not None:
                return entered
    try:
        found = sessions.find_by_code(code)
    except NotFound:
        flash(_("Aucune séance ne correspond à ce code. Vérifiez-le sur l'écran de la salle."), "error")
        return redirect(url_for("assemblies.join_code"), code=303)
    if participant_for(found) is not None:
        return redirect_to(url_for("assemblies.room", session_id=found.id))
    if found.identity == "account" and not current_user.is_authenticated:
        return login_manager.unauthorized()
    form = JoinForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            participant = sessions.join(current_user, found, form.pseudonym.data or "")
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            # The room's version, read in the joining transaction: the same reading as after the
            # commit (joining is no event), one transaction less; the stream replays what follows.
            after = latest_id(broadcast.room_channel(found.id)) if wants_fragment() else 0
            commit_keeping_loaded()  # the room's page is drawn from what is loaded
            remember(found.id, participant.token)
            room_url = url_for("assemblies.room", session_id=found.id)
            if not wants_fragment():
                return redirect(room_url, code=303)
            return _entered(found, participant, room_url, after)
    return _join_page(found, form, 422 if request.method == "POST" else 200)


def _join_known(known: pages.Landing) -> Response | None:
    """A phone of the room joining from the shared join page: the session as its join page read it
    (a couple of seconds old at most), the INSERT requiring that it is still open; the answer is the
    room's shared page. None when anything is amiss (a bad form, a session closed meanwhile): the
    full path reads the session and says why."""
    form = JoinForm()
    if not form.validate_on_submit():
        return None
    participant = sessions.join_open(known.session_id, form.pseudonym.data or "")
    if participant is None:
        db.session.rollback()
        return None
    after = latest_id(broadcast.room_channel(known.session_id))  # as in `join`: joining is no event
    commit_keeping_loaded()
    remember(known.session_id, participant.token)
    room_url = url_for("assemblies.room", session_id=known.session_id)
    # The session itself is read only if this version of the room has not been drawn yet.
    page = _shared_room(lambda: participant.session, known.room, participant, None, after)
    return _swapped_in(page, room_url)


def _entered(found: AssemblySession, participant: Participant, room_url: str, after: int) -> Response:
    """htmx's answer to joining: the room's whole page, swapped into the join page's body at the
    room's address, rather than a redirect that the phone would follow with one more request
    (the join page loads the room's scripts for this). Its stream starts after the version drawn."""
    return _swapped_in(_room_page(found, participant, block=None, after=after), room_url)


def _swapped_in(response: Response, room_url: str) -> Response:
    response.headers["HX-Retarget"] = "body"
    response.headers["HX-Reswap"] = "innerHTML"
    response.headers["HX-Push-Url"] = room_url
    return response


def _landing(code: str) -> pages.Landing | None:
    try:
        found = sessions.find_by_code(code)
    except NotFound:
        return None
    key = ("join", found.id, found.status, found.identity, found.title, found.assembly.title)
    return pages.Landing(found.id, found.identity == "account", key, room_facts(found))


def room_facts(found: AssemblySession) -> tuple[Any, ...]:
    """What the room's page shows of the session besides its activities (whose every change is an
    event, hence a new version): part of the key of its shared drawing."""
    return (found.id, found.status, found.title, found.dot_budget, found.timer_ends_at)


def _join_page(found: AssemblySession, form: JoinForm, status: int) -> Response:
    return render("assemblies/join.html", block="join", status=status, session=found, form=form)


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
    return _room_page(found, participant, block="stage")


def _room_page(
    found: AssemblySession, participant: Participant, block: str | None, after: int | None = None
) -> Response:
    """The phone's page (`block` alone for an htmx swap): the room's shared drawing for a newcomer,
    else the person's own. `after`: the room's version if already read."""
    if participant.untouched and pages.shared():
        return _shared_room(lambda: found, room_facts(found), participant, block, after)
    return _phone(found, participant, block=block)


def _shared_room(
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
