"""An election turned into the compact, integer form every rule works on.

Identical ballots are merged (with their multiplicity), and money is rescaled to integers: every
amount is multiplied by ``scale = voters × D`` where D is the common denominator of the costs, the
budget and the add1 step, so that the per-voter budget B/n + k·step and every cost are integers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import chain, pairwise
from math import lcm
from operator import itemgetter

import numpy as np

from app.votes.tally.arrays import ApprovalArrays
from app.votes.tally.collector import collector_paused
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
    # per project, parallel to `supporters_of(project)`: the points of each; None when all are 1
    weights: tuple[tuple[int, ...], ...] | None
    score: tuple[int, ...]  # per project: approvals or points, multiplicities included
    supporter_count: tuple[int, ...]  # per project: voters naming it
    rank: tuple[int, ...]  # per project: position in the tie-breaking order (0 wins every tie)
    # the supporters: project j's distinct ballots (`supporters_of(j)`) are
    # csr_groups[csr_start[j]:csr_start[j + 1]]
    csr_start: np.ndarray = field(compare=False, repr=False)
    csr_groups: np.ndarray = field(compare=False, repr=False)
    group_multiplicity: np.ndarray = field(compare=False, repr=False)  # ``multiplicity`` as int64

    @classmethod
    def build(cls, election: Election, tie_break: TieBreak) -> Prepared:
        with collector_paused():
            return cls._build(election, tie_break)

    @classmethod
    def _build(cls, election: Election, tie_break: TieBreak) -> Prepared:
        projects = election.projects
        if isinstance(election.ballots, ApprovalArrays):  # each ballot a group as given, read as arrays
            held = election.ballots
            multiplicity = list(election.counts) if election.counts is not None else [1] * len(held)
            project = held.flat
            group = np.repeat(np.arange(len(held), dtype=np.int64), np.diff(held.start))
            points = np.ones(len(project), dtype=np.int64)
        else:
            project, group, points, multiplicity = _merged(election)
        # one row per (distinct ballot, project it names), sorted by project then ballot
        named = points != 0
        project, group, points = project[named], group[named], points[named]
        # groups are numbered in order: a stable sort by project keeps them so (a radix sort on 16 bits)
        order = np.argsort(project.astype(np.uint16) if len(projects) < 2**16 else project, kind="stable")
        project, group, points = project[order], group[order], points[order]
        start = np.searchsorted(project, np.arange(len(projects) + 1)).astype(np.int64)
        group_multiplicity = np.asarray(multiplicity, dtype=np.int64)
        voters_behind = group_multiplicity[group]
        score = _segment_sums(voters_behind * points, start)
        count = _segment_sums(voters_behind, start)
        weights = None
        if not (points == 1).all():
            weight_rows = points.tolist()
            weights = tuple(tuple(weight_rows[a:b]) for a, b in pairwise(start.tolist()))
        voters = election.voters
        denominators = [p.cost.denominator for p in projects]
        denominator = lcm(election.budget.denominator, election.step.denominator, *denominators)
        scale = max(voters, 1) * denominator
        ranking = sorted(range(len(projects)), key=lambda j: tie_break(projects[j], score[j]))
        rank = [0] * len(projects)
        for r, j in enumerate(ranking):
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
            weights=weights,
            score=tuple(score),
            supporter_count=tuple(count),
            rank=tuple(rank),
            csr_start=start,
            csr_groups=group,
            group_multiplicity=group_multiplicity,
        )

    def supporters_of(self, project: int) -> np.ndarray:
        """The distinct ballots naming ``project``, in order (a view)."""
        return self.csr_groups[self.csr_start[project] : self.csr_start[project + 1]]

    def money(self, scaled: int | Fraction) -> Fraction:
        """A scaled amount back in the election's unit."""
        return Fraction(scaled) / self.scale

    def total(self, selection: list[int]) -> int:
        return sum(self.costs[j] for j in selection)


def _merged(election: Election) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[int]]:
    """Identical ballots merged, hashed in C: approval ballots by their ids (every weight is 1), others
    by their (id, weight) pairs. Returns one row per (distinct ballot, project it names): the project's
    index, the ballot's (its group), the points; and the number of voters behind each group."""
    index = {p.id: i for i, p in enumerate(election.projects)}
    approval = election.kind == "approval"
    keys = map(frozenset, election.ballots) if approval else (frozenset(b.items()) for b in election.ballots)
    if election.counts is None:
        grouped = Counter(keys)
    else:
        grouped = Counter()
        for key, count in zip(keys, election.counts, strict=True):
            grouped[key] += count
    pairs = list(chain.from_iterable(grouped))
    if approval:
        ids, points = pairs, np.ones(len(pairs), dtype=np.int64)
    else:
        ids = list(map(itemgetter(0), pairs))
        points = np.fromiter(map(itemgetter(1), pairs), dtype=np.int64, count=len(pairs))
    project = np.fromiter(map(index.__getitem__, ids), dtype=np.int64, count=len(pairs))
    group = np.repeat(np.arange(len(grouped), dtype=np.int64), list(map(len, grouped)))
    return project, group, points, list(grouped.values())


def _segment_sums(values: np.ndarray, start: np.ndarray) -> list[int]:
    """Exact sums of ``values`` over each segment start[j]:start[j + 1] (int64, as Python ints)."""
    running = np.concatenate(([0], np.cumsum(values, dtype=np.int64)))
    return (running[start[1:]] - running[start[:-1]]).tolist()
