"""Flask's signed-cookie sessions, with their signing serializer made once per set of secret keys.

Flask builds an itsdangerous serializer twice per request (to read the cookie, then to write it), and
each build tests its JSON serializer again: a few percent of the CPU of the busiest request, a ballot
cast. The serializer holds no state between uses, so one per set of keys serves every request.
"""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class SessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._made: tuple[tuple[object, ...], URLSafeTimedSerializer | None] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, *(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        made = self._made
        if made is None or made[0] != keys:  # a key rotated: made again
            made = self._made = (keys, super().get_signing_serializer(app))
        return made[1]


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
