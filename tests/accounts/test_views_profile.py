"""The profile page: each section saves on its own (htmx swaps it; a plain post redirects),
and bad input comes back with a message, never a 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from app.accounts.models import RoleGrant
from app.accounts.services.passwords import check_password
from app.core.db import utcnow
from app.extensions import db
from tests.accounts.conftest import PASSWORD, text
from tests.factories import QuartierFactory

NEW = "une toute nouvelle phrase"


def test_profile_shows_the_account_state(client: FlaskClient, login_as: Callable[..., Any]) -> None:
    user = login_as("resident", email_confirmed_at=None)
    db.session.add(RoleGrant(user=user, role="moderator", scope_id="conseil-3"))
    db.session.commit()
    body = text(client.get("/compte/"))
    assert user.email in body and "pas encore confirmée" in body
    assert "pas encore vérifiée" in body and "Vérifier ma résidence" in body
    assert "Modération d'un conseil" in body and "conseil-3" in body
    assert body.count("<h1") == 1


def test_verified_state_is_shown(client: FlaskClient, login_as: Callable[..., Any]) -> None:
    login_as("resident", verified_at=utcnow(), verification_method="census", identity_hash="a" * 64)
    assert "d'après le recensement" in text(client.get("/compte/"))


def test_update_details_plain_post(client: FlaskClient, login_as: Callable[..., Any]) -> None:
    user = login_as("resident")
    quartier = QuartierFactory()
    db.session.commit()
    response = client.post(
        "/compte/profil", data={"display_name": "Nouveau Nom", "quartier_id": str(quartier.id), "locale": ""}
    )
    assert response.status_code == 303 and response.headers["Location"] == "/compte/"
    assert (user.display_name, user.quartier_id) == ("Nouveau Nom", quartier.id)
    assert "Vos informations sont enregistrées." in text(client.get("/compte/"))


def test_update_details_htmx_gets_the_section(
    client: FlaskClient, login_as: Callable[..., Any], hx: dict[str, str]
) -> None:
    user = login_as("resident")
    response = client.post("/compte/profil", data={"display_name": "Par htmx", "locale": ""}, headers=hx)
    body = text(response)
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="details"') and "<html" not in body
    assert "Vos informations sont enregistrées." in body
    assert user.display_name == "Par htmx"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"display_name": "", "locale": ""}, "Choisissez le nom affiché"),
        ({"display_name": "A", "locale": ""}, "au moins 2 caractères"),
        ({"display_name": "Lou", "quartier_id": "999999", "locale": ""}, "Choisissez un quartier dans la liste"),
        ({"display_name": "Lou", "locale": "klingon"}, "Choisissez une réponse dans la liste."),
    ],
)
def test_bad_details_are_explained(
    client: FlaskClient, login_as: Callable[..., Any], hx: dict[str, str], data: dict[str, str], message: str
) -> None:
    user = login_as("resident", display_name="Avant")
    for headers in ({}, hx):
        response = client.post("/compte/profil", data=data, headers=headers)
        assert response.status_code == 200
        body = text(response)
        assert message in body
        assert 'class="error"' in body
    assert user.display_name == "Avant"


def test_language_choice_redraws_the_page(
    client: FlaskClient, login_as: Callable[..., Any], hx: dict[str, str]
) -> None:
    user = login_as("resident")
    response = client.post("/compte/profil", data={"display_name": "Lou", "locale": "en"}, headers=hx)
    assert response.headers.get("HX-Redirect") == "/compte/"
    assert user.locale == "en"
    with client.session_transaction() as session:
        assert session["lang"] == "en"


def test_demographics_opt_in_and_out(client: FlaskClient, login_as: Callable[..., Any], hx: dict[str, str]) -> None:
    user = login_as("resident")
    page = text(client.get("/compte/"))
    assert "uniquement à des statistiques d'ensemble" in page

    refused = client.post("/compte/profil/demographie", data={"gender": "femme", "age_band": "25-34"}, headers=hx)
    assert "Cochez la case de consentement" in text(refused)
    assert user.gender is None

    saved = client.post(
        "/compte/profil/demographie", data={"gender": "femme", "age_band": "25-34", "consent": "y"}, headers=hx
    )
    body = text(saved)
    assert body.lstrip().startswith('<section id="demographics"')
    assert "genre — Femme ; tranche d'âge — 25 à 34 ans" in body
    assert (user.gender, user.age_band) == ("femme", "25-34") and user.demographics_consent_at is not None

    withdrawn = client.post("/compte/profil/demographie/retirer")
    assert withdrawn.status_code == 303
    assert (user.gender, user.age_band, user.demographics_consent_at) == (None, None, None)
    assert "Votre consentement est retiré" in text(client.get("/compte/"))


def test_demographics_bad_choice(client: FlaskClient, login_as: Callable[..., Any]) -> None:
    user = login_as("resident")
    response = client.post("/compte/profil/demographie", data={"gender": "licorne", "consent": "y"})
    assert response.status_code == 200 and "Choisissez une réponse dans la liste." in text(response)
    assert user.gender is None


def test_change_password(
    client: FlaskClient, member: Callable[..., Any], sign_in: Callable[..., Any], outbox: Callable[[], list[Any]]
) -> None:
    user = member(email="alice@example.org")
    sign_in("alice@example.org")
    wrong = client.post(
        "/compte/profil/mot-de-passe",
        data={"current_password": "pas le bon", "new_password": NEW, "new_password_confirm": NEW},
    )
    assert wrong.status_code == 200 and "Le mot de passe actuel est incorrect." in text(wrong)
    assert check_password(user.password_hash, PASSWORD)

    done = client.post(
        "/compte/profil/mot-de-passe",
        data={"current_password": PASSWORD, "new_password": NEW, "new_password_confirm": NEW},
    )
    assert done.status_code == 303
    assert check_password(user.password_hash, NEW)
    # This session goes on; the mail tells the owner.
    assert client.get("/compte/").status_code == 200
    assert outbox()[-1]["Subject"] == "Votre mot de passe a été modifié"


def test_change_password_ends_other_sessions(
    app: Any, member: Callable[..., Any], outbox: Callable[[], list[Any]]
) -> None:
    member(email="alice@example.org")
    phone, laptop = app.test_client(), app.test_client()
    for device in (phone, laptop):
        assert (
            device.post("/compte/connexion", data={"email": "alice@example.org", "password": PASSWORD}).status_code
            == 303
        )
    laptop.post(
        "/compte/profil/mot-de-passe",
        data={"current_password": PASSWORD, "new_password": NEW, "new_password_confirm": NEW},
    )
    assert laptop.get("/compte/").status_code == 200
    assert phone.get("/compte/").status_code == 302
