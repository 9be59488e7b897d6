"""The home page: French by default, what is open now from every area, the language switch."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.core.signals import OpenItem, open_now


def test_home_is_in_french_with_one_heading(client: FlaskClient) -> None:
    response = client.get("/")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="fr">' in body
    assert body.count("<h1") == 1 and "Participer à la vie de la ville" in body
    assert body.count("Rien pour le moment.") == 4  # nothing open yet in any section


@pytest.fixture
def open_items() -> Iterator[list[dict[str, Any]]]:
    """A receiver standing in for an area; records what the home page sent it."""
    calls: list[dict[str, Any]] = []

    def answer(sender: Flask, **kwargs: Any) -> list[OpenItem]:
        # `user` may be a proxy to the request's user: read it while the request runs.
        calls.append({"now": kwargs["now"], "signed_in": kwargs["user"].is_authenticated})
        return [
            OpenItem(
                kind="vote",
                title="Budget participatif 2027",
                url="/budgets/2027/vote",
                until=datetime(2027, 3, 31, 18, 0, tzinfo=UTC),
                place="Toute la ville",
            ),
            OpenItem(kind="assembly", title="Assemblée du climat", url="/assemblees/3"),
        ]

    with open_now.connected_to(answer):
        yield calls


def test_open_now_items_appear(client: FlaskClient, open_items: list[dict[str, Any]]) -> None:
    body = client.get("/").get_data(as_text=True)
    assert '<a href="/budgets/2027/vote">Budget participatif 2027</a>' in body
    assert "Toute la ville" in body and "31 mars 2027, 20:00" in body  # shown in Paris time
    assert '<a href="/assemblees/3">Assemblée du climat</a>' in body
    assert body.count("Rien pour le moment.") == 2  # only the sessions and budget sections are empty
    [call] = open_items
    assert call["now"].tzinfo is not None and call["signed_in"] is False


def test_language_switch_sets_english_for_the_session(client: FlaskClient) -> None:
    response = client.post("/langue", data={"lang": "en", "next": "/?page=2"})
    assert response.status_code == 303 and response.headers["Location"] == "/?page=2"
    with client.session_transaction() as session:
        assert session["lang"] == "en"
    body = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in body and 'value="fr"' in body  # the switch now offers French


def test_unknown_language_is_ignored(client: FlaskClient) -> None:
    client.post("/langue", data={"lang": "de", "next": "/"})
    assert '<html lang="fr">' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "evil.example", "", "javascript:x"])
def test_language_switch_refuses_external_targets(client: FlaskClient, target: str) -> None:
    response = client.post("/langue", data={"lang": "en", "next": target})
    assert response.status_code == 303 and response.headers["Location"] == "/"
