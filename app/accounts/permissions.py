"""Who may do what with accounts: pure functions of the people involved, tested without HTTP.

`user` may be an anonymous visitor (Flask-Login's AnonymousUserMixin): every function answers
False for them rather than failing.
"""

from __future__ import annotations

from typing import Any


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and not getattr(user, "is_erased", False)


def _staff(user: Any) -> bool:
    return _signed_in(user) and bool(getattr(user, "is_staff", False) or getattr(user, "is_admin", False))


def can_verify_residents(user: Any) -> bool:
    """City staff (any service) and admins check documents at a desk."""
    return _staff(user)


def can_verify_resident(user: Any, resident: Any) -> bool:
    """Verify or revoke this resident: staff, never for their own account (someone else must
    look at their papers), and never an erased account."""
    return (
        can_verify_residents(user)
        and resident is not None
        and getattr(resident, "id", None) != getattr(user, "id", None)
        and not getattr(resident, "is_erased", False)
    )


def can_manage_roles(user: Any) -> bool:
    """Granting and withdrawing roles is for admins only."""
    return _signed_in(user) and bool(getattr(user, "is_admin", False))


def can_view_user(user: Any, target: Any) -> bool:
    """See an account's details (email, verification): its owner, staff and admins."""
    if not _signed_in(user) or target is None:
        return False
    return getattr(user, "id", None) == getattr(target, "id", None) or _staff(user)


def can_verify_self(user: Any) -> bool:
    """Match oneself against the census: a live account, not yet verified."""
    return _signed_in(user) and not getattr(user, "is_verified", False)


def can_unlink_identity(user: Any, identity: Any, configured: Any = ()) -> bool:
    """Unlink a provider account from one's own account, while another way to sign in remains: a
    password, or another linked provider the city still offers."""
    if not _signed_in(user) or identity is None or getattr(identity, "user_id", None) != getattr(user, "id", None):
        return False
    if getattr(user, "password_hash", None):
        return True
    others = [
        item
        for item in getattr(user, "external_identities", ())
        if item is not identity and getattr(item, "provider", None) in configured
    ]
    return bool(others)
