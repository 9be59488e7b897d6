"""The mails the accounts area sends, written in French, with absolute links.

They are sent after the view has committed (a link must never point at an account that a failed
commit did not create). A mail that cannot be sent is logged and reported to the caller, which
tells the person how to ask again; it never undoes what was saved.
"""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.accounts.services import tokens
from app.accounts.services.passwords import reset_token
from app.accounts.services.registration import confirmation_token
from app.core.mail import send_in_language
from app.core.urls import absolute_url


def _hours(seconds: int) -> int:
    return max(1, round(seconds / 3600))


def _send(user: User, subject: LazyString, template: str, **context: object) -> bool:
    if not user.email:
        return False
    # In the language the person chose for their account (French unless they said otherwise).
    return send_in_language(user.email, user.locale, subject, template, user=user, **context)


def send_confirmation(user: User) -> bool:
    link = absolute_url("accounts.confirm_email", token=confirmation_token(user))
    return _send(
        user,
        _l("Confirmez votre adresse e-mail"),
        "accounts/mail/confirm.txt",
        link=link,
        days=round(tokens.max_age(tokens.CONFIRM_EMAIL) / 86400) or 1,
    )


def send_reset(user: User) -> bool:
    link = absolute_url("accounts.reset_password", token=reset_token(user))
    return _send(
        user,
        _l("Choisir un nouveau mot de passe"),
        "accounts/mail/reset.txt",
        link=link,
        hours=_hours(tokens.max_age(tokens.RESET_PASSWORD)),
        forgot_url=absolute_url("accounts.forgot_password"),
    )


def send_password_changed(user: User) -> bool:
    """Tell the owner, so a change they did not make does not go unnoticed."""
    return _send(
        user,
        _l("Votre mot de passe a été modifié"),
        "accounts/mail/password_changed.txt",
        forgot_url=absolute_url("accounts.forgot_password"),
    )


def send_link_identity(user: User, token: str, provider: str) -> bool:
    """The link that proves the owner of an address wants a provider account linked to theirs."""
    return _send(
        user,
        _l("Relier %(provider)s à votre compte Parvis", provider=provider),
        "accounts/mail/link_identity.txt",
        link=absolute_url("accounts.oidc_link_by_mail", token=token),
        provider=provider,
        hours=_hours(tokens.max_age(tokens.LINK_IDENTITY)),
    )
