"""A session's public page, planning it (date, place, seats, agenda, documents), moving or
cancelling it (members are told by mail), registrations and the calendar file."""

from __future__ import annotations

from typing import Any

from flask import Response, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.core.db import utcnow
from app.core.errors import DomainError, apply_to_form
from app.core.forms import to_local, to_utc
from app.core.htmx import render
from app.core.permissions import access, require
from app.core.responses import attempt, done, failed, found
from app.councils import mails
from app.councils.blueprint import bp
from app.councils.forms import AgendaItemForm, CancelForm, DocumentForm, SessionForm
from app.councils.models import Body, Session
from app.councils.permissions import can_moderate, can_read_minutes, can_run_session
from app.councils.services import actions, agenda, documents, live, motions, sessions
from app.councils.services.calendar import calendar
from app.councils.views.common import actor, commit, load_body, load_session
from app.councils.views.directory import _ics_response
from app.extensions import db

PAGE = "councils/session.html"
PREPARE = "councils/session_form.html"


def _url(session: Session) -> str:
    return url_for("councils.session", session_id=session.id)


def session_context(session: Session, **extra: Any) -> dict[str, Any]:
    user = current_user
    registration = sessions.registration_of(user, session)
    waiting = sessions.waiting_list(session)
    context: dict[str, Any] = {
        "session": session,
        "body": session.body,
        "registration": registration,
        "waiting_rank": next(
            (i for i, r in enumerate(waiting, start=1) if registration and r.id == registration.id), None
        ),
        "seats_taken": sessions.seats_taken(session),
        "waiting_count": len(waiting),
        "can_run": can_run_session(user, session),
        "can_read_minutes": can_read_minutes(user, session),
        "carried": actions.carried_into(session),
        "decided_actions": actions.decided_in(session),
        "may_raise_hand": live.may_raise_hand(user, session),
        "hand": live.hand_of(user, session),
        "queue": live.queue(session) if session.is_live else [],
        "present": live.is_present(user, session),
        "voted": {
            m.id: motions.has_voted(user, m) for m in session.motions if m.status == "voting" and user.is_authenticated
        },
        "planned_minutes": agenda.planned_minutes(session),
        "now": utcnow(),
        "notice": None,
        "errors": [],
    }
    context.update(extra)
    return context


@bp.get("/seances/<int:session_id>")
@access("public")
def session(session_id: int) -> ResponseReturnValue:
    return render(PAGE, **session_context(load_session(session_id)))


@bp.get("/seances/<int:session_id>/seance.ics")
@access("public")
def session_ics(session_id: int) -> ResponseReturnValue:
    item = load_session(session_id)
    data = calendar(
        [item],
        lambda s: url_for("councils.session", session_id=s.id, _external=True),
        request.host.split(":")[0] or "parvis",
        item.body.name,
    )
    return _ics_response(data, f"seance-{item.id}.ics")


# Planning ---------------------------------------------------------------------------------------


def _session_input(form: SessionForm) -> sessions.SessionInput:
    assert form.starts_at.data is not None and form.ends_at.data is not None
    return sessions.SessionInput(
        title=form.title.data or "",
        starts_at=to_utc(form.starts_at.data),
        ends_at=to_utc(form.ends_at.data),
        mode=form.mode.data or "",
        place=form.place.data or "",
        online_url=form.online_url.data or "",
        seat_limit=form.seat_limit.data,
        description=form.description.data or "",
    )


def prepare_context(body: Body, session: Session | None, **extra: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "body": body,
        "session": session,
        "form": extra.pop("form", None),
        "item_form": AgendaItemForm(formdata=None),
        "document_form": DocumentForm(formdata=None),
        "cancel_form": CancelForm(formdata=None),
        "notice": None,
        "errors": [],
    }
    if context["form"] is None:
        if session is None:
            context["form"] = SessionForm(formdata=None)
        else:
            form = SessionForm(formdata=None, obj=session)
            form.starts_at.data = to_local(session.starts_at)
            form.ends_at.data = to_local(session.ends_at)
            context["form"] = form
    context.update(extra)
    return context


@bp.route("/<slug>/seances/nouvelle", methods=["GET", "POST"])
@access("user")
def new_session(slug: str) -> ResponseReturnValue:
    body = load_body(slug)
    require(can_moderate(current_user, body))
    form = SessionForm()
    if request.method == "POST":
        if form.validate_on_submit():
            outcome = attempt(form, lambda: sessions.create_session(actor(), body, _session_input(form)))
            if outcome:
                created = outcome.value
                db.session.commit()
                sent = mails.notify_members(created, "announced")
                return done(
                    _(
                        "La séance est créée ; %(count)s membre(s) prévenu(s) par e-mail. "
                        "Préparez maintenant son ordre du jour.",
                        count=sent,
                    ),
                    url_for("councils.prepare_session", session_id=created.id),
                )
        return failed(PREPARE, None, **prepare_context(body, None, form=form))
    return render(PREPARE, **prepare_context(body, None, form=SessionForm(formdata=None)))


