"""Checking credentials: one message for every refusal, last login recorded, hashes upgraded."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from app.accounts.services import login
from app.core.db import utcnow
from app.core.errors import DomainError
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("request_context")


def test_right_password_opens_the_account(app: Flask, member: Callable[..., Any]) -> None:
    user = member(email="alice@example.org")
    now = utcnow()
    assert login.authenticate(" ALICE@example.org", PASSWORD, now=now) is user
    assert user.last_login_at == now


@pytest.mark.parametrize(
    ("email", "password", "erased"),
    [
        ("alice@example.org", "mauvais mot de passe", False),
        ("personne@example.org", PASSWORD, False),
        ("alice@example.org", PASSWORD, True),
        ("", PASSWORD, False),
    ],
)
def test_every_refusal_says_the_same(
    app: Flask, member: Callable[..., Any], email: str, password: str, erased: bool
) -> None:
    user = member(email="alice@example.org")
    if erased:
        user.erased_at = utcnow()
    with pytest.raises(DomainError) as caught:
        login.authenticate(email, password)
    assert caught.value.problems == [(None, "Adresse e-mail ou mot de passe incorrect.")]
    assert user.last_login_at is None


def test_account_without_password_cannot_sign_in(app: Flask, make_user: Callable[..., Any]) -> None:
    make_user(email="sso@example.org", password_hash=None)
    with pytest.raises(DomainError):
        login.authenticate("sso@example.org", "")


def test_hash_is_upgraded_when_the_cost_rises(app: Flask, member: Callable[..., Any]) -> None:
    user = member(email="alice@example.org")
    before = user.password_hash
    login.authenticate("alice@example.org", PASSWORD)
    assert user.password_hash == before  # same cost: untouched
    app.config["ARGON2_MEMORY_COST"] = 16
    login.authenticate("alice@example.org", PASSWORD)
    assert user.password_hash != before and "m=16" in user.password_hash
