"""Public pages: the overview of every funded project (filters, late flag, totals, map and its list),
a project's page (milestones, updates, photos, sub-projects, history, ratings), its photos, and
what a signed-in resident does there: follow it, rate it once delivered."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.accountability.blueprint import bp
from app.accountability.forms import STATUS_LABELS, ConfirmForm, FilterForm, RatingForm, theme_choices
from app.accountability.models import STATUSES, FollowUp
from app.accountability.permissions import can_follow, can_rate, can_track
from app.accountability.services import follows, history, overview, photos, ratings
from app.accountability.views.common import actor, load_follow_up, today
from app.budgets.services import editions
from app.core.forms import grouped, labelled, pairs
from app.core.htmx import render
from app.core.permissions import access, require
from app.core.responses import attempt, done, found
from app.extensions import db
from app.geo.models import District
from app.geo.services import quartiers_by_district


def _filter_form() -> FilterForm:
    form = FilterForm(request.args)
    form.edition.choices = pairs([("", _("Toutes")), *((e.id, e.title) for e in editions.all_editions())])
    districts = db.session.scalars(sa.select(District).order_by(District.number))
    form.arrondissement.choices = pairs([("", _("Tous")), *((d.id, d.name) for d in districts)])
    form.quartier.choices = [*pairs([("", _("Tous"))]), *grouped(quartiers_by_district())]
    form.theme.choices = theme_choices(_("Tous"))
    form.status.choices = [*pairs([("", _("Tous"))]), *labelled(STATUS_LABELS, STATUSES)]
    form.validate()
    return form


def _id(field: Any) -> int | None:
    return field.data if isinstance(field.data, int) and not field.errors else None


def _shapes(view: overview.Overview, query: dict[str, str]) -> list[dict[str, Any]]:
    most = max((place.count for place in view.places), default=0)
    return [
        {
            "slug": place.quartier.slug,
            "label": _("%(quartier)s : %(count)s projet(s)", quartier=place.quartier.name, count=place.count),
            "url": url_for("accountability.index", **{**query, "quartier": place.quartier.id}),
            "level": overview.map_level(place.count, most),
        }
        for place in view.places
    ]


@bp.get("/")
@access("public")
def index() -> ResponseReturnValue:
    form = _filter_form()
    filters = overview.Filters(
        edition_id=_id(form.edition),
        district_id=_id(form.arrondissement),
        quartier_id=_id(form.quartier),
        theme=form.theme.data or "",
        status=form.status.data if form.status.data in STATUSES else "",
        late=bool(form.late.data),
    )
    view = overview.overview(filters, today())
    query = {key: value for key, value in request.args.items() if value and key != "quartier"}
    return render(
        "accountability/index.html",
        block="results",
        form=form,
        view=view,
        shapes=_shapes(view, query),
        can_manage_any=can_track_any(),
    )


def can_track_any() -> bool:
    """Whether the visitor has a tracker's page to go to (the link to "my projects")."""
    user = current_user
    return bool(getattr(user, "is_authenticated", False)) and (
        bool(getattr(user, "is_staff", False) or getattr(user, "is_admin", False)) or user.has_role("tracker")
    )


def _project_page(item: FollowUp, status: int = 200, rating_form: RatingForm | None = None) -> ResponseReturnValue:
    user = current_user
    mine = ratings.rating_of(user, item)
    if rating_form is None:
        rating_form = RatingForm(formdata=None, obj=mine)
    listed = ratings.ratings(item)
    return render(
        "accountability/project.html",
        status=status,
        project=item,
        late=item.is_late(today()),
        events=history.history(item),
        following=follows.is_following(user, item),
        followers=follows.follower_count(item),
        may_follow=can_follow(user),
        may_track=can_track(user, item),
        may_rate=can_rate(user, item),
        rating_form=rating_form,
        my_rating=mine,
        ratings=listed,
        rating_summary=ratings.summary(listed),
        confirm_form=ConfirmForm(formdata=None),
    )


@bp.get("/projets/<int:follow_up_id>")
@access("public")
def project(follow_up_id: int) -> ResponseReturnValue:
    return _project_page(load_follow_up(follow_up_id))


@bp.get("/photos/<int:photo_id>")
@access("public")
def photo(photo_id: int) -> ResponseReturnValue:
    item = found(photos.get_photo, photo_id)
    response = send_file(found(photos.path_of, item), mimetype=item.content_type, max_age=3600)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _following(follow_up_id: int, on: bool) -> ResponseReturnValue:
    """Follow or stop following: the follow block for htmx, the page again for a plain form."""
    item = load_follow_up(follow_up_id)
    require(can_follow(current_user))
    if ConfirmForm().validate_on_submit():
        (follows.follow if on else follows.unfollow)(actor(), item)
        db.session.commit()
    message = (
        _("Vous suivez ce projet : chaque actualité vous sera envoyée par courriel.")
        if on
        else _("Vous ne suivez plus ce projet.")
    )
    return done(
        message,
        url_for("accountability.project", follow_up_id=item.id),
        "accountability/project.html",
        "follow",
        project=item,
        following=on,
        may_follow=True,
        confirm_form=ConfirmForm(formdata=None),
        followers=follows.follower_count(item),
    )


@bp.post("/projets/<int:follow_up_id>/suivre")
@access("user")
def follow(follow_up_id: int) -> ResponseReturnValue:
    return _following(follow_up_id, True)


@bp.post("/projets/<int:follow_up_id>/ne-plus-suivre")
@access("user")
def unfollow(follow_up_id: int) -> ResponseReturnValue:
    return _following(follow_up_id, False)


@bp.post("/projets/<int:follow_up_id>/avis")
@access("user")
def rate(follow_up_id: int) -> ResponseReturnValue:
    item = load_follow_up(follow_up_id)
    require(can_rate(current_user, item))
    form = RatingForm()
    if form.validate_on_submit() and attempt(
        form, lambda: ratings.rate(actor(), item, form.stars.data, form.comment.data or "")
    ):
        db.session.commit()
        return done(_("Merci : votre avis est publié."), url_for("accountability.project", follow_up_id=item.id))
    return _project_page(item, 422, rating_form=form)
