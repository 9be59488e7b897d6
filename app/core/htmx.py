"""The one place that reads htmx's request headers: full page or one named block."""

from __future__ import annotations

from typing import Any

from flask import Response, make_response, redirect, render_template
from jinja2_fragments.flask import render_block

from app.extensions import htmx


def wants_fragment() -> bool:
    """True for an htmx swap; false for plain requests, boosted links and history restores,
    which must get the whole page."""
    return bool(htmx) and not htmx.history_restore_request and not htmx.boosted


def render(template: str, block: str | None = None, status: int = 200, **context: Any) -> Response:
    """Render the page, or only `block` of it when htmx asks for a swap."""
    if block and wants_fragment():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


def redirect_to(url: str) -> Response:
    """After a successful POST: a normal 303 for forms; for htmx an HX-Redirect, a full page load
    (a bare 302 would be followed by htmx and swapped into the target, and an HX-Location would
    fetch the page as a fragment request)."""
    if htmx:
        response = make_response("", 204)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, code=303)
