"""Inputs and outputs of the tally rules: plain frozen data, exact numbers (int and Fraction), no Flask.

Building an election
--------------------
Money is exact: give costs and the budget as ``int``, ``Fraction``, ``Decimal`` or a decimal string
(``"114339.91"``); floats are refused. Costs and budget share one unit, whatever it is. The add1
completions raise every voter's budget by ``step`` of that unit at a time: ``step=1`` when costs are
in euros (pabutools' ``voter_budget_increment=1``), ``step=100`` when costs are stored in cents.

    from app.votes.tally import Election, Project, tally
    projects = [Project("p1", 300_000), Project("p2", Fraction(1_500_050, 100), name="Bancs")]
    election = Election.approval(projects, budget=400_000, ballots=[{"p1"}, {"p1", "p2"}, set()])

Ballots, one per voter (empty ballots count: they dilute everyone's share under MES), or each with
the number of voters who cast it (``counts=``, parallel to the ballots: identical ballots grouped
beforehand, e.g. by the database, need not be repeated):
- ``Election.approval``: each ballot an iterable of project ids (a set; knapsack ballots are approval
  ballots too; a choose-1 ballot is a one-element set).
- ``Election.approval_arrays``: the same for a city's ballots, given as project positions in arrays
  (one ballot after the other, with each ballot's length) rather than one set each.
- ``Election.cumulative``: each ballot a mapping ``{project_id: points}`` (positive ints).
- ``Election.ordinal``: each ballot a sequence of ids, most preferred first; turned into points by
  ``points`` (points of the 1st, 2nd, ... rank; Borda ``k, k-1, ..., 1`` by default with
  ``k = max_rank`` or the number of projects).
An unknown project id in a ballot raises ``TallyInputError``.

Running a rule and reading the result
-------------------------------------
    result = tally(election, "mes-add1")          # one of RULES
    result.selected                               # ("p2", "p1"): ids in selection order
    result.cost, result.leftover                  # Fractions
    for o in result.projects:                     # every project: selected first, in order
        o.project_id, o.selected, o.position, o.reason, o.score, o.cost, o.money_left, o.share, ...

``ProjectOutcome.reason`` is one of the ``Reason`` codes below (stable strings meant to be rendered
in French by templates); the numbers that go with it are on the outcome. Ties are broken by
``tie_break`` (default ``by_id``: the smaller id string wins, as pabutools does); see tiebreak.py.

Motions (single choice yes/no/abstain) use ``tally_motion(counts, electorate, MotionRules(...))``
from motions.py and return a ``MotionResult``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from itertools import chain, repeat
from typing import Literal

from app.votes.tally.collector import collector_paused

BallotKind = Literal["approval", "cumulative", "ordinal"]
RULES = ("greedy", "mes", "mes-add1", "mes-add1-greedy", "mes-add1-nostop")
Rule = Literal["greedy", "mes", "mes-add1", "mes-add1-greedy", "mes-add1-nostop"]
Number = int | Fraction | Decimal | str


class TallyInputError(ValueError):
    """The election cannot be tallied as given (unknown project in a ballot, negative cost...)."""


def exact(value: Number, what: str = "value") -> Fraction:
    """An exact Fraction from an int, Fraction, Decimal or decimal string (a decimal comma is accepted)."""
    if isinstance(value, bool | float):
        raise TallyInputError(f"{what}: {value!r} is not an exact number (floats are refused)")
    if isinstance(value, int | Fraction):
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise TallyInputError(f"{what}: {value!r} is not a finite number")
        return Fraction(value)
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise TallyInputError(f"{what}: {value!r} is not a number") from None
        if not number.is_finite():
            raise TallyInputError(f"{what}: {value!r} is not a finite number")
        return Fraction(number)
    raise TallyInputError(f"{what}: {value!r} is not a number")


@dataclass(frozen=True, slots=True)
class Project:
    """A project (or option) that can be funded. ``cost`` is exact and non-negative."""

    id: str
    cost: Fraction
    name: str = ""

    def __init__(self, id: str, cost: Number, name: str = "") -> None:
        value = exact(cost, f"cost of project {id!r}")
        if value < 0:
            raise TallyInputError(f"cost of project {id!r} is negative")
        object.__setattr__(self, "id", str(id))
        object.__setattr__(self, "cost", value)
        object.__setattr__(self, "name", name)


def borda_points(k: int) -> tuple[int, ...]:
    """Points of ranks 1..k under Borda: k for the first, k-1 for the second, ..., 1 for the k-th."""
    return tuple(range(k, 0, -1))


@dataclass(frozen=True)
class Election:
    """One election: projects, total budget and ballots, normalised to weights per project.

    ``ballots[i]`` maps each project id on voter i's ballot to its weight: 1 for approval, the
    points for cumulative and ordinal ballots. Build it with ``approval``/``cumulative``/``ordinal``.
    """

    projects: tuple[Project, ...]
    budget: Fraction
    ballots: Sequence[Mapping[str, int]]  # a tuple, or ApprovalArrays (see approval_arrays)
    kind: BallotKind = "approval"
    step: Fraction = Fraction(1)
    counts: tuple[int, ...] | None = None  # voters behind each ballot; None: one each

    def __post_init__(self) -> None:
        ids = [p.id for p in self.projects]
        if len(set(ids)) != len(ids):
            raise TallyInputError("two projects have the same id")
        if self.budget < 0:
            raise TallyInputError("the budget is negative")
        if self.step <= 0:
            raise TallyInputError("the add1 step must be positive")
        if self.counts is not None:
            if len(self.counts) != len(self.ballots):
                raise TallyInputError("counts: one number of voters per ballot")
            if set(map(type, self.counts)) - {int} or min(self.counts, default=1) < 1:  # in C: 60,000 counts
                raise TallyInputError("counts: each ballot's number of voters must be a positive integer")

    @property
    def voters(self) -> int:
        return len(self.ballots) if self.counts is None else sum(self.counts)

    def weighted_ballots(self) -> Iterable[tuple[Mapping[str, int], int]]:
        """Each ballot with the number of voters who cast it."""
        return zip(self.ballots, self.counts or repeat(1, len(self.ballots)), strict=True)

    def project(self, project_id: str) -> Project:
        for project in self.projects:
            if project.id == project_id:
                return project
        raise KeyError(project_id)

    @classmethod
    def _build(
        cls,
        kind: BallotKind,
        projects: Iterable[Project],
        budget: Number,
        weighted: Iterable[Mapping[str, int]],
        step: Number,
        counts: Iterable[int] | None,
    ) -> Election:
        projects = tuple(projects)
        known = {p.id for p in projects}
        with collector_paused():
            ballots = tuple(weighted)
        if not known.issuperset(chain.from_iterable(ballots)):  # one pass in C; the culprit only on error
            for index, ballot in enumerate(ballots, start=1):
                unknown = sorted(set(ballot) - known)
                if unknown:
                    raise TallyInputError(f"ballot {index}: unknown project {unknown[0]!r}")
        numbers = None if counts is None else tuple(counts)
        return cls(projects, exact(budget, "budget"), ballots, kind, exact(step, "step"), numbers)

    @classmethod
    def approval(
        cls,
        projects: Iterable[Project],
        budget: Number,
        ballots: Iterable[Iterable[str]],
        *,
        step: Number = 1,
        counts: Iterable[int] | None = None,
    ) -> Election:
        """Approval (and knapsack, choose-1) ballots: each an iterable of project ids; repeats are merged."""
        return cls._build("approval", projects, budget, (dict.fromkeys(map(str, b), 1) for b in ballots), step, counts)

    @classmethod
    def approval_arrays(
        cls,
        projects: Iterable[Project],
        budget: Number,
        positions: Sequence[int],
        lengths: Sequence[int],
        *,
        step: Number = 1,
        counts: Iterable[int] | None = None,
    ) -> Election:
        """``approval`` for a city's ballots, held as arrays rather than a dict each (arrays.py):
        ballot i names the projects at the next ``lengths[i]`` of ``positions`` (indexes into
        ``projects``). Identical ballots are not merged here: give each once with its ``counts``."""
        from app.votes.tally.arrays import ApprovalArrays  # it reads TallyInputError from here

        projects = tuple(projects)
        held = ApprovalArrays.build(tuple(p.id for p in projects), positions, lengths)
        numbers = None if counts is None else tuple(counts)
        return cls(projects, exact(budget, "budget"), held, "approval", exact(step, "step"), numbers)

    @classmethod
    def cumulative(
        cls,
        projects: Iterable[Project],
        budget: Number,
        ballots: Iterable[Mapping[str, int]],
        *,
        step: Number = 1,
        counts: Iterable[int] | None = None,
    ) -> Election:
        """Cumulative ballots: ``{project_id: points}``; zero points are dropped, negative ones refused."""

        def weights(ballot: Mapping[str, int]) -> dict[str, int]:
            out = {}
            for pid, points in ballot.items():
                if isinstance(points, bool) or not isinstance(points, int) or points < 0:
                    raise TallyInputError(f"points for project {pid!r} must be a non-negative integer")
                if points:
                    out[str(pid)] = points
            return out

        return cls._build("cumulative", projects, budget, (weights(b) for b in ballots), step, counts)

    @classmethod
    def ordinal(
        cls,
        projects: Iterable[Project],
        budget: Number,
        ballots: Iterable[Sequence[str]],
        *,
        points: Sequence[int] | None = None,
        max_rank: int | None = None,
        step: Number = 1,
        counts: Iterable[int] | None = None,
    ) -> Election:
        """Ranking ballots, most preferred first, scored by ``points`` per rank (Borda by default)."""
        projects = tuple(projects)
        scale = tuple(points) if points is not None else borda_points(max_rank or len(projects))
        if any(isinstance(x, bool) or not isinstance(x, int) or x < 0 for x in scale):
            raise TallyInputError("points per rank must be non-negative integers")

        def weights(ballot: Sequence[str]) -> dict[str, int]:
            ranked = [str(p) for p in ballot]
            if len(set(ranked)) != len(ranked):
                raise TallyInputError("a ranking names the same project twice")
            if len(ranked) > len(scale):
                raise TallyInputError(f"a ranking has {len(ranked)} ranks, more than the {len(scale)} scored")
            return {pid: scale[rank] for rank, pid in enumerate(ranked) if scale[rank]}

        return cls._build("ordinal", projects, budget, (weights(b) for b in ballots), step, counts)


class Reason:
    """Why a project won or lost: stable codes for templates (rendered in French there)."""

    #: greedy: among the highest scores and its cost fitted in ``money_left`` (the money before it).
    SELECTED_GREEDY = "selected_greedy"
    #: MES: its supporters paid for it; ``share`` is what each supporter paid per point (per approval),
    #: ``paid_in_full`` supporters had less and gave all they had left; ``effective_votes``.
    SELECTED_MES = "selected_mes"
    #: after MES, the greedy fill took it with the money left (``money_left`` before it).
    SELECTED_FILL = "selected_fill"
    #: costs nothing and has at least one vote (MES takes it first).
    SELECTED_FREE = "selected_free"
    #: costs more than the whole budget.
    OVER_BUDGET = "over_budget"
    #: nobody voted for it (MES ignores it; greedy would still take it if it fits — it did not).
    NO_VOTES = "no_votes"
    #: greedy or fill: its turn came when only ``money_left`` remained, less than its cost.
    DID_NOT_FIT = "did_not_fit"
    #: MES: its supporters had only ``supporters_money`` left in all, less than its cost.
    SUPPORTERS_SHORT = "supporters_short"


@dataclass(frozen=True, slots=True)
class ProjectOutcome:
    """One project's result and the numbers that explain it (``None`` when not relevant)."""

    project_id: str
    cost: Fraction
    score: int  # approvals, or points for cumulative/ordinal ballots
    supporters: int  # ballots that name it
    selected: bool
    position: int | None  # 1-based rank in the selection order
    reason: str  # a Reason code
    stage: str | None = None  # "greedy", "mes" or "fill": the part of the rule that decided
    money_left: Fraction | None = None  # greedy/fill: budget left when its turn came
    share: Fraction | None = None  # MES: payment per point of support of a supporter who was not capped
    paid_in_full: int | None = None  # MES: supporters who gave all they had left
    effective_votes: Fraction | None = None  # MES: cost / largest payment per point (equalshares.net)
    supporters_money: Fraction | None = None  # MES: what its supporters had left when it was considered


@dataclass(frozen=True)
class TallyResult:
    """The outcome of a rule: the selected ids in selection order and every project's explanation."""

    rule: str
    selected: tuple[str, ...]
    cost: Fraction
    budget: Fraction
    voters: int
    projects: tuple[ProjectOutcome, ...]
    per_voter_budget: Fraction | None = None  # MES: each voter's share of the budget in the final run
    increments: int | None = None  # add1: how many times the per-voter budget was raised by ``step``
    tie_break: str = "by_id"
    _index: dict[str, ProjectOutcome] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._index.update({o.project_id: o for o in self.projects})

    @property
    def leftover(self) -> Fraction:
        return self.budget - self.cost

    def outcome(self, project_id: str) -> ProjectOutcome:
        return self._index[project_id]
