"""Creating an account and confirming its email address."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from app.accounts.models import User
from app.accounts.services import tokens
from app.accounts.services.passwords import check_new_password, hash_password
from app.accounts.services.profile import clean_display_name, find_quartier, offered_locales
from app.core.db import utcnow
from app.core.errors import DomainError
from app.extensions import db


@dataclass(frozen=True)
class RegistrationInput:
    email: str
    password: str
    display_name: str
    quartier_id: int | None = None
    locale: str | None = None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_taken(email: str) -> bool:
    return db.session.scalar(sa.select(sa.func.count()).where(User.email == normalise_email(email))) > 0


def _taken_error() -> DomainError:
    # Says no more than the address is in use: not whether it is confirmed, verified or whose it is.
    return DomainError(
        [
            (
                "email",
                _(
                    "Un compte utilise déjà cette adresse. Connectez-vous, ou demandez un nouveau mot de passe "
                    "si vous l'avez oublié."
                ),
            )
        ]
    )


def register(data: RegistrationInput) -> User:
    """Create an unconfirmed account; the caller mails the confirmation link after committing."""
    email = normalise_email(data.email)
    problems: list[tuple[str | None, str]] = []
    for check in (
        lambda: check_new_password(data.password, email),
        lambda: clean_display_name(data.display_name),
        lambda: find_quartier(data.quartier_id),
    ):
        try:
            check()
        except DomainError as error:
            problems.extend(error.problems)
    if email_taken(email):
        problems.extend(_taken_error().problems)
    if problems:
        raise DomainError(problems)
    user = User(
        email=email,
        password_hash=hash_password(data.password),
        display_name=clean_display_name(data.display_name),
        quartier_id=data.quartier_id,
        locale=data.locale if data.locale in offered_locales() else None,
    )
    db.session.add(user)
    try:
        # A savepoint, so that losing a race for the address leaves the transaction usable.
        with db.session.begin_nested():
            db.session.flush()
    except sa.exc.IntegrityError as error:
        raise _taken_error() from error
    return user


def confirmation_token(user: User) -> str:
    # The address is in the token: a link sent to an old address cannot confirm a new one.
    return tokens.issue(tokens.CONFIRM_EMAIL, {"u": user.id, "e": user.email})


def confirm_email(token: str, now: datetime | None = None) -> User:
    """Mark the address confirmed; a link used twice simply confirms again."""
    try:
        payload = tokens.read(tokens.CONFIRM_EMAIL, token)
    except tokens.TokenError as error:
        if error.expired:
            raise DomainError(_("Ce lien de confirmation a expiré. Demandez-en un nouveau.")) from error
        raise DomainError(_("Ce lien de confirmation n'est pas valable.")) from error
    user = db.session.get(User, payload.get("u")) if isinstance(payload.get("u"), int) else None
    if user is None or user.is_erased or user.email is None or user.email != payload.get("e"):
        raise DomainError(_("Ce lien de confirmation n'est pas valable."))
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now or utcnow()
        db.session.flush()
    return user


def can_resend_confirmation(user: User) -> bool:
    return user.email is not None and user.email_confirmed_at is None and not user.is_erased
