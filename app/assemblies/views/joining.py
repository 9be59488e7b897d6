"""Joining a session: by its short code, or from the QR code's page, with an account or a pseudonym."""

from __future__ import annotations

from flask import Response, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.assemblies import broadcast
from app.assemblies.blueprint import bp
from app.assemblies.forms import CodeForm, JoinForm
from app.assemblies.models import AssemblySession, Participant
from app.assemblies.services import sessions
from app.assemblies.views import pages
from app.assemblies.views.context import commit_keeping_loaded, holds_cookie_token, participant_for, remember
from app.assemblies.views.room import room_facts, room_page, shared_room
from app.core.errors import DomainError, NotFound, apply_to_form
from app.core.htmx import redirect_to, render, wants_fragment
from app.core.live import latest_id
from app.core.permissions import access
from app.extensions import db, login_manager


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
    page = shared_room(lambda: participant.session, known.room, participant, None, after)
    return _swapped_in(page, room_url)


def _entered(found: AssemblySession, participant: Participant, room_url: str, after: int) -> Response:
    """htmx's answer to joining: the room's whole page, swapped into the join page's body at the
    room's address, rather than a redirect that the phone would follow with one more request
    (the join page loads the room's scripts for this). Its stream starts after the version drawn."""
    return _swapped_in(room_page(found, participant, block=None, after=after), room_url)


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


def _join_page(found: AssemblySession, form: JoinForm, status: int) -> Response:
    return render("assemblies/join.html", block="join", status=status, session=found, form=form)
