"""Approval ballots held as arrays (`Election.approval_arrays`, the results service's path for a city's
ballots): the same outcomes and explanations as the same ballots given one by one, read back as
the usual mappings, and bad positions refused."""

from __future__ import annotations

import random
from itertools import chain

import numpy as np
import pytest

from app.votes.tally import RULES, Election, Project, TallyInputError, tally


def _random_election(seed: int) -> tuple[list[Project], int, list[list[int]], list[int]]:
    rng = random.Random(seed)
    projects = [Project(f"p{i:02d}", rng.randrange(5, 60)) for i in range(rng.randrange(3, 14))]
    ballots = []
    for _ in range(rng.randrange(1, 40)):
        chosen = rng.sample(range(len(projects)), rng.randrange(0, len(projects) + 1))
        if chosen and rng.random() < 0.2:
            chosen.append(chosen[0])  # a repeat: merged, as `approval` merges it
        ballots.append(chosen)
    counts = [rng.randrange(1, 5) for _ in ballots]
    return projects, rng.randrange(40, 200), ballots, counts


def _as_arrays(ballots: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    return np.array(list(chain.from_iterable(ballots)), dtype=np.int64), np.array(list(map(len, ballots)))


@pytest.mark.parametrize("seed", range(12))
def test_arrays_give_the_outcome_and_explanations_of_the_same_ballots_one_by_one(seed: int) -> None:
    projects, budget, ballots, counts = _random_election(seed)
    by_ids = Election.approval(projects, budget, [[projects[j].id for j in b] for b in ballots], counts=counts)
    positions, lengths = _as_arrays(ballots)
    held = Election.approval_arrays(projects, budget, positions, lengths, counts=counts)
    assert held.voters == by_ids.voters
    for rule in RULES:
        assert tally(held, rule) == tally(by_ids, rule), rule


def test_arrays_read_as_mappings_in_order() -> None:
    projects = [Project("a", 1), Project("b", 2), Project("c", 3)]
    positions, lengths = _as_arrays([[2, 0, 2], [], [1]])
    election = Election.approval_arrays(projects, 5, positions, lengths)
    assert len(election.ballots) == 3 and election.voters == 3
    assert [dict(ballot) for ballot in election.ballots] == [{"a": 1, "c": 1}, {}, {"b": 1}]
    assert election.ballots[-1] == {"b": 1} and election.ballots[1] == {}
    with pytest.raises(IndexError):
        election.ballots[3]


@pytest.mark.parametrize(
    ("positions", "lengths", "message"),
    [([0, 3], [1, 1], "ballot 2: unknown project"), ([-1], [1], "ballot 1: unknown project"), ([0, 1], [1], "add up")],
)
def test_arrays_refuse_what_is_not_a_ballot(positions: list[int], lengths: list[int], message: str) -> None:
    projects = [Project("a", 1), Project("b", 2), Project("c", 3)]
    with pytest.raises(TallyInputError, match=message):
        Election.approval_arrays(projects, 5, np.array(positions), np.array(lengths))
