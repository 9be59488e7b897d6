"""The certified float MES run (mes_float.py) against the exact run (mes.py).

A float run must either give exactly the exact run's outcome or say it cannot tell (Uncertain); it
must tell on real elections (otherwise it is no faster than the exact run), and the exact replay of
its outcome must give the exact run's figures.
"""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import pytest

from app.votes.pabulib import read_pb
from app.votes.tally import Election, Project, tally
from app.votes.tally.mes import replay, run_mes
from app.votes.tally.mes_float import FloatElection, Uncertain, run_float
from app.votes.tally.prepared import Prepared
from app.votes.tally.tiebreak import by_id

PB_DIR = Path(__file__).resolve().parents[3] / "shared" / "pb"
if not PB_DIR.is_dir():
    PB_DIR = Path("/work/shared/pb")
APPROVAL_FILES = [
    "Poland_Warszawa_2020_Praga-Poludnie",
    "Poland_Warszawa_2017_Las",
    "US_Stanford_Dataset_PB_Cambridge_2015_vote_knapsacks",
    "Switzerland_Zurich_S5",
    "Netherlands_Amsterdam_522",
    "France_Toulouse_2022_17_-_Mirail-Universite_Reynerie_Bellefontaine",
]


def _per_voter(prepared: Prepared, k: int) -> int:
    return prepared.budget // prepared.voters + k * prepared.step


def _float_outcome(prepared: Prepared, floats: FloatElection, per_voter: int) -> list[int] | None:
    try:
        free, rounds = run_float(prepared, floats, per_voter)
    except Uncertain:
        return None
    return free + [r.project for r in rounds]


@pytest.mark.parametrize("name", APPROVAL_FILES)
def test_float_runs_on_real_files_are_certified_and_exact(name: str) -> None:
    prepared = Prepared.build(read_pb(str(PB_DIR / f"{name}.pb")).election(), by_id)
    assert prepared.weights is None
    floats = FloatElection.build(prepared)
    for k in (0, 1, 7, 40):
        per_voter = _per_voter(prepared, k)
        ours = _float_outcome(prepared, floats, per_voter)
        assert ours is not None, f"k={k}: the float run could not certify a real election"
        assert ours == run_mes(prepared, per_voter).selection


def test_replay_of_a_certified_outcome_gives_the_exact_figures() -> None:
    prepared = Prepared.build(read_pb(str(PB_DIR / f"{APPROVAL_FILES[0]}.pb")).election(), by_id)
    per_voter = _per_voter(prepared, 3)
    exact = run_mes(prepared, per_voter)
    replayed = replay(prepared, per_voter, [p.project for p in exact.purchases])
    assert [(p.project, p.rho, p.share, p.capped) for p in replayed.purchases] == [
        (p.project, p.rho, p.share, p.capped) for p in exact.purchases
    ]
    assert any(p.capped for p in exact.purchases)  # the run has capped payments, not only equal shares
    last = len(prepared.costs) - 1
    assert replayed.supporters_money(prepared, last) == exact.supporters_money(prepared, last)


def _random_election(rng: random.Random) -> Election:
    ids = [f"p{i}" for i in range(rng.randint(2, 14))]
    costs = [rng.choice([rng.randint(1, 90) * 1000, Fraction(rng.randint(100, 9000), 100)]) for _ in ids]
    popularity = [rng.random() ** 2 for _ in ids]
    voters = rng.randint(1, 400)
    ballots = [set(rng.choices(ids, weights=popularity, k=rng.randint(1, len(ids)))) for _ in range(voters)]
    budget = sum(costs) * Fraction(rng.randint(10, 60), 100)
    return Election.approval([Project(i, c) for i, c in zip(ids, costs, strict=True)], budget, ballots)


def test_float_runs_equal_exact_runs_on_random_elections() -> None:
    rng = random.Random(20261123)
    certified = 0
    for _ in range(250):
        prepared = Prepared.build(_random_election(rng), by_id)
        floats = FloatElection.build(prepared)
        per_voter = _per_voter(prepared, rng.choice([0, 0, 1, 3, 25]))
        ours = _float_outcome(prepared, floats, per_voter)
        if ours is not None:
            certified += 1
            assert ours == run_mes(prepared, per_voter).selection
    assert certified >= 200  # ties that need the exact run are the exception


def test_a_tie_between_capped_projects_is_left_to_the_exact_run() -> None:
    # a is bought first (4 approvals); then b and c, same cost and same supporters, tie with voter 0
    # capped: it holds 1 of the 4 each would ask, so both cost the other two 5.5 each
    ballots = [{"a", "b", "c"}, {"a"}, {"a"}, {"a"}, {"b", "c"}, {"b", "c"}]
    election = Election.approval([Project("a", 36), Project("b", 12), Project("c", 12)], 60, ballots)
    prepared = Prepared.build(election, by_id)
    with pytest.raises(Uncertain):
        run_float(prepared, FloatElection.build(prepared), _per_voter(prepared, 0))
    assert tally(election, "mes").selected == run_mes_selection(prepared, 0)
    assert tally(election, "mes").selected == ("a", "b")  # the tie goes to the smaller id


def test_a_tie_between_uncapped_projects_is_decided_exactly() -> None:
    ballots = [{"x", "y"}] * 3 + [{"x"}, {"y"}]  # 4 approvals each, the same cost: ρ = 1/4 both
    election = Election.approval([Project("y", 40), Project("x", 40)], 200, ballots)
    prepared = Prepared.build(election, by_id)
    _, rounds = run_float(prepared, FloatElection.build(prepared), _per_voter(prepared, 0))
    assert [prepared.projects[r.project].id for r in rounds] == ["x", "y"]


def run_mes_selection(prepared: Prepared, k: int) -> tuple[str, ...]:
    return tuple(prepared.projects[j].id for j in run_mes(prepared, _per_voter(prepared, k)).selection)


def _add1_step_by_step(prepared: Prepared) -> list[int]:
    """pabutools' add1 completion literally: every step, exact runs only (no skipping, no floats)."""
    supported = [j for j, s in enumerate(prepared.score) if s > 0 and prepared.costs[j] > 0]
    previous = None
    for k in range(100_000):
        run = run_mes(prepared, _per_voter(prepared, k))
        if prepared.total(run.selection) > prepared.budget:
            assert previous is not None
            return previous
        left = prepared.budget - prepared.total(run.selection)
        if all(prepared.costs[j] > left for j in supported if j not in run.selection):
            return run.selection
        previous = run.selection
    raise AssertionError("no stop")


def test_add1_skips_steps_only_where_the_outcome_is_proven_unchanged() -> None:
    # few voters and a large budget: hundreds of steps, and many exact ties between equal scores,
    # which the skipping must read exactly (tie-breaking order included)
    rng = random.Random(7)
    for _ in range(40):
        ids = [f"p{i}" for i in range(rng.randint(3, 9))]
        costs = [rng.choice([10, 20, 30, 40]) * 1000 for _ in ids]
        ballots = [set(rng.sample(ids, rng.randint(1, len(ids)))) for _ in range(rng.randint(4, 30))]
        election = Election.approval([Project(i, c) for i, c in zip(ids, costs, strict=True)], sum(costs) // 2, ballots)
        prepared = Prepared.build(election, by_id)
        expected = [prepared.projects[j].id for j in _add1_step_by_step(prepared)]
        assert list(tally(election, "mes-add1").selected) == expected
