"""Tally rules for every vote: pure functions on exact numbers (no Flask, no database; floats only in
certified MES runs, see mes_float.py).

See types.py for how to build an ``Election`` and read a ``TallyResult``; motions.py for motions.

    result = tally(election, "mes-add1")                  # or greedy, mes, mes-add1-greedy, mes-add1-nostop
    result = tally(election, "greedy", tie_break=by_cost_then_votes)
"""

from __future__ import annotations

from app.votes.tally.motions import MotionReason, MotionResult, MotionRules, tally_motion
from app.votes.tally.rules import tally
from app.votes.tally.tiebreak import TIE_BREAKS, TieBreak, by_cost_then_votes, by_id
from app.votes.tally.types import (
    RULES,
    Election,
    Project,
    ProjectOutcome,
    Reason,
    TallyInputError,
    TallyResult,
    borda_points,
    exact,
)

__all__ = [
    "RULES",
    "TIE_BREAKS",
    "Election",
    "MotionReason",
    "MotionResult",
    "MotionRules",
    "Project",
    "ProjectOutcome",
    "Reason",
    "TallyInputError",
    "TallyResult",
    "TieBreak",
    "borda_points",
    "by_cost_then_votes",
    "by_id",
    "exact",
    "tally",
    "tally_motion",
]
