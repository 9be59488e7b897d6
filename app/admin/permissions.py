"""Who may use the administration shell. Pure functions of the user, tested without HTTP."""

from __future__ import annotations

from typing import Any


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and not getattr(user, "is_erased", False)


def can_view_admin(user: Any) -> bool:
    """City staff and administrators see the shell: counts, the list of accounts, an account's page."""
    return _signed_in(user) and bool(getattr(user, "is_staff", False) or getattr(user, "is_admin", False))


def can_manage_roles(user: Any) -> bool:
    """Only administrators grant and revoke roles."""
    return _signed_in(user) and bool(getattr(user, "is_admin", False))


def can_view_audit(user: Any) -> bool:
    """The audit log names who did what to whom: administrators only."""
    return _signed_in(user) and bool(getattr(user, "is_admin", False))
