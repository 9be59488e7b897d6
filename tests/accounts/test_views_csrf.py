"""With CSRF protection on (as in production), the account forms carry their token: the form
field for plain posts, the header that base.html gives htmx."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.accounts.conftest import PASSWORD


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"WTF_CSRF_ENABLED": True}


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def test_login_without_token_is_refused(client: FlaskClient, member: Callable[..., Any]) -> None:
    member(email="alice@example.org")
    response = client.post("/compte/connexion", data={"email": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 400


def test_login_and_htmx_post_with_token(client: FlaskClient, member: Callable[..., Any]) -> None:
    user = member(email="alice@example.org")
    token = _token(client.get("/compte/connexion").get_data(as_text=True))
    response = client.post(
        "/compte/connexion", data={"email": "alice@example.org", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 303
    page = client.get("/compte/").get_data(as_text=True)
    header_token = re.search(r'"X-CSRFToken": "([^"]+)"', page)
    assert header_token
    response = client.post(
        "/compte/profil",
        data={"display_name": "Alice B.", "locale": ""},
        headers={"HX-Request": "true", "X-CSRFToken": header_token.group(1)},
    )
    assert response.status_code == 200 and user.display_name == "Alice B."


def test_staff_search_needs_no_token(client: FlaskClient, login_as: Callable[..., Any]) -> None:
    login_as("staff")
    response = client.get("/compte/personnel/verification?email=nobody@example.org")
    assert response.status_code == 200
    assert "Aucun compte actif" in response.get_data(as_text=True)
