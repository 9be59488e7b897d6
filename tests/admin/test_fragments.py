"""htmx live search: a swap request gets only the results block; history restores and plain
requests get the whole page; every answer varies on HX-Request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from app.core import audit
from app.extensions import db


@pytest.mark.parametrize("url", ["/admin/comptes?q=zo%C3%A9", "/admin/journal?action=budget.tally"])
def test_htmx_swap_gets_only_the_results_block(
    client: FlaskClient, login_as: Callable[..., Any], make_user: Callable[..., Any], hx: dict[str, str], url: str
) -> None:
    login_as("admin")
    make_user(display_name="Zoé Garcia")
    audit.record("budget.tally", actor_id=None)
    db.session.commit()
    response = client.get(url, headers=hx)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    assert "<html" not in body and "<h1" not in body and "<form" not in body
    assert "<table>" in body and ("Zoé Garcia" in body or "budget.tally" in body)


@pytest.mark.parametrize("url", ["/admin/comptes", "/admin/journal"])
def test_history_restore_and_plain_requests_get_the_full_page(
    client: FlaskClient, login_as: Callable[..., Any], hx: dict[str, str], url: str
) -> None:
    login_as("admin")
    for headers in ({**hx, "HX-History-Restore-Request": "true"}, {}):
        response = client.get(url, headers=headers)
        body = response.get_data(as_text=True)
        assert "<html" in body and body.count("<h1") == 1 and 'id="results"' in body
        assert "HX-Request" in response.headers["Vary"]


def test_search_form_works_with_and_without_javascript(client: FlaskClient, login_as: Callable[..., Any]) -> None:
    login_as("staff")
    body = client.get("/admin/comptes").get_data(as_text=True)
    form = body[body.index('<form method="get"') : body.index("</form>", body.index('<form method="get"'))]
    assert 'action="/admin/comptes"' in form  # a plain GET form without JavaScript
    assert 'hx-get="/admin/comptes"' in form and 'hx-target="#results"' in form and 'hx-push-url="true"' in form
    assert '<label for="q">' in form and '<label for="verified">' in form and '<label for="role">' in form
