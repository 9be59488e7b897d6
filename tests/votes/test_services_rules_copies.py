"""Casting against this process's copy of a vote's rules (`casting.cast_by_id`): the same checks as
`casting.cast`, and a copy that no longer holds (the vote edited, closed or its dates moved by another
process, seen here as a change made behind the copy's back) is never what decides."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from app.core.db import utcnow
from app.core.errors import DomainError
from app.extensions import db
from app.votes.models import Ballot, RollEntry, Vote
from app.votes.services import casting, definitions, votes
from app.votes.services.votes import OptionSpec
from tests.races import race
from tests.votes.conftest import ids

pytestmark = pytest.mark.usefixtures("request_context")


def _count(model: Any) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def _behind_the_copy(vote_id: int, **values: Any) -> None:
    """Change the vote row as another process would: not through this process's copy."""
    db.session.execute(sa.update(Vote).where(Vote.id == vote_id).values(**values))
    db.session.commit()


def test_cast_by_id_writes_the_same_rows_as_cast(make_vote, resident) -> None:
    vote = make_vote()
    voter = resident(verified=True, number="RC-1")
    casting.cast_by_id(vote.id, voter, {"approve": [str(ids(vote)[1]), ids(vote)[0]]})
    db.session.commit()
    assert set(db.session.scalars(sa.select(RollEntry.voter_key))) == {
        f"user:{voter.id}",
        f"identity:{voter.identity_hash}",
    }
    assert db.session.scalar(sa.select(Ballot.content)) == {"approve": sorted(ids(vote)[:2])}
    with pytest.raises(casting.AlreadyVoted, match="déjà voté"):
        casting.cast_by_id(vote.id, voter, {"approve": [ids(vote)[2]]})
    db.session.rollback()
    assert _count(Ballot) == 1 and _count(RollEntry) == 2


def test_the_rules_are_checked_against_the_copy(make_vote, resident) -> None:
    vote = make_vote(max_choices=2)
    with pytest.raises(DomainError, match="au plus 2 options"):
        casting.cast_by_id(vote.id, resident(), {"approve": ids(vote)[:3]})
    db.session.rollback()
    assert _count(Ballot) == 0 and _count(RollEntry) == 0


def test_a_vote_closed_elsewhere_refuses_the_ballot_although_the_copy_says_open(make_vote, resident) -> None:
    vote = make_vote()
    assert definitions.rules_of(vote.id) is not None  # the copy is made while the vote is open
    _behind_the_copy(vote.id, closed_at=utcnow())
    with pytest.raises(DomainError, match="clos"):
        casting.cast_by_id(vote.id, resident(), {"approve": [ids(vote)[0]]})
    db.session.rollback()
    assert _count(Ballot) == 0 and _count(RollEntry) == 0


def test_a_close_moved_later_elsewhere_lets_the_ballot_in(make_vote, resident) -> None:
    vote = make_vote(closes_at=utcnow() + timedelta(minutes=1))
    definitions.rules_of(vote.id)
    later = utcnow() + timedelta(minutes=5)
    _behind_the_copy(vote.id, closes_at=utcnow() + timedelta(days=1), updated_at=utcnow())
    # By the copy the vote is closed at `later`; by the row it is open: the row decides.
    casting.cast_by_id(vote.id, resident(), {"approve": [ids(vote)[0]]}, now=later)
    db.session.commit()
    assert _count(Ballot) == 1


def test_options_replaced_before_the_first_ballot_are_the_ones_checked(make_vote, resident) -> None:
    vote = make_vote()
    old_ids = ids(vote)
    definitions.rules_of(vote.id)
    votes.update_vote(None, vote, options=[OptionSpec("Un banc"), OptionSpec("Un arbre")])
    db.session.commit()
    new_ids = ids(vote)
    gone = [option_id for option_id in old_ids if option_id not in new_ids]  # SQLite may reuse ids
    assert gone
    with pytest.raises(DomainError, match="n'existe pas"):
        casting.cast_by_id(vote.id, resident(), {"approve": [gone[0]]})
    db.session.rollback()
    casting.cast_by_id(vote.id, resident(), {"approve": [new_ids[1]]})
    db.session.commit()
    assert db.session.scalar(sa.select(Ballot.content)) == {"approve": [new_ids[1]]}


@pytest.mark.postgresql_only
def test_concurrent_casting_through_the_copy_leaves_one_ballot(app, make_vote, resident) -> None:
    """The one statement that writes the roll and the ballot: of six requests of the same person at
    once, the unique index lets one roll row in; the others write nothing, ballot included."""
    vote = make_vote()
    voter = resident(verified=True, number="RACE-RC")
    vote_id, user_id, option_ids = vote.id, voter.id, ids(vote)
    db.session.commit()
    db.session.remove()

    def prepare() -> Any:
        person = db.session.get(type(voter), user_id)
        definitions.rules_of(vote_id)
        return person

    def act(person: Any, index: int) -> None:
        casting.cast_by_id(vote_id, person, {"approve": [option_ids[index % len(option_ids)]]})

    outcomes = race(app, 6, prepare, act)
    assert outcomes.count("ok") == 1, outcomes
    assert all(isinstance(o, casting.AlreadyVoted) for o in outcomes if o != "ok"), outcomes
    assert _count(Ballot) == 1
    assert _count(RollEntry) == 2  # the account and the identity, once each
