"""Checking credentials at sign-in. Rate limiting is the view's job (it knows the request);
this module only decides whether an email and password open an account."""

from __future__ import annotations

from datetime import datetime
from functools import cache

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from app.accounts.models import User
from app.accounts.services.passwords import check_password, hash_password, needs_rehash
from app.accounts.services.registration import normalise_email
from app.core.db import utcnow
from app.core.errors import DomainError
from app.extensions import db


@cache
def _decoy_hash(time_cost: int, memory_cost: int) -> str:
    return hash_password("parvis-decoy-password")


def _spend_same_time(password: str) -> None:
    """Check against a decoy hash, so an unknown address takes as long to refuse as a wrong
    password and the answer time does not reveal which addresses have an account."""
    config = current_app.config
    check_password(_decoy_hash(config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_COST"]), password)


def bad_credentials() -> DomainError:
    return DomainError(_("Adresse e-mail ou mot de passe incorrect."))


def authenticate(email: str, password: str, now: datetime | None = None) -> User:
    """The account these credentials open; `DomainError` with one message for every failure, so
    it never says whether the address exists."""
    user = db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))
    if user is None or not user.is_active or not user.password_hash:
        _spend_same_time(password)
        raise bad_credentials()
    if not check_password(user.password_hash, password):
        raise bad_credentials()
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now or utcnow()
    db.session.flush()
    return user
