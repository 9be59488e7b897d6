"""Participants' tokens, sealed with the application's secret: a stream checks a phone's token
without a query (a room of phones opening their streams at once, on every process)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from flask import current_app


def new_token(session_id: int) -> str:
    """A random token for a participant of `session_id`, with its seal (55 characters)."""
    nonce = secrets.token_urlsafe(24)
    return f"{nonce}.{_seal(session_id, nonce)}"


def sealed(session_id: int, token: str) -> bool:
    """Whether `token` was made by `new_token` for this session under the current secret (tokens
    from before the seals, or from an older secret, are not: ask the database)."""
    nonce, dot, seal = token.rpartition(".")
    return bool(dot) and hmac.compare_digest(seal, _seal(session_id, nonce))


def _seal(session_id: int, nonce: str) -> str:
    key = str(current_app.secret_key).encode()
    digest = hmac.new(key, f"assemblies:{session_id}:{nonce}".encode(), hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
