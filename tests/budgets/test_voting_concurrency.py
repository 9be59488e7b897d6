"""The same resident casting from several requests at once, on PostgreSQL (where row locks on the
roll's unique index decide the race): one ballot, the others told they already voted."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from app.accounts.models import User
from app.budgets.models import Envelope
from app.budgets.services import voting
from app.core.errors import DomainError
from app.extensions import db
from app.votes.models import Ballot, RollEntry
from tests.budgets.conftest import World
from tests.budgets.voting_helpers import citizen, voting_edition
from tests.races import race


@pytest.mark.postgresql_only
def test_concurrent_casting_by_the_same_resident_leaves_one_ballot(app, world: World) -> None:
    setup = voting_edition(world)
    resident = citizen(world, "RACE0001")
    envelope_id, user_id, vote_id, identity = setup.local.id, resident.id, setup.local.vote_id, resident.identity_hash
    option_ids = setup.options(setup.local_vote, setup.local_projects)
    db.session.commit()
    db.session.remove()

    def prepare() -> tuple[Any, Any]:
        envelope = db.session.get(Envelope, envelope_id)
        person = db.session.get(User, user_id)
        _ = envelope.edition.envelopes, person.roles, person.quartier, voting.vote_of(envelope).options
        return envelope, person

    def act(loaded: tuple[Any, Any], index: int) -> None:
        envelope, person = loaded
        voting.cast(person, envelope, {"approve": [option_ids[index % len(option_ids)]]})

    outcomes = race(app, 6, prepare, act)
    assert outcomes.count("ok") == 1, outcomes
    refused = [o for o in outcomes if o != "ok"]
    assert all(isinstance(o, DomainError) and "déjà voté" in str(o) for o in refused), refused
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot).where(Ballot.vote_id == vote_id)) == 1
    keys = db.session.scalars(sa.select(RollEntry.voter_key).where(RollEntry.vote_id == vote_id)).all()
    assert sorted(keys) == sorted([f"user:{user_id}", f"identity:{identity}"])
