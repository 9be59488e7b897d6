"""The public directory of councils and CIQ, a body's page, its calendar, and creating or
editing a body."""

from __future__ import annotations

from typing import Any

from flask import Response, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.core.db import utcnow
from app.core.forms import grouped, pairs, to_local
from app.core.htmx import render
from app.core.permissions import access, require
from app.core.responses import attempt, done, failed
from app.councils.blueprint import bp
from app.councils.forms import BodyForm, JoinForm, SearchForm
from app.councils.models import Body
from app.councils.permissions import can_edit_body, can_manage_bodies, can_moderate
from app.councils.services import actions, bodies, memberships, motions, sessions
from app.councils.services.calendar import calendar
from app.councils.views.common import actor, load_body
from app.extensions import db
from app.geo.services import quartiers_by_district

PER_PAGE = 24


def _search_form() -> SearchForm:
    form = SearchForm(request.args)
    form.district.choices = pairs([("", _("Tous")), *((d.id, d.name) for d in bodies.districts())])
    form.quartier.choices = [*pairs([("", _("Tous"))]), *grouped(quartiers_by_district())]
    return form


@bp.get("/")
@access("public")
def index() -> ResponseReturnValue:
    form = _search_form()
    form.validate()
    mine = request.args.get("mine") == "1"
    home_quartier = getattr(current_user, "quartier", None) if current_user.is_authenticated else None
    criteria = bodies.Search(
        text=(form.q.data or "").strip() if not form.q.errors else "",
        kind=form.kind.data or None,
        district_id=form.district.data if isinstance(form.district.data, int) else None,
        quartier_id=home_quartier.id
        if mine and home_quartier
        else (form.quartier.data if isinstance(form.quartier.data, int) else None),
    )
    page = db.paginate(
        bodies.search(criteria),
        page=max(request.args.get("page", 1, type=int) or 1, 1),
        per_page=PER_PAGE,
        error_out=False,
    )
    query = {key: value for key, value in request.args.items() if key != "page" and value}
    return render(
        "councils/index.html",
        block="results",
        form=form,
        page=page,
        query=query,
        counts=bodies.member_counts(list(page.items)),
        mine=mine,
        home_quartier=home_quartier,
        covering=bodies.covering(home_quartier.id) if home_quartier else [],
        moderated=bodies.moderated_by(current_user),
        can_create=can_manage_bodies(current_user),
    )


def body_context(body: Body, **extra: Any) -> dict[str, Any]:
    now = utcnow()
    membership = memberships.membership_of(current_user, body)
    context: dict[str, Any] = {
        "body": body,
        "membership": membership,
        "members": memberships.active_members(body),
        "upcoming": sessions.upcoming(body, now),
        "past": sessions.past(body, now)[:12],
        "decisions": motions.decisions(body)[:12],
        "open_actions": actions.open_actions(body),
        "closed_actions": actions.closed_actions(body, 10),
        "today": to_local(now).date(),
        "can_moderate": can_moderate(current_user, body),
        "pending_count": len(memberships.pending_requests(body)) if can_moderate(current_user, body) else 0,
        "join_form": JoinForm(formdata=None),
        "notice": None,
        "errors": [],
    }
    context.update(extra)
    return context


@bp.get("/<slug>")
@access("public")
def body(slug: str) -> ResponseReturnValue:
    return render("councils/body.html", **body_context(load_body(slug)))


@bp.get("/<slug>/calendrier.ics")
@access("public")
def body_ics(slug: str) -> ResponseReturnValue:
    item = load_body(slug)
    shown = [s for s in item.sessions if s.status != "cancelled" or s.starts_at >= utcnow()]
    data = calendar(
        shown,
        lambda s: url_for("councils.session", session_id=s.id, _external=True),
        request.host.split(":")[0] or "parvis",
        item.name,
    )
    return _ics_response(data, f"{item.slug}.ics")


def _ics_response(data: bytes, filename: str) -> Response:
    response = Response(data, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _body_form(**kwargs: Any) -> BodyForm:
    form = BodyForm(**kwargs)
    form.quartier_ids.choices = grouped(quartiers_by_district())
    return form


def _body_input(form: BodyForm) -> bodies.BodyInput:
    return bodies.BodyInput(
        name=form.name.data or "",
        kind=form.kind.data or "",
        purpose=form.purpose.data or "",
        joining=form.joining.data or "",
        contact_email=form.contact_email.data or "",
        quartier_ids=list(form.quartier_ids.data or []),
    )


@bp.route("/nouvelle", methods=["GET", "POST"])
@access("staff")
def new_body() -> ResponseReturnValue:
    require(can_manage_bodies(current_user))
    form = _body_form()
    if form.validate_on_submit():
        outcome = attempt(form, lambda: bodies.create_body(actor(), _body_input(form)))
        if outcome:
            created = outcome.value
            db.session.commit()
            return done(_("L'instance est créée."), url_for("councils.body", slug=created.slug))
        return failed("councils/body_form.html", None, form=form, body=None, may_change_cover=True)
    return render("councils/body_form.html", form=form, body=None, may_change_cover=True)


@bp.route("/<slug>/modifier", methods=["GET", "POST"])
@access("user")
def edit_body(slug: str) -> ResponseReturnValue:
    item = load_body(slug)
    require(can_edit_body(current_user, item))
    may_change_cover = can_manage_bodies(current_user)
    if request.method == "GET":
        form = _body_form(obj=item)
        form.quartier_ids.data = [q.id for q in item.quartiers]
        return render("councils/body_form.html", form=form, body=item, may_change_cover=may_change_cover)
    form = _body_form()
    if form.validate_on_submit() and attempt(
        form, lambda: bodies.update_body(actor(), item, _body_input(form), may_change_cover=may_change_cover)
    ):
        db.session.commit()
        return done(_("Les informations de l'instance sont enregistrées."), url_for("councils.body", slug=item.slug))
    return failed("councils/body_form.html", None, form=form, body=item, may_change_cover=may_change_cover)
