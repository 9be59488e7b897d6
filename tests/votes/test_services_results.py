"""Results built from the stored anonymous ballots: the tally rule's outcome with an explanation in
French for each option; motions with quorum and majority; no result before the close."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.core.errors import DomainError
from app.extensions import db
from app.votes import tally
from app.votes.services import casting, results, votes
from tests.votes.conftest import ids

pytestmark = pytest.mark.usefixtures("request_context")


def cast_all(vote, resident, contents) -> None:
    for content in contents:
        casting.cast(vote, resident(), content)
    db.session.commit()


def test_no_results_before_the_close(make_vote) -> None:
    vote = make_vote()
    with pytest.raises(DomainError, match="clôture"):
        results.results(vote)


def test_knapsack_greedy_explains_each_project(make_vote, resident) -> None:
    vote = make_vote("knapsack", budget=Decimal("80000"))
    play, garden, benches, bikes = ids(vote)
    cast_all(
        vote,
        resident,
        [{"approve": [play, garden]}, {"approve": [play]}, {"approve": [bikes]}, {"approve": [garden, benches]}],
    )
    votes.close_vote(None, vote)
    outcome = results.results(vote)
    assert outcome.mode == "budget" and outcome.ballots == 4
    assert outcome.tally.selected == (str(play), str(garden), str(benches))
    lines = {line.option.id: line for line in outcome.lines}
    assert lines[play].selected and lines[play].score == 2
    assert lines[play].explanation.startswith("Retenu : avec 2 voix")
    assert not lines[bikes].selected
    assert lines[bikes].explanation.startswith("Non retenu : avec 1 voix")
    assert "moins que son coût" in lines[bikes].explanation


def test_mes_rule_gives_supporters_shares(make_vote, resident) -> None:
    vote = make_vote("approval", budget=Decimal("80000"), rule="mes")
    play, garden, benches, bikes = ids(vote)
    cast_all(vote, resident, [{"approve": [play]}] * 3 + [{"approve": [benches]}, {"approve": [bikes]}])
    votes.close_vote(None, vote)
    outcome = results.results(vote)
    # Cross-check with the tally run directly on the same ballots.
    election = tally.Election.approval(
        [tally.Project(str(o.id), o.cost) for o in vote.options],
        80000,
        [[str(play)]] * 3 + [[str(benches)], [str(bikes)]],
    )
    assert outcome.tally.selected == tally.tally(election, "mes").selected
    line = next(line for line in outcome.lines if line.option.id == play)
    assert line.selected and "parts égales" in line.explanation
    nobody = next(line for line in outcome.lines if line.option.id == garden)
    assert nobody.explanation == "Non retenu : personne n'a voté pour lui."


def test_cumulative_and_ranking_ballots_reach_the_tally(make_vote, resident) -> None:
    points = make_vote("cumulative", budget=Decimal("80000"), points_total=5)
    a, b, c, d = ids(points)
    cast_all(points, resident, [{"points": {str(a): 1, str(d): 4}}, {"points": {str(b): 5}}])
    votes.close_vote(None, points)
    lines = {line.option.id: line for line in results.results(points).lines}
    assert (lines[b].score, lines[d].score, lines[a].score) == (5, 4, 1)
    ranking = make_vote("ranking", budget=Decimal("80000"), max_ranked=2)
    a, b, c, d = ids(ranking)
    cast_all(ranking, resident, [{"rank": [c, a]}, {"rank": [c, b]}])
    votes.close_vote(None, ranking)
    scored = {line.option.id: line.score for line in results.results(ranking).lines}
    assert scored[c] == 4 and scored[a] == 1 and scored[b] == 1  # Borda over 2 ranks: 2, 1


def test_without_budget_options_are_ranked_by_score(make_vote, resident) -> None:
    vote = make_vote("approval")
    a, _b, c, _d = ids(vote)
    cast_all(vote, resident, [{"approve": [c]}, {"approve": [c, a]}])
    votes.close_vote(None, vote)
    outcome = results.results(vote)
    assert outcome.mode == "scores"
    assert [line.option.id for line in outcome.lines][:2] == [c, a]
    assert outcome.lines[0].explanation == "2 voix"


def test_motion_majority_and_quorum(make_vote, resident) -> None:
    motion = make_vote("single")
    yes, no = ids(motion)
    cast_all(motion, resident, [{"choice": yes}] * 3 + [{"choice": no}, {"abstain": True}])
    votes.close_vote(None, motion)
    outcome = results.results(motion)
    assert outcome.mode == "motion" and outcome.motion.adopted
    assert (outcome.motion.yes, outcome.motion.no, outcome.motion.abstain) == (3, 1, 1)
    assert outcome.motion_explanation.startswith("Adoptée : 3 pour, 1 contre, 1 abstention ;")

    two_thirds = make_vote("single", majority="two_thirds")
    yes, no = ids(two_thirds)
    cast_all(two_thirds, resident, [{"choice": yes}] * 3 + [{"choice": no}] * 2)
    votes.close_vote(None, two_thirds)
    outcome = results.results(two_thirds)
    assert not outcome.motion.adopted and outcome.motion.yes_needed == 4
    assert outcome.motion_explanation.startswith("Rejetée")

    quorum = make_vote("single", quorum=10)
    yes, _no = ids(quorum)
    cast_all(quorum, resident, [{"choice": yes}] * 3)
    votes.close_vote(None, quorum)
    outcome = results.results(quorum)
    assert outcome.motion.reason == tally.MotionReason.NO_QUORUM
    assert "quorum n'est pas atteint (3 votants pour 10 nécessaires)" in outcome.motion_explanation


def test_single_choice_between_options(make_vote, resident) -> None:
    from app.votes.services.votes import OptionSpec

    vote = make_vote(
        "single", options=[OptionSpec("Lundi"), OptionSpec("Mardi"), OptionSpec("Jeudi")], majority="relative"
    )
    monday, tuesday, _thursday = ids(vote)
    cast_all(vote, resident, [{"choice": tuesday}] * 2 + [{"choice": monday}, {"abstain": True}])
    votes.close_vote(None, vote)
    outcome = results.results(vote)
    assert outcome.mode == "plurality" and outcome.winner.id == tuesday and outcome.abstentions == 1
    assert outcome.lines[0].explanation.startswith("2 voix, soit 66,7 % des suffrages exprimés.")

    tie = make_vote("single", options=[OptionSpec("A"), OptionSpec("B")], majority="absolute")
    a, b = ids(tie)
    cast_all(tie, resident, [{"choice": a}, {"choice": b}])
    votes.close_vote(None, tie)
    assert results.results(tie).winner is None


def test_published_ballots_hide_contents_until_the_close(make_vote, resident) -> None:
    vote = make_vote()
    a = ids(vote)[0]
    cast_all(vote, resident, [{"approve": [a]}] * 3)
    page = results.published_ballots(vote, per_page=2)
    assert page.total == 3 and page.pages == 2
    assert all(item.choices is None for item in page.items)
    fingerprints = [item.fingerprint for item in page.items]
    assert fingerprints == sorted(fingerprints)
    votes.close_vote(None, vote)
    assert results.published_ballots(vote).items[0].choices == ["Aire de jeux"]


def test_open_choices_only_for_open_votes(make_vote, resident) -> None:
    secret = make_vote("single")
    public = make_vote("single", secret=False)
    voter = resident(display_name="Bruno")
    casting.cast(secret, voter, {"choice": ids(secret)[0]})
    casting.cast(public, voter, {"choice": ids(public)[1]})
    assert results.open_choices(secret) == []
    assert [(c.voter_name, c.content) for c in results.open_choices(public)] == [("Bruno", {"choice": ids(public)[1]})]