@bp.route("/seances/<int:session_id>/preparer", methods=["GET", "POST"])
@access("user")
def prepare_session(session_id: int) -> ResponseReturnValue:
    item = load_session(session_id)
    require(can_run_session(current_user, item))
    if request.method == "GET":
        return render(PREPARE, **prepare_context(item.body, item))
    form = SessionForm()
    if form.validate_on_submit():
        outcome = attempt(form, lambda: sessions.update_session(actor(), item, _session_input(form)))
        if outcome:
            moved = outcome.value
            commit(item)
            if moved and item.status == "planned":
                sent = mails.notify_members(item, "moved")
                message = _("La séance est déplacée ; %(count)s membre(s) prévenu(s) par e-mail.", count=sent)
            else:
                message = _("La séance est enregistrée.")
            return done(
                message,
                url_for("councils.prepare_session", session_id=item.id),
                PREPARE,
                "details",
                **prepare_context(item.body, item),
            )
    return failed(PREPARE, "details", **prepare_context(item.body, item, form=form))


@bp.post("/seances/<int:session_id>/annuler")
@access("user")
def cancel_session(session_id: int) -> ResponseReturnValue:
    item = load_session(session_id)
    require(can_run_session(current_user, item))
    form = CancelForm()
    if form.validate_on_submit() and attempt(
        form, lambda: sessions.cancel_session(actor(), item, form.reason.data or "")
    ):
        commit(item)
        sent = mails.notify_members(item, "cancelled")
        return done(_("La séance est annulée ; %(count)s membre(s) prévenu(s) par e-mail.", count=sent), _url(item))
    return failed(PREPARE, "cancel", **prepare_context(item.body, item, cancel_form=form))


@bp.post("/seances/<int:session_id>/ordre-du-jour")
@access("user")
def add_item(session_id: int) -> ResponseReturnValue:
    item = load_session(session_id)
    require(can_run_session(current_user, item))
    form = AgendaItemForm()
    if form.validate_on_submit() and attempt(
        form,
        lambda: agenda.add_item(item, form.title.data or "", form.duration_minutes.data, form.description.data or ""),
    ):
        commit(item)
        return done(
            _("Point ajouté à l'ordre du jour."),
            url_for("councils.prepare_session", session_id=item.id),
            PREPARE,
            "agenda",
            **prepare_context(item.body, item),
        )
    return failed(PREPARE, "agenda", **prepare_context(item.body, item, item_form=form))


@bp.post("/seances/<int:session_id>/ordre-du-jour/<int:item_id>/<any(monter,descendre,retirer):move>")
@access("user")
def change_item(session_id: int, item_id: int, move: str) -> ResponseReturnValue:
    item = load_session(session_id)
    require(can_run_session(current_user, item))
    point = found(agenda.get_item, item, item_id)
    try:
        if move == "retirer":
            agenda.remove_item(item, point)
        else:
            agenda.move_item(item, point, -1 if move == "monter" else 1)
    except DomainError as error:
        db.session.rollback()
        return failed(PREPARE, "agenda", **prepare_context(item.body, item, errors=error.messages))
    commit(item)
    message = _("Point retiré.") if move == "retirer" else _("Ordre du jour modifié.")
    return done(
        message,
        url_for("councils.prepare_session", session_id=item.id),
        PREPARE,
        "agenda",
        **prepare_context(item.body, item),
    )


# Documents --------------------------------------------------------------------------------------


@bp.post("/seances/<int:session_id>/documents")
@access("user")
def add_document(session_id: int) -> ResponseReturnValue:
    item = load_session(session_id)
    require(can_run_session(current_user, item))
    form = DocumentForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            if upload is None or not getattr(upload, "filename", ""):
                raise DomainError([("file", _("Choisissez un fichier."))])
            documents.attach(actor(), item, form.title.data or "", upload.stream)
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            commit(item)
            return done(_("Document ajouté."), url_for("councils.prepare_session", session_id=item.id))
    return failed(PREPARE, None, **prepare_context(item.body, item, document_form=form))


@bp.get("/documents/<int:document_id>")
@access("public")
def document(document_id: int) -> ResponseReturnValue:
    doc = found(documents.get_document, document_id)
    path = found(documents.path_of, doc)
    inline = doc.content_type != "application/pdf" or request.args.get("voir") == "1"
    response: Response = send_file(
        path,
        mimetype=doc.content_type,
        as_attachment=not inline,
        download_name=documents.download_name(doc),
        max_age=3600,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.post("/documents/<int:document_id>/retirer")
@access("user")
def remove_document(document_id: int) -> ResponseReturnValue:
    doc = found(documents.get_document, document_id)
    item = doc.session
    require(can_run_session(current_user, item))
    documents.remove(actor(), doc)
    commit(item)
    return done(_("Document retiré."), url_for("councils.prepare_session", session_id=item.id))


# Registrations ----------------------------------------------------------------------------------


@bp.post("/seances/<int:session_id>/inscription")
@access("user")
def register(session_id: int) -> ResponseReturnValue:
    item = load_session(session_id)
    try:
        registration = sessions.register(actor(), item)
    except DomainError as error:
        db.session.rollback()
        return failed(PAGE, "registration", **session_context(item, errors=error.messages))
    commit(item)
    message = (
        _("Vous êtes inscrit·e.")
        if registration.status == "registered"
        else _("La séance est complète : vous êtes sur la liste d'attente et serez inscrit·e si une place se libère.")
    )
    return done(message, _url(item), PAGE, "registration", **session_context(item))


@bp.post("/seances/<int:session_id>/desinscription")
@access("user")
def unregister(session_id: int) -> ResponseReturnValue:
    item = load_session(session_id)
    try:
        sessions.unregister(actor(), item)
    except DomainError as error:
        db.session.rollback()
        return failed(PAGE, "registration", **session_context(item, errors=error.messages))
    commit(item)
    return done(_("Votre inscription est annulée."), _url(item), PAGE, "registration", **session_context(item))
