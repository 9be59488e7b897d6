"""Who may read the dashboards: pure functions, tested without HTTP. Everyone reads the public
figures (aggregates only); city staff, admins and elected representatives (the "elected" role,
city-wide or for one place) read the full dashboards; only staff see individual late cases."""

from __future__ import annotations

from typing import Any


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and not getattr(user, "is_erased", False)


def _staff(user: Any) -> bool:
    return _signed_in(user) and bool(getattr(user, "is_staff", False) or getattr(user, "is_admin", False))


def can_read_dashboards(user: Any) -> bool:
    """The staff and elected dashboards: staff, admins and elected representatives."""
    return _staff(user) or (_signed_in(user) and bool(user.has_role("elected")))


def can_see_cases(user: Any) -> bool:
    """The late cases listed one by one, with links to the service queues: staff only."""
    return _staff(user)
