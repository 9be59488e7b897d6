"""Trackers' pages: the projects someone tracks, and a project's tracking page where they change
status, progress, amounts and dates (one form, one entry in the history), milestones, photos, and
publish updates (followers are mailed after the commit). Trackers need no admin rights: each route
is open to signed-in people and checks `can_track` on the project."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from app.accountability import mails
from app.accountability.blueprint import bp
from app.accountability.forms import ConfirmForm, MilestoneForm, PhotoForm, TrackingForm, UpdateForm
from app.accountability.models import FollowUp, Milestone
from app.accountability.permissions import can_manage, can_track
from app.accountability.services import followups, milestones, photos, satisfaction, updates
from app.accountability.views.common import actor, load_follow_up, today
from app.core.errors import DomainError
from app.core.forms import pairs
from app.core.htmx import render
from app.core.permissions import access, require
from app.core.responses import attempt, done, found, refused
from app.extensions import db


def _tracked(follow_up_id: int) -> FollowUp:
    item = load_follow_up(follow_up_id)
    require(can_track(current_user, item))
    return item


def _milestone_choices(item: FollowUp) -> list[Any]:
    return pairs([("", _("Aucune")), *((m.id, m.title) for m in item.milestones)])


def milestone_form(milestone: Milestone, formdata: Any = None) -> MilestoneForm:
    return MilestoneForm(formdata=formdata, obj=milestone, prefix=f"m{milestone.id}")


# One page holds several forms: each has its prefix, so that no two fields share an id.
def _page(item: FollowUp, status: int = 200, **forms: FlaskForm) -> ResponseReturnValue:
    update_form = forms.pop("update_form", None) or UpdateForm(formdata=None, prefix="update")
    update_form.milestone_id.choices = _milestone_choices(item)
    photo_form = forms.pop("photo_form", None) or PhotoForm(formdata=None, prefix="photo")
    photo_form.milestone_id.choices = _milestone_choices(item)
    edited = forms.pop("edited", None)
    milestone_forms = {
        m.id: edited if edited is not None and edited.meta_id == m.id else milestone_form(m) for m in item.milestones
    }
    return render(
        "accountability/track.html",
        status=status,
        project=item,
        late=item.is_late(today()),
        tracking_form=forms.pop("tracking_form", None) or TrackingForm(formdata=None, obj=item),
        milestone_form=forms.pop("milestone_form", None) or MilestoneForm(formdata=None, prefix="new"),
        milestone_forms=milestone_forms,
        update_form=update_form,
        photo_form=photo_form,
        confirm_form=ConfirmForm(formdata=None),
        may_manage=can_manage(current_user),
    )


@bp.get("/mes-projets")
@access("user")
def my_projects() -> ResponseReturnValue:
    user = current_user
    items = [item for item in followups.all_follow_ups() if can_track(user, item)]
    return render("accountability/mine.html", items=items, day=today())


@bp.get("/projets/<int:follow_up_id>/gestion")
@access("user")
def track_page(follow_up_id: int) -> ResponseReturnValue:
    return _page(_tracked(follow_up_id))


def _back(item: FollowUp) -> str:
    return url_for("accountability.track_page", follow_up_id=item.id)


@bp.post("/projets/<int:follow_up_id>/gestion")
@access("user")
def track(follow_up_id: int) -> ResponseReturnValue:
    item = _tracked(follow_up_id)
    form = TrackingForm()
    if form.validate_on_submit():
        outcome = attempt(form, lambda: followups.track(actor(), item, form.changes(bool(item.children)), today()))
        if outcome:
            db.session.commit()
            satisfaction.deliver_pending()  # a delivery asks the project's people how it turned out
            message = _("Les changements sont enregistrés et publiés.") if outcome.value else _("Rien n'a changé.")
            return done(message, _back(item))
    return _page(item, 422, tracking_form=form)


def _save_milestone(
    item: FollowUp, form: MilestoneForm, save: Callable[[milestones.MilestoneInput], Any], message: str
) -> ResponseReturnValue | None:
    """Validate a milestone form and save it; None when the form must be shown again."""
    if not form.validate_on_submit():
        return None
    data = milestones.MilestoneInput(
        form.title.data or "", form.planned_on.data, form.done_on.data, form.description.data or ""
    )
    if not attempt(form, lambda: save(data)):
        return None
    db.session.commit()
    return done(message, _back(item))


@bp.post("/projets/<int:follow_up_id>/etapes")
@access("user")
def add_milestone(follow_up_id: int) -> ResponseReturnValue:
    item = _tracked(follow_up_id)
    form = MilestoneForm(prefix="new")
    saved = _save_milestone(
        item, form, lambda data: milestones.add_milestone(actor(), item, data), _("L'étape est ajoutée.")
    )
    return saved or _page(item, 422, milestone_form=form)


@bp.post("/etapes/<int:milestone_id>")
@access("user")
def edit_milestone(milestone_id: int) -> ResponseReturnValue:
    milestone = found(milestones.get_milestone, milestone_id)
    item = milestone.follow_up
    require(can_track(current_user, item))
    form = MilestoneForm(prefix=f"m{milestone.id}")
    form.meta_id = milestone.id  # type: ignore[attr-defined]
    saved = _save_milestone(
        item, form, lambda data: milestones.edit_milestone(actor(), milestone, data), _("L'étape est mise à jour.")
    )
    return saved or _page(item, 422, edited=form)


@bp.post("/etapes/<int:milestone_id>/retirer")
@access("user")
def remove_milestone(milestone_id: int) -> ResponseReturnValue:
    milestone = found(milestones.get_milestone, milestone_id)
    item = milestone.follow_up
    require(can_track(current_user, item))
    if ConfirmForm().validate_on_submit():
        milestones.remove_milestone(actor(), milestone)
        db.session.commit()
    return done(_("L'étape est retirée."), _back(item))


@bp.post("/projets/<int:follow_up_id>/actualites")
@access("user")
def post_update(follow_up_id: int) -> ResponseReturnValue:
    item = _tracked(follow_up_id)
    form = UpdateForm(prefix="update")
    form.milestone_id.choices = _milestone_choices(item)
    if form.validate_on_submit():
        upload = form.photo.data
        data = updates.UpdateInput(
            title=form.title.data or "",
            body=form.body.data or "",
            photo=upload.stream if upload and upload.filename else None,
            photo_alt=form.photo_alt.data or "",
            milestone_id=form.milestone_id.data,
        )
        outcome = attempt(form, lambda: updates.post_update(actor(), item, data))
        if outcome:
            db.session.commit()
            sent = mails.notify_followers(outcome.value)
            return done(
                _("L'actualité est publiée ; %(count)s abonné(s) prévenu(s) par courriel.", count=sent),
                url_for("accountability.project", follow_up_id=item.id),
            )
    return _page(item, 422, update_form=form)


@bp.post("/projets/<int:follow_up_id>/photos")
@access("user")
def add_photo(follow_up_id: int) -> ResponseReturnValue:
    item = _tracked(follow_up_id)
    form = PhotoForm(prefix="photo")
    form.milestone_id.choices = _milestone_choices(item)
    if form.validate_on_submit():
        upload = form.photo.data
        milestone = next((m for m in item.milestones if m.id == form.milestone_id.data), None)

        def add() -> Any:
            if not upload or not upload.filename:
                raise DomainError([("photo", _("Choisissez une photo."))])
            return photos.add_photo(actor(), item, upload.stream, form.alt.data or "", milestone=milestone)

        if attempt(form, add):
            db.session.commit()
            return done(_("La photo est ajoutée."), _back(item))
    return _page(item, 422, photo_form=form)


@bp.post("/photos/<int:photo_id>/retirer")
@access("user")
def remove_photo(photo_id: int) -> ResponseReturnValue:
    item = found(photos.get_photo, photo_id)
    project = item.follow_up
    require(can_track(current_user, project))
    if not ConfirmForm().validate_on_submit():
        return refused(DomainError(_("Le formulaire a expiré : recommencez.")), _back(project))
    photos.remove_photo(actor(), item)
    db.session.commit()
    return done(_("La photo est retirée."), _back(project))
