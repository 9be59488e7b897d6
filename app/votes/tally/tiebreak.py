"""Tie-breaking between projects whose scores (greedy) or prices (MES) are exactly equal.

A tie-break is a key function ``(project, score) -> sortable``: among exactly tied projects the one
with the smallest key wins. It is applied the same way in every rule and every add1 step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.votes.tally.types import Project

TieBreak = Callable[[Project, int], Any]


def by_id(project: Project, score: int) -> Any:
    """pabutools' default: the smaller project id as a string wins (``"10" < "9"``)."""
    return project.id


def by_cost_then_votes(project: Project, score: int) -> Any:
    """equalshares.net's advice: the cheaper project, then the one with more votes, then the id."""
    return (project.cost, -score, project.id)


TIE_BREAKS: dict[str, TieBreak] = {"by_id": by_id, "by_cost_then_votes": by_cost_then_votes}


def tie_break_name(tie_break: TieBreak) -> str:
    for name, known in TIE_BREAKS.items():
        if known is tie_break:
            return name
    return getattr(tie_break, "__name__", "custom")
