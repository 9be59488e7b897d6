"""What the voting, paper and results tests share: an edition in its voting phase with projects put to
the vote in both envelopes (city-wide knapsack of 1,000,000 €, 3rd arrondissement approval of at
most 3), its votes prepared, and residents with a verified identity.

Importing this module attaches the voting and results routes to the blueprint (until
app/budgets/views/__init__.py imports them) and connects the tally to the close of a vote."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.accounts.services.identity import identity_hash
from app.budgets.models import Edition, Envelope, Proposal
from app.budgets.services import results, voting
from app.budgets.views import results as _results_views  # noqa: F401
from app.budgets.views import voting as _voting_views  # noqa: F401  (routes attach to the blueprint)
from app.core.db import utcnow
from app.extensions import db
from app.votes.models import Vote
from tests.budgets.conftest import DAY, World, text

results.connect()

CITY_COSTS = (Decimal("400000"), Decimal("300000"), Decimal("500000"), Decimal("200000"))
LOCAL_COSTS = (Decimal("50000"), Decimal("60000"), Decimal("70000"), Decimal("80000"))


@dataclass
class Voting:
    edition: Edition
    city: Envelope
    local: Envelope
    city_projects: list[Proposal]
    local_projects: list[Proposal]

    @property
    def city_vote(self) -> Vote:
        vote = voting.vote_of(self.city)
        assert vote is not None
        return vote

    @property
    def local_vote(self) -> Vote:
        vote = voting.vote_of(self.local)
        assert vote is not None
        return vote

    def options(self, vote: Vote, projects: list[Proposal]) -> list[int]:
        """The option ids of `projects` in `vote`."""
        by_ref = {option.ref: option.id for option in vote.options}
        return [by_ref[str(project.id)] for project in projects]


def voting_edition(world: World, prepare: bool = True, min_share: int | None = None, **settings: Any) -> Voting:
    edition = world.edition("voting", support=False, **settings)
    city, local = edition.envelopes
    city.min_share = min_share
    city_projects = [
        world.proposal(edition, status="selected", envelope=city, title=f"Projet de ville {n}", estimated_cost=cost)
        for n, cost in enumerate(CITY_COSTS, start=1)
    ]
    local_projects = [
        world.proposal(edition, status="selected", envelope=local, title=f"Projet local {n}", estimated_cost=cost)
        for n, cost in enumerate(LOCAL_COSTS, start=1)
    ]
    if prepare:
        voting.prepare_voting(None, edition, now=world.now)
    db.session.commit()
    return Voting(edition, city, local, city_projects, local_projects)


def citizen(world: World, number: str, **fields: Any) -> Any:
    """A verified resident of the 3rd arrondissement with an identity document ("cni", `number`)."""
    return world.resident(identity_hash=identity_hash("cni", number), **fields)


def outsider(world: World, **fields: Any) -> Any:
    """A verified resident of another arrondissement (their envelope is the city's only)."""
    return world.make_user(verified_at=utcnow(), quartier=world.other_quartier, **fields)


def plain(response: Any) -> str:
    """A page's text with the narrow and non-breaking spaces of French amounts as plain spaces."""
    return text(response).replace("\u202f", " ").replace("\xa0", " ")


def end_voting(world: World, setup: Voting) -> None:
    """Move the voting phase into the past (as an admin may) so that pages find the vote over."""
    phase = setup.edition.phase("voting")
    results_phase = setup.edition.phase("results")
    assert phase is not None and results_phase is not None
    phase.starts_at, phase.ends_at = world.now - 10 * DAY, world.now - DAY
    results_phase.starts_at = world.now - DAY / 2
    voting.prepare_voting(None, setup.edition, now=world.now)  # the votes follow the moved phase
    db.session.commit()
