"""Forgotten password through the pages: the same answer for any address, a one-time link."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient

from app.accounts.services.passwords import check_password
from tests.accounts.conftest import PASSWORD, text

NEW = "une toute nouvelle phrase"


def _ask(client: FlaskClient, email: str) -> Any:
    return client.post("/compte/mot-de-passe-oublie", data={"email": email})


def _path(message: Any) -> str:
    found = re.search(r"http://localhost(/compte/mot-de-passe/nouveau/\S+)", message.get_content())
    assert found
    return found.group(1)


def test_same_answer_whether_or_not_the_account_exists(
    client: FlaskClient, member: Callable[..., Any], outbox: Callable[[], list[Any]]
) -> None:
    member(email="alice@example.org")
    known = _ask(client, "alice@example.org")
    known_page = text(client.get(known.headers["Location"]))
    unknown = _ask(client, "nobody@example.org")
    unknown_page = text(client.get(unknown.headers["Location"]))
    assert known.status_code == unknown.status_code == 303
    assert known.headers["Location"] == unknown.headers["Location"]
    assert "Si un compte utilise cette adresse" in known_page and "Si un compte utilise cette adresse" in unknown_page
    [mail] = outbox()
    assert mail["To"] == "alice@example.org"


def test_reset_through_the_link_once(
    client: FlaskClient, member: Callable[..., Any], outbox: Callable[[], list[Any]], sign_in: Callable[..., Any]
) -> None:
    user = member(email="alice@example.org")
    _ask(client, "alice@example.org")
    path = _path(outbox()[0])
    assert "Choisir un nouveau mot de passe" in text(client.get(path))

    mismatch = client.post(path, data={"password": NEW, "password_confirm": "autre"})
    assert mismatch.status_code == 200 and "ne sont pas identiques" in text(mismatch)

    done = client.post(path, data={"password": NEW, "password_confirm": NEW})
    assert done.status_code == 303 and done.headers["Location"] == "/compte/connexion"
    assert check_password(user.password_hash, NEW)
    assert outbox()[-1]["Subject"] == "Votre mot de passe a été modifié"

    again = client.get(path)
    assert again.status_code == 400 and "déjà servi" in text(again)
    assert (
        client.post(path, data={"password": "encore autre chose", "password_confirm": "encore autre chose"}).status_code
        == 400
    )
    assert check_password(user.password_hash, NEW)

    assert sign_in("alice@example.org", PASSWORD).status_code == 200
    assert sign_in("alice@example.org", NEW).status_code == 303


def test_new_link_invalidates_nothing_but_use_does(
    client: FlaskClient, member: Callable[..., Any], outbox: Callable[[], list[Any]]
) -> None:
    member(email="alice@example.org")
    _ask(client, "alice@example.org")
    _ask(client, "alice@example.org")
    first, second = (_path(mail) for mail in outbox())
    assert client.post(second, data={"password": NEW, "password_confirm": NEW}).status_code == 303
    assert client.get(first).status_code == 400  # any use ends every older link


def test_bad_email_gets_a_message(client: FlaskClient, outbox: Callable[[], list[Any]]) -> None:
    response = client.post("/compte/mot-de-passe-oublie", data={"email": "pas une adresse"})
    assert response.status_code == 200 and "n'est pas valide" in text(response)
    assert outbox() == []


def test_requests_per_address_are_limited(
    client: FlaskClient, member: Callable[..., Any], outbox: Callable[[], list[Any]]
) -> None:
    member(email="alice@example.org")
    for _ in range(5):
        assert _ask(client, "alice@example.org").status_code == 303
    refused = _ask(client, "alice@example.org")
    assert refused.status_code == 429 and "Réessayez dans une heure" in text(refused)
    assert len(outbox()) == 5
