"""What the User model itself says: the public name, the session key, the loader."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from app.accounts.services.passwords import hash_password
from app.core.db import utcnow
from app.extensions import login_manager

pytestmark = pytest.mark.usefixtures("request_context")


def test_public_name(app: Flask, make_user: Callable[..., Any]) -> None:
    user = make_user(email="secret.person@example.org", display_name="")
    assert user.public_name == f"Membre n° {user.id}"  # never the address
    user.display_name = "Lou"
    assert user.public_name == "Lou"
    user.erased_at = utcnow()
    assert user.public_name == "Compte supprimé"


def test_loader_checks_the_session_key(app: Flask, make_user: Callable[..., Any]) -> None:
    user = make_user(password_hash=hash_password("une phrase de passe"))
    load = login_manager._user_callback
    assert load(user.get_id()) is user
    assert load(str(user.id)) is user  # a bare id (test fixtures)
    old = user.get_id()
    user.password_hash = hash_password("une autre phrase")
    assert load(old) is None
    assert load(user.get_id()) is user
    assert load("abc") is None and load("999999:x") is None
    user.erased_at = utcnow()
    assert load(user.get_id()) is None
