"""Test fixtures shared by every area.

Each test that takes `app` (or anything built on it) runs once on SQLite and once on PostgreSQL;
the PostgreSQL run is skipped, with the reason, when no server answers. The schema comes from the
Alembic migrations, not from `create_all`, so the tests run on what production runs.
Isolation: SQLite tests get a copy of a migrated database file; PostgreSQL tests share one migrated
schema and every table is truncated after each test.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask, g
from flask.testing import FlaskClient

from app import create_app
from app.extensions import db

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SECRET = "test-secret-key-that-is-long-enough-for-production-checks"


def postgresql_url() -> str:
    from app.config import normalise_database_url

    return normalise_database_url(os.environ.get("TEST_DATABASE_URL", DEFAULT_PG_URL))


def postgresql_unavailable_reason() -> str | None:
    """None when PostgreSQL answers, else why the PostgreSQL tests are skipped."""
    url = postgresql_url()
    try:
        engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        engine.dispose()
    except Exception as error:  # any failure means: no usable server here
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return (
            f"PostgreSQL not reachable at {sa.make_url(url).render_as_string()} ({first_line}); set TEST_DATABASE_URL"
        )
    return None


def redis_url() -> str:
    return os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_unavailable_reason() -> str | None:
    """None when Redis answers, else why the Redis tests are skipped."""
    import redis

    try:
        redis.Redis.from_url(redis_url(), socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"Redis not reachable at {redis_url()} ({error}); set TEST_REDIS_URL"
    return None


def base_config(tmp_path: Path, database_url: str) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SECRET_KEY": SECRET,
        "IDENTITY_HASH_KEY": "test-identity-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "INSTANCE_DIR": str(tmp_path),
        "MAIL_OUTBOX": str(tmp_path / "outbox"),
        "MAIL_SERVER": "",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 8,
        "REDIS_URL": "",
    }


def migrate_to_head(app: Flask) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
        db.engine.dispose()


def create_postgresql_schema(name: str) -> str:
    """A new empty schema, and the URL of a connection that works in it (first on the search
    path). Each test run gets its own, so two runs on one server never meet."""
    engine = sa.create_engine(postgresql_url())
    with engine.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        connection.execute(sa.text(f'CREATE SCHEMA "{name}"'))
    engine.dispose()
    url = sa.make_url(postgresql_url()).update_query_dict({"options": f"-csearch_path={name}"})
    return url.render_as_string(hide_password=False)


def drop_postgresql_schema(name: str) -> None:
    engine = sa.create_engine(postgresql_url())
    with engine.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
    engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file; each test works on its own copy."""
    folder = tmp_path_factory.mktemp("sqlite-template")
    path = folder / "template.db"
    migrate_to_head(create_app(base_config(folder, f"sqlite:///{path}")))
    return path


