"""Atom 1.0 feeds of the updates: one per project, one for every project. Written with
xml.etree (no dependency); each entry carries its id (a tag URI that never changes), title, updated,
link and the update's Markdown rendered and sanitised as HTML content."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from flask import Response, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.accountability.blueprint import bp
from app.accountability.models import Update
from app.accountability.services import updates
from app.accountability.views.common import load_follow_up
from app.core.db import utcnow
from app.core.permissions import access
from app.core.templating import markdown
from app.core.urls import absolute_url

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 50
MAX_AGE = 300


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _tag(kind: str, number: int | str) -> str:
    """A stable entry id: the site's host and the thing's number, whatever its URL becomes."""
    host = absolute_url("accountability.index").split("/")[2].split(":")[0]
    return f"tag:{host},2026:parvis/suivi/{kind}/{number}"


def _add(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
    if text is not None:
        element.text = text
    return element


def atom(title: str, feed_id: str, self_url: str, page_url: str, items: list[Update]) -> Response:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", feed_id)
    _add(feed, "title", title)
    _add(feed, "updated", _stamp(items[0].at if items else utcnow()))
    _add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _add(feed, "link", rel="alternate", type="text/html", href=page_url)
    author = _add(feed, "author")
    _add(author, "name", _("Ville — suivi des projets"))
    for item in items:
        entry = _add(feed, "entry")
        _add(entry, "id", _tag("actualite", item.id))
        _add(entry, "title", f"{item.follow_up.title} — {item.title}")
        _add(entry, "updated", _stamp(item.at))
        _add(entry, "published", _stamp(item.at))
        link = absolute_url("accountability.project", follow_up_id=item.follow_up_id) + f"#actualite-{item.id}"
        _add(entry, "link", rel="alternate", type="text/html", href=link)
        _add(entry, "content", str(markdown(item.body)), type="html")
    body = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    response = Response('<?xml version="1.0" encoding="utf-8"?>\n' + body, mimetype="application/atom+xml")
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/flux.atom")
@access("public")
def feed() -> ResponseReturnValue:
    return atom(
        _("Suivi des projets : toutes les actualités"),
        _tag("flux", "tous"),
        absolute_url("accountability.feed"),
        absolute_url("accountability.index"),
        updates.recent(ENTRIES),
    )


@bp.get("/projets/<int:follow_up_id>/flux.atom")
@access("public")
def project_feed(follow_up_id: int) -> ResponseReturnValue:
    item = load_follow_up(follow_up_id)
    return atom(
        _("Suivi du projet « %(title)s »", title=item.title),
        _tag("flux", item.id),
        absolute_url("accountability.project_feed", follow_up_id=item.id),
        absolute_url("accountability.project", follow_up_id=item.id),
        updates.recent(ENTRIES, item),
    )
