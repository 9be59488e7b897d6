"""The Method of Equal Shares with cost utilities, exact, on a Prepared election.

Every voter starts with the same budget b. A project c costing C is affordable when its supporters
still hold at least C; its price is then the smallest payment q per point of support such that
Σ min(budget_i, q·w_i) = C over its supporters (w_i = 1 for approval ballots, the points otherwise).
With cost utilities u_i(c) = w_i·C, pabutools' ρ is q / C, and the project with the smallest ρ wins
the round (exact ties go to the tie-breaking order). Supporters pay min(budget_i, q·w_i).

Speed without floats:
- money is in integers (see prepared.py), over a unit refined whenever a payment is not whole
  (each class is rewritten in the new unit only when it is next read);
- voters holding exactly the same money form a *class*: one exact amount per class, and each
  distinct ballot only stores its class number, so pricing a project sorts its supporters' classes
  rather than its supporters;
- prices only rise as budgets shrink, so a heap of the last known prices gives lower bounds and a
  project is re-priced only when it reaches the top (lazy evaluation, as pabutools does).
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from app.votes.tally.prepared import Prepared


@dataclass
class Purchase:
    """One project bought in a MES run."""

    project: int
    rho: Fraction  # its price ρ = payment per point / cost
    share: Fraction  # scaled payment per point of support of a supporter who could pay it
    capped: int  # voters who had less than their share and paid all they had
    runner_up: tuple[Fraction, int] | None  # (ρ, tie rank) of the best other affordable project


@dataclass
class MesRun:
    per_voter: int  # scaled starting budget of each voter
    free: list[int]  # supported projects that cost nothing, taken first
    purchases: list[Purchase] = field(default_factory=list)  # FloatPurchase when not exact
    exact: bool = True  # False for a certified float run: its outcome is exact, its figures are not
    class_of: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # per distinct ballot
    class_money: list[int] = field(default_factory=list)  # in 1/class_unit of the scaled money
    costs: list[int] = field(default_factory=list)  # in 1/unit of the scaled money
    unit: int = 1  # grows so that every payment so far is a whole number of 1/unit
    class_unit: list[int] = field(default_factory=list)  # the unit each class's money is written in

    def refresh(self, classes) -> None:
        """Rewrite these classes' money in the current unit (done lazily: most classes are never read again)."""
        unit, money, class_unit = self.unit, self.class_money, self.class_unit
        factors: dict[int, int] = {}  # few units for many classes: one division each
        for k in classes:
            old = class_unit[k]
            if old != unit:
                factor = factors.get(old)
                if factor is None:
                    factor = factors[old] = unit // old
                money[k] *= factor
                class_unit[k] = unit

    @property
    def selection(self) -> list[int]:
        return self.free + [p.project for p in self.purchases]

    def supporters_money(self, prepared: Prepared, project: int) -> Fraction:
        """What the supporters of a project hold at the end of the run (scaled); read once the run is over."""
        voters = _voters_by_class(prepared, self, project)
        self.refresh(voters)
        money = self.class_money
        return Fraction(sum(money[k] * m for k, m in voters.items()), self.unit)


def same_outcome_between(low: MesRun, high: MesRun, prepared: Prepared) -> bool:
    """True when every per-voter budget between ``low``'s and ``high``'s gives their outcome.

    With the same winners in the same order, a voter never holds less money, round after round, when
    everyone starts with more; so at an intermediate budget every price lies between the two runs'
    prices. If at every round the low run's winner price (an upper bound there) still beats the
    high run's best other price (a lower bound for every other project), the intermediate run picks
    the same winner; projects unaffordable in the high run are unaffordable in between.
    """
    if low.free != high.free or len(low.purchases) != len(high.purchases):
        return False
    rank = prepared.rank
    for ours, theirs in zip(low.purchases, high.purchases, strict=True):
        if ours.project != theirs.project:
            return False
        if theirs.runner_up is not None and (ours.rho, rank[ours.project]) >= theirs.runner_up:
            return False
    return True


def _voters_by_class(prepared: Prepared, run: MesRun, project: int) -> dict[int, int]:
    """How many of the project's supporters are in each class (an approval ballot's weight is 1)."""
    supporters = prepared.supporters_of(project)
    classes, where = np.unique(run.class_of[supporters], return_inverse=True)
    # sums of voter counts: exact integers in float64 below 2**53
    voters = np.bincount(where, weights=prepared.group_multiplicity[supporters], minlength=len(classes))
    return dict(zip(classes.tolist(), voters.astype(np.int64).tolist(), strict=True))


def _price(prepared: Prepared, run: MesRun, project: int) -> Fraction | None:
    """The exact ρ of a project given the current budgets, or None if its supporters cannot pay."""
    money = run.class_money
    cost = run.costs[project]
    remaining, rich = cost, prepared.score[project]
    if prepared.weights is None:
        counts = _voters_by_class(prepared, run, project)
        run.refresh(counts)
        for k in sorted(counts, key=money.__getitem__):
            budget = money[k]
            if remaining <= budget * rich:  # q = remaining / rich fits this class's budget
                return Fraction(remaining, rich * cost)
            m = counts[k]
            remaining -= budget * m
            rich -= m
        return None  # even with all they hold, the supporters fall short
    groups: Counter[tuple[int, int]] = Counter()
    mult = prepared.multiplicity
    supporters = prepared.supporters_of(project)
    classes = run.class_of[supporters].tolist()
    for g, k, w in zip(supporters.tolist(), classes, prepared.weights[project], strict=True):
        groups[k, w] += mult[g]
    run.refresh({k for k, _ in groups})
    for k, w in sorted(groups, key=lambda kw: Fraction(money[kw[0]], kw[1])):  # poorest per point first
        budget = money[k]
        if remaining * w <= budget * rich:
            return Fraction(remaining, rich * cost)
        m = groups[k, w]
        remaining -= budget * m
        rich -= m * w
    return None


