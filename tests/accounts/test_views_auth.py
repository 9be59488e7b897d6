"""Signing in and out through the pages: generic refusals, the per-account lock after five
failures in a minute, the per-address ceiling, safe `next`, erased accounts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.accounts.models import User
from app.accounts.services.passwords import hash_password
from app.extensions import db
from tests.accounts.conftest import PASSWORD

GENERIC = "Adresse e-mail ou mot de passe incorrect."


def _signed_in_as(client: FlaskClient) -> str:
    return client.get("/compte/").get_data(as_text=True)


def test_login_page_renders(client: FlaskClient) -> None:
    response = client.get("/compte/connexion")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'name="email"' in body and 'name="password"' in body
    assert "Mot de passe oublié" in body


def test_login_then_logout(client: FlaskClient, member: Callable[..., Any], sign_in: Callable[..., Any]) -> None:
    user = member(email="alice@example.org")
    response = sign_in("Alice@Example.org ")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert user.last_login_at is not None
    assert "alice@example.org" in _signed_in_as(client)

    assert client.get("/compte/deconnexion").status_code == 405  # never by GET
    response = client.post("/compte/deconnexion")
    assert response.status_code == 303
    assert client.get("/compte/").status_code == 302  # back to the login page


@pytest.mark.parametrize("email", ["alice@example.org", "nobody@example.org"])
def test_refusal_does_not_say_whether_the_address_exists(
    client: FlaskClient, member: Callable[..., Any], sign_in: Callable[..., Any], email: str
) -> None:
    member(email="alice@example.org")
    response = sign_in(email, "mauvais mot de passe")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert GENERIC in body
    assert 'value="' + email + '"' in body  # what was typed is kept


def test_empty_form_gets_messages_not_an_error(client: FlaskClient) -> None:
    response = client.post("/compte/connexion", data={})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Saisissez votre adresse e-mail." in body and "Saisissez votre mot de passe." in body


def test_erased_account_cannot_sign_in(member: Callable[..., Any], sign_in: Callable[..., Any]) -> None:
    user = member(email="gone@example.org")
    from app.core.db import utcnow

    user.erased_at = utcnow()
    db.session.commit()
    assert GENERIC in sign_in("gone@example.org").get_data(as_text=True)


def test_sixth_failure_in_a_minute_is_refused_even_with_the_right_password(
    client: FlaskClient, member: Callable[..., Any], sign_in: Callable[..., Any]
) -> None:
    member(email="alice@example.org")
    member(email="bob@example.org")
    for _ in range(5):
        assert sign_in("alice@example.org", "mauvais mot de passe").status_code == 200
    locked = sign_in("ALICE@example.org", PASSWORD)
    assert locked.status_code == 429
    body = locked.get_data(as_text=True)
    assert "Attendez une minute" in body
    assert "<h1>Se connecter</h1>" in body  # shown in the login page, not a bare error
    assert _signed_in_as(client).count("alice@example.org") == 0
    # Another account is not affected.
    assert sign_in("bob@example.org").status_code == 303


def test_successful_logins_do_not_count_and_reset_nothing(
    client: FlaskClient, member: Callable[..., Any], sign_in: Callable[..., Any]
) -> None:
    member(email="alice@example.org")
    for _ in range(8):
        assert sign_in("alice@example.org").status_code == 303
        client.post("/compte/deconnexion")
    for _ in range(4):
        assert sign_in("alice@example.org", "mauvais mot de passe").status_code == 200
    # A success in between neither counts nor wipes the four failures.
    assert sign_in("alice@example.org").status_code == 303
    client.post("/compte/deconnexion")
    assert sign_in("alice@example.org", "mauvais mot de passe").status_code == 200
    assert sign_in("alice@example.org").status_code == 429


def test_per_address_ceiling(client: FlaskClient, sign_in: Callable[..., Any]) -> None:
    for number in range(30):
        assert sign_in(f"p{number}@example.org", "mauvais mot de passe").status_code == 200
    response = sign_in("p99@example.org", "mauvais mot de passe")
    assert response.status_code == 429
    assert "depuis votre réseau" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/compte/verification", "/compte/verification"),
        ("/compte/?onglet=1", "/compte/?onglet=1"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_next_stays_on_this_site(
    member: Callable[..., Any], sign_in: Callable[..., Any], target: str, expected: str
) -> None:
    member(email="alice@example.org")
    response = sign_in("alice@example.org", next=target)
    assert response.status_code == 303
    assert response.headers["Location"] == expected


def test_protected_page_comes_back_after_login(
    client: FlaskClient, member: Callable[..., Any], sign_in: Callable[..., Any]
) -> None:
    member(email="alice@example.org")
    response = client.get("/compte/verification")
    assert response.status_code == 302
    login_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'name="next" type="hidden" value="/compte/verification"' in login_page
    assert sign_in("alice@example.org", next="/compte/verification").headers["Location"] == "/compte/verification"


def test_unconfirmed_account_signs_in_with_a_reminder(
    client: FlaskClient, member: Callable[..., Any], sign_in: Callable[..., Any]
) -> None:
    member(email="new@example.org", email_confirmed_at=None)
    assert sign_in("new@example.org").status_code == 303
    assert "Pensez à confirmer votre adresse e-mail" in client.get("/").get_data(as_text=True)


def test_old_hash_is_upgraded_at_login(app: Flask, member: Callable[..., Any], sign_in: Callable[..., Any]) -> None:
    user = member(email="alice@example.org")
    app.config["ARGON2_TIME_COST"] = 2
    old_hash = user.password_hash
    assert sign_in("alice@example.org").status_code == 303
    assert user.password_hash != old_hash and "t=2" in user.password_hash


def test_htmx_login_failure_gets_the_form_fragment(
    client: FlaskClient, member: Callable[..., Any], hx: dict[str, str]
) -> None:
    member(email="alice@example.org")
    response = client.post("/compte/connexion", data={"email": "alice@example.org", "password": "mauvais"}, headers=hx)
    body = response.get_data(as_text=True)
    assert GENERIC in body
    assert "<html" not in body and 'id="login-form"' in body


def test_session_of_a_user_whose_password_changed_ends(
    app: Flask, client: FlaskClient, member: Callable[..., Any], sign_in: Callable[..., Any]
) -> None:
    user = member(email="alice@example.org")
    sign_in("alice@example.org")
    assert client.get("/compte/").status_code == 200
    user.password_hash = hash_password("un tout autre mot de passe")
    db.session.commit()
    assert client.get("/compte/").status_code == 302
    assert db.session.get(User, user.id) is user
