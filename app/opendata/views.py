"""Open data routes: a catalog page (and its JSON), each dataset as CSV or JSON, and ballots as Pabulib."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, abort, make_response, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.budgets.models import Edition, Envelope
from app.budgets.services import editions
from app.core.db import utcnow
from app.core.errors import NotFound
from app.core.htmx import render
from app.core.permissions import access
from app.core.urls import absolute_url
from app.opendata import accountability, budgets, dashboards
from app.opendata.blueprint import bp
from app.opendata.tables import FORMAT_VERSION, LICENCE, plain, to_csv, to_json

MAX_AGE = 300  # seconds a proxy or browser may reuse a file: results do not change by the minute
TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json", "pb": "text/plain; charset=utf-8"}


def _published(slug: str) -> Edition:
    try:
        edition = editions.get_edition(slug)
    except NotFound:
        abort(404)
    if not budgets.is_published(edition):
        abort(404)
    return edition


def _file(body: str, kind: str, filename: str) -> Response:
    response = make_response(body)
    response.headers["Content-Type"] = TYPES[kind]
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response.headers["Access-Control-Allow-Origin"] = "*"  # public data, readable from any site's scripts
    response.add_etag()
    return response.make_conditional(request)


def _catalog() -> list[dict[str, Any]]:
    entries = []
    for edition in budgets.published_editions():
        files = [
            {"dataset": name, "format": kind, "url": url}
            for name in budgets.DATASETS
            for kind in ("csv", "json")
            for url in [absolute_url("opendata.dataset", slug=edition.slug, name=name, kind=kind)]
        ]
        files += [
            {"dataset": "ballots", "envelope_id": envelope.id, "format": "pb", "url": url}
            for envelope in edition.envelopes
            if budgets.closed_vote(envelope) is not None
            for url in [absolute_url("opendata.ballots", slug=edition.slug, envelope_id=envelope.id)]
        ]
        entries.append({"edition": edition.slug, "title": edition.title, "year": edition.year, "files": files})
    return entries


def _follow_up_files() -> list[dict[str, Any]]:
    return [
        {"dataset": name, "format": kind, "url": absolute_url("opendata.accountability_dataset", name=name, kind=kind)}
        for name in accountability.DATASETS
        for kind in ("csv", "json")
    ]


def _figures_files() -> list[dict[str, Any]]:
    return [
        {"dataset": name, "format": kind, "url": absolute_url("opendata.dashboards_dataset", name=name, kind=kind)}
        for name in dashboards.DATASETS
        for kind in ("csv", "json")
    ]


@bp.get("/")
@access("public")
def index() -> ResponseReturnValue:
    titles = {
        "envelopes": _("Enveloppes"),
        "proposals": _("Propositions"),
        "decisions": _("Décisions de l'étude"),
        "results": _("Résultats par enveloppe"),
    }
    return render(
        "opendata/index.html", catalog=_catalog(), licence=LICENCE, datasets=budgets.DATASETS, dataset_titles=titles,
        follow_up_files=_follow_up_files(), follow_up_titles=accountability.TITLES,
        figures_files=_figures_files(), figures_titles=dashboards.TITLES,
    )  # fmt: skip


@bp.get("/catalog.json")
@access("public")
def catalog() -> ResponseReturnValue:
    document = {"format_version": FORMAT_VERSION, "licence": LICENCE, "generated_at": plain(utcnow())}
    body = json.dumps(
        document | {"budgets": _catalog(), "accountability": _follow_up_files(), "figures": _figures_files()},
        ensure_ascii=False,
        indent=1,
    )
    return _file(body, "json", "catalog.json")


@bp.get("/budgets/<slug>/<any(envelopes, proposals, decisions, results):name>.<any(csv, json):kind>")
@access("public")
def dataset(slug: str, name: str, kind: str) -> ResponseReturnValue:
    edition = _published(slug)
    table = budgets.table(edition, name)
    if kind == "csv":
        body = to_csv(table)
    else:
        about = {"edition": edition.slug, "edition_title": edition.title, "year": edition.year}
        body = to_json(table, about, utcnow())
    return _file(body, kind, f"{edition.slug}-{name}.{kind}")


@bp.get("/budgets/<slug>/envelopes/<int:envelope_id>/ballots.pb")
@access("public")
def ballots(slug: str, envelope_id: int) -> ResponseReturnValue:
    edition = _published(slug)
    envelope: Envelope | None = next((e for e in edition.envelopes if e.id == envelope_id), None)
    if envelope is None:
        abort(404)
    body = budgets.ballots_pb(envelope)
    if body is None:
        message = _("Les bulletins de cette enveloppe seront publiés à la clôture du vote.")
        return Response(message + "\n", status=404, content_type=TYPES["pb"])
    return _file(body, "pb", f"{edition.slug}-envelope-{envelope.id}.pb")


@bp.get("/accountability/<any('follow-ups', milestones):name>.<any(csv, json):kind>")
@access("public")
def accountability_dataset(name: str, kind: str) -> ResponseReturnValue:
    table = accountability.table(name)
    body = to_csv(table) if kind == "csv" else to_json(table, {}, utcnow())
    return _file(body, kind, f"{name}.{kind}")


FIGURES = "any('participation-districts', 'participation-quartiers', 'participation-months', services, delivery)"


@bp.get(f"/figures/<{FIGURES}:name>.<any(csv, json):kind>")
@access("public")
def dashboards_dataset(name: str, kind: str) -> ResponseReturnValue:
    table = dashboards.table(name)
    body = to_csv(table) if kind == "csv" else to_json(table, {}, utcnow())
    return _file(body, kind, f"{name}.{kind}")