def _pay(prepared: Prepared, run: MesRun, project: int, rho: Fraction, runner_up) -> Purchase:
    share = rho * run.costs[project]  # payment per point, in 1/unit
    if share.denominator != 1:  # refine the unit so that the payment is whole
        factor = share.denominator
        run.costs[:] = [c * factor for c in run.costs]
        run.unit *= factor
        share *= factor
    due = share.numerator
    money, class_of = run.class_money, run.class_of
    supporters = prepared.supporters_of(project)
    capped = 0
    if prepared.weights is None:  # one new class per class of supporters
        classes, where = np.unique(class_of[supporters], return_inverse=True)
        listed = classes.tolist()
        run.refresh(listed)
        budgets = list(map(money.__getitem__, listed))
        pays = np.fromiter([budget >= due for budget in budgets], dtype=bool, count=len(budgets))
        # a class that can pay moves to a new class holding what it has left; the others to class 0,
        # "nothing left" (those that held something paid all of it: capped)
        target = np.zeros(len(budgets), dtype=np.int64)
        target[pays] = np.arange(len(money), len(money) + int(pays.sum()), dtype=np.int64)
        money.extend([budget - due for budget, paid in zip(budgets, pays.tolist(), strict=True) if paid])
        run.class_unit.extend([run.unit] * (len(money) - len(run.class_unit)))
        class_of[supporters] = target[where]
        poor = ~pays & np.fromiter([budget > 0 for budget in budgets], dtype=bool, count=len(budgets))
        if poor.any():
            capped = int(prepared.group_multiplicity[supporters][poor[where]].sum())
        return Purchase(project, rho, Fraction(due, run.unit), capped, runner_up)
    mult = prepared.multiplicity
    classes = class_of[supporters].tolist()
    run.refresh(set(classes))
    moved: dict[tuple[int, int], int] = {}
    new_classes = []
    for g, k, w in zip(supporters.tolist(), classes, prepared.weights[project], strict=True):
        key = (k, w)
        new = moved.get(key)
        if new is None:
            budget = money[k]
            if budget < due * w:
                new = 0
            else:
                new = len(money)
                money.append(budget - due * w)
                run.class_unit.append(run.unit)
            moved[key] = new
        if new == 0 and money[k] > 0:
            capped += mult[g]
        new_classes.append(new)
    class_of[supporters] = new_classes
    return Purchase(project, rho, Fraction(due, run.unit), capped, runner_up)


def free_projects(prepared: Prepared) -> list[int]:
    """Supported projects that cost nothing: MES takes them first, in tie-breaking order."""
    costs, score = prepared.costs, prepared.score
    return sorted((j for j in range(len(costs)) if score[j] > 0 and costs[j] == 0), key=prepared.rank.__getitem__)


def _start(prepared: Prepared, per_voter: int) -> MesRun:
    groups = len(prepared.multiplicity)
    return MesRun(
        per_voter,
        free_projects(prepared),
        class_of=np.ones(groups, dtype=np.int64),  # class 0 holds nothing; class 1 is everyone's starting money
        class_money=[0, per_voter],
        costs=list(prepared.costs),
        class_unit=[1, 1],
    )


def replay(prepared: Prepared, per_voter: int, projects: list[int]) -> MesRun:
    """The exact run that buys ``projects`` in this order (an outcome a float run certified), with
    every figure the explanations need; only the runner-up prices are left out."""
    run = _start(prepared, per_voter)
    for j in projects:
        rho = _price(prepared, run, j)
        if rho is None:
            raise AssertionError(f"project {j} is not affordable in the certified outcome")
        run.purchases.append(_pay(prepared, run, j, rho, None))
    return run


def run_mes(prepared: Prepared, per_voter: int) -> MesRun:
    """One MES run with each voter starting with ``per_voter`` (scaled)."""
    costs, score, rank = prepared.costs, prepared.score, prepared.rank
    run = _start(prepared, per_voter)
    if prepared.voters == 0:
        return run
    heap = [(Fraction(1, score[j]), rank[j], j) for j in range(len(costs)) if score[j] > 0 and costs[j] > 0]
    heapq.heapify(heap)
    fresh_at = [-1] * len(costs)
    rounds = 0
    while heap:
        rho, r, j = heap[0]
        if fresh_at[j] == rounds:
            heapq.heappop(heap)
            # price the best other project exactly too: same_outcome_between needs the true margin
            while heap and fresh_at[heap[0][2]] != rounds:
                other = heap[0]
                price = _price(prepared, run, other[2])
                if price is None:
                    heapq.heappop(heap)
                else:
                    heapq.heapreplace(heap, (price, other[1], other[2]))
                    fresh_at[other[2]] = rounds
            runner_up = heap[0][:2] if heap else None
            run.purchases.append(_pay(prepared, run, j, rho, runner_up))
            rounds += 1
            continue
        price = _price(prepared, run, j)
        if price is None:
            heapq.heappop(heap)
        else:
            heapq.heapreplace(heap, (price, r, j))
            fresh_at[j] = rounds
    return run
