"""Fixtures of the accounts tests: people with a known password, signing in through the form,
and a request context for the services (their messages are translated per request)."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.accounts.services.passwords import hash_password

PASSWORD = "un mot de passe solide"


@pytest.fixture
def request_context(app: Flask) -> Iterator[None]:
    with app.test_request_context():
        yield


@pytest.fixture
def member(make_user: Callable[..., Any]) -> Callable[..., Any]:
    """A person who can sign in with PASSWORD."""

    def make(**fields: Any) -> Any:
        return make_user(password_hash=hash_password(PASSWORD), **fields)

    return make


@pytest.fixture
def sign_in(client: FlaskClient) -> Callable[..., Any]:
    """Post the login form."""

    def post(email: str, password: str = PASSWORD, **extra: Any) -> Any:
        return client.post("/compte/connexion", data={"email": email, "password": password, **extra})

    return post


def text(response: Any) -> str:
    """The body with HTML entities decoded, so assertions read like the page does."""
    return html.unescape(response.get_data(as_text=True))
