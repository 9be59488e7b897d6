"""The list of city services, their delays and managers, maintained by admins."""

from __future__ import annotations

from flask import url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.core.htmx import render
from app.core.permissions import access, require
from app.core.responses import attempt, done, failed, found
from app.extensions import db
from app.feedback.blueprint import bp
from app.feedback.forms import ServiceForm
from app.feedback.models import Service
from app.feedback.permissions import can_manage_services
from app.feedback.services import catalog
from app.feedback.views.common import actor


@bp.get("/services")
@access("admin")
def services() -> ResponseReturnValue:
    require(can_manage_services(current_user))
    return render("feedback/services.html", services=catalog.all_services())


def _input(form: ServiceForm) -> catalog.ServiceInput:
    return catalog.ServiceInput(
        name=form.name.data or "",
        slug=form.slug.data or "",
        categories=form.categories.data or "",
        target_days=form.target_days.data,
        urgent_ack_hours=form.urgent_ack_hours.data,
        manager_email=form.manager_email.data or "",
        active=bool(form.active.data),
    )


def _edit(service: Service | None) -> ResponseReturnValue:
    require(can_manage_services(current_user))
    form = ServiceForm(obj=service) if service else ServiceForm()
    if form.validate_on_submit() and attempt(form, lambda: catalog.save_service(actor(), _input(form), service)):
        db.session.commit()
        return done(_("Service enregistré."), url_for("feedback.services"))
    if form.is_submitted():
        return failed("feedback/service_form.html", form=form, service=service)
    return render("feedback/service_form.html", form=form, service=service)


@bp.route("/services/nouveau", methods=["GET", "POST"])
@access("admin")
def new_service() -> ResponseReturnValue:
    return _edit(None)


@bp.route("/services/<int:service_id>", methods=["GET", "POST"])
@access("admin")
def edit_service(service_id: int) -> ResponseReturnValue:
    return _edit(found(catalog.get_service, service_id))
