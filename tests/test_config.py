"""Settings: production refuses a weak key, the embedded mode keeps its own, URLs are normalised."""

from __future__ import annotations

import importlib
import stat
import sys
from pathlib import Path

import pytest
from flask import Flask

from app import create_app
from app.config import MIN_SECRET_LENGTH, ConfigError, load, normalise_database_url


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No setting leaks in from the machine; the instance folder is a fresh temporary one."""
    for name in ("PARVIS_ENV", "SECRET_KEY", "DATABASE_URL", "IDENTITY_HASH_KEY", "REDIS_URL", "MAIL_OUTBOX"):
        monkeypatch.delenv(name, raising=False)
    instance = tmp_path / "instance"
    monkeypatch.setenv("PARVIS_INSTANCE", str(instance))
    return instance


@pytest.mark.parametrize(
    "secret",
    ["", "changeme", "secret", "x" * (MIN_SECRET_LENGTH - 1)],
    ids=["missing", "changeme", "secret", "too-short"],
)
def test_production_refuses_a_weak_secret_key(monkeypatch: pytest.MonkeyPatch, secret: str) -> None:
    monkeypatch.setenv("PARVIS_ENV", "production")
    if secret:
        monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(ConfigError, match="SECRET_KEY") as error:
        load()
    assert str(MIN_SECRET_LENGTH) in str(error.value)  # says how long the key must be
    with pytest.raises(ConfigError):
        create_app()


def test_production_starts_with_a_real_key(monkeypatch: pytest.MonkeyPatch, clean_environment: Path) -> None:
    key = "k" * 20 + "R4nd0m-enough-for-production"
    monkeypatch.setenv("PARVIS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", key)
    settings = load()
    assert settings["SECRET_KEY"] == key
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert not (clean_environment / "secret_key").exists()


def test_embedded_mode_generates_and_keeps_a_key(clean_environment: Path) -> None:
    first = load()["SECRET_KEY"]
    path = clean_environment / "secret_key"
    assert path.read_text().strip() == first
    assert len(first) >= MIN_SECRET_LENGTH
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # readable by the service account only
    assert load()["SECRET_KEY"] == first  # sessions survive a restart


def test_embedded_mode_uses_sqlite_in_the_instance_folder(clean_environment: Path) -> None:
    assert load()["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{clean_environment / 'parvis.db'}"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db.example:5432/parvis", "postgresql+psycopg://u:p@db.example:5432/parvis"),
        ("postgresql://u@db/parvis?sslmode=require", "postgresql+psycopg://u@db/parvis?sslmode=require"),
        ("postgresql+psycopg://u@db/parvis", "postgresql+psycopg://u@db/parvis"),
        ("sqlite:////var/lib/parvis/parvis.db", "sqlite:////var/lib/parvis/parvis.db"),
    ],
)
def test_database_url_uses_psycopg(monkeypatch: pytest.MonkeyPatch, given: str, expected: str) -> None:
    assert normalise_database_url(given) == expected
    monkeypatch.setenv("DATABASE_URL", given)
    assert load()["SQLALCHEMY_DATABASE_URI"] == expected


def test_wsgi_exposes_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "wsgi", raising=False)
    wsgi = importlib.import_module("wsgi")
    monkeypatch.delitem(sys.modules, "wsgi")
    assert isinstance(wsgi.app, Flask)
    assert "home.index" in wsgi.app.view_functions
