"""The resident's side: the report form (signed in or not, with an optional photo), the thanks
page, "Mes signalements", an item's page with its answers, and its photo."""

from __future__ import annotations

from flask import Response, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_limiter import RequestLimit
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from app.core.errorpages import render_error
from app.core.forms import grouped, pairs
from app.core.htmx import redirect_to, render
from app.core.permissions import access, require
from app.core.responses import attempt, failed, found
from app.extensions import db, limiter
from app.feedback.blueprint import bp
from app.feedback.forms import ReportForm, topic_choices
from app.feedback.permissions import can_view_item, can_work_on
from app.feedback.services import catalog, items, photos
from app.feedback.views.common import item_input, load_item, signed_in_actor
from app.geo.services import quartiers_by_district

REPORTS_PER_HOUR = "20 per hour"


def report_form(**kwargs: object) -> ReportForm:
    form = ReportForm(**kwargs)
    form.topic.choices = topic_choices(catalog.active_services())
    form.quartier_id.choices = [*pairs([("", _("Je ne sais pas / toute la ville"))]), *grouped(quartiers_by_district())]
    if current_user.is_authenticated and request.method == "GET" and current_user.quartier_id:
        form.quartier_id.data = current_user.quartier_id
    return form


def _too_many(_limit: RequestLimit) -> Response:
    form = report_form()
    form.form_errors.append(_("Trop de signalements envoyés d'ici. Réessayez dans une heure."))
    return render("feedback/report.html", block="report_form", status=429, form=form)


@bp.errorhandler(429)
def rate_limited(error: HTTPException) -> ResponseReturnValue:
    """A breached limit answers with the form `_too_many` rendered (the error page otherwise)."""
    return error.response if error.response is not None else render_error(429)


def _submit(form: ReportForm) -> int:
    item = items.report(signed_in_actor(), item_input(form))
    upload = form.photo.data
    if upload and getattr(upload, "filename", ""):
        photos.attach(item, upload.stream)
    return item.id


@bp.route("/", methods=["GET", "POST"])
@access("public")
@limiter.limit(REPORTS_PER_HOUR, methods=["POST"], on_breach=_too_many)
def report() -> ResponseReturnValue:
    form = report_form()
    if form.validate_on_submit() and (outcome := attempt(form, lambda: _submit(form))):
        db.session.commit()
        if current_user.is_authenticated:
            return redirect_to(url_for("feedback.item", item_id=outcome.value, nouveau=1))
        return redirect_to(url_for("feedback.thanks", numero=outcome.value))
    if form.is_submitted():
        return failed("feedback/report.html", block="report_form", form=form)
    return render("feedback/report.html", form=form)


@bp.get("/merci")
@access("public")
def thanks() -> ResponseReturnValue:
    return render("feedback/thanks.html", number=request.args.get("numero", type=int))


@bp.get("/mes-signalements")
@access("user")
def mine() -> ResponseReturnValue:
    return render("feedback/mine.html", items=items.of_author(current_user))


@bp.get("/<int:item_id>")
@access("user")
def item(item_id: int) -> ResponseReturnValue:
    entry = load_item(item_id)
    require(can_view_item(current_user, entry))
    return render(
        "feedback/item.html",
        item=entry,
        case=entry.case,
        may_manage=can_work_on(current_user, entry.service),
        is_new=bool(request.args.get("nouveau")),
    )


@bp.get("/<int:item_id>/photo")
@access("user")
def photo(item_id: int) -> ResponseReturnValue:
    entry = load_item(item_id)
    require(can_view_item(current_user, entry))
    response = send_file(found(photos.path_of, entry), mimetype="image/jpeg", max_age=3600)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
