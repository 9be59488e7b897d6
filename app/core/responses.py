"""How a view answers a form post, the same in every area: run the service call and put its
refusal on the form, then the updated block (htmx) or a flash and a 303 (plain form), or the form
again with status 422. Also the 404 for what a URL names and does not exist.

Every area's views call these; an area's own `views/common.py` keeps only what names its objects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Response, abort, flash
from flask_wtf import FlaskForm

from app.core.errors import DomainError, NotFound, apply_to_form
from app.core.htmx import redirect_to, render, wants_fragment
from app.extensions import db


def found(getter: Callable[..., Any], *args: Any) -> Any:
    """Call a service getter; its NotFound becomes a 404."""
    try:
        return getter(*args)
    except NotFound:
        abort(404)


@dataclass(frozen=True)
class Outcome:
    """What `attempt` answers: true when the service accepted, with what it returned."""

    ok: bool
    value: Any = None

    def __bool__(self) -> bool:
        return self.ok


def attempt(form: FlaskForm, call: Callable[[], Any]) -> Outcome:
    """Run the service call of a valid form. When the service refuses, undo the transaction and put
    its messages on the form's fields (nothing half-done is kept; what was typed is shown again)."""
    try:
        return Outcome(True, call())
    except DomainError as error:
        db.session.rollback()
        apply_to_form(form, error)
        return Outcome(False)


def refused(error: DomainError, url: str) -> Response:
    """A button's action the service refused: undo, and say why where the person was."""
    db.session.rollback()
    for message in error.messages:
        flash(message, "error")
    return redirect_to(url)


def done(message: str, url: str, template: str | None = None, block: str | None = None, **context: Any) -> Response:
    """After a successful POST: htmx gets the updated block with the notice inside it; a plain form
    gets a flash and a 303 (so reloading does not post again)."""
    if template and block and wants_fragment():
        return render(template, block=block, **{**context, "notice": message})
    flash(message, "success")
    return redirect_to(url)


def failed(template: str, block: str | None = None, **context: Any) -> Response:
    """A form with errors: the page (or its block) again, with what was typed, status 422."""
    return render(template, block=block, status=422, **context)
