"""Every route, visited as each kind of person with each method it allows, answers as its
`@access(level)` declares: anonymous visitors are sent to the login page, people without the level
get 403, and nobody ever gets a 500. Full pages also keep to the layout rules (one <h1>, nothing the
CSP refuses).

A new route with URL arguments needs sample values: a line in `URL_ARGS` below for the foundation's
areas, or in the `URL_ARGS` of `tests/<area>/access_args.py` for the others (the test says which are
missing). Their lambdas get a `Samples`: `s.user`, `s.make_user(...)`, and `s.once(key, build)` to
create an object once per test.
"""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient

from app import create_app
from tests.conftest import base_config
from tests.test_security_headers import page_problems

ROLES = ("anonymous", "resident", "staff", "admin")
SKIPPED_ENDPOINTS = {"static"}
# Which roles may pass each level; the others are refused (anonymous: login page; others: 403).
ALLOWED: dict[str, set[str]] = {
    "public": set(ROLES),
    "user": {"resident", "staff", "admin"},
    "staff": {"staff", "admin"},
    "admin": {"admin"},
}


class Samples:
    """The objects URLs point at, created on first use in the test's database."""

    def __init__(self, make_user: Callable[..., Any]) -> None:
        self.make_user = make_user
        self._built: dict[str, Any] = {}

    def once(self, key: str, build: Callable[[], Any]) -> Any:
        """`build()` the first time `key` is asked for in this test, the same object afterwards."""
        if key not in self._built:
            self._built[key] = build()
        return self._built[key]

    @cached_property
    def user(self) -> Any:
        return self.make_user(display_name="Personne visitée")

    @cached_property
    def role_grant(self) -> Any:
        return self.make_user(roles=[("moderator", "")]).roles[0]


# endpoint -> the URL arguments to visit it with.
URL_ARGS: dict[str, Callable[[Samples], dict[str, Any]]] = {
    "accounts.confirm_email": lambda s: {"token": "jeton-inconnu"},
    "accounts.reset_password": lambda s: {"token": "jeton-inconnu"},
    "accounts.staff_verify": lambda s: {"user_id": s.user.id},
    "accounts.staff_revoke": lambda s: {"user_id": s.user.id},
    "admin.user": lambda s: {"user_id": s.user.id},
    "admin.grant": lambda s: {"user_id": s.user.id},
    "admin.revoke": lambda s: {"grant_id": s.role_grant.id},
}
for _module in sorted(Path(__file__).parent.glob("*/access_args.py")):
    URL_ARGS.update(importlib.import_module(f"tests.{_module.parent.name}.access_args").URL_ARGS)


def _route_table() -> tuple[list[tuple[str, str, str]], dict[str, Any], dict[str, set[str]]]:
    """(endpoint, rule, method) for every route; each endpoint's declared level; each endpoint's
    required URL arguments. Read from an app built only for this (it touches no database)."""
    with tempfile.TemporaryDirectory(prefix="parvis-routes-") as folder:
        application = create_app(base_config(Path(folder), f"sqlite:///{folder}/unused.db"))
    routes, levels, arguments = [], {}, {}
    for rule in sorted(application.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        if rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        levels[rule.endpoint] = declared_level(application.view_functions[rule.endpoint])
        arguments.setdefault(rule.endpoint, set()).update(rule.arguments - set(rule.defaults or {}))
        routes += [(rule.endpoint, rule.rule, method) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return routes, levels, arguments


def declared_level(view: Any) -> str | None:
    """The level `@access` recorded, looking through decorators that wrap it."""
    while view is not None:
        if hasattr(view, "access_level"):
            return str(view.access_level)
        view = getattr(view, "__wrapped__", None)
    return None


ROUTES, LEVELS, ARGUMENTS = _route_table()


def test_every_route_declares_its_access_level() -> None:
    missing = sorted(endpoint for endpoint, level in LEVELS.items() if level is None)
    assert not missing, "decorate these views with @access(level) from app.core.permissions:\n" + "\n".join(missing)


def test_every_route_with_arguments_has_sample_values() -> None:
    missing = sorted(endpoint for endpoint, names in ARGUMENTS.items() if names and endpoint not in URL_ARGS)
    assert not missing, "add these endpoints to URL_ARGS in tests/<area>/access_args.py:\n" + "\n".join(
        f"{endpoint} needs {sorted(ARGUMENTS[endpoint])}" for endpoint in missing
    )
    stale = sorted(set(URL_ARGS) - set(ARGUMENTS))
    assert not stale, f"URL_ARGS names endpoints that no longer exist: {stale}"


def _is_login_redirect(app: Flask, response: Any) -> bool:
    if response.status_code not in (301, 302, 303, 307, 308):
        return False
    with app.test_request_context():
        login_path = url_for(app.login_manager.login_view)  # type: ignore[attr-defined]
    return urlsplit(response.headers["Location"]).path == login_path


@pytest.mark.parametrize(
    ("endpoint", "method", "role"),
    [
        pytest.param(endpoint, method, role, id=f"{method} {rule} [{endpoint}] as {role}")
        for endpoint, rule, method in ROUTES
        for role in ROLES
    ],
)
def test_route_answers_as_declared(
    app: Flask,
    client: FlaskClient,
    login_as: Callable[..., Any],
    make_user: Callable[..., Any],
    endpoint: str,
    method: str,
    role: str,
) -> None:
    level = LEVELS[endpoint]
    if level is None:
        pytest.fail(f"{endpoint} declares no @access(level)")
    if ARGUMENTS[endpoint] and endpoint not in URL_ARGS:
        pytest.fail(f"{endpoint} needs sample values for {sorted(ARGUMENTS[endpoint])} in URL_ARGS")
    if role != "anonymous":
        login_as(role)
    values = URL_ARGS[endpoint](Samples(make_user)) if endpoint in URL_ARGS else {}
    with app.test_request_context():
        url = url_for(endpoint, **values)

    response = client.open(url, method=method)
    where = f"{method} {url} as {role} (level {level!r})"
    assert response.status_code < 500, f"{where}: {response.status_code}"

    login_redirect = _is_login_redirect(app, response)
    if role in ALLOWED[level]:
        assert response.status_code not in (401, 403), f"{where}: refused with {response.status_code}"
        assert not login_redirect, f"{where}: sent to the login page"
    elif role == "anonymous":
        assert login_redirect, f"{where}: expected a redirect to the login page, got {response.status_code}"
    else:
        assert response.status_code == 403, f"{where}: expected 403, got {response.status_code}"

    if (
        response.status_code == 200
        and response.mimetype == "text/html"
        and "<html" in (body := response.get_data(as_text=True))
    ):
        problems = page_problems(body)
        assert not problems, f"{where}: the page breaks the layout rules:\n" + "\n".join(problems)
