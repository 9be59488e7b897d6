"""Signed tokens for mailed links: one purpose each, tamper-proof, time-limited."""

from __future__ import annotations

import pytest
from flask import Flask

from app.accounts.services import tokens


def test_round_trip(app: Flask) -> None:
    token = tokens.issue(tokens.CONFIRM_EMAIL, {"u": 7, "e": "a@example.org"})
    assert tokens.read(tokens.CONFIRM_EMAIL, token) == {"u": 7, "e": "a@example.org"}


def test_purposes_do_not_mix(app: Flask) -> None:
    token = tokens.issue(tokens.CONFIRM_EMAIL, {"u": 7})
    with pytest.raises(tokens.TokenError) as caught:
        tokens.read(tokens.RESET_PASSWORD, token)
    assert not caught.value.expired


def test_tampered_token(app: Flask) -> None:
    token = tokens.issue(tokens.RESET_PASSWORD, {"u": 7})
    rest = token.partition(".")[2]
    forged = tokens.issue(tokens.RESET_PASSWORD, {"u": 8}).partition(".")[0] + "." + rest
    with pytest.raises(tokens.TokenError):
        tokens.read(tokens.RESET_PASSWORD, forged)


def test_expiry_follows_the_configuration(app: Flask) -> None:
    assert tokens.max_age(tokens.CONFIRM_EMAIL) == 3 * 24 * 3600
    assert tokens.max_age(tokens.RESET_PASSWORD) == 3600
    token = tokens.issue(tokens.RESET_PASSWORD, {"u": 7})
    app.config["ACCOUNTS_RESET_MAX_AGE"] = -1
    with pytest.raises(tokens.TokenError) as caught:
        tokens.read(tokens.RESET_PASSWORD, token)
    assert caught.value.expired


def test_another_secret_refuses(app: Flask) -> None:
    token = tokens.issue(tokens.CONFIRM_EMAIL, {"u": 7})
    app.config["SECRET_KEY"] = "another-secret-key-that-is-long-enough-for-tests"
    with pytest.raises(tokens.TokenError):
        tokens.read(tokens.CONFIRM_EMAIL, token)
