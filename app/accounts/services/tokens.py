"""Signed, time-limited tokens for the links we mail (email confirmation, password reset).

A token carries a small payload signed with the application's secret; each purpose has its own
salt, so a confirmation token can never be replayed as a reset token. Nothing is stored: a token
becomes invalid when it expires, or when the payload no longer matches the account (the caller
checks that, e.g. the password fingerprint for resets).
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

CONFIRM_EMAIL = "confirm-email"
RESET_PASSWORD = "reset-password"
LINK_IDENTITY = "link-identity"  # proves an address's owner wants a provider linked to their account

# Lifetimes in seconds; the configuration may shorten or lengthen them.
MAX_AGES = {CONFIRM_EMAIL: 3 * 24 * 3600, RESET_PASSWORD: 3600, LINK_IDENTITY: 3600}
_CONFIG_KEYS = {
    CONFIRM_EMAIL: "ACCOUNTS_CONFIRM_MAX_AGE",
    RESET_PASSWORD: "ACCOUNTS_RESET_MAX_AGE",
    LINK_IDENTITY: "ACCOUNTS_LINK_MAX_AGE",
}


class TokenError(Exception):
    """The token cannot be used: `expired` tells an old link from a broken one."""

    def __init__(self, expired: bool) -> None:
        self.expired = expired
        super().__init__("expired" if expired else "invalid")


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"parvis.accounts.{purpose}")


def max_age(purpose: str) -> int:
    return int(current_app.config.get(_CONFIG_KEYS[purpose], MAX_AGES[purpose]))


def issue(purpose: str, payload: dict[str, Any]) -> str:
    return _serializer(purpose).dumps(payload)


def read(purpose: str, token: str) -> dict[str, Any]:
    """The payload of a valid token; `TokenError` otherwise."""
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age(purpose))
    except SignatureExpired as error:
        raise TokenError(expired=True) from error
    except BadSignature as error:
        raise TokenError(expired=False) from error
    if not isinstance(payload, dict):
        raise TokenError(expired=False)
    return payload
