"""Downloading one's data and deleting one's account through the pages."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient

from app.accounts.models import User
from app.extensions import db
from tests.accounts.conftest import PASSWORD, text


def test_page_explains_both(client: FlaskClient, login_as: Callable[..., Any]) -> None:
    login_as("resident")
    body = text(client.get("/compte/mes-donnees"))
    assert "Télécharger mes données" in body and "Supprimer définitivement mon compte" in body


def test_download(client: FlaskClient, member: Callable[..., Any], sign_in: Callable[..., Any]) -> None:
    user = member(email="lou@example.org", identity_hash="c" * 64)
    sign_in("lou@example.org")
    response = client.get("/compte/mes-donnees/export.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="parvis-mes-donnees-')
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "lou@example.org" and data["account"]["id"] == user.id
    assert "c" * 64 not in response.get_data(as_text=True)
    assert "argon2" not in response.get_data(as_text=True)


def test_delete_account(client: FlaskClient, member: Callable[..., Any], sign_in: Callable[..., Any]) -> None:
    user = member(email="lou@example.org", display_name="Lou Martin")
    sign_in("lou@example.org")
    wrong = client.post("/compte/supprimer", data={"password": "pas le bon", "confirm": "y"})
    assert wrong.status_code == 200 and "Le mot de passe est incorrect." in text(wrong)
    unchecked = client.post("/compte/supprimer", data={"password": PASSWORD})
    assert "Cochez la case pour confirmer la suppression." in text(unchecked)
    assert not user.is_erased

    done = client.post("/compte/supprimer", data={"password": PASSWORD, "confirm": "y"})
    assert done.status_code == 303 and done.headers["Location"] == "/"
    assert "Votre compte est supprimé" in text(client.get("/"))
    db.session.expire_all()
    erased = db.session.get(User, user.id)
    assert erased is not None and erased.email is None and erased.display_name == ""
    assert client.get("/compte/").status_code == 302  # the session ended
    assert sign_in("lou@example.org").status_code == 200  # and nobody can sign in with it


def test_htmx_delete_error_is_a_fragment(client: FlaskClient, login_as: Callable[..., Any], hx: dict[str, str]) -> None:
    login_as("resident")
    body = text(client.post("/compte/supprimer", data={"password": "x", "confirm": "y"}, headers=hx))
    assert body.lstrip().startswith('<div id="delete-form">') and "Le mot de passe est incorrect." in body
