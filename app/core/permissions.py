"""Route-level access declarations, shared by every area.

Every view is decorated with `access(...)`: it enforces the level and records it on the view, so
the access test can check each route against it. Finer "who may do this here" rules are pure
functions in each area's `permissions.py`, checked in the view with `require(...)`.

The user object is duck-typed (`is_authenticated`, `is_staff`, `is_admin`): core knows no area.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Literal, TypeVar

from flask import abort
from flask_login import current_user

from app.extensions import login_manager

Level = Literal["public", "user", "staff", "admin"]
LEVELS: tuple[Level, ...] = ("public", "user", "staff", "admin")
F = TypeVar("F", bound=Callable[..., Any])


def require(allowed: bool) -> None:
    """Stop with 403 unless the permission function said yes."""
    if not allowed:
        abort(403)


def level_allows(level: Level, user: Any) -> bool:
    if level == "public":
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if level == "user":
        return True
    if level == "staff":
        return bool(getattr(user, "is_staff", False) or getattr(user, "is_admin", False))
    return bool(getattr(user, "is_admin", False))


def access(level: Level) -> Callable[[F], F]:
    """Declare and enforce who may open a route: anonymous visitors are sent to the login page,
    signed-in people without the level get 403."""
    if level not in LEVELS:
        raise ValueError(f"unknown access level {level!r}")

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if level != "public" and not current_user.is_authenticated:
                return login_manager.unauthorized()
            require(level_allows(level, current_user))
            return view(*args, **kwargs)

        wrapper.access_level = level  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