def skip_or_fail(reason: str) -> None:
    """CI sets PARVIS_REQUIRE_SERVICES=1: there a missing service is a failure, not a skip."""
    if os.environ.get("PARVIS_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (PARVIS_REQUIRE_SERVICES=1)")
    pytest.skip(reason)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile the translation catalogs (the .mo files are build products, not in git), and let
    every app the tests build reuse the URL builders of the first."""
    from tools.i18n import compile_all

    compile_all()
    _share_url_builders()


def _share_url_builders() -> None:
    """Each test builds its own app, and werkzeug compiles two Python functions per route for each
    one: with a few hundred routes that was most of a test's time. The functions depend only on
    the rule's text, defaults and converters (the rule itself is passed as an argument when they
    run), so one compiled function serves every app's copy of the same rule."""
    from werkzeug.routing.rules import Rule

    compile_builder = Rule._compile_builder
    builders: dict[tuple[Any, ...], Any] = {}

    def shared(rule: Rule, append_unknown: bool = True) -> Any:
        defaults = rule.defaults or {}
        converters = tuple(
            (name, type(rule._converters[name]), repr(defaults[name]))
            for name in sorted(defaults)
            if name in rule._converters
        )
        key = (tuple(rule._trace), tuple(sorted((k, repr(v)) for k, v in defaults.items())), converters, append_unknown)
        if key not in builders:
            builders[key] = compile_builder(rule, append_unknown)
        return builders[key]

    Rule._compile_builder = shared  # type: ignore[method-assign]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test marked `postgresql_only` or `sqlite_only` is about that database alone: its run on the
    other one is not collected at all, rather than reported as skipped."""
    kept, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        backend = callspec.params.get("backend") if callspec else None
        only = next((name for name in ("postgresql", "sqlite") if item.get_closest_marker(f"{name}_only")), None)
        (dropped if only and backend and backend != only else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture
def redis_available() -> str:
    """The URL of a Redis that answers (the test is skipped, or failed on CI, otherwise)."""
    reason = redis_unavailable_reason()
    if reason:
        skip_or_fail(reason)
    return redis_url()


@pytest.fixture(scope="session")
def postgresql_migrated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    reason = postgresql_unavailable_reason()
    if reason:
        skip_or_fail(reason)
    schema = f"parvis_test_{os.getpid()}"
    url = create_postgresql_schema(schema)
    try:
        migrate_to_head(create_app(base_config(tmp_path_factory.mktemp("pg"), url)))
        yield url
    finally:
        drop_postgresql_schema(schema)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if backend == "postgresql":
        return request.getfixturevalue("postgresql_migrated")
    template: Path = request.getfixturevalue("sqlite_template")
    path = tmp_path / "parvis.db"
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


def truncate_all(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        names = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
        with db.engine.begin() as connection:
            connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Override in a test module to change settings: `@pytest.fixture def app_config(): ...`."""
    return {}


@pytest.fixture
def app(backend: str, database_url: str, tmp_path: Path, app_config: dict[str, Any]) -> Iterator[Flask]:
    application = create_app({**base_config(tmp_path, database_url), **app_config})

    @application.before_request
    def _forget_cached_user() -> None:
        # The test holds one app context across its requests, so they would share `g`, where
        # Flask-Login caches the signed-in user; in production each request starts afresh.
        # Likewise Flask-Babel's cached locale.
        g.pop("_login_user", None)
        g.pop("_flask_babel", None)

    with application.app_context():
        yield application
        db.session.remove()
    if backend == "postgresql":
        truncate_all(application)
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def hx() -> dict[str, str]:
    """Headers of an htmx swap request."""
    return {"HX-Request": "true"}


@pytest.fixture
def outbox(app: Flask) -> Callable[[], list[Any]]:
    """Call it to read the mails sent so far, oldest first."""
    from app.core.mail import read_outbox

    return lambda: read_outbox(app.config["MAIL_OUTBOX"])


@pytest.fixture
def make_user(app: Flask) -> Callable[..., Any]:
    """Create a user (committed) with optional roles: `make_user(roles=[("staff", "")])`."""
    from tests.factories import UserFactory

    def make(roles: list[tuple[str, str]] | tuple[()] = (), **fields: Any) -> Any:
        user = UserFactory(**fields)
        for role, scope in roles:
            from app.accounts.models import RoleGrant

            db.session.add(RoleGrant(user=user, role=role, scope_id=scope))
        db.session.commit()
        return user

    return make


ROLE_GRANTS: dict[str, list[tuple[str, str]]] = {
    "resident": [],
    "staff": [("staff", "")],
    "admin": [("admin", "")],
}


@pytest.fixture
def login_as(client: FlaskClient, make_user: Callable[..., Any]) -> Callable[..., Any]:
    """Sign the test client in as a new user of the given role ("resident", "staff", "admin")."""

    def login(role: str = "resident", **fields: Any) -> Any:
        user = make_user(roles=ROLE_GRANTS[role], **fields)
        with client.session_transaction() as session:
            session["_user_id"] = str(user.id)
            session["_fresh"] = True
        return user

    return login
