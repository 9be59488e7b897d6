"""Settings read from the environment, with safe defaults for the embedded mode.

The embedded mode (no `PARVIS_ENV`, or `PARVIS_ENV=development`) needs nothing installed:
SQLite under `instance/`, a secret key generated once and kept in `instance/secret_key`, mail
written to `instance/outbox/`. `PARVIS_ENV=production` refuses to start without a real
`SECRET_KEY`. OpenID Connect providers (`PARVIS_OIDC_*`) are checked here too, so a mistake stops
the start with a message naming the setting to fix.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

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
    instance.mkdir(parents=True, exist_ok=True)

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
        # Live sessions burst: hundreds of phones join within seconds (a few short queries each).
        # No ping before each checkout (a round trip per request); connections are renewed after
        # half an hour instead, and one that the server dropped fails one request and is discarded.
        # The pool is kept open, with no overflow: under gevent a burst always fills the pool, and
        # an overflow connection is closed as soon as it is given back, so each burst would open
        # new PostgreSQL backends, which costs more than a join's queries; requests beyond the pool
        # wait their turn instead. Same ceiling per process as before (30).
        "SQLALCHEMY_ENGINE_OPTIONS": {
            "pool_recycle": int(env.get("DB_POOL_RECYCLE", "1800")),
            "pool_size": int(env.get("DB_POOL_SIZE", "30")),
            "max_overflow": int(env.get("DB_MAX_OVERFLOW", "0")),
        },
        "REDIS_URL": redis_url,
        # Live screens: "memory" (one process), "redis" (the default with REDIS_URL) or "postgres".
        "LIVE_BROKER": env.get("LIVE_BROKER", ""),
        "LIVE_REDIS_CHANNEL": env.get("LIVE_REDIS_CHANNEL", "parvis:live"),
        "LIVE_HEARTBEAT_SECONDS": float(env.get("LIVE_HEARTBEAT_SECONDS", "15")),
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
        "OIDC_PROVIDERS": oidc_providers(env, production=mode == "production"),
    }
    if "DASHBOARDS_CACHE_SECONDS" in env:  # unset: 120 s, and none under TESTING (app/dashboards/services/cache.py)
        settings["DASHBOARDS_CACHE_SECONDS"] = int(env["DASHBOARDS_CACHE_SECONDS"])
    settings.update(overrides)
    return settings


# OpenID Connect providers ---------------------------------------------------------------------

OIDC_SLUG = re.compile(r"^[a-z][a-z0-9-]{0,29}$")
OIDC_EMAIL_TRUST = ("claim", "always")
# Authorization parameters Parvis sets itself (the flow's security depends on them).
OIDC_RESERVED_PARAMS = frozenset(
    {"response_type", "client_id", "redirect_uri", "scope", "state", "nonce", "code_challenge", "code_challenge_method"}
)
_TRUE = ("1", "true", "yes", "oui")
_FALSE = ("0", "false", "no", "non", "")


@dataclass(frozen=True)
class OIDCProvider:
    """One OpenID Connect provider the city lets residents sign in with (see `oidc_providers`)."""

    slug: str
    label: str
    issuer: str
    client_id: str
    client_secret: str
    discovery_url: str = ""
    scopes: tuple[str, ...] = ("openid", "email", "profile")
    vouches_identity: bool = False
    # "claim": the address counts as verified only when the token says email_verified=true;
    # "always": the provider checks every address it hands out.
    email_verified: str = "claim"
    claim_email: str = "email"
    claim_name: tuple[str, ...] = ("name", "given_name", "preferred_username")
    auth_params: tuple[tuple[str, str], ...] = ()
    timeout: float = 10.0

    @property
    def discovery(self) -> str:
        return self.discovery_url or self.issuer.rstrip("/") + "/.well-known/openid-configuration"


def _oidc_url(name: str, value: str, production: bool) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ConfigError(f"{name} must be a full URL such as https://connexion.example.fr (got {value!r}).")
    if production and parts.scheme != "https":
        raise ConfigError(f"{name} must use https:// when PARVIS_ENV=production (got {value!r}).")
    return value


def _oidc_flag(name: str, value: str) -> bool:
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ConfigError(f"{name} must be 1 or 0 (got {value!r}).")


def _oidc_provider(env: Mapping[str, str], slug: str, timeout: float, production: bool) -> OIDCProvider:
    prefix = "PARVIS_OIDC_" + slug.upper().replace("-", "_") + "_"

    def get(key: str, default: str = "") -> str:
        return env.get(prefix + key, default).strip()

    missing = [prefix + key for key in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET") if not get(key)]
    if missing:
        raise ConfigError(f"PARVIS_OIDC_PROVIDERS names {slug!r}, but these settings are empty: {', '.join(missing)}.")
    scopes = tuple(get("SCOPES", "openid email profile").replace(",", " ").split())
    if "openid" not in scopes:
        raise ConfigError(f"{prefix}SCOPES must include openid (got {' '.join(scopes)!r}).")
    email_verified = get("EMAIL_VERIFIED", "claim").lower()
    if email_verified not in OIDC_EMAIL_TRUST:
        raise ConfigError(f"{prefix}EMAIL_VERIFIED must be 'claim' or 'always' (got {email_verified!r}).")
    auth_params = tuple(parse_qsl(get("AUTH_PARAMS"), keep_blank_values=True))
    clashing = sorted({key for key, _ in auth_params} & OIDC_RESERVED_PARAMS)
    if clashing:
        raise ConfigError(f"{prefix}AUTH_PARAMS may not set {', '.join(clashing)}: Parvis sets them itself.")
    claim_name = tuple(get("CLAIM_NAME", "name,given_name,preferred_username").replace(" ", "").split(","))
    return OIDCProvider(
        slug=slug,
        label=get("LABEL") or slug.replace("-", " ").title(),
        issuer=_oidc_url(prefix + "ISSUER", get("ISSUER"), production),
        client_id=get("CLIENT_ID"),
        client_secret=get("CLIENT_SECRET"),
        discovery_url=_oidc_url(prefix + "DISCOVERY_URL", get("DISCOVERY_URL"), production)
        if get("DISCOVERY_URL")
        else "",
        scopes=scopes,
        vouches_identity=_oidc_flag(prefix + "VOUCHES_IDENTITY", get("VOUCHES_IDENTITY", "0")),
        email_verified=email_verified,
        claim_email=get("CLAIM_EMAIL", "email"),
        claim_name=tuple(name for name in claim_name if name),
        auth_params=auth_params,
        timeout=timeout,
    )


def oidc_providers(env: Mapping[str, str], production: bool = False) -> tuple[OIDCProvider, ...]:
    """The providers named in PARVIS_OIDC_PROVIDERS ("marseille,franceconnect"), each read from
    PARVIS_OIDC_<SLUG>_*; `ConfigError` says which setting to fix."""
    names = [name.strip() for name in env.get("PARVIS_OIDC_PROVIDERS", "").split(",") if name.strip()]
    for name in names:
        if not OIDC_SLUG.match(name):
            raise ConfigError(
                f"PARVIS_OIDC_PROVIDERS: {name!r} is not a valid name; use lower-case letters, digits and "
                "hyphens, starting with a letter (e.g. marseille,franceconnect)."
            )
    if len(set(names)) != len(names):
        raise ConfigError("PARVIS_OIDC_PROVIDERS names the same provider twice.")
    raw_timeout = env.get("PARVIS_OIDC_TIMEOUT", "10")
    try:
        timeout = float(raw_timeout)
    except ValueError:
        timeout = 0.0
    if not 0 < timeout <= 60:
        raise ConfigError(
            f"PARVIS_OIDC_TIMEOUT must be a number of seconds, more than 0 and at most 60 (got {raw_timeout!r})."
        )
    return tuple(_oidc_provider(env, name, timeout, production) for name in names)
