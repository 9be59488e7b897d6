"""The login limits with Redis as the limiter's storage, as a city runs several app processes:
the counters live in Redis (shared by every process) and hold no email address."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from app import create_app
from app.accounts.services.registration import normalise_email
from app.core.security import keyed_hash
from tests.accounts.conftest import PASSWORD
from tests.conftest import base_config


@pytest.fixture
def app_config(redis_available: str) -> dict[str, Any]:
    return {"RATELIMIT_STORAGE_URI": redis_available}


@pytest.fixture
def email() -> str:
    """A new address per test: the counters in Redis outlive the test's database."""
    return f"habitant-{uuid.uuid4().hex[:10]}@example.org"


@pytest.fixture
def redis_keys(app: Any, redis_available: str, email: str) -> Iterator[Callable[[], list[str]]]:
    """Call it for the limiter's keys about `email` (found by the hash the limiter uses)."""
    client = redis.Redis.from_url(redis_available)
    marker = keyed_hash(normalise_email(email), "rate-limit")[:32]

    def keys() -> list[str]:
        return [key.decode() for key in client.scan_iter(f"*{marker}*")]

    yield keys
    for key in keys():
        client.delete(key)


def test_failures_are_counted_in_redis_and_lock_the_account(
    email: str, redis_keys: Callable[[], list[str]], member: Callable[..., Any], sign_in: Callable[..., Any]
) -> None:
    member(email=email)
    for _ in range(5):
        assert sign_in(email, "mauvais mot de passe").status_code == 200
    keys = redis_keys()
    assert keys, "the limiter wrote nothing to Redis"
    assert not any("habitant" in key for key in keys), keys
    locked = sign_in(email, PASSWORD)
    assert locked.status_code == 429
    assert "Attendez une minute" in locked.get_data(as_text=True)


def test_a_second_process_sees_the_same_counters(
    email: str,
    redis_keys: Callable[[], list[str]],
    app_config: dict[str, Any],
    member: Callable[..., Any],
    sign_in: Callable[..., Any],
    tmp_path: Path,
    database_url: str,
) -> None:
    member(email=email)
    for _ in range(5):
        assert sign_in(email, "mauvais mot de passe").status_code == 200
    # Another app on the same database and Redis stands for another gunicorn process.
    other = create_app({**base_config(tmp_path / "other", database_url), **app_config})
    response = other.test_client().post("/compte/connexion", data={"email": email, "password": PASSWORD})
    assert response.status_code == 429
