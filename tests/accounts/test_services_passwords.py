"""Password rules, changing a password, and one-time reset links."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from app.accounts.services import passwords
from app.core.errors import DomainError
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("request_context")
NEW = "une toute nouvelle phrase"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("123456789", "au moins 10 caractères"),
        ("x" * 201, "dépasser 200 caractères"),
        ("Alice@Example.org", "différent de votre adresse"),
    ],
)
def test_new_password_rules(app: Flask, password: str, message: str) -> None:
    with pytest.raises(DomainError, match=message) as caught:
        passwords.check_new_password(password, "alice@example.org")
    assert caught.value.problems[0][0] == "password"


def test_hash_and_check(app: Flask) -> None:
    hashed = passwords.hash_password(PASSWORD)
    assert hashed.startswith("$argon2id$")
    assert passwords.check_password(hashed, PASSWORD)
    assert not passwords.check_password(hashed, "autre chose")
    assert not passwords.check_password(None, PASSWORD)
    assert not passwords.check_password("pas un hash", PASSWORD)


def test_change_password_needs_the_current_one(app: Flask, member: Callable[..., Any]) -> None:
    user = member()
    with pytest.raises(DomainError) as caught:
        passwords.change_password(user, "faux mot de passe", NEW)
    assert caught.value.problems[0][0] == "current_password"
    with pytest.raises(DomainError) as caught:
        passwords.change_password(user, PASSWORD, "court")
    assert caught.value.problems[0][0] == "new_password"
    with pytest.raises(DomainError, match="différent de l'actuel"):
        passwords.change_password(user, PASSWORD, PASSWORD)
    key = user.session_key
    passwords.change_password(user, PASSWORD, NEW)
    assert passwords.check_password(user.password_hash, NEW)
    assert user.session_key != key  # other sessions end


def test_reset_link_works_once(app: Flask, member: Callable[..., Any]) -> None:
    user = member(email_confirmed_at=None)
    token = passwords.reset_token(user)
    assert passwords.user_from_reset_token(token) is user
    passwords.reset_password(token, NEW)
    assert passwords.check_password(user.password_hash, NEW)
    assert user.email_confirmed_at is not None  # the link proved the address
    with pytest.raises(DomainError, match="déjà servi"):
        passwords.reset_password(token, "encore une autre phrase")


def test_reset_link_dies_when_the_password_changes_otherwise(app: Flask, member: Callable[..., Any]) -> None:
    user = member()
    token = passwords.reset_token(user)
    passwords.change_password(user, PASSWORD, NEW)
    with pytest.raises(DomainError):
        passwords.user_from_reset_token(token)


def test_reset_link_expires(app: Flask, member: Callable[..., Any]) -> None:
    token = passwords.reset_token(member())
    app.config["ACCOUNTS_RESET_MAX_AGE"] = -1
    with pytest.raises(DomainError, match="a expiré"):
        passwords.user_from_reset_token(token)


def test_reset_refuses_a_weak_password_and_keeps_the_link(app: Flask, member: Callable[..., Any]) -> None:
    user = member()
    token = passwords.reset_token(user)
    with pytest.raises(DomainError, match="au moins 10"):
        passwords.reset_password(token, "court")
    assert passwords.user_from_reset_token(token) is user


def test_account_for_reset(app: Flask, member: Callable[..., Any]) -> None:
    from app.core.db import utcnow

    user = member(email="alice@example.org")
    assert passwords.account_for_reset(" Alice@example.org") is user
    assert passwords.account_for_reset("nobody@example.org") is None
    assert passwords.account_for_reset("") is None
    user.erased_at = utcnow()
    assert passwords.account_for_reset("alice@example.org") is None


def test_tiny_test_cost_still_hashes(app: Flask) -> None:
    """The lanes follow the memory cost, so a configuration with little memory still works."""
    app.config["ARGON2_MEMORY_COST"] = 8
    assert passwords.check_password(passwords.hash_password(PASSWORD), PASSWORD)
