"""What every councils view shares: loading what a URL names (404 when it does not exist), the
acting user, and (from core) the answer to a form post."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from app.accounts.models import User
from app.core.errors import NotFound
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
