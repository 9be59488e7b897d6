"""The pieces of provider sign-in without the browser round trip: ID token checks and their clock
bound, single-use states, who may unlink, and the voter keys of a vouched identity."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from joserfc import jwt

from app.accounts.models import ExternalIdentity
from app.accounts.permissions import can_unlink_identity
from app.accounts.services import external_identities, oidc_attempts, oidc_client
from app.accounts.services.identity import identity_checked, voter_keys
from app.accounts.services.oidc_client import CLOCK_SKEW, OIDCError
from app.extensions import db
from tests.accounts.conftest import oidc_settings
from tests.accounts.oidc_provider import CLIENT_ID


def _token(provider: Any, **changes: Any) -> str:
    now = int(time.time())
    claims = {"iss": provider.url, "sub": "s1", "aud": CLIENT_ID, "exp": now + 60, "iat": now, "nonce": "n1"}
    for name in ("exp", "iat"):  # "exp_in": seconds from now, taken when the token is made
        if f"{name}_in" in changes:
            claims[name] = now + changes.pop(f"{name}_in")
    claims.update(changes)
    claims = {key: value for key, value in claims.items() if value is not None}
    return jwt.encode({"alg": "RS256", "kid": provider.key.kid}, claims, provider.key)


def _check(provider: Any, token: str) -> dict[str, Any]:
    settings = oidc_settings(provider)
    return oidc_client.validate_id_token(settings, oidc_client.discover(settings), token, "n1")


def test_a_good_token(oidc_provider: Any) -> None:
    assert _check(oidc_provider, _token(oidc_provider))["sub"] == "s1"


@pytest.mark.parametrize(
    "changes",
    [
        {"exp_in": -CLOCK_SKEW // 2},  # just expired: within the clock bound
        {"iat_in": CLOCK_SKEW // 2},  # the provider's clock is a little ahead
        {"aud": [CLIENT_ID, "autre"], "azp": CLIENT_ID},
    ],
    ids=["exp-within-skew", "iat-within-skew", "several-audiences-with-azp"],
)
def test_tolerated(oidc_provider: Any, changes: dict[str, Any]) -> None:
    assert _check(oidc_provider, _token(oidc_provider, **changes))["sub"] == "s1"


@pytest.mark.parametrize(
    ("changes", "kind"),
    [
        ({"exp_in": -CLOCK_SKEW - 30}, "expired"),
        ({"iat_in": CLOCK_SKEW + 60}, "invalid"),
        ({"aud": [CLIENT_ID, "autre"]}, "invalid"),  # several audiences and no azp
        ({"azp": "autre"}, "invalid"),
        ({"nonce": None}, "invalid"),
        ({"iat": None}, "invalid"),
        ({"sub": None}, "invalid"),
    ],
    ids=["expired", "iat-in-the-future", "audiences-without-azp", "azp-not-us", "no-nonce", "no-iat", "no-sub"],
)
def test_refused(oidc_provider: Any, changes: dict[str, Any], kind: str) -> None:
    with pytest.raises(OIDCError) as error:
        _check(oidc_provider, _token(oidc_provider, **changes))
    assert error.value.kind == kind


def test_an_unsigned_token_is_refused(oidc_provider: Any) -> None:
    header = jwt.encode({"alg": "RS256"}, {"sub": "s1"}, oidc_provider.key).split(".")[1]
    unsigned = "eyJhbGciOiJub25lIn0." + header + "."
    with pytest.raises(OIDCError) as error:
        _check(oidc_provider, unsigned)
    assert error.value.kind == "invalid"


def test_discovery_for_another_issuer_is_refused(oidc_provider: Any) -> None:
    with pytest.raises(OIDCError) as error:
        oidc_client.discover(oidc_settings(oidc_provider, issuer=oidc_provider.url + "/autre"))
    assert error.value.kind == "unavailable"


def test_a_state_serves_once(app: Flask, oidc_provider: Any) -> None:
    settings = oidc_settings(oidc_provider)
    with app.test_request_context():
        started = oidc_attempts.start(settings, "http://localhost/retour")
        db.session.commit()
        attempt = oidc_attempts.spend_state(settings.slug, started.state, started.state)
        db.session.commit()
        assert attempt.returned_at is not None
        for state, session_state in ((started.state, started.state), ("autre", "autre"), (started.state, "")):
            with pytest.raises(OIDCError) as error:
                oidc_attempts.spend_state(settings.slug, state, session_state)
            assert error.value.kind == "state"


def _person(password: bool, providers: list[str]) -> Any:
    user = SimpleNamespace(id=1, is_authenticated=True, is_erased=False, password_hash="h" if password else None)
    user.external_identities = [SimpleNamespace(user_id=1, provider=slug) for slug in providers]
    return user


@pytest.mark.parametrize(
    ("password", "providers", "configured", "allowed"),
    [
        (True, ["ville"], {"ville"}, True),
        (False, ["ville"], {"ville"}, False),  # the only way in
        (False, ["ville", "etat"], {"ville", "etat"}, True),
        (False, ["ville", "ancien"], {"ville"}, False),  # a provider the city no longer offers does not count
    ],
)
def test_who_may_unlink(password: bool, providers: list[str], configured: set[str], allowed: bool) -> None:
    user = _person(password, providers)
    assert can_unlink_identity(user, user.external_identities[0], configured) is allowed
    stranger = SimpleNamespace(id=2, is_authenticated=True, is_erased=False, password_hash="h")
    assert not can_unlink_identity(stranger, user.external_identities[0], configured)


def test_voter_keys_count_a_vouched_identity_once(app: Flask, make_user: Any) -> None:
    """Two Parvis accounts that held the same vouched identity have one key in common: the voter
    roll's unique constraint on (vote, key) then admits only one of them."""
    first, second = make_user(), make_user()
    key = external_identities.identity_key("etat", "sujet-42")
    db.session.add(ExternalIdentity(user=first, provider="etat", subject_hash="a" * 64, identity_key=key))
    db.session.commit()
    assert voter_keys(first) == [f"user:{first.id}", f"identity:{key}"] and identity_checked(first)
    db.session.delete(first.external_identities[0])
    db.session.commit()
    db.session.add(ExternalIdentity(user=second, provider="etat", subject_hash="a" * 64, identity_key=key))
    db.session.commit()
    assert set(voter_keys(second)) & {f"identity:{key}"}
    assert external_identities.identity_key("etat", "sujet-42") == key  # stable for the same subject
    assert external_identities.identity_key("ville", "sujet-42") != key  # another provider, another key
