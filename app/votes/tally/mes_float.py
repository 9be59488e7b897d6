"""MES runs in floating point whose every decision is certified exact, for approval ballots.

The exact run (mes.py) carries rationals whose denominators grow with every capped payment, which
makes each add1 step cost a full big-integer run. Here the same run is done with numpy float64
arrays, one entry per distinct ballot, and each amount carries a proven bound on its distance to the
exact value. A decision is taken only when the bounds separate the alternatives:

- a project is affordable or not when its supporters' money is clear of its cost;
- a project wins a round when its price's upper bound is below every other project's lower bound,
  or when all the contenders within reach are *uncapped* (every supporter can pay the equal share),
  whose exact price ρ = 1/approvals is then compared exactly, tie-breaking order included;
- whether a supporter could pay its share in full does not need deciding: a voter with less than
  the share ends with 0, one with exactly the share ends with 0 too, so an unclear case ends near 0
  within the bound either way.

When a decision cannot be certified the run raises ``Uncertain`` and the caller uses the exact run,
so outcomes are always exactly pabutools'. The price of project j is the q solving
Σ_i w_i·min(m_i, q) = C over its supporters; with float money m_i off by at most e_i, the left side
is off by at most Δ = Σ w_i·e_i, and it grows with slope at least R' (the voters certainly richer
than q + T) near the solution, so q is off by at most T = (Δ + rounding + cost error) / R'.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from app.votes.tally.mes import free_projects
from app.votes.tally.prepared import Prepared

EPS = float(np.finfo(np.float64).eps)
SLACK = 1 + 1e-9  # widens every bound a little against rounding in computing the bound itself


class Uncertain(Exception):
    """A decision too close to call in floating point: the exact run must decide."""


@dataclass(frozen=True)
class FloatElection:
    """The per-project arrays a float run reads, built once per Prepared."""

    supporters: tuple[np.ndarray, ...]  # per project: distinct-ballot indices (int64)
    multiplicity: tuple[np.ndarray, ...]  # per project, parallel: voters behind each ballot (float64)
    costs: tuple[float, ...]
    cost_error: tuple[float, ...]  # |float(cost) - cost|, rounded up
    groups: int

    @classmethod
    def build(cls, prepared: Prepared) -> FloatElection:
        mult = np.asarray(prepared.multiplicity, dtype=np.float64)
        supporters = tuple(np.asarray(s, dtype=np.int64) for s in prepared.supporters)
        costs = tuple(float(c) for c in prepared.costs)
        error = tuple(_rounding(c, f) for c, f in zip(prepared.costs, costs, strict=True))
        return cls(supporters, tuple(mult[s] for s in supporters), costs, error, len(mult))


def _rounding(exact: int | Fraction, approx: float) -> float:
    return 0.0 if Fraction(approx) == exact else abs(approx) * EPS * 2


@dataclass
class FloatPurchase:
    """One round of a float run: the winner and the certified bounds same_outcome_between reads."""

    project: int
    rho: Fraction | float  # an upper bound of the winner's exact ρ (exact when uncapped)
    runner_up: tuple[Fraction | float, int] | None  # a lower bound of every other project's ρ, with its tie rank


@dataclass
class _Price:
    rho: float
    error: float  # |rho - exact ρ| ≤ error
    exact: Fraction | None  # the exact ρ when every supporter pays the equal share
    share: float  # q, the payment per supporter who can pay it in full
    share_error: float

    @property
    def low(self) -> float:
        return (self.rho - self.error) / SLACK

    @property
    def high(self) -> float:
        return (self.rho + self.error) * SLACK


class FloatRun:
    """One MES run at a given per-voter budget (scaled), on float money with error bounds."""

    def __init__(self, prepared: Prepared, election: FloatElection, per_voter: int) -> None:
        self.prepared, self.election = prepared, election
        start = float(per_voter)
        self.money = np.full(election.groups, start)
        self.error = np.full(election.groups, _rounding(per_voter, start))
        self.max_error = float(self.error[0]) if election.groups else 0.0  # a bound of every error
        self.floor = [0.0] * len(election.costs)  # per project: a lower bound of its share q
        # per project, the supporters still holding something (or maybe something): those left with
        # exactly nothing are dropped from the arrays and only counted (as voters who pay nothing)
        self.where = list(election.supporters)
        self.weight = list(election.multiplicity)
        self.emptied = [0.0] * len(election.costs)
        self.capped = [False] * len(election.costs)  # some supporter could not pay: stays so
        self.rounds = 0
        self.compacted_at = [0] * len(election.costs)  # the round its arrays were last compacted
        self.seen: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # this round's money and error per project

    def price(self, j: int) -> _Price | None:
        """Project j's price given the current money, None if its supporters certainly cannot pay."""
        cost, cost_error = self.election.costs[j], self.election.cost_error[j]
        where, weight = self.where[j], self.weight[j]
        money = self.money[where]
        voters = self.prepared.score[j]
        share = cost / voters
        # uncapped for sure: every supporter holds more than the equal share, which is then the price
        # (and the supporters together hold more than the cost)
        if not self.capped[j] and float(money.min()) - self.max_error > (share + cost_error / voters) * SLACK:
            self.seen[j] = money, self.error[where]
            share_error = (cost_error / voters + 2 * EPS * share) * SLACK
            return _Price(1 / voters, 2 * EPS / voters, Fraction(1, voters), share, share_error)
        error = self.error[where]
        if self.compacted_at[j] < self.rounds:  # someone paid since: drop those now left with nothing
            self.compacted_at[j] = self.rounds
            live = money + error > 0
            if np.count_nonzero(live) * 4 < len(where) * 3:
                self.emptied[j] += float(weight[~live].sum())
                where, weight, money, error = where[live], weight[live], money[live], error[live]
                self.where[j], self.weight[j] = where, weight
        self.seen[j] = money, error
        held = money * weight
        total = float(held.sum())
        spread = float(error @ weight)  # Δ
        rounding = 4 * (len(where) + 2) * EPS * (total + cost)
        if total + spread + rounding < cost - cost_error:
            return None
        if total - spread - rounding <= cost + cost_error:
            raise Uncertain
        # the poor pay all they hold and the share rises until no one else falls short; start from
        # a lower bound of q (a price only rises as money shrinks), the fixed point is the same
        share = max(share, self.floor[j])
        poor = money < share
        count = int(np.count_nonzero(poor))
        payers = voters - self.emptied[j]
        for _ in range(64):
            rich = payers - float(weight @ poor) if count else payers
            if rich <= 0:
                raise Uncertain
            share = (cost - float(held @ poor)) / rich if count else cost / rich
            poor = money < share
            # each step moves the share one way, so the poor sets are nested: equal sizes, equal sets
            wider = int(np.count_nonzero(poor))
            if wider == count:
                break
            count = wider
        else:
            raise Uncertain
        slack = spread + rounding + cost_error
        guess = 2 * slack / rich
        for _ in range(3):  # a bound T that holds given the voters certainly richer than q + T
            sure_rich = float(weight @ (money - error > share + guess))
            share_error = slack / sure_rich * SLACK if sure_rich > 0 else float("inf")
            if share_error <= guess:
                break
            guess = 2 * share_error if sure_rich > 0 else 4 * guess
        else:
            raise Uncertain
        rho = share / cost
        rho_error = ((share_error + rho * cost_error) / cost + 4 * EPS * rho) * SLACK
        self.floor[j] = share - 2 * share_error
        uncapped = sure_rich == voters
        self.capped[j] = self.capped[j] or count > 0 or self.emptied[j] > 0
        return _Price(rho, rho_error, Fraction(1, voters) if uncapped else None, share, share_error)

    def pay(self, j: int, price: _Price) -> None:
        where = self.where[j]
        money, error = self.seen[j]
        self.seen.clear()
        share, share_error = price.share, price.share_error
        emptied = money + error < share - share_error  # certainly paid all they had: exactly 0 left
        left = np.maximum(money - share, 0.0)
        left_error = (error + share_error + EPS * (money + share)) * SLACK
        left[emptied] = 0.0
        left_error[emptied] = 0.0
        self.money[where] = left
        self.error[where] = left_error
        self.max_error = max(self.max_error, float(left_error.max()))
        self.rounds += 1


