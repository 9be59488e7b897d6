"""The three dashboards — participation (places, disparities, who takes part, trends), city services
(feedback), budget projects delivered — each in a staff and elected version, a public version of
aggregates only, and a CSV file of its figures. Figures are computed on request from the other
areas' tables (a few grouped queries per page)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import Response, make_response, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from app.core.db import utcnow
from app.core.figures import bars
from app.core.forms import pairs
from app.core.htmx import render
from app.core.permissions import access
from app.dashboards.blueprint import bp
from app.dashboards.forms import LONGEST, FilterForm, parse_month
from app.dashboards.labels import (
    AGE_BAND_LABELS,
    BALLOT_CHANNEL_LABELS,
    FEEDBACK_CHANNEL_LABELS,
    GENDER_LABELS,
    LATE_LABELS,
    SHORT_SOURCE_LABELS,
    SOURCE_LABELS,
)
from app.dashboards.permissions import can_read_dashboards, can_see_cases
from app.dashboards.services import scope as scopes
from app.dashboards.services.cache import remembered
from app.dashboards.services.delivery import delivery
from app.dashboards.services.demographics import demographics
from app.dashboards.services.disparities import FAR_BELOW, Disparities, disparities, quartier_disparities
from app.dashboards.services.participation import SOURCES, Participation
from app.dashboards.services.participation import participation as participation_figures
from app.dashboards.services.service_quality import late_cases, service_quality
from app.dashboards.services.trends import trends
from app.extensions import db
from app.geo.models import District

PAGES = ("participation", "services", "realisations")


def _filters() -> tuple[FilterForm, scopes.Scope]:
    """The filter form read from the query string, and the scope it gives: the last twelve months
    of the whole city unless a valid choice says otherwise (a wrong month is reported in the form
    and the default period shown)."""
    form = FilterForm(request.args)
    districts = list(db.session.scalars(sa.select(District).order_by(District.number)))
    form.arrondissement.choices = pairs([("", _("Toute la ville")), *((d.id, d.name) for d in districts)])
    valid = form.validate()
    known = {district.id for district in districts}  # an unknown number in the address means the whole city
    district_id = form.arrondissement.data if form.arrondissement.data in known else None
    default = scopes.last_months(utcnow(), 12, district_id)
    first, last = parse_month(form.du.data), parse_month(form.au.data)
    if not valid or (first is None and last is None):
        return form, default
    if first is None and last is not None:
        first = scopes.add_months(last, -11)
    elif first is not None and last is None:
        last = max(first, min(default.last, scopes.add_months(first, LONGEST - 1)))
    assert first is not None and last is not None
    return form, scopes.Scope(first, last, district_id)


def _month_label(month: date) -> str:
    return f"{month.month:02d}/{month.year % 100:02d}"


def _quartier_shapes(figures: Participation, gaps: Disparities) -> list[dict[str, Any]]:
    """Map shapes: flagged quartiers dark, the others compared light; a quartier whose population is
    unknown is left blank (the table beside the map says the same)."""
    flagged = {line.id for line in gaps.flagged}
    return [
        {
            "slug": line.slug,
            "label": _(
                "%(name)s : %(rate)s pour 1 000 habitants",
                name=line.name,
                rate=format_decimal(line.per_thousand),
            ),
            "level": 4 if line.id in flagged else 1,
        }
        for line in figures.quartiers
        if line.per_thousand is not None
    ]


def _participation(scope: scopes.Scope) -> dict[str, Any]:
    figures = remembered(("participation", scope), lambda: participation_figures(scope))
    whole = scopes.Scope(scope.first, scope.last)
    city = (
        figures
        if scope.district_id is None
        else remembered(("participation", whole), lambda: participation_figures(whole))
    )
    months = remembered(("trends", scope), lambda: trends(scope))
    people = remembered(("demographics", scope), lambda: demographics(scope))
    quartier_gaps = quartier_disparities(figures, city)
    return {
        "figures": figures,
        "gaps": disparities(figures, city),
        "quartier_gaps": quartier_gaps,
        "quartier_shapes": _quartier_shapes(figures, quartier_gaps),
        "far_below_percent": int(FAR_BELOW * 100),
        "people": people,
        "months": months,
        "district_bars": bars([(str(line.district_number), line.total) for line in figures.districts]),
        "month_bars": bars([(_month_label(month.month), sum(month.counts.values())) for month in months]),
        "gender_bars": bars(
            [
                (str(GENDER_LABELS.get(line.key, line.key)), line.people)
                for line in people.genders
                if line.people is not None
            ]
        ),
        "age_bars": bars(
            [
                (str(AGE_BAND_LABELS.get(line.key, line.key)), line.people)
                for line in people.age_bands
                if line.people is not None
            ]
        ),
        "channel_bars": bars([(str(BALLOT_CHANNEL_LABELS.get(k, k)), v) for k, v in figures.channels.items()]),
    }


def _services(scope: scopes.Scope, public: bool) -> dict[str, Any]:
    now = utcnow()
    quality = remembered(("services", scope), lambda: service_quality(scope, now))
    return {
        "quality": quality,
        "service_bars": bars([(str(index), line.items) for index, line in enumerate(quality.services, 1)]),
        "channel_bars": bars([(str(FEEDBACK_CHANNEL_LABELS.get(r.key, r.key)), r.count) for r in quality.channels]),
        "cases": [] if public or not can_see_cases(current_user) else late_cases(now),
    }


def _delivery(scope: scopes.Scope) -> dict[str, Any]:
    figures = remembered(("delivery", scope), lambda: delivery(scope))
    return {
        "delivery": figures,
        "delivered_bars": bars([(str(index), line.delivered) for index, line in enumerate(figures.lines, 1)]),
    }


def _show(page: str, public: bool) -> ResponseReturnValue:
    form, scope = _filters()
    builders: dict[str, Callable[[], dict[str, Any]]] = {
        "participation": lambda: _participation(scope),
        "services": lambda: _services(scope, public),
        "realisations": lambda: _delivery(scope),
    }
    prefix = "dashboards.public_" if public else "dashboards."
    query = {key: value for key, value in request.args.items() if value}
    return render(
        f"dashboards/{page}.html",
        block="figures",
        form=form,
        scope=scope,
        public=public,
        page=page,
        page_url=lambda name: url_for(prefix + name, **query),
        form_url=url_for(prefix + page),  # without the query: the form brings its own
        csv_url=url_for(f"dashboards.{page}_csv", **query),
        other_url=url_for(("dashboards." if public else "dashboards.public_") + page, **query),
        may_read=can_read_dashboards(current_user),
        source_labels=SOURCE_LABELS,
        short_source_labels=SHORT_SOURCE_LABELS,
        sources=SOURCES,
        ballot_channel_labels=BALLOT_CHANNEL_LABELS,
        feedback_channel_labels=FEEDBACK_CHANNEL_LABELS,
        gender_labels=GENDER_LABELS,
        age_band_labels=AGE_BAND_LABELS,
        late_labels=LATE_LABELS,
        number=format_decimal,
        district_name=db.session.get(District, scope.district_id).name if scope.district_id else "",
        **builders[page](),
    )


# Staff and elected representatives --------------------------------------------------------------


def _staff(page: str) -> ResponseReturnValue:
    """The full dashboard; anyone else signed in is sent to the public one (same filters), which
    holds every aggregate they may read."""
    if not can_read_dashboards(current_user):
        return redirect(url_for(f"dashboards.public_{page}", **request.args), code=303)
    return _show(page, public=False)


@bp.get("/")
@access("user")
def participation() -> ResponseReturnValue:
    return _staff("participation")


@bp.get("/services")
@access("user")
def services() -> ResponseReturnValue:
    return _staff("services")


@bp.get("/realisations")
@access("user")
def realisations() -> ResponseReturnValue:
    return _staff("realisations")


# Everyone: aggregates only ------------------------------------------------------------------------


@bp.get("/public/")
@access("public")
def public_participation() -> ResponseReturnValue:
    return _show("participation", public=True)


@bp.get("/public/services")
@access("public")
def public_services() -> ResponseReturnValue:
    return _show("services", public=True)


@bp.get("/public/realisations")
@access("public")
def public_realisations() -> ResponseReturnValue:
    return _show("realisations", public=True)


# CSV: the same aggregates as the pages, for everyone ----------------------------------------------


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _csv(name: str, rows: Iterator[tuple[Any, ...]], scope: scopes.Scope) -> Response:
    """One tidy table per dashboard: a row per figure (section, place or month, measure, value),
    so every table of the page fits in one file that a spreadsheet can pivot."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("section", "key", "label", "measure", "value"))
    writer.writerows(tuple(_cell(value) for value in row) for row in rows)
    response = make_response(out.getvalue())
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    period = f"{scope.first:%Y-%m}_{scope.last:%Y-%m}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}-{period}.csv"'
    return response


