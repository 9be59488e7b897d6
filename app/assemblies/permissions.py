"""Who may do what in assemblies: pure functions, tested without HTTP. The facilitator role is
granted per assembly (an empty scope covers every assembly); city staff and admins may facilitate
any assembly."""

from __future__ import annotations

from typing import Any


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and not getattr(user, "is_erased", False)


def _staff(user: Any) -> bool:
    return _signed_in(user) and bool(getattr(user, "is_staff", False) or getattr(user, "is_admin", False))


def can_create_assembly(user: Any) -> bool:
    return _staff(user)


def can_facilitate(user: Any, assembly: Any) -> bool:
    """Run the sessions of this assembly: console, projector, moderation, exports."""
    if assembly is None or not _signed_in(user):
        return False
    if _staff(user):
        return True
    has_role = getattr(user, "has_role", None)
    return bool(has_role and has_role("facilitator", getattr(assembly, "id", None)))


def can_read_summary(user: Any, session: Any) -> bool:
    """The summary of a closed session is public; during the session, only its facilitators see it."""
    if session is None:
        return False
    return session.status == "closed" or can_facilitate(user, session.assembly)
