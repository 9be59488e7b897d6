"""Routes of the accounts area, one module per screen family; importing this package attaches
them to the blueprint."""

from app.accounts.views import (
    auth,
    oidc,
    oidc_pending,
    passwords,
    personal_data,
    profile,
    registration,
    staff,
    verification,
)

__all__ = [
    "auth",
    "oidc",
    "oidc_pending",
    "passwords",
    "personal_data",
    "profile",
    "registration",
    "staff",
    "verification",
]
