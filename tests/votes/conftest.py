"""Fixtures of the votes tests: votes of every kind, open now; residents, verified or not."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask

from app.accounts.services.identity import identity_hash
from app.core.db import utcnow
from app.extensions import db
from app.votes.services import votes
from app.votes.services.votes import MOTION_OPTIONS, OptionSpec

PROJECTS = [
    OptionSpec("Aire de jeux", cost=Decimal("40000")),
    OptionSpec("Jardin partagé", cost=Decimal("25000")),
    OptionSpec("Bancs et ombrières", cost=Decimal("15000")),
    OptionSpec("Piste cyclable", cost=Decimal("60000")),
]


@pytest.fixture
def request_context(app: Flask) -> Iterator[None]:
    with app.test_request_context():
        yield


@pytest.fixture
def make_vote(app: Flask) -> Callable[..., Any]:
    """An open vote (committed); `kind` and any `create_vote` setting can be given."""

    def make(kind: str = "approval", *, opened: bool = True, **settings: Any) -> Any:
        defaults: dict[str, Any] = {"title": f"Vote {kind}", "kind": kind, "eligibility": "signed_in"}
        if kind == "single":
            defaults["options"] = list(MOTION_OPTIONS)
        else:
            defaults["options"] = list(PROJECTS)
        if kind == "knapsack":
            defaults["budget"] = Decimal("80000")
        if kind == "cumulative":
            defaults["points_total"] = 10
        if opened:
            defaults["opens_at"] = utcnow() - timedelta(hours=1)
            defaults["closes_at"] = utcnow() + timedelta(days=7)
        with app.test_request_context():
            vote = votes.create_vote(None, **{**defaults, **settings})
        db.session.commit()
        return vote

    return make


@pytest.fixture
def resident(make_user: Callable[..., Any]) -> Callable[..., Any]:
    """A resident; `verified=True` gives them a verified identity (document "cni", `number`)."""

    def make(verified: bool = False, number: str | None = None, **fields: Any) -> Any:
        if verified or number:
            fields.setdefault("identity_hash", identity_hash("cni", number or f"X{utcnow().timestamp()}"))
            fields.setdefault("verified_at", utcnow())
            fields.setdefault("verification_method", "in_person")
        return make_user(**fields)

    return make


def ids(vote: Any) -> list[int]:
    return [option.id for option in vote.options]


def text(response: Any) -> str:
    return html.unescape(response.get_data(as_text=True))
