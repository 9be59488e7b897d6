"""Passwords: Argon2id hashing (the cost comes from the configuration; tests lower it), the rules
for a new password, changing it, and resetting it through a one-time emailed link."""

from __future__ import annotations

import hmac
from datetime import datetime

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _

from app.accounts.models import User
from app.accounts.services import tokens
from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.security import keyed_hash
from app.extensions import db

MIN_LENGTH = 10
MAX_LENGTH = 200


PARALLELISM = 4  # argon2-cffi's default


def _hasher() -> PasswordHasher:
    config = current_app.config
    memory_cost = config["ARGON2_MEMORY_COST"]
    # Argon2 needs 8 KiB per lane: the tiny test cost runs on fewer lanes instead of failing.
    parallelism = max(1, min(PARALLELISM, memory_cost // 8))
    return PasswordHasher(time_cost=config["ARGON2_TIME_COST"], memory_cost=memory_cost, parallelism=parallelism)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def check_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; an account without a password (erased, or signed in through
    an identity provider) matches nothing."""
    if not password_hash:
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """After the city raises the cost, each hash is upgraded at its owner's next login."""
    return _hasher().check_needs_rehash(password_hash)


# Rules for a new password ---------------------------------------------------------------------


def check_new_password(password: str, email: str | None = None, field: str = "password") -> None:
    """Refuse a password that is too short, too long, or the account's own email address."""
    if len(password) < MIN_LENGTH:
        raise DomainError([(field, _("Le mot de passe doit compter au moins %(n)s caractères.", n=MIN_LENGTH))])
    if len(password) > MAX_LENGTH:
        raise DomainError([(field, _("Le mot de passe ne peut pas dépasser %(n)s caractères.", n=MAX_LENGTH))])
    if email and password.strip().lower() == email.strip().lower():
        raise DomainError([(field, _("Choisissez un mot de passe différent de votre adresse e-mail."))])


def set_password(user: User, password: str, field: str = "password") -> None:
    """Store a new password. Its hash changes `User.session_key`, which ends the other sessions."""
    check_new_password(password, user.email, field)
    user.password_hash = hash_password(password)
    db.session.flush()


def change_password(user: User, current: str, new: str) -> None:
    """The resident changes their password; the current one proves it is them."""
    if not check_password(user.password_hash, current):
        raise DomainError([("current_password", _("Le mot de passe actuel est incorrect."))])
    if current == new:
        raise DomainError([("new_password", _("Le nouveau mot de passe doit être différent de l'actuel."))])
    set_password(user, new, field="new_password")


# Reset by email -------------------------------------------------------------------------------


def _fingerprint(user: User) -> str:
    """Changes whenever the password does, so a reset link works once and dies with any change."""
    return keyed_hash(user.password_hash or "", "password-reset")[:16]


def reset_token(user: User) -> str:
    return tokens.issue(tokens.RESET_PASSWORD, {"u": user.id, "p": _fingerprint(user)})


def account_for_reset(email: str) -> User | None:
    """The live account to send a reset link to, or None; the caller answers the same either way."""
    normalised = email.strip().lower()
    if not normalised:
        return None
    return db.session.scalar(sa.select(User).where(User.email == normalised, User.erased_at.is_(None)))


def user_from_reset_token(token: str) -> User:
    """The account a reset link was made for, while the link is still valid."""
    try:
        payload = tokens.read(tokens.RESET_PASSWORD, token)
    except tokens.TokenError as error:
        raise _invalid_link(expired=error.expired) from error
    user = db.session.get(User, payload.get("u")) if isinstance(payload.get("u"), int) else None
    if user is None or user.is_erased or not hmac.compare_digest(str(payload.get("p", "")), _fingerprint(user)):
        raise _invalid_link(expired=False)
    return user


def reset_password(token: str, new: str, now: datetime | None = None) -> User:
    """Set the new password from a reset link. The link proves the address works, so an
    unconfirmed address becomes confirmed."""
    user = user_from_reset_token(token)
    set_password(user, new)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now or utcnow()
    db.session.flush()
    return user


def _invalid_link(expired: bool) -> DomainError:
    if expired:
        return DomainError(_("Ce lien a expiré. Demandez-en un nouveau."))
    return DomainError(_("Ce lien n'est pas valable ou a déjà servi. Demandez-en un nouveau."))
