"""Creating an account and confirming its address, without HTTP."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from app.accounts.services import registration, tokens
from app.accounts.services.passwords import check_password
from app.core.errors import DomainError
from app.extensions import db
from tests.accounts.conftest import PASSWORD
from tests.factories import QuartierFactory

pytestmark = pytest.mark.usefixtures("request_context")


def _data(**overrides: Any) -> registration.RegistrationInput:
    values = {"email": " Camille@Example.ORG ", "password": PASSWORD, "display_name": "  Camille   B. "}
    return registration.RegistrationInput(**{**values, **overrides})


def test_register_normalises_and_hashes(app: Flask) -> None:
    quartier = QuartierFactory()
    user = registration.register(_data(quartier_id=quartier.id, locale="en"))
    db.session.commit()
    assert user.email == "camille@example.org"
    assert user.display_name == "Camille B."
    assert user.quartier is quartier and user.locale == "en"
    assert user.email_confirmed_at is None and not user.is_verified
    assert check_password(user.password_hash, PASSWORD)


def test_every_problem_is_reported_at_once(app: Flask, make_user: Callable[..., Any]) -> None:
    make_user(email="camille@example.org")
    with pytest.raises(DomainError) as caught:
        registration.register(_data(password="court", display_name="", quartier_id=424242))
    fields = [field for field, _ in caught.value.problems]
    assert fields == ["password", "display_name", "quartier_id", "email"]


def test_taken_address_is_refused_whatever_its_case(app: Flask, make_user: Callable[..., Any]) -> None:
    make_user(email="camille@example.org")
    with pytest.raises(DomainError, match="Un compte utilise déjà cette adresse"):
        registration.register(_data(email="CAMILLE@example.org"))


def test_unknown_locale_is_ignored(app: Flask) -> None:
    assert registration.register(_data(locale="de")).locale is None


def test_confirm_email(app: Flask, make_user: Callable[..., Any]) -> None:
    user = make_user(email_confirmed_at=None)
    token = registration.confirmation_token(user)
    assert registration.confirm_email(token) is user
    first = user.email_confirmed_at
    assert first is not None
    # A second click changes nothing.
    registration.confirm_email(token)
    assert user.email_confirmed_at == first


def test_confirmation_for_an_old_address_does_not_confirm_the_new_one(
    app: Flask, make_user: Callable[..., Any]
) -> None:
    user = make_user(email="old@example.org", email_confirmed_at=None)
    token = registration.confirmation_token(user)
    user.email = "new@example.org"
    with pytest.raises(DomainError, match="pas valable"):
        registration.confirm_email(token)
    assert user.email_confirmed_at is None


def test_expired_confirmation(app: Flask, make_user: Callable[..., Any]) -> None:
    user = make_user(email_confirmed_at=None)
    token = registration.confirmation_token(user)
    app.config["ACCOUNTS_CONFIRM_MAX_AGE"] = -1
    with pytest.raises(DomainError, match="a expiré"):
        registration.confirm_email(token)


def test_a_reset_token_does_not_confirm(app: Flask, make_user: Callable[..., Any]) -> None:
    user = make_user(email_confirmed_at=None)
    token = tokens.issue(tokens.RESET_PASSWORD, {"u": user.id, "e": user.email})
    with pytest.raises(DomainError, match="pas valable"):
        registration.confirm_email(token)


def test_erased_account_cannot_be_confirmed(app: Flask, make_user: Callable[..., Any]) -> None:
    from app.core.db import utcnow

    user = make_user(email_confirmed_at=None)
    token = registration.confirmation_token(user)
    user.erased_at = utcnow() - timedelta(seconds=1)
    with pytest.raises(DomainError):
        registration.confirm_email(token)


def test_can_resend_only_while_unconfirmed(app: Flask, make_user: Callable[..., Any]) -> None:
    assert registration.can_resend_confirmation(make_user(email_confirmed_at=None))
    assert not registration.can_resend_confirmation(make_user())
