"""The tally rules on small hand-made elections: outcomes, explanations, tie-breaking and input checks."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from app.votes.pabulib import read_pb
from app.votes.tally import (
    RULES,
    Election,
    Project,
    Reason,
    TallyInputError,
    borda_points,
    by_cost_then_votes,
    tally,
)

TOULOUSE = "/work/shared/pb/France_Toulouse_2022_17_-_Mirail-Universite_Reynerie_Bellefontaine.pb"


def _city() -> Election:
    """Budget 100; a popular big project and a cheaper one supported by another group."""
    projects = [
        Project("big", 80),
        Project("park", 30),
        Project("bench", 20),
        Project("mural", 150),
        Project("none", 5),
    ]
    ballots = [{"big"}] * 6 + [{"park", "bench"}] * 4 + [{"big", "mural"}] * 2 + [set()]
    return Election.approval(projects, 100, ballots)


def test_greedy_explains_each_project() -> None:
    result = tally(_city(), "greedy")
    # scores: big 8, bench 4, park 4 (tie: "bench" < "park"), mural 2, none 0
    assert result.selected == ("big", "bench")
    assert result.cost == 100 and result.leftover == 0
    big, park, bench = result.outcome("big"), result.outcome("park"), result.outcome("bench")
    assert (big.reason, big.position, big.score, big.supporters, big.money_left) == (
        Reason.SELECTED_GREEDY,
        1,
        8,
        8,
        100,
    )
    assert (bench.reason, bench.position, bench.money_left) == (Reason.SELECTED_GREEDY, 2, 20)
    assert (park.reason, park.money_left, park.selected, park.position) == (Reason.DID_NOT_FIT, 0, False, None)
    assert result.outcome("mural").reason == Reason.OVER_BUDGET
    assert result.outcome("none").reason == Reason.NO_VOTES
    assert [o.project_id for o in result.projects] == ["big", "bench", "park", "mural", "none"]


def test_mes_explains_shares_and_shortfalls() -> None:
    result = tally(_city(), "mes")
    # 13 voters (one empty ballot) with 100/13 each. bench and park both cost 1/4 per unit of
    # utility to their 4 supporters: the tie goes to "bench"; park's supporters then hold too little.
    assert result.selected == ("bench",)
    bench = result.outcome("bench")
    assert (bench.reason, bench.stage, bench.share, bench.paid_in_full) == (Reason.SELECTED_MES, "mes", 5, 0)
    assert bench.effective_votes == 4
    park = result.outcome("park")
    assert park.reason == Reason.SUPPORTERS_SHORT and park.supporters_money == Fraction(4 * 35, 13)
    assert result.outcome("big").supporters_money == Fraction(800, 13)
    assert result.outcome("none").reason == Reason.NO_VOTES
    assert result.per_voter_budget == Fraction(100, 13) and result.increments is None


def test_add1_raises_the_per_voter_budget_until_the_money_is_used() -> None:
    result = tally(_city(), "mes-add1")
    # b = 100/13 + 3: the eight "big" supporters now hold 8 × 139/13 > 80
    assert result.selected == ("big", "bench") and result.cost == 100
    assert (result.increments, result.per_voter_budget) == (3, Fraction(139, 13))
    assert result.outcome("big").reason == Reason.SELECTED_MES
    # without the exhaustive stop, one more step still fits (and the order is the same)
    nostop = tally(_city(), "mes-add1-nostop")
    assert (nostop.selected, nostop.increments) == (("big", "bench"), 4)


def test_greedy_fill_after_add1_is_explained() -> None:
    election = read_pb(TOULOUSE).election()
    add1 = tally(election, "mes-add1")
    filled = tally(election, "mes-add1-greedy")
    assert filled.selected[: len(add1.selected)] == add1.selected and len(filled.selected) > len(add1.selected)
    extra = filled.outcome(filled.selected[-1])
    assert (extra.reason, extra.stage) == (Reason.SELECTED_FILL, "fill")
    assert extra.money_left == filled.budget - add1.cost
    for outcome in filled.projects:
        if not outcome.selected:
            assert outcome.reason in (Reason.DID_NOT_FIT, Reason.OVER_BUDGET, Reason.NO_VOTES)


def test_capped_supporters_are_counted() -> None:
    """4 voters with 25 each. pf (66) goes first, paid 22 by each of its 3 supporters; then the
    third one has only 3 left for p2 (12): it gives those 3 and the fourth voter pays 9."""
    election = Election.approval([Project("pf", 66), Project("p2", 12)], 100, [{"pf"}, {"pf"}, {"pf", "p2"}, {"p2"}])
    result = tally(election, "mes")
    assert result.selected == ("pf", "p2")
    p2 = result.outcome("p2")
    assert (p2.share, p2.paid_in_full, p2.effective_votes) == (9, 1, Fraction(4, 3))
    assert result.outcome("pf").share == 22


def test_free_projects_with_votes_come_first_under_mes() -> None:
    projects = [Project("free", 0), Project("paid", 10), Project("unloved", 0)]
    result = tally(Election.approval(projects, 10, [{"free", "paid"}, {"paid"}]), "mes")
    assert result.selected == ("free", "paid")
    assert result.outcome("free").reason == Reason.SELECTED_FREE
    assert result.outcome("unloved").reason == Reason.NO_VOTES


def test_no_ballots_selects_nothing_with_mes() -> None:
    election = Election.approval([Project("a", 10)], 100, [])
    assert tally(election, "mes").selected == ()
    assert tally(election, "mes-add1").selected == ()
    assert tally(election, "greedy").selected == ("a",)  # greedy still spends what fits


def test_tie_breaking_is_pluggable() -> None:
    projects = [Project("a", 50), Project("b", 30)]
    election = Election.approval(projects, 60, [{"a", "b"}] * 3)
    assert tally(election, "greedy").selected == ("a",)
    cheaper = tally(election, "greedy", tie_break=by_cost_then_votes)
    assert cheaper.selected == ("b",) and cheaper.tie_break == "by_cost_then_votes"


def test_cumulative_points_weigh() -> None:
    projects = [Project("a", 50), Project("b", 50)]
    election = Election.cumulative(projects, 50, [{"a": 1, "b": 3}, {"a": 2}, {"b": 0}])
    assert election.ballots[2] == {}
    result = tally(election, "greedy")
    assert result.outcome("a").score == result.outcome("b").score == 3  # a tie, to the smaller id
    assert result.selected == ("a",)
    assert (result.outcome("a").supporters, result.outcome("b").supporters) == (2, 1)
    heavier = Election.cumulative(projects, 50, [{"a": 1, "b": 3}, {"a": 1}])
    assert tally(heavier, "greedy").selected == ("b",)


def test_ordinal_uses_points_per_rank() -> None:
    assert borda_points(3) == (3, 2, 1)
    projects = [Project("a", 10), Project("b", 10), Project("c", 10)]
    rankings = [["a", "b"], ["b", "c"], ["c", "b"]]
    borda = Election.ordinal(projects, 10, rankings)  # k = 3: 3, 2
    assert tally(borda, "greedy").selected == ("b",)  # b: 2 + 3 + 2 = 7
    firsts = Election.ordinal(projects, 10, rankings, points=[1, 0])
    assert tally(firsts, "greedy").outcome("b").score == 1
    with pytest.raises(TallyInputError, match="twice"):
        Election.ordinal(projects, 10, [["a", "a"]])
    with pytest.raises(TallyInputError, match="more than"):
        Election.ordinal(projects, 10, [["a", "b", "c"]], points=[2, 1])


@pytest.mark.parametrize(
    ("build", "words"),
    [
        (lambda: Project("a", 1.5), "floats are refused"),
        (lambda: Project("a", -1), "negative"),
        (lambda: Project("a", "douze"), "not a number"),
        (lambda: Election.approval([Project("a", 1)], 10, [{"b"}]), "unknown project 'b'"),
        (lambda: Election.approval([Project("a", 1), Project("a", 2)], 10, []), "same id"),
        (lambda: Election.approval([Project("a", 1)], -1, []), "budget is negative"),
        (lambda: Election.approval([Project("a", 1)], 1, [], step=0), "step"),
        (lambda: Election.cumulative([Project("a", 1)], 1, [{"a": -2}]), "non-negative"),
        (lambda: tally(Election.approval([], 1, []), "random"), "unknown rule"),
        (lambda: Election.approval([Project("a", 1)], 1, [{"a"}], counts=[0]), "positive integer"),
        (lambda: Election.approval([Project("a", 1)], 1, [{"a"}], counts=[True]), "positive integer"),
        (lambda: Election.approval([Project("a", 1)], 1, [{"a"}], counts=[1, 2]), "one number of voters"),
    ],
)
def test_bad_input_is_refused(build, words: str) -> None:
    with pytest.raises(TallyInputError, match=words):
        build()


def test_exact_money_types_are_accepted() -> None:
    project = Project("a", Decimal("114339.91"))
    assert project.cost == Fraction(11433991, 100)
    assert Project("b", "12,5").cost == Fraction(25, 2)


def test_add1_step_follows_the_money_unit() -> None:
    """Costs in cents with step=100 give the same outcome as costs in euros with step=1."""
    euros = _city()
    cents = Election.approval(
        [Project(p.id, p.cost * 100) for p in euros.projects], euros.budget * 100, euros.ballots, step=100
    )
    for rule in RULES:
        assert tally(cents, rule).selected == tally(euros, rule).selected, rule


@pytest.mark.parametrize("kind", ["approval", "cumulative"])
def test_grouped_ballots_with_counts_tally_as_the_repeated_ballots(kind: str) -> None:
    """A database groups identical ballots: the counts stand for the repeats, in every rule and figure."""
    city = _city()
    distinct = list(dict.fromkeys(map(frozenset, (b.items() for b in city.ballots))))
    counts = [sum(1 for b in city.ballots if frozenset(b.items()) == key) for key in distinct]
    if kind == "approval":
        grouped = Election.approval(
            city.projects, city.budget, [[p for p, _ in key] for key in distinct], counts=counts
        )
        repeated = city
    else:
        points = [{p: 1 + len(p) % 3 for p, _ in key} for key in distinct]
        grouped = Election.cumulative(city.projects, city.budget, points, counts=counts)
        repeated = Election.cumulative(
            city.projects, city.budget, [ballot for ballot, n in zip(points, counts, strict=True) for _ in range(n)]
        )
    assert grouped.voters == repeated.voters == sum(counts)
    assert len(grouped.ballots) < repeated.voters
    for rule in RULES:
        assert tally(grouped, rule) == tally(repeated, rule), rule