def participation_rows(context: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
    figures, gaps, people = context["figures"], context["gaps"], context["people"]
    for section, lines in (("district", figures.districts), ("quartier", figures.quartiers)):
        for line in lines:
            for source in SOURCES:
                yield section, line.id, line.name, source, line.counts[source]
            yield section, line.id, line.name, "total", line.total
            if line.population:
                yield section, line.id, line.name, "population", line.population
                yield section, line.id, line.name, "per_thousand", line.per_thousand
    for source in SOURCES:
        yield "unplaced", "", "", source, figures.unplaced[source]
        yield "city", "", "", source, figures.totals[source]
    for key, count in figures.channels.items():
        yield "budget_ballots", key, "", "roll_entries", count
    for section, level in (("disparities", gaps), ("quartier_disparities", context["quartier_gaps"])):
        yield section, "", "", "median_per_thousand", level.median
        yield section, "", "", "threshold_per_thousand", level.threshold
        for line in level.flagged:
            yield section, line.id, line.name, "flagged_per_thousand", line.per_thousand
    yield "people", "", "", "total", people.people
    for section, groups in (("gender", people.genders), ("age_band", people.age_bands)):
        for group in groups:
            yield section, group.key, "", "people", group.people
    for month in context["months"]:
        for source, count in month.counts.items():
            yield "month", f"{month.month:%Y-%m}", "", source, count


def services_rows(context: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
    quality = context["quality"]
    for line in quality.services:
        for measure in (
            "items",
            "cases",
            "acknowledged",
            "resolved",
            "median_hours_to_acknowledge",
            "median_hours_to_resolve",
            "late_now",
            "responses",
            "satisfaction",
        ):
            yield "service", line.service_id, line.name, measure, getattr(line, measure)
    for row in quality.channels:
        yield "channel", row.key, "", "items", row.count


def delivery_rows(context: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
    for line in context["delivery"].lines:
        for measure in ("projects", "delivered", "voted", "spent"):
            yield "district", line.district_id or "", line.name, measure, getattr(line, measure)


@bp.get("/participation.csv")
@access("public")
def participation_csv() -> ResponseReturnValue:
    _form, scope = _filters()
    return _csv("participation", participation_rows(_participation(scope)), scope)


@bp.get("/services.csv")
@access("public")
def services_csv() -> ResponseReturnValue:
    _form, scope = _filters()
    return _csv("services", services_rows(_services(scope, public=True)), scope)


@bp.get("/realisations.csv")
@access("public")
def realisations_csv() -> ResponseReturnValue:
    _form, scope = _filters()
    return _csv("realisations", delivery_rows(_delivery(scope)), scope)
