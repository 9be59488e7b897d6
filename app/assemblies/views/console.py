"""The facilitator's side: creating assemblies and sessions, and running a session from the
console (activities, timer, moving and grouping notes, moderation, Q&A)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response, abort, current_app, flash, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.assemblies import broadcast
from app.assemblies.blueprint import bp
from app.assemblies.forms import ActivityForm, AssemblyForm, CodeForm, SessionForm, TitleForm
from app.assemblies.models import Activity, AssemblySession
from app.assemblies.permissions import can_create_assembly, can_facilitate
from app.assemblies.services import qa, sessions, wall
from app.assemblies.views.context import (
    chosen_activity,
    load_activity,
    load_session,
    require_facilitator,
    staff_context,
)
from app.core.errors import DomainError, NotFound, apply_to_form
from app.core.htmx import redirect_to, render, wants_fragment
from app.core.live import stream
from app.core.permissions import access, require
from app.extensions import db

CONSOLE = "assemblies/console.html"


def _local(value: datetime) -> datetime:
    """A naive datetime typed in the form, in the city's time zone, as an aware UTC moment."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Paris"))
    return value.replace(tzinfo=zone).astimezone(UTC)


@bp.post("/nouvelle")
@access("staff")
def create_assembly() -> ResponseReturnValue:
    require(can_create_assembly(current_user))
    form = AssemblyForm()
    if form.validate_on_submit():
        try:
            created = sessions.create_assembly(current_user, form.title.data or "", form.description.data or "")
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            return redirect_to(url_for("assemblies.assembly", assembly_id=created.id))
    return render(
        "assemblies/index.html",
        block="create",
        status=422,
        assemblies=sessions.list_assemblies(),
        assembly_form=form,
        code_form=CodeForm(formdata=None),
    )


@bp.post("/<int:assembly_id>/seances")
@access("user")
def create_session(assembly_id: int) -> ResponseReturnValue:
    try:
        found = sessions.get_assembly(assembly_id)
    except NotFound:
        abort(404)
    if not can_facilitate(current_user, found):
        abort(404)
    form = SessionForm()
    if form.validate_on_submit():
        data = sessions.SessionInput(
            title=form.title.data or "",
            starts_at=_local(form.starts_at.data),  # type: ignore[arg-type]
            ends_at=_local(form.ends_at.data),  # type: ignore[arg-type]
            identity=form.identity.data or "pseudonym",
            moderation=form.moderation.data or "post",
            dot_budget=form.dot_budget.data or 0,
            max_notes=form.max_notes.data or 1,
            note_interval=form.note_interval.data or 0,
        )
        try:
            created = sessions.create_session(current_user, found, data)
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            return redirect_to(url_for("assemblies.console", session_id=created.id))
    return render(
        "assemblies/assembly.html", block="create", status=422, assembly=found, facilitator=True, session_form=form
    )


def _console(found: AssemblySession, block: str | None = None, status: int = 200, **extra: Any) -> Response:
    activity = chosen_activity(found, request.args.get("activite", type=int) or extra.pop("activity_id", None))
    context = staff_context(found, activity)
    context.setdefault("activity_form", ActivityForm(formdata=None))
    context.setdefault("title_form", TitleForm(formdata=None))
    context.update(extra)
    return render(CONSOLE, block=block, status=status, **context)


@bp.get("/seance/<int:session_id>/console")
@access("user")
def console(session_id: int) -> ResponseReturnValue:
    found = load_session(session_id)
    require_facilitator(found)
    return _console(found, block="stage")


@bp.get("/seance/<int:session_id>/moderation")
@access("user")
def moderation(session_id: int) -> ResponseReturnValue:
    """The moderator panel, for a second device: held notes and questions of the open activity."""
    found = load_session(session_id)
    require_facilitator(found)
    context = staff_context(found, chosen_activity(found, None))
    return render("assemblies/moderation.html", block="stage", **context)


@bp.get("/seance/<int:session_id>/console/flux")
@access("user")
def stream_staff(session_id: int) -> ResponseReturnValue:
    found = load_session(session_id)
    require_facilitator(found)
    return stream(broadcast.staff_channel(found.id))


def _after_action(found: AssemblySession, error: DomainError | None, activity_id: int | None = None) -> Response:
    """Console actions answer with the console's stage; other screens follow through the stream."""
    if error is not None:
        db.session.rollback()
        if not wants_fragment():
            for message in error.messages:
                flash(message, "error")
        else:
            return _console(found, block="stage", status=422, errors=error.messages, activity_id=activity_id)
    else:
        db.session.commit()
    if not wants_fragment():
        target = url_for("assemblies.console", session_id=found.id, activite=activity_id)
        return redirect_to(target)
    return _console(found, block="stage", activity_id=activity_id)


@bp.post("/seance/<int:session_id>/statut")
@access("user")
def session_status(session_id: int) -> ResponseReturnValue:
    found = load_session(session_id)
    require_facilitator(found)
    try:
        sessions.set_session_status(current_user, found, request.form.get("status", ""))
    except DomainError as error:
        return _after_action(found, error)
    return _after_action(found, None)


@bp.post("/seance/<int:session_id>/minuteur")
@access("user")
def timer(session_id: int) -> ResponseReturnValue:
    found = load_session(session_id)
    require_facilitator(found)
    raw = request.form.get("minutes", "").strip()
    try:
        if raw and not raw.isdigit():
            raise DomainError([("minutes", _("Indiquez un nombre entier de minutes."))])
        sessions.set_timer(current_user, found, int(raw) if raw else None)
    except DomainError as error:
        return _after_action(found, error)
    return _after_action(found, None)


