"""Settings read from the environment, with safe defaults for the embedded mode.

The embedded mode (no `PARVIS_ENV`, or `PARVIS_ENV=development`) needs nothing installed:
SQLite under `instance/`, a secret key generated once and kept in `instance/secret_key`, mail
written to `instance/outbox/`. `PARVIS_ENV=production` refuses to start without a real
`SECRET_KEY`.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MIN_SECRET_LENGTH = 32
WEAK_SECRETS = {"", "changeme", "change-me", "secret", "dev", "development", "parvis"}


def translation_folders() -> dict[str, Path]:
    """Catalog name -> folder: `core` (app/translations, for every message no area claims), then each
    area that keeps its own catalog in app/<area>/translations (tools/i18n.py says which is whose)."""
    folders = {"core": ROOT / "app" / "translations"}
    for folder in sorted((ROOT / "app").glob("*/translations")):
        folders[folder.parent.name] = folder
    return folders


class ConfigError(RuntimeError):
    """The configuration cannot be used; the message says what to set."""


def _instance_dir() -> Path:
    path = Path(os.environ.get("PARVIS_INSTANCE", ROOT / "instance"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever scheme the operator wrote."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _embedded_secret(instance: Path) -> str:
    """A random key kept in the instance folder, so sessions survive a restart."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def load(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the settings dictionary; `overrides` (tests) win over the environment."""
    env = os.environ
    overrides = overrides or {}
    mode = overrides.get("PARVIS_ENV", env.get("PARVIS_ENV", "development"))
    instance = Path(overrides["INSTANCE_DIR"]) if "INSTANCE_DIR" in overrides else _instance_dir()

    secret = overrides.get("SECRET_KEY", env.get("SECRET_KEY", ""))
    if mode == "production":
        if secret.lower() in WEAK_SECRETS or len(secret) < MIN_SECRET_LENGTH:
            raise ConfigError(
                "PARVIS_ENV=production needs SECRET_KEY: a random string of at least "
                f"{MIN_SECRET_LENGTH} characters (python -c 'import secrets; print(secrets.token_urlsafe(48))')."
            )
    elif not secret:
        secret = _embedded_secret(instance)

    redis_url = env.get("REDIS_URL", "")
    settings: dict[str, Any] = {
        "PARVIS_ENV": mode,
        "INSTANCE_DIR": str(instance),
        "SECRET_KEY": secret,
        # A separate key for the keyed hashes of identities and receipts, so that rotating the
        # session key does not orphan every verified identity.
        "IDENTITY_HASH_KEY": env.get("IDENTITY_HASH_KEY", secret),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(
            env.get("DATABASE_URL", f"sqlite:///{instance / 'parvis.db'}")
        ),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "MAIL_SERVER": env.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(env.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": env.get("MAIL_USE_TLS", "1") not in ("0", "false", "no"),
        "MAIL_USE_SSL": env.get("MAIL_USE_SSL", "0") in ("1", "true", "yes"),
        "MAIL_SENDER": env.get("MAIL_SENDER", "Parvis <ne-pas-repondre@parvis.example>"),
        "MAIL_OUTBOX": env.get("MAIL_OUTBOX", str(instance / "outbox")),
        "PUBLIC_URL": env.get("PUBLIC_URL", ""),
        "BABEL_DEFAULT_LOCALE": "fr",
        "BABEL_DEFAULT_TIMEZONE": env.get("TZ_DISPLAY", "Europe/Paris"),
        "LANGUAGES": ("fr", "en"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": mode == "production",
        "REMEMBER_COOKIE_SECURE": mode == "production",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
        # Argon2id cost; tests lower it, production keeps the library's recommended defaults.
        "ARGON2_TIME_COST": int(env.get("ARGON2_TIME_COST", "3")),
        "ARGON2_MEMORY_COST": int(env.get("ARGON2_MEMORY_COST", str(64 * 1024))),
        "TRUSTED_PROXIES": int(env.get("TRUSTED_PROXIES", "0")),
    }
    settings.update(overrides)
    return settings
