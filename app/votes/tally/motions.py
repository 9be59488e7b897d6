"""Single-choice motions (yes / no / abstain) with the quorum and majority the body sets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from app.votes.tally.types import TallyInputError

YES, NO, ABSTAIN = "yes", "no", "abstain"
MajorityBase = Literal["expressed", "cast", "electorate"]


@dataclass(frozen=True)
class MotionRules:
    """How a body decides.

    - ``quorum``: share of the electorate that must take part (abstentions count as taking part);
      0 for none, ``Fraction(1, 2)`` for "more than half" together with ``quorum_strict``.
    - ``majority_base``: what the majority is measured against: ``expressed`` (yes + no, the usual
      "suffrages exprimés"), ``cast`` (yes + no + abstain) or ``electorate`` (all members).
    - ``threshold`` and ``strict``: adopted when yes > threshold × base (strict, "majorité absolue"
      with 1/2) or yes ≥ threshold × base (not strict, e.g. a two-thirds majority).
    - ``casting_vote``: on an exact tie between yes and no, "yes" or "no" if the chair's vote decides
      (CGCT L2121-20, not for secret ballots); ``None`` leaves a tie rejected.
    """

    quorum: Fraction = Fraction(0)
    quorum_strict: bool = False
    majority_base: MajorityBase = "expressed"
    threshold: Fraction = Fraction(1, 2)
    strict: bool = True
    casting_vote: str | None = None

    def __post_init__(self) -> None:
        if not (0 <= self.quorum <= 1) or not (0 <= self.threshold <= 1):
            raise TallyInputError("quorum and threshold must be between 0 and 1")
        if self.majority_base not in ("expressed", "cast", "electorate"):
            raise TallyInputError(f"unknown majority base {self.majority_base!r}")
        if self.casting_vote not in (None, YES, NO):
            raise TallyInputError("the casting vote is 'yes', 'no' or None")


class MotionReason:
    """Codes for templates."""

    ADOPTED = "adopted"
    ADOPTED_CASTING_VOTE = "adopted_casting_vote"  # tie settled by the chair's vote
    REJECTED = "rejected"  # not enough yes votes
    REJECTED_TIE = "rejected_tie"  # as many yes as no, no casting vote
    REJECTED_CASTING_VOTE = "rejected_casting_vote"
    NO_QUORUM = "no_quorum"  # not enough participants: nothing was decided


@dataclass(frozen=True)
class MotionResult:
    yes: int
    no: int
    abstain: int
    electorate: int
    cast: int  # yes + no + abstain
    expressed: int  # yes + no
    quorum_needed: int  # participants needed (0 when no quorum)
    quorum_met: bool
    base: int  # the number the threshold applies to
    yes_needed: int  # the smallest number of yes votes that adopts it (with this base)
    adopted: bool
    reason: str


def _smallest_above(limit: Fraction, strict: bool) -> int:
    """The smallest integer > limit (strict) or >= limit."""
    floor = limit.numerator // limit.denominator
    if strict:
        return floor + 1
    return floor if floor == limit else floor + 1


def tally_motion(counts: Mapping[str, int], electorate: int, rules: MotionRules | None = None) -> MotionResult:
    """Count a motion. ``counts`` has "yes", "no" and "abstain" (missing means 0); ``electorate`` is
    the number of members (or registered voters) who could vote."""
    rules = rules or MotionRules()
    unknown = set(counts) - {YES, NO, ABSTAIN}
    if unknown:
        raise TallyInputError(f"unknown choice {sorted(unknown)[0]!r}")
    yes, no, abstain = (int(counts.get(k, 0)) for k in (YES, NO, ABSTAIN))
    if min(yes, no, abstain) < 0:
        raise TallyInputError("counts cannot be negative")
    cast, expressed = yes + no + abstain, yes + no
    if cast > electorate:
        raise TallyInputError(f"{cast} votes cast for an electorate of {electorate}")
    quorum_needed = _smallest_above(rules.quorum * electorate, rules.quorum_strict) if rules.quorum else 0
    quorum_met = cast >= quorum_needed
    base = {"expressed": expressed, "cast": cast, "electorate": electorate}[rules.majority_base]
    yes_needed = max(_smallest_above(rules.threshold * base, rules.strict), 1)
    common = dict(yes=yes, no=no, abstain=abstain, electorate=electorate, cast=cast, expressed=expressed)
    common |= dict(quorum_needed=quorum_needed, quorum_met=quorum_met, base=base, yes_needed=yes_needed)
    if not quorum_met:
        return MotionResult(**common, adopted=False, reason=MotionReason.NO_QUORUM)
    if yes >= yes_needed:
        return MotionResult(**common, adopted=True, reason=MotionReason.ADOPTED)
    tie = yes == no and yes > 0 and rules.majority_base == "expressed" and rules.threshold == Fraction(1, 2)
    if tie and rules.casting_vote == YES:
        return MotionResult(**common, adopted=True, reason=MotionReason.ADOPTED_CASTING_VOTE)
    if tie and rules.casting_vote == NO:
        return MotionResult(**common, adopted=False, reason=MotionReason.REJECTED_CASTING_VOTE)
    reason = MotionReason.REJECTED_TIE if tie else MotionReason.REJECTED
    return MotionResult(**common, adopted=False, reason=reason)
