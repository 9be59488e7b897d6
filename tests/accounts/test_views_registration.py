"""Creating an account through the pages, and confirming its address through the mailed link."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from app.accounts.models import User
from app.extensions import db
from tests.accounts.conftest import PASSWORD, text
from tests.factories import QuartierFactory


def _form(**overrides: Any) -> dict[str, Any]:
    return {
        "email": "Nouvelle@Example.org",
        "display_name": "Nouvelle Habitante",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
        "quartier_id": "",
        **overrides,
    }


def _link(message: Any) -> str:
    found = re.search(r"https?://\S+", message.get_content())
    assert found, "the mail has no link"
    return found.group(0)


def _user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def test_register_page_groups_quartiers_by_arrondissement(client: FlaskClient) -> None:
    quartier = QuartierFactory(name="Belsunce", district__name="1er arrondissement")
    db.session.commit()
    body = client.get("/compte/inscription").get_data(as_text=True)
    assert '<optgroup label="1er arrondissement">' in body
    assert f'<option value="{quartier.id}">Belsunce</option>' in body
    assert "Je ne précise pas" in body


def test_register_confirm_through_the_mail(client: FlaskClient, outbox: Callable[[], list[Any]]) -> None:
    quartier = QuartierFactory()
    db.session.commit()
    response = client.post("/compte/inscription", data=_form(quartier_id=str(quartier.id)))
    assert response.status_code == 303
    user = _user("nouvelle@example.org")
    assert user is not None and user.quartier_id == quartier.id
    assert user.email_confirmed_at is None and user.password_hash and PASSWORD not in user.password_hash

    [mail] = outbox()
    assert mail["To"] == "nouvelle@example.org"
    assert mail["Subject"] == "Confirmez votre adresse e-mail"
    assert "Bonjour Nouvelle Habitante" in mail.get_content()
    link = _link(mail)
    assert link.startswith("http://localhost/compte/confirmer/")

    # Signed in straight away, reminded to confirm.
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Bienvenue" in page and "nouvelle@example.org" in page

    confirmed = client.get(link.removeprefix("http://localhost"))
    assert confirmed.status_code == 303 and confirmed.headers["Location"] == "/compte/"
    assert user.email_confirmed_at is not None
    assert "votre adresse e-mail est confirmée" in client.get("/compte/").get_data(as_text=True)


def test_public_url_makes_the_link(app: Flask, client: FlaskClient, outbox: Callable[[], list[Any]]) -> None:
    app.config["PUBLIC_URL"] = "https://parvis.marseille.fr/"
    client.post("/compte/inscription", data=_form())
    assert _link(outbox()[0]).startswith("https://parvis.marseille.fr/compte/confirmer/")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password": "court", "password_confirm": "court"}, "au moins 10 caractères"),
        ({"password_confirm": "autre chose encore"}, "ne sont pas identiques"),
        ({"email": "pas-une-adresse"}, "n'est pas valide"),
        ({"display_name": " "}, "Choisissez le nom affiché"),
        ({"display_name": "x"}, "au moins 2 caractères"),
        ({"quartier_id": "999999"}, "Choisissez un quartier dans la liste"),
        ({"quartier_id": "abc"}, "Choisissez un quartier dans la liste"),
        (
            {"password": "nouvelle@example.org", "password_confirm": "nouvelle@example.org"},
            "différent de votre adresse",
        ),
    ],
)
def test_bad_input_is_explained_and_nothing_is_created(
    client: FlaskClient, outbox: Callable[[], list[Any]], overrides: dict[str, str], message: str
) -> None:
    response = client.post("/compte/inscription", data=_form(**overrides))
    assert response.status_code == 200
    body = text(response)
    assert message in body
    assert 'value="Nouvelle Habitante"' in body or overrides.get("display_name") is not None
    assert _user("nouvelle@example.org") is None
    assert outbox() == []


def test_address_in_use_is_refused_plainly(
    client: FlaskClient, make_user: Callable[..., Any], outbox: Callable[[], list[Any]]
) -> None:
    make_user(email="nouvelle@example.org", display_name="Quelqu'un d'autre")
    body = text(client.post("/compte/inscription", data=_form()))
    assert "Un compte utilise déjà cette adresse" in body
    assert "Quelqu'un d'autre" not in body  # nothing about the owner
    assert outbox() == []


def test_resend_confirmation(
    client: FlaskClient, login_as: Callable[..., Any], outbox: Callable[[], list[Any]]
) -> None:
    user = login_as("resident", email_confirmed_at=None)
    page = client.get("/compte/confirmation").get_data(as_text=True)
    assert "Recevoir un nouvel e-mail de confirmation" in page
    response = client.post("/compte/confirmation/renvoyer")
    assert response.status_code == 303
    [mail] = outbox()
    assert mail["To"] == user.email
    assert client.get(_link(mail).removeprefix("http://localhost")).status_code == 303
    assert user.email_confirmed_at is not None


def test_resend_is_limited(client: FlaskClient, login_as: Callable[..., Any], outbox: Callable[[], list[Any]]) -> None:
    login_as("resident", email_confirmed_at=None)
    for _ in range(3):
        assert client.post("/compte/confirmation/renvoyer").status_code == 303
    refused = client.post("/compte/confirmation/renvoyer")
    assert refused.status_code == 429
    assert "Réessayez dans une heure" in refused.get_data(as_text=True)
    assert len(outbox()) == 3


def test_resend_when_already_confirmed_sends_nothing(
    client: FlaskClient, login_as: Callable[..., Any], outbox: Callable[[], list[Any]]
) -> None:
    login_as("resident")
    client.post("/compte/confirmation/renvoyer")
    assert outbox() == []
    assert "déjà confirmée" in client.get("/compte/confirmation").get_data(as_text=True)


@pytest.mark.parametrize("token", ["n-importe-quoi", "eyJ1IjoxfQ.aaaa.bbbb"])
def test_bad_confirmation_link(client: FlaskClient, token: str) -> None:
    response = client.get(f"/compte/confirmer/{token}")
    assert response.status_code == 400
    assert "n'est pas valable" in text(response)


def test_signed_in_visitor_is_sent_to_the_profile(client: FlaskClient, login_as: Callable[..., Any]) -> None:
    login_as("resident")
    response = client.get("/compte/inscription")
    assert response.status_code == 303 and response.headers["Location"] == "/compte/"


def test_htmx_gets_the_form_fragment(client: FlaskClient, hx: dict[str, str]) -> None:
    body = client.post("/compte/inscription", data=_form(password_confirm="x"), headers=hx).get_data(as_text=True)
    assert 'id="register-form"' in body and "<html" not in body
    assert "ne sont pas identiques" in body


def test_language_chosen_before_registering_is_kept(client: FlaskClient) -> None:
    client.post("/langue", data={"lang": "en", "next": "/"})
    client.post("/compte/inscription", data=_form())
    user = _user("nouvelle@example.org")
    assert user is not None and user.locale == "en"


def test_no_language_chosen_means_the_site_default(client: FlaskClient) -> None:
    client.post("/compte/inscription", data=_form())
    user = _user("nouvelle@example.org")
    assert user is not None and user.locale is None
