"""Who may do what with feedback: pure functions of the people and things involved, tested without
HTTP. `user` may be an anonymous visitor: every function answers False for them."""

from __future__ import annotations

from typing import Any


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and not getattr(user, "is_erased", False)


def _admin(user: Any) -> bool:
    return _signed_in(user) and bool(getattr(user, "is_admin", False))


def can_work_on(user: Any, service: Any) -> bool:
    """Work a service's queue (triage, answer, change status): its staff (a `staff` grant on its slug,
    or on every service) and admins."""
    if service is None or not _signed_in(user):
        return False
    return _admin(user) or bool(user.has_role("staff", getattr(service, "slug", None)))


def can_manage_services(user: Any) -> bool:
    """Edit the list of services, their delays and managers."""
    return _admin(user)


def is_reporter(user: Any, item: Any) -> bool:
    return _signed_in(user) and item is not None and getattr(item, "author_id", None) == getattr(user, "id", None)


def can_view_item(user: Any, item: Any) -> bool:
    """An item's page (text, photo, answers): its reporter, and the staff of its service. The
    public never sees an individual item."""
    return is_reporter(user, item) or can_work_on(user, getattr(item, "service", None))


def can_record_for_someone(user: Any) -> bool:
    """Enter what came by phone, at a counter, from the field or by post: staff of any service."""
    return _signed_in(user) and bool(getattr(user, "is_staff", False) or getattr(user, "is_admin", False))


def can_send_surveys(user: Any) -> bool:
    """Send a satisfaction survey about a council session and read survey results: staff and admins."""
    return can_record_for_someone(user)
