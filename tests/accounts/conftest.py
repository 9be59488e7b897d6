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


@pytest.fixture
def oidc_provider() -> Iterator[Any]:
    """A test OpenID Connect provider on 127.0.0.1 (tests/accounts/oidc_provider.py)."""
    from app.accounts.services.oidc_client import clear_caches
    from tests.accounts.oidc_provider import serve

    clear_caches()
    with serve() as provider:
        yield provider
    clear_caches()


def oidc_settings(provider: Any, slug: str = "ville", **fields: Any) -> Any:
    """The settings of a Parvis provider entry pointing at the test provider."""
    from app.config import OIDCProvider
    from tests.accounts.oidc_provider import CLIENT_ID, CLIENT_SECRET

    values: dict[str, Any] = {
        "slug": slug,
        "label": "Compte Ville",
        "issuer": provider.url,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "timeout": 5.0,
    }
    values.update(fields)
    return OIDCProvider(**values)
