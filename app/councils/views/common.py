"""What every councils view shares: loading what a URL names (404 when it does not exist), the
acting user, and the answer to a successful form post."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Response, abort, flash
from flask_login import current_user
from flask_wtf import FlaskForm

from app.accounts.models import User
from app.core.errors import DomainError, NotFound, apply_to_form
from app.core.htmx import redirect_to, render, wants_fragment
from app.councils import broadcast
from app.councils.models import Body, Session
from app.councils.services import bodies, sessions
from app.extensions import db


def actor() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined,no-any-return]


def load_body(slug: str) -> Body:
    try:
        return bodies.get_body(slug)
    except NotFound:
        abort(404)


def load_session(session_id: int) -> Session:
    try:
        session = sessions.get_session(session_id)
    except NotFound:
        abort(404)
    broadcast.remember(session)
    return session


def commit(session: Session) -> None:
    """Commit once; when the change shows on live screens, their fragment goes in the same
    transaction (and out to the open streams after it)."""
    broadcast.publish_if_changed(session)
    db.session.commit()


def found(getter: Any, *args: Any) -> Any:
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
    """Run the service call of a valid form. When the service refuses, undo the transaction and
    put its messages on the form's fields (nothing half-done is kept; what was typed is shown again)."""
    try:
        return Outcome(True, call())
    except DomainError as error:
        db.session.rollback()
        apply_to_form(form, error)
        return Outcome(False)


def done(message: str, url: str, template: str | None = None, block: str | None = None, **context: Any) -> Response:
    """After a successful POST: htmx gets the updated block with the notice inside it; a plain
    form gets a flash and a 303 (so reloading does not post again)."""
    if template and block and wants_fragment():
        return render(template, block=block, **{**context, "notice": message})
    flash(message, "success")
    return redirect_to(url)


def failed(template: str, block: str | None, **context: Any) -> Response:
    """A form with errors: the page (or its block) again, with what was typed, status 422."""
    return render(template, block=block, status=422, **context)
