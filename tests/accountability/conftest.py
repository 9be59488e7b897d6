"""Fixtures of the accountability tests: the budgets tests' world (editions, residents, proposals),
an edition whose vote is published (its winners announced by `project_funded`), and follow-ups
made directly for the tests that only need a project to track."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from app.accountability.models import FollowUp
from app.accountability.services import followups
from app.budgets.services import results
from app.extensions import db
from tests.budgets import conftest as budgets_fixtures
from tests.budgets.conftest import World
from tests.budgets.test_results import after_the_vote, cast_all
from tests.budgets.voting_helpers import Voting, voting_edition

# The budgets tests' fixtures, shared here.
world = budgets_fixtures.world
request_context = budgets_fixtures.request_context


def publish(world: World, setup: Voting) -> None:
    results.publish(world.staff(), setup.edition, now=after_the_vote(setup))
    db.session.commit()


@pytest.fixture
def voted(world: World) -> Voting:
    """An edition whose two envelopes were voted on and whose results are published."""
    setup = voting_edition(world)
    cast_all(world, setup)
    publish(world, setup)
    return setup


@pytest.fixture
def make_project(world: World) -> Callable[..., FollowUp]:
    """A follow-up made by staff (funded outside the participatory budget unless given an edition)."""

    def make(title: str = "Rénovation du square Léon Blum", **fields: Any) -> FollowUp:
        edition = fields.pop("edition", None)
        data = followups.ProjectInput(
            title=title,
            quartier_id=fields.pop("quartier_id", world.quartier.id),
            budget_voted=fields.pop("budget_voted", Decimal("120000.00")),
            parent_id=fields.pop("parent_id", None),
            weight=fields.pop("weight", 1),
            edition_id=edition.id if edition is not None else None,
            theme=fields.pop("theme", "nature"),
        )
        item = followups.create_project(world.staff(), data)
        for name, value in fields.items():
            setattr(item, name, value)
        db.session.commit()
        return item

    return make
