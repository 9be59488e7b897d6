"""Creating, configuring, opening and closing votes; `ballot_closed` sent once per vote."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from app.core.db import utcnow
from app.core.errors import DomainError
from app.extensions import db
from app.votes.services import casting, votes
from app.votes.services.votes import OptionSpec
from app.votes.signals import ballot_closed
from tests.votes.conftest import ids

pytestmark = pytest.mark.usefixtures("request_context")


def fields(error: DomainError) -> set[str | None]:
    return {field for field, _ in error.problems}


def test_create_checks_what_each_kind_needs(app) -> None:
    with pytest.raises(DomainError) as error:
        votes.create_vote(None, title=" ", kind="knapsack", options=[OptionSpec("Seule")])
    assert {"title", "options", "budget"} <= fields(error.value)
    with pytest.raises(DomainError) as error:
        votes.create_vote(None, title="Points", kind="cumulative", options=[OptionSpec("A"), OptionSpec("a")])
    assert {"options", "points_total"} <= fields(error.value)
    with pytest.raises(DomainError) as error:
        votes.create_vote(
            None,
            title="Bornes",
            kind="approval",
            options=[OptionSpec("A"), OptionSpec("B")],
            min_choices=2,
            max_choices=1,
        )
    assert "min_choices" in fields(error.value)
    now = utcnow()
    with pytest.raises(DomainError) as error:
        votes.create_vote(
            None, title="Dates", kind="single", options=list(votes.MOTION_OPTIONS), opens_at=now, closes_at=now
        )
    assert "closes_at" in fields(error.value)
    with pytest.raises(DomainError) as error:
        votes.create_vote(
            None, title="Zone", kind="approval", options=[OptionSpec("A"), OptionSpec("B")], eligibility="area"
        )
    assert "eligibility" in fields(error.value)
    with pytest.raises(TypeError):
        votes.create_vote(None, title="x", kind="approval", options=[], colour="red")


def test_create_keeps_options_in_order_with_costs(app) -> None:
    vote = votes.create_vote(
        None,
        title="Budget",
        kind="knapsack",
        options=[OptionSpec("B", cost=Decimal("10.50"), ref="p2"), OptionSpec("A", cost=Decimal("3"))],
        budget=Decimal("12"),
        owner="budgets",
        owner_ref="edition:1",
    )
    assert [(o.label, o.cost, o.ref, o.position) for o in vote.options] == [
        ("B", Decimal("10.50"), "p2", 0),
        ("A", Decimal("3"), "", 1),
    ]
    assert votes.votes_owned_by("budgets", "edition:1") == [vote]
    assert votes.status(vote) == "draft"
    assert votes.is_motion(votes.create_vote(None, title="M", kind="single", options=list(votes.MOTION_OPTIONS)))


def test_update_is_refused_once_someone_voted(make_vote, resident) -> None:
    vote = make_vote()
    votes.update_vote(None, vote, title="Nouveau titre", options=[OptionSpec("X"), OptionSpec("Y")])
    assert [o.label for o in vote.options] == ["X", "Y"]
    casting.cast(vote, resident(), {"approve": [ids(vote)[0]]})
    with pytest.raises(DomainError, match="ne peut plus être modifié"):
        votes.update_vote(None, vote, title="Encore")
    with pytest.raises(DomainError, match="ne peut plus être supprimé"):
        votes.delete_vote(None, vote)


def test_open_and_close_send_the_signal_once(make_vote) -> None:
    vote = make_vote(opened=False)
    assert votes.status(vote) == "draft"
    votes.open_vote(None, vote)
    assert votes.status(vote) == "open"
    seen = []

    def receiver(sender, vote, **kwargs) -> None:
        seen.append(vote.id)

    with ballot_closed.connected_to(receiver):
        votes.close_vote(None, vote)
        with pytest.raises(DomainError, match="déjà clos"):
            votes.close_vote(None, vote)
        votes.close_if_due(vote)
        assert votes.close_due_votes() == []
    assert seen == [vote.id]
    assert votes.status(vote) == "closed"
    with pytest.raises(DomainError, match="ne peut pas rouvrir"):
        votes.open_vote(None, vote)


def test_close_due_votes_closes_each_past_vote_once(make_vote) -> None:
    past = make_vote(opens_at=utcnow() - timedelta(days=3), closes_at=utcnow() - timedelta(days=1))
    running = make_vote()
    seen = []
    with ballot_closed.connected_to(lambda sender, vote, **kw: seen.append(vote.id)):
        assert votes.close_due_votes() == [past]
        assert votes.close_due_votes() == []
    db.session.commit()
    assert seen == [past.id]
    assert past.closed_at is not None and running.closed_at is None


def test_a_draft_cannot_be_closed(make_vote) -> None:
    with pytest.raises(DomainError, match="pas encore ouvert"):
        votes.close_vote(None, make_vote(opened=False))


def test_ranking_points_must_cover_every_rank(app) -> None:
    options = [OptionSpec(label) for label in "ABCD"]
    with pytest.raises(DomainError, match="chacun des 3 rangs"):
        votes.create_vote(None, title="R", kind="ranking", options=options, max_ranked=3, rank_points=[5, 1])
    vote = votes.create_vote(None, title="R", kind="ranking", options=options, max_ranked=2, rank_points=[5, 1])
    assert vote.rank_points == [5, 1]


def test_numbers_beyond_the_columns_are_refused_with_a_message(app) -> None:
    with pytest.raises(DomainError) as error:
        votes.create_vote(
            None,
            title="Trop",
            kind="knapsack",
            options=[OptionSpec("A", cost=Decimal("1e13")), OptionSpec("B" * 201, cost=Decimal(1))],
            budget=Decimal("1e15"),
            max_choices=10**9,
        )
    messages = " ".join(error.value.messages)
    assert "plus grand montant" in messages and "200 caractères" in messages and "trop grand" in messages
