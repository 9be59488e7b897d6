"""An election turned into the compact, integer form every rule works on.

Identical ballots are merged (with their multiplicity), and money is rescaled to integers: every
amount is multiplied by ``scale = voters × D`` where D is the common denominator of the costs, the
budget and the add1 step, so that the per-voter budget B/n + k·step and every cost are integers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from math import lcm

from app.votes.tally.tiebreak import TieBreak
from app.votes.tally.types import Election, Project


@dataclass(frozen=True)
class Prepared:
    election: Election
    projects: tuple[Project, ...]
    voters: int  # n, empty ballots included
    scale: int  # scaled amount = amount × scale
    costs: tuple[int, ...]  # scaled costs, by project index
    budget: int  # scaled total budget
    step: int  # scaled add1 step (per voter)
    multiplicity: tuple[int, ...]  # per distinct ballot
    supporters: tuple[tuple[int, ...], ...]  # per project: indices of the distinct ballots naming it
    weights: tuple[tuple[int, ...], ...] | None  # per project, parallel to supporters; None when all are 1
    score: tuple[int, ...]  # per project: approvals or points, multiplicities included
    supporter_count: tuple[int, ...]  # per project: voters naming it
    rank: tuple[int, ...]  # per project: position in the tie-breaking order (0 wins every tie)

    @classmethod
    def build(cls, election: Election, tie_break: TieBreak) -> Prepared:
        projects = election.projects
        index = {p.id: i for i, p in enumerate(projects)}
        # identical ballots merge: a frozenset of (id, weight) pairs is built and hashed in C
        grouped = Counter(frozenset(b.items()) for b in election.ballots)
        voters = len(election.ballots)
        denominators = [p.cost.denominator for p in projects]
        denominator = lcm(election.budget.denominator, election.step.denominator, *denominators)
        scale = max(voters, 1) * denominator
        supporters: list[list[int]] = [[] for _ in projects]
        weights: list[list[int]] = [[] for _ in projects]
        score = [0] * len(projects)
        count = [0] * len(projects)
        multiplicity = []
        all_ones = True
        for g, (ballot, m) in enumerate(grouped.items()):
            multiplicity.append(m)
            for pid, w in ballot:
                if not w:
                    continue
                j = index[pid]
                supporters[j].append(g)
                weights[j].append(w)
                score[j] += m * w
                count[j] += m
                all_ones = all_ones and w == 1
        order = sorted(range(len(projects)), key=lambda j: tie_break(projects[j], score[j]))
        rank = [0] * len(projects)
        for r, j in enumerate(order):
            rank[j] = r
        return cls(
            election=election,
            projects=projects,
            voters=voters,
            scale=scale,
            costs=tuple(int(p.cost * scale) for p in projects),
            budget=int(election.budget * scale),
            step=int(election.step * scale),
            multiplicity=tuple(multiplicity),
            supporters=tuple(tuple(s) for s in supporters),
            weights=None if all_ones else tuple(tuple(w) for w in weights),
            score=tuple(score),
            supporter_count=tuple(count),
            rank=tuple(rank),
        )

    def money(self, scaled: int | Fraction) -> Fraction:
        """A scaled amount back in the election's unit."""
        return Fraction(scaled) / self.scale

    def total(self, selection: list[int]) -> int:
        return sum(self.costs[j] for j in selection)
