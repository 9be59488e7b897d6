"""Who may do what with councils: pure functions of the people and things involved, tested
without HTTP. `user` may be an anonymous visitor: every function then answers False.

A moderator's grant is scoped to one body by its slug (`RoleGrant("moderator", body.slug)`);
city staff and admins may moderate every body."""

from __future__ import annotations

from typing import Any


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and not getattr(user, "is_erased", False)


def _staff(user: Any) -> bool:
    return _signed_in(user) and bool(getattr(user, "is_staff", False) or getattr(user, "is_admin", False))


def can_manage_bodies(user: Any) -> bool:
    """Create bodies and change what they cover: city staff and admins."""
    return _staff(user)


def can_moderate(user: Any, body: Any) -> bool:
    """Run this body: its members, sessions, minutes, decisions and figures."""
    if body is None or not _signed_in(user):
        return False
    return _staff(user) or bool(user.has_role("moderator", body.slug))


def can_edit_body(user: Any, body: Any) -> bool:
    """Change the body's description and joining rule: its moderators and staff."""
    return can_moderate(user, body)


def can_join(user: Any, body: Any) -> bool:
    """Ask to join (or join, for an open body): any signed-in resident."""
    return _signed_in(user) and body is not None


def can_view_session(user: Any, session: Any) -> bool:
    """Sessions are public; the moderator's tools are not."""
    return session is not None


def can_run_session(user: Any, session: Any) -> bool:
    return session is not None and can_moderate(user, session.body)


def can_read_minutes(user: Any, session: Any) -> bool:
    """Published minutes are public; drafts only for those who run the body."""
    if session is None:
        return False
    return session.minutes_status == "published" or can_run_session(user, session)
