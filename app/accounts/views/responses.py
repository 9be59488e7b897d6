"""How the account views answer a successful
form post (a fragment with its notice for htmx, a flash and a 303 otherwise)."""

from __future__ import annotations

from typing import Any

from flask import Response, flash

from app.core.htmx import redirect_to, render, wants_fragment


def done(message: str, url: str, template: str, block: str, **context: Any) -> Response:
    """After a successful POST: htmx gets the updated block with the notice inside it; a plain
    form gets a flash and a redirect (so reloading does not post again)."""
    if wants_fragment():
        return render(template, block=block, **{**context, "notice": message})
    flash(message, "success")
    return redirect_to(url)
