"""Who may do what with the follow-up of funded projects: pure functions of the people and things
involved, tested without HTTP. `user` may be an anonymous visitor: every function then answers False.

A tracker's grant names its place: `RoleGrant("tracker", "projet-12")` for one follow-up (and its
sub-projects), `RoleGrant("tracker", edition.slug)` for every funded project of an edition; an empty
scope covers every project. Trackers need no admin right. City staff and admins track everything and
are the ones who add projects, import files and name trackers."""

from __future__ import annotations

from typing import Any


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and not getattr(user, "is_erased", False)


def _staff(user: Any) -> bool:
    return _signed_in(user) and bool(getattr(user, "is_staff", False) or getattr(user, "is_admin", False))


def project_scope(follow_up: Any) -> str:
    """The scope naming one follow-up in a tracker's grant."""
    return f"projet-{follow_up.id}"


def can_manage(user: Any) -> bool:
    """Add projects funded outside the participatory budget, import a CSV file, name trackers."""
    return _staff(user)


def can_track(user: Any, follow_up: Any) -> bool:
    """Publish updates, change status, progress, dates, amounts, milestones and photos of this
    project: staff, or a tracker of the project, of one of its parents, or of its edition."""
    if follow_up is None or not _signed_in(user):
        return False
    if _staff(user):
        return True
    item = follow_up
    while item is not None:
        if user.has_role("tracker", project_scope(item)):
            return True
        if item.edition is not None and user.has_role("tracker", item.edition.slug):
            return True
        item = item.parent
    return False


def can_follow(user: Any) -> bool:
    """Be told by email of each update: anyone signed in, who chooses to."""
    return _signed_in(user)


def can_rate(user: Any, follow_up: Any) -> bool:
    """Rate and comment a project once it is delivered: anyone signed in (one rating each)."""
    return follow_up is not None and _signed_in(user) and follow_up.status == "delivered"
