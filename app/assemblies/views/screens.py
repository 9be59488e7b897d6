"""Read-only screens: the projector, the printable summary, and the exports."""

from __future__ import annotations

import json

import segno
from flask import Response, abort, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from markupsafe import Markup

from app.assemblies.blueprint import bp
from app.assemblies.permissions import can_read_summary
from app.assemblies.services import debate, qa, records, wall
from app.assemblies.views.context import load_session, require_facilitator, room_context
from app.core.htmx import render
from app.core.permissions import access


def join_qr(url: str) -> Markup:
    """The join link as an inline SVG QR code (no image request, no inline style)."""
    svg = segno.make(url, error="m").svg_inline(scale=8, dark="#111", light="#fff", border=2, title="QR")
    return Markup(svg)  # segno builds this SVG from our own URL


@bp.get("/seance/<int:session_id>/projection")
@access("user")
def projector(session_id: int) -> ResponseReturnValue:
    found = load_session(session_id)
    require_facilitator(found)
    join_url = url_for("assemblies.join", code=found.join_code, _external=True)
    context = room_context(found)
    return render("assemblies/projector.html", block="stage", join_url=join_url, qr=join_qr(join_url), **context)


@bp.get("/seance/<int:session_id>/resume")
@access("public")
def summary(session_id: int) -> ResponseReturnValue:
    found = load_session(session_id)
    if not can_read_summary(current_user, found):
        abort(404)
    parts = []
    for activity in found.activities:
        item: dict[str, object] = {"activity": activity}
        if activity.kind == "wall":
            item["notes"] = wall.visible_notes(activity)
        elif activity.kind == "debate":
            item["gauge"] = debate.gauge(activity)
        else:
            item["questions"] = qa.visible_questions(activity)
        parts.append(item)
    return render("assemblies/summary.html", session=found, parts=parts)


@bp.get("/seance/<int:session_id>/export.json")
@access("user")
def export_json(session_id: int) -> ResponseReturnValue:
    found = load_session(session_id)
    require_facilitator(found)
    body = json.dumps(records.export_json(found), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="seance-{found.id}.json"'},
    )


@bp.get("/seance/<int:session_id>/export/<kind>.csv")
@access("user")
def export_csv(session_id: int, kind: str) -> ResponseReturnValue:
    found = load_session(session_id)
    require_facilitator(found)
    if kind not in records.EXPORT_KINDS:
        abort(404)
    return Response(
        "\ufeff" + records.export_csv(found, kind),  # BOM: spreadsheet software then reads UTF-8
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="seance-{found.id}-{kind}.csv"'},
    )
