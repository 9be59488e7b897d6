"""Single-choice motions: quorum, majority bases and thresholds, ties and the chair's casting vote."""

from __future__ import annotations

from fractions import Fraction

import pytest

from app.votes.tally import MotionReason, MotionRules, TallyInputError, tally_motion

HALF = Fraction(1, 2)


def test_simple_majority_of_votes_expressed() -> None:
    result = tally_motion({"yes": 10, "no": 9, "abstain": 5}, 30)
    assert (result.adopted, result.reason) == (True, MotionReason.ADOPTED)
    assert (result.cast, result.expressed, result.base, result.yes_needed) == (24, 19, 19, 10)
    assert not tally_motion({"yes": 9, "no": 10}, 30).adopted


def test_tie_is_rejected_unless_the_chair_decides() -> None:
    counts = {"yes": 7, "no": 7, "abstain": 1}
    assert tally_motion(counts, 20).reason == MotionReason.REJECTED_TIE
    chair_yes = tally_motion(counts, 20, MotionRules(casting_vote="yes"))
    assert (chair_yes.adopted, chair_yes.reason) == (True, MotionReason.ADOPTED_CASTING_VOTE)
    chair_no = tally_motion(counts, 20, MotionRules(casting_vote="no"))
    assert (chair_no.adopted, chair_no.reason) == (False, MotionReason.REJECTED_CASTING_VOTE)


def test_quorum_counts_abstentions_and_blocks_the_decision() -> None:
    rules = MotionRules(quorum=HALF, quorum_strict=True)  # more than half of 20 must take part
    short = tally_motion({"yes": 8, "no": 0, "abstain": 2}, 20, rules)
    assert (short.quorum_needed, short.quorum_met, short.adopted, short.reason) == (11, False, False, "no_quorum")
    enough = tally_motion({"yes": 8, "no": 0, "abstain": 3}, 20, rules)
    assert enough.quorum_met and enough.adopted
    third = MotionRules(quorum=Fraction(1, 3))  # at least a third of 20: 7
    assert tally_motion({"yes": 7}, 20, third).quorum_needed == 7


def test_qualified_majorities_and_bases() -> None:
    two_thirds = MotionRules(threshold=Fraction(2, 3), strict=False)
    assert tally_motion({"yes": 20, "no": 10}, 40, two_thirds).adopted  # exactly two thirds
    assert not tally_motion({"yes": 19, "no": 10}, 40, two_thirds).adopted
    members = MotionRules(majority_base="electorate")  # an absolute majority of the members
    result = tally_motion({"yes": 15, "no": 2}, 31, members)
    assert (result.base, result.yes_needed, result.adopted, result.reason) == (31, 16, False, MotionReason.REJECTED)
    cast = MotionRules(majority_base="cast")  # abstentions count against
    assert not tally_motion({"yes": 5, "no": 3, "abstain": 3}, 20, cast).adopted


def test_no_votes_at_all_adopts_nothing() -> None:
    result = tally_motion({}, 10)
    assert (result.adopted, result.yes_needed) == (False, 1)


@pytest.mark.parametrize(
    ("counts", "electorate", "rules", "words"),
    [
        ({"maybe": 1}, 10, None, "unknown choice"),
        ({"yes": -1}, 10, None, "negative"),
        ({"yes": 11}, 10, None, "electorate of 10"),
    ],
)
def test_bad_counts_are_refused(counts, electorate, rules, words) -> None:
    with pytest.raises(TallyInputError, match=words):
        tally_motion(counts, electorate, rules)


@pytest.mark.parametrize(
    "kwargs", [{"quorum": Fraction(3, 2)}, {"majority_base": "members"}, {"casting_vote": "abstain"}]
)
def test_bad_rules_are_refused(kwargs) -> None:
    with pytest.raises(TallyInputError):
        MotionRules(**kwargs)
