"""The staff side: the service queues with their filters and late items, a case's page with its
actions (criticality, assignment, status, answer, duplicates), and entry of what came by phone, at a
counter, from the field or by post."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import User
from app.accounts.services.registration import normalise_email
from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.forms import grouped, pairs
from app.core.htmx import render
from app.core.permissions import access, require
from app.core.responses import attempt, done, failed, refused
from app.extensions import db
from app.feedback.blueprint import bp
from app.feedback.forms import (
    AnswerForm,
    AssignForm,
    CriticalityForm,
    DuplicateForm,
    QueueForm,
    StaffEntryForm,
    StatusForm,
    topic_choices,
)
from app.feedback.labels import STATUS_LABELS
from app.feedback.models import Item
from app.feedback.permissions import can_record_for_someone, can_work_on
from app.feedback.services import alerts, answers, cases, catalog, items, surveys
from app.feedback.views.common import actor, item_input, load_item
from app.geo.services import quartiers_by_district

PER_PAGE = 30
LATE_SHOWN = 10  # the oldest late cases listed above the queue; the filter shows them all


@bp.get("/file")
@access("staff")
def queue() -> ResponseReturnValue:
    services = catalog.visible_to(actor())
    form = QueueForm(request.args)
    form.service.choices = [*pairs([("", _("Tous mes services"))]), *pairs((s.id, s.name) for s in services)]
    form.quartier.choices = [*pairs([("", _("Tous"))]), *grouped(quartiers_by_district())]
    form.validate()
    chosen = [s.id for s in services if s.id == form.service.data] or [s.id for s in services]
    now = utcnow()
    criteria = cases.QueueFilter(
        service_ids=tuple(chosen),
        status=form.status.data or "open",
        criticality=form.criticality.data or None,
        quartier_id=form.quartier.data if isinstance(form.quartier.data, int) else None,
        assignee_id=current_user.id if form.mine.data else None,
        late_only=bool(form.late.data),
    )
    page = db.paginate(
        cases.queue(criteria, now),
        page=max(request.args.get("page", 1, type=int) or 1, 1),
        per_page=PER_PAGE,
        error_out=False,
    )
    late = alerts.late_cases(now, chosen, limit=LATE_SHOWN) if chosen else []
    query = {key: value for key, value in request.args.items() if key != "page" and value}
    return render(
        "feedback/queue.html",
        block="results",
        form=form,
        page=page,
        query=query,
        services=services,
        late=late,
        late_count=alerts.late_count(now, chosen) if chosen else 0,
        lateness={item.id: alerts.lateness(item, now) for item in page.items},
        may_record=can_record_for_someone(current_user),
    )


def _manage_context(item: Item, **extra: Any) -> dict[str, Any]:
    case = item.case
    assign_form = AssignForm(formdata=None, assignee_id=case.assignee_id)
    assign_form.assignee_id.choices = [
        *pairs([("", _("Personne"))]),
        *pairs((user.id, user.public_name) for user in cases.staff_of(case.service)),
    ]
    status_form = StatusForm(formdata=None)
    status_form.status.choices = pairs((key, STATUS_LABELS[key]) for key in cases.NEXT_STATUSES[case.status])
    context: dict[str, Any] = {
        "item": item,
        "case": case,
        "members": cases.members(case),
        "reach": {member.id: items.reach(member) for member in cases.members(case)},
        "lateness": alerts.lateness(case, utcnow()),
        "criticality_form": CriticalityForm(formdata=None, criticality=case.criticality),
        "assign_form": assign_form,
        "status_form": status_form,
        "answer_form": AnswerForm(formdata=None),
        "duplicate_form": DuplicateForm(formdata=None),
        "similar": cases.similar(case),
        "notice": None,
    }
    context.update(extra)
    return context


def _load_case(item_id: int) -> Item:
    item = load_item(item_id)
    require(can_work_on(current_user, item.service))
    return item


@bp.get("/traiter/<int:item_id>")
@access("staff")
def manage(item_id: int) -> ResponseReturnValue:
    return render("feedback/manage.html", **_manage_context(_load_case(item_id)))


def _manage_url(item: Item) -> str:
    return url_for("feedback.manage", item_id=item.case.id)


@bp.post("/traiter/<int:item_id>/criticite")
@access("staff")
def set_criticality(item_id: int) -> ResponseReturnValue:
    item = _load_case(item_id)
    form = CriticalityForm()
    if form.validate_on_submit() and attempt(form, lambda: cases.set_criticality(actor(), item, form.criticality.data)):
        db.session.commit()
        return done(_("Criticité enregistrée."), _manage_url(item))
    return failed("feedback/manage.html", **_manage_context(item, criticality_form=form))


@bp.post("/traiter/<int:item_id>/attribuer")
@access("staff")
def assign(item_id: int) -> ResponseReturnValue:
    item = _load_case(item_id)
    form = AssignForm()
    assignee_id = form.assignee_id.data if isinstance(form.assignee_id.data, int) else None
    assignee = db.session.get(User, assignee_id) if assignee_id else None
    if form.validate_on_submit() and attempt(form, lambda: cases.assign(actor(), item, assignee)):
        db.session.commit()
        return done(_("Attribution enregistrée."), _manage_url(item))
    return failed("feedback/manage.html", **_manage_context(item, assign_form=form))


@bp.post("/traiter/<int:item_id>/etat")
@access("staff")
def change_status(item_id: int) -> ResponseReturnValue:
    item = _load_case(item_id)
    form = StatusForm()
    form.status.choices = pairs((key, STATUS_LABELS[key]) for key in cases.NEXT_STATUSES[item.case.status])

    def change() -> list[Any]:
        cases.change_status(actor(), item, form.status.data or "", form.reason.data or "")
        # A resolved case asks its reporters how it went.
        return surveys.for_resolved_case(actor(), item) if item.case.status == "resolved" else []

    if form.validate_on_submit() and (outcome := attempt(form, change)):
        db.session.commit()
        surveys.deliver(outcome.value)
        return done(_("État enregistré."), _manage_url(item))
    return failed("feedback/manage.html", **_manage_context(item, status_form=form))


@bp.post("/traiter/<int:item_id>/repondre")
@access("staff")
def answer(item_id: int) -> ResponseReturnValue:
    item = _load_case(item_id)
    form = AnswerForm()
    if form.validate_on_submit() and (
        outcome := attempt(form, lambda: answers.answer(actor(), item, form.body.data or ""))
    ):
        db.session.commit()
        sent = answers.notify(outcome.value)
        message = _("Réponse enregistrée, envoyée par courriel à %(count)s personne(s).", count=sent)
        return done(message, _manage_url(item))
    return failed("feedback/manage.html", **_manage_context(item, answer_form=form))


@bp.post("/traiter/<int:item_id>/doublon")
@access("staff")
def link_duplicate(item_id: int) -> ResponseReturnValue:
    item = _load_case(item_id)
    form = DuplicateForm()

    def link() -> Item:
        if form.primary_id.data is None:
            raise DomainError([("primary_id", _("Indiquez le numéro du signalement principal."))])
        primary = db.session.get(Item, form.primary_id.data)
        if primary is None or not can_work_on(current_user, primary.service):
            raise DomainError([("primary_id", _("Aucun signalement de votre service ne porte ce numéro."))])
        cases.link_duplicate(actor(), item, primary)
        return primary.case

    if form.validate_on_submit() and (outcome := attempt(form, link)):
        db.session.commit()
        return done(_("Signalement lié au dossier n° %(number)s.", number=outcome.value.id), _manage_url(outcome.value))
    return failed("feedback/manage.html", **_manage_context(item, duplicate_form=form))


@bp.post("/traiter/<int:item_id>/delier")
@access("staff")
def unlink_duplicate(item_id: int) -> ResponseReturnValue:
    item = _load_case(item_id)
    try:
        cases.unlink_duplicate(actor(), item)
    except DomainError as error:
        return refused(error, _manage_url(item))
    db.session.commit()
    return done(_("Signalement retiré du dossier : c'est de nouveau un dossier à part."), _manage_url(item))


def _entry_form(**kwargs: Any) -> StaffEntryForm:
    form = StaffEntryForm(**kwargs)
    form.topic.choices = topic_choices(catalog.active_services())
    form.quartier_id.choices = [*pairs([("", _("Inconnu / toute la ville"))]), *grouped(quartiers_by_district())]
    return form


def _record(form: StaffEntryForm) -> Item:
    resident = None
    if form.resident_email.data:
        resident = db.session.scalar(sa.select(User).where(User.email == normalise_email(form.resident_email.data)))
        if resident is None or resident.is_erased:
            raise DomainError(
                [("resident_email", _("Aucun compte n'a cette adresse : laissez vide et notez le contact."))]
            )
    data = item_input(
        form,
        contact_phone=form.contact_phone.data or "",
        contact_postal=form.contact_postal.data or "",
        answer_by=form.answer_by.data or "email",
        channel=form.channel.data or "",
    )
    return items.record(actor(), data, resident)


@bp.route("/saisie", methods=["GET", "POST"])
@access("staff")
def record() -> ResponseReturnValue:
    require(can_record_for_someone(current_user))
    form = _entry_form()
    if form.validate_on_submit() and (outcome := attempt(form, lambda: _record(form))):
        db.session.commit()
        item = outcome.value
        message = _("Signalement n° %(number)s enregistré.", number=item.id)
        if can_work_on(current_user, item.service):
            return done(message, url_for("feedback.manage", item_id=item.id))
        return done(message, url_for("feedback.record"))
    if form.is_submitted():
        return failed("feedback/record.html", form=form)
    return render("feedback/record.html", form=form)
