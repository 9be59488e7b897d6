"""Staff's pages: add a project funded outside the participatory budget (or a sub-project), name and
remove trackers, and update many projects at once from a CSV file (all or nothing). Trackers may use
the CSV import too, for the projects they track."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.accountability.blueprint import bp
from app.accountability.forms import STATUS_LABELS, ConfirmForm, CsvForm, ProjectForm, TrackerForm
from app.accountability.permissions import can_manage, can_track
from app.accountability.services import csv_import, followups, satisfaction, trackers
from app.accountability.services.csv_import import ImportRejected
from app.accountability.views.common import actor, today
from app.budgets.services import editions
from app.core.errors import DomainError
from app.core.forms import grouped, pairs
from app.core.htmx import render
from app.core.permissions import access, require
from app.core.responses import attempt, done, found, refused
from app.extensions import db
from app.geo.services import quartiers_by_district


def _project_form(formdata: Any = "default") -> ProjectForm:
    form = ProjectForm() if formdata == "default" else ProjectForm(formdata=formdata)
    form.quartier_id.choices = [*pairs([("", _("Toute la ville"))]), *grouped(quartiers_by_district())]
    return form


@bp.route("/nouveau", methods=["GET", "POST"])
@access("staff")
def new_project() -> ResponseReturnValue:
    require(can_manage(current_user))
    form = _project_form()
    if not form.is_submitted():
        form.parent_id.data = request.args.get("parent", type=int)
    if form.validate_on_submit():
        outcome = attempt(form, lambda: followups.create_project(actor(), form.to_input()))
        if outcome:
            db.session.commit()
            return done(
                _("Le projet est ajouté au suivi."),
                url_for("accountability.track_page", follow_up_id=outcome.value.id),
            )
        return render("accountability/project_form.html", status=422, form=form)
    status = 422 if form.is_submitted() else 200
    return render("accountability/project_form.html", status=status, form=form)


def _scope_choices() -> list[Any]:
    projects = followups.all_follow_ups()
    return [
        *pairs([("", _("Choisir…"))]),
        *grouped(
            [
                (_("Toute une édition"), [(e.slug, e.title) for e in editions.all_editions()]),
                (_("Un projet"), [(trackers.scope_of(p), f"n° {p.id} — {p.title}") for p in projects]),
            ]
        ),
    ]


def _trackers_page(form: TrackerForm, status: int = 200) -> ResponseReturnValue:
    form.scope.choices = _scope_choices()
    return render(
        "accountability/trackers.html",
        status=status,
        form=form,
        grants=trackers.grants(),
        confirm_form=ConfirmForm(formdata=None),
    )


@bp.get("/responsables")
@access("staff")
def trackers_page() -> ResponseReturnValue:
    require(can_manage(current_user))
    return _trackers_page(TrackerForm(formdata=None))


@bp.post("/responsables")
@access("staff")
def name_tracker() -> ResponseReturnValue:
    require(can_manage(current_user))
    form = TrackerForm()
    form.scope.choices = _scope_choices()
    if form.validate_on_submit() and attempt(
        form, lambda: trackers.name_tracker(actor(), form.email.data or "", form.scope.data or "")
    ):
        db.session.commit()
        return done(_("Le rôle de suivi est accordé."), url_for("accountability.trackers_page"))
    return _trackers_page(form, 422)


@bp.post("/responsables/<int:grant_id>/retirer")
@access("staff")
def remove_tracker(grant_id: int) -> ResponseReturnValue:
    require(can_manage(current_user))
    grant = found(trackers.get_grant, grant_id)
    back = url_for("accountability.trackers_page")
    if not ConfirmForm().validate_on_submit():
        return refused(DomainError(_("Le formulaire a expiré : recommencez.")), back)
    try:
        trackers.remove_tracker(actor(), grant)
    except DomainError as error:
        return refused(error, back)
    db.session.commit()
    return done(_("Le rôle de suivi est retiré."), back)


def _import_page(form: CsvForm, status: int = 200, **context: Any) -> ResponseReturnValue:
    return render(
        "accountability/import.html", status=status, form=form, columns=csv_import.COLUMNS, labels=STATUS_LABELS,
        **context,
    )  # fmt: skip


@bp.route("/import", methods=["GET", "POST"])
@access("user")
def import_csv() -> ResponseReturnValue:
    user = current_user  # each row is checked against what this person tracks: no project, no change
    form = CsvForm()
    if not form.validate_on_submit():
        return _import_page(form, 422 if form.is_submitted() else 200)
    upload = form.file.data
    if not upload or not upload.filename:
        form.file.errors = [_("Choisissez un fichier CSV.")]
        return _import_page(form, 422)
    data = upload.stream.read(csv_import.MAX_BYTES + 1)
    labels = {key: str(label) for key, label in STATUS_LABELS.items()}
    try:
        report = csv_import.import_file(actor(), data, lambda item: can_track(user, item), labels, today())
    except ImportRejected as rejected:
        db.session.rollback()
        return _import_page(form, 422, rejected=rejected.rows)
    except DomainError as error:
        db.session.rollback()
        form.file.errors = error.messages
        return _import_page(form, 422)
    db.session.commit()
    satisfaction.deliver_pending()  # projects the file marked delivered: their surveys go out now
    return done(
        _("Fichier appliqué : %(rows)s ligne(s) lue(s), %(changed)s projet(s) modifié(s).",
          rows=report.rows, changed=report.changed),
        url_for("accountability.import_csv"),
    )  # fmt: skip