def run_float(prepared: Prepared, election: FloatElection, per_voter: int) -> tuple[list[int], list[FloatPurchase]]:
    """The free projects and the rounds of MES at ``per_voter``; raises Uncertain when it cannot tell."""
    costs, score, rank = prepared.costs, prepared.score, prepared.rank
    free = free_projects(prepared)
    run = FloatRun(prepared, election, per_voter)
    # 1/approvals is a lower bound of ρ: every supporter pays at most the share q, so q·approvals ≥ C
    heap: list[tuple[float, int, int]] = [
        (1 / score[j] / SLACK, rank[j], j) for j in range(len(costs)) if score[j] > 0 and costs[j] > 0
    ]
    heapq.heapify(heap)
    prices: dict[int, _Price] = {}  # fresh this round
    purchases: list[FloatPurchase] = []

    def freshen_top() -> None:
        """Price the heap's top until it is fresh (or the heap is empty)."""
        while heap and heap[0][2] not in prices:
            _, r, j = heap[0]
            price = run.price(j)
            if price is None:
                heapq.heappop(heap)  # money only shrinks: it never becomes affordable again
            else:
                prices[j] = price
                heapq.heapreplace(heap, (price.low, r, j))

    while True:
        freshen_top()
        if not heap:
            break
        _, r, j = heapq.heappop(heap)
        best = prices[j]
        contenders = [(best, r, j)]
        while True:  # every other project whose lower bound reaches this price must be priced
            freshen_top()
            if not heap or heap[0][0] > best.high:
                break
            _, r2, j2 = heapq.heappop(heap)
            contenders.append((prices[j2], r2, j2))
        if len(contenders) > 1:
            if any(p.exact is None for p, _, _ in contenders):
                raise Uncertain
            contenders.sort(key=lambda c: (c[0].exact, c[1]))
            for p, r2, j2 in contenders[1:]:
                heapq.heappush(heap, (p.low, r2, j2))
            best, r, j = contenders[0]
            freshen_top()
        purchases.append(FloatPurchase(j, best.exact or best.high, _runner_up(heap, prices)))
        run.pay(j, best)
        prices.clear()
    return free, purchases


def _runner_up(heap: list[tuple[float, int, int]], prices: dict[int, _Price]) -> tuple[Fraction | float, int] | None:
    """A lower bound of every other project's price (with its tie rank), exact where it can be: exact
    ties between uncapped projects are common, and only exact values let same_outcome_between see
    that the tie-breaking order still decides them the same way."""
    if not heap:
        return None
    key, rank, j = heap[0]
    price = prices.get(j)
    if price is None or price.exact is None:
        return key, rank
    # the top's exact price is above its key: the next keys of the heap may be lower
    return min([(price.exact, rank), *((other[0], other[1]) for other in heap[1:3])])
