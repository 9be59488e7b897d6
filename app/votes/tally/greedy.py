"""Greedy by votes: the highest scores first, each project taken if it still fits, skipped otherwise.

Matches pabutools ``greedy_utilitarian_welfare(..., sat_class=Cost_Sat)``: projects are ordered by
score (approvals or points) descending, free projects with votes first, exact ties by the
tie-breaking order; projects nobody voted for come last and are still taken if they fit.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.votes.tally.prepared import Prepared


@dataclass
class GreedyStep:
    project: int
    money_left: int  # scaled budget left when its turn came
    taken: bool


def greedy_order(prepared: Prepared) -> list[int]:
    costs, score, rank = prepared.costs, prepared.score, prepared.rank

    def key(j: int) -> tuple[int, int, int]:
        # pabutools' density is score/cost·cost = score, infinite for a free project with votes
        if costs[j] == 0 and score[j] > 0:
            return (0, 0, rank[j])
        return (1, -score[j], rank[j])

    return sorted(range(len(costs)), key=key)


def run_greedy(prepared: Prepared, already: list[int] | None = None) -> list[GreedyStep]:
    """The greedy scan, after ``already`` (a partial selection to complete, e.g. MES's)."""
    chosen = set(already or ())
    left = prepared.budget - prepared.total(list(chosen))
    steps = []
    for j in greedy_order(prepared):
        if j in chosen:
            continue
        taken = prepared.costs[j] <= left
        steps.append(GreedyStep(j, left, taken))
        if taken:
            left -= prepared.costs[j]
    return steps
