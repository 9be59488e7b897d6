"""Site-wide protections: security headers, CSRF (form field and htmx header), error pages in the
layout, and pages that keep to the strict Content-Security-Policy (no inline script or style)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Blueprint, Flask
from flask.testing import FlaskClient

from app.core.permissions import access


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"WTF_CSRF_ENABLED": True}


class _PageScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.h1 = 0
        self.problems: list[str] = []
        self.csrf_header: str | None = None
        self._in_inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        self.h1 += tag == "h1"
        if tag == "script" and not names.get("src") and names.get("type") != "application/json":
            self.problems.append("inline <script> (refused by the CSP: move it to a file under app/static/)")
        if tag == "style":
            self.problems.append("<style> element (refused by the CSP: use app/static/css/)")
        if "style" in names:
            self.problems.append(f'style="" attribute on <{tag}> (refused by the CSP: use a class)')
        handlers = sorted(name for name in names if name.startswith("on"))
        if handlers:
            self.problems.append(f"event handler attribute {handlers} on <{tag}> (refused by the CSP)")
        for name in ("href", "src", "action"):
            if (names.get(name) or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL in {name} of <{tag}>")
        if tag == "body" and names.get("hx-headers"):
            self.csrf_header = json.loads(names["hx-headers"] or "{}").get("X-CSRFToken")


def scan(html: str) -> _PageScan:
    parser = _PageScan()
    parser.feed(html)
    parser.close()
    return parser


def page_problems(html: str) -> list[str]:
    """What is wrong with a full HTML page: not exactly one <h1>, or anything the CSP refuses."""
    result = scan(html)
    problems = list(result.problems)
    if result.h1 != 1:
        problems.append(f"{result.h1} <h1> elements (a page has exactly one)")
    return problems


def is_layout(html: str) -> bool:
    return "<html" in html and 'id="main"' in html and "site-header" in html


def _csp(response: Any) -> dict[str, list[str]]:
    directives = {}
    for part in response.headers.get("Content-Security-Policy", "").split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_pages_carry_the_security_headers(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    csp = _csp(response)
    script_src = csp.get("script-src", csp.get("default-src"))
    assert script_src is not None
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "'unsafe-inline'" not in csp.get("style-src", csp["default-src"])
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert page_problems(response.get_data(as_text=True)) == []


def test_the_page_scan_finds_what_the_csp_refuses() -> None:
    html = '<h1>A</h1><h1>B</h1><script>x()</script><p style="color:red" onclick="y()">'
    problems = page_problems(html)
    assert len(problems) == 4
    assert "2 <h1> elements" in problems[-1]


# --- CSRF ---------------------------------------------------------------------------------------


def test_a_post_without_token_gets_a_french_page_in_the_layout(client: FlaskClient) -> None:
    response = client.post("/langue", data={"lang": "en", "next": "/"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert is_layout(body)
    assert "Le formulaire a expiré" in body
    assert page_problems(body) == []
    assert '<html lang="fr">' in client.get("/").get_data(as_text=True)  # the refused choice changed nothing


def _token(client: FlaskClient) -> str:
    token = scan(client.get("/").get_data(as_text=True)).csrf_header
    assert token, "base.html must put the CSRF token in <body hx-headers>"
    return token


def test_htmx_sends_the_token_in_a_header(client: FlaskClient, hx: dict[str, str]) -> None:
    response = client.post("/langue", data={"lang": "en", "next": "/"}, headers={**hx, "X-CSRFToken": _token(client)})
    assert response.status_code == 303
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_a_form_sends_the_token_in_a_field(client: FlaskClient) -> None:
    response = client.post("/langue", data={"lang": "en", "next": "/", "csrf_token": _token(client)})
    assert response.status_code == 303


def test_a_wrong_token_is_refused(client: FlaskClient) -> None:
    _token(client)  # the session has a token, the request carries another
    response = client.post("/langue", data={"lang": "en"}, headers={"X-CSRFToken": "forged"})
    assert response.status_code == 400


# --- Error pages --------------------------------------------------------------------------------


def _with_admin_only_route(app: Flask) -> Flask:
    bp = Blueprint("probe_admin", __name__)

    @bp.get("/_probe/admin")
    @access("admin")
    def admin_only() -> str:
        return "secret"

    app.register_blueprint(bp)
    return app


def _assert_error_page(response: Any, status: int, title: str) -> None:
    body = response.get_data(as_text=True)
    assert response.status_code == status
    assert is_layout(body), "error pages render in the site's layout"
    assert re.search(rf"<h1>\s*{re.escape(title)}\s*</h1>", body)
    assert page_problems(body) == []


def test_not_found_page(client: FlaskClient) -> None:
    _assert_error_page(client.get("/cette-page-n-existe-pas"), 404, "Page introuvable")


def test_method_not_allowed_page(client: FlaskClient) -> None:
    _assert_error_page(client.get("/langue"), 405, "Action impossible")


def test_forbidden_page(app: Flask, client: FlaskClient, login_as: Callable[..., Any]) -> None:
    _with_admin_only_route(app)
    login_as("resident")
    _assert_error_page(client.get("/_probe/admin"), 403, "Accès refusé")


def test_htmx_error_is_a_fragment_retargeted_to_the_messages(client: FlaskClient, hx: dict[str, str]) -> None:
    response = client.get("/cette-page-n-existe-pas", headers=hx)
    body = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "<html" not in body and "error-box" in body
    assert response.headers["HX-Retarget"] == "#flash"
    assert "HX-Request" in response.headers.get("Vary", "")