@bp.post("/seance/<int:session_id>/activites")
@access("user")
def add_activity(session_id: int) -> ResponseReturnValue:
    found = load_session(session_id)
    require_facilitator(found)
    form = ActivityForm()
    if not form.validate_on_submit():
        return _console(found, block="stage", status=422, activity_form=form)
    try:
        created = sessions.add_activity(
            current_user,
            found,
            form.kind.data or "",
            form.title.data or "",
            statement=form.statement.data or "",
            columns=(form.columns.data or "").splitlines(),
            private_writing=bool(form.private_writing.data),
        )
    except DomainError as error:
        db.session.rollback()
        apply_to_form(form, error)
        return _console(found, block="stage", status=422, activity_form=form)
    db.session.commit()
    return _after_action(found, None, created.id)


def _on_activity(activity_id: int, act: Callable[[Activity], object]) -> Response:
    """Load the activity, check the facilitator, run `act` and answer with the console."""
    activity = load_activity(activity_id)
    found = activity.session
    require_facilitator(found)
    try:
        act(activity)
    except DomainError as error:
        return _after_action(found, error, activity.id)
    return _after_action(found, None, activity.id)


@bp.post("/activite/<int:activity_id>/etat")
@access("user")
def activity_status(activity_id: int) -> ResponseReturnValue:
    action = request.form.get("action", "")
    return _on_activity(activity_id, lambda activity: sessions.set_activity_status(current_user, activity, action))


@bp.post("/activite/<int:activity_id>/colonnes")
@access("user")
def add_column(activity_id: int) -> ResponseReturnValue:
    title = request.form.get("title", "")
    return _on_activity(activity_id, lambda activity: wall.add_column(current_user, activity, title))


@bp.post("/activite/<int:activity_id>/groupes")
@access("user")
def add_cluster(activity_id: int) -> ResponseReturnValue:
    column_id, title = request.form.get("column_id", type=int), request.form.get("title", "")
    return _on_activity(activity_id, lambda activity: wall.add_cluster(current_user, activity, column_id, title))


def _note_or_404(note_id: int) -> Any:
    try:
        return wall.get_note(note_id)
    except NotFound:
        abort(404)


def _staff_only_answer(found: AssemblySession, activity_id: int, error: DomainError | None) -> Response:
    """For buttons posted with hx-swap="none": the change reaches the console by its stream;
    errors come back as a flash message in #flash."""
    if error is None:
        db.session.commit()
    else:
        db.session.rollback()
    if not wants_fragment():
        if error is not None:
            for message in error.messages:
                flash(message, "error")
        return redirect_to(url_for("assemblies.console", session_id=found.id, activite=activity_id))
    if error is None:
        return Response(status=204)
    response = render("assemblies/_flash.html", status=422, messages=error.messages)
    response.headers["HX-Retarget"] = "#flash"
    response.headers["HX-Reswap"] = "innerHTML"
    return response


@bp.post("/note/<int:note_id>/deplacer")
@access("user")
def move_note(note_id: int) -> ResponseReturnValue:
    note = _note_or_404(note_id)
    found = note.activity.session
    require_facilitator(found)
    column_raw, _sep, cluster_raw = request.form.get("to", "").partition(":")
    index_raw = request.form.get("index", "").strip()
    error = None
    try:
        if not column_raw.isdigit() or (cluster_raw and not cluster_raw.isdigit()):
            raise DomainError([("to", _("Choisissez où déplacer la note."))])
        if index_raw and not index_raw.isdigit():
            raise DomainError([("index", _("La position est un nombre entier."))])
        index = int(index_raw) - 1 if index_raw else None
        wall.move_note(current_user, note, int(column_raw), int(cluster_raw or 0) or None, index)
    except DomainError as problem:
        error = problem
    return _staff_only_answer(found, note.activity_id, error)


@bp.post("/note/<int:note_id>/moderer")
@access("user")
def moderate_note(note_id: int) -> ResponseReturnValue:
    note = _note_or_404(note_id)
    found = note.activity.session
    require_facilitator(found)
    error = None
    try:
        wall.moderate_note(current_user, note, request.form.get("action", ""))
    except DomainError as problem:
        error = problem
    return _staff_only_answer(found, note.activity_id, error)


@bp.post("/groupe/<int:cluster_id>/deplacer")
@access("user")
def move_cluster(cluster_id: int) -> ResponseReturnValue:
    try:
        cluster = wall.get_cluster(cluster_id)
    except NotFound:
        abort(404)
    activity = cluster.column.activity
    require_facilitator(activity.session)
    error = None
    try:
        wall.move_cluster(current_user, cluster, request.form.get("column_id", type=int))
    except DomainError as problem:
        error = problem
    return _staff_only_answer(activity.session, activity.id, error)


@bp.post("/question/<int:question_id>")
@access("user")
def question_action(question_id: int) -> ResponseReturnValue:
    try:
        question = qa.get_question(question_id)
    except NotFound:
        abort(404)
    activity = qa.activity_of(question)
    found = activity.session
    require_facilitator(found)
    action = request.form.get("action", "")
    error = None
    try:
        if action == "highlight":
            qa.highlight(current_user, question)
        elif action == "answer":
            qa.answer(current_user, question, request.form.get("answer", ""))
        elif action in ("approve", "dismiss"):
            qa.moderate(current_user, question, action, request.form.get("text") if action == "approve" else None)
        else:
            raise DomainError(_("Action inconnue."))
    except DomainError as problem:
        error = problem
    return _staff_only_answer(found, activity.id, error)
