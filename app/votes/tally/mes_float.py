"""MES runs in floating point whose every decision is certified exact, for approval ballots.

The exact run (mes.py) carries rationals whose denominators grow with every capped payment, which
makes each add1 step cost a full big-integer run. Here the same run is done in float64, one entry
per distinct ballot, compiled by numba (the whole run is one call: a run costs milliseconds where
numpy's per-call overhead alone cost 35–55 ms), and each amount carries a proven bound on its
distance to the exact value. A decision is taken only when the bounds separate the alternatives:

- a project is affordable or not when its supporters' money is clear of its cost;
- a project wins a round when its price's upper bound is below every other project's lower bound,
  or when all the contenders within reach are *uncapped* (every supporter can pay the equal share),
  whose exact price ρ = 1/approvals is then compared exactly, tie-breaking order included;
- whether a supporter could pay its share in full does not need deciding: a voter with less than
  the share ends with 0, one with exactly the share ends with 0 too, so an unclear case ends near 0
  within the bound either way.

When a decision cannot be certified the run reports it (``Uncertain``) and the caller uses the exact
run, so outcomes are always exactly pabutools'. The price of project j is the q solving
Σ_i w_i·min(m_i, q) = C over its supporters; with float money m_i off by at most e_i, the left side
is off by at most Δ = Σ w_i·e_i, and it grows with slope at least R' (the voters certainly richer
than q + T) near the solution, so q is off by at most T = (Δ + rounding + cost error) / R'. The
rounding term bounds the error of any summation order, so the compiled loops may sum as they go.

The compiled code is cached on disk (see _compiled): a cold compile takes up to a minute, a load
from the cache about a second; ``flask votes compile`` fills the cache at deploy time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from numba import njit

from app.votes.tally.mes import free_projects
from app.votes.tally.prepared import Prepared

EPS = float(np.finfo(np.float64).eps)
SLACK = 1 + 1e-9  # widens every bound a little against rounding in computing the bound itself

# what a price or a run reports
_PRICED, _SHORT, _UNCERTAIN = 0, 1, 2


class Uncertain(Exception):
    """A decision too close to call in floating point: the exact run must decide."""


@dataclass(frozen=True)
class FloatElection:
    """The arrays a float run reads, built once per Prepared: supporters in CSR form by project, and
    the scratch arrays every run reuses (allocating them afresh costs page faults at each run)."""

    start: np.ndarray  # per project: where its supporters begin in ``groups`` (int64, length P + 1)
    groups: np.ndarray  # distinct-ballot indices (int64)
    multiplicity: np.ndarray  # parallel to ``groups``: voters behind each ballot (float64)
    costs: np.ndarray  # float64
    cost_error: np.ndarray  # |float(cost) - cost|, rounded up
    score: np.ndarray  # approvals per project (float64, exact: integers below 2**53)
    rank: np.ndarray  # tie-breaking rank (int64)
    purse: np.ndarray  # scratch: per distinct ballot, its money and that money's error bound
    work_groups: np.ndarray  # scratch copies of groups and multiplicity, compacted during a run
    work_weight: np.ndarray

    @classmethod
    def build(cls, prepared: Prepared) -> FloatElection:
        costs = np.array([float(c) for c in prepared.costs], dtype=np.float64)
        error = [_rounding(c, f) for c, f in zip(prepared.costs, costs.tolist(), strict=True)]
        multiplicity = prepared.group_multiplicity[prepared.csr_groups].astype(np.float64)
        return cls(
            start=prepared.csr_start,
            groups=prepared.csr_groups,
            multiplicity=multiplicity,
            costs=costs,
            cost_error=np.asarray(error, dtype=np.float64),
            score=np.asarray(prepared.score, dtype=np.float64),
            rank=np.asarray(prepared.rank, dtype=np.int64),
            purse=np.empty((len(prepared.multiplicity), 2)),
            work_groups=np.empty_like(prepared.csr_groups),
            work_weight=np.empty_like(multiplicity),
        )


def _rounding(exact: int | Fraction, approx: float) -> float:
    return 0.0 if Fraction(approx) == exact else abs(approx) * EPS * 2


@dataclass
class FloatPurchase:
    """One round of a float run: the winner and the certified bounds same_outcome_between reads."""

    project: int
    rho: Fraction | float  # an upper bound of the winner's exact ρ (exact when uncapped)
    runner_up: tuple[Fraction | float, int] | None  # a lower bound of every other project's ρ, with its tie rank


def run_float(prepared: Prepared, election: FloatElection, per_voter: int) -> tuple[list[int], list[FloatPurchase]]:
    """The free projects and the rounds of MES at ``per_voter``; raises Uncertain when it cannot tell."""
    start = float(per_voter)
    status, bought, rounds = _run(
        election.start,
        election.groups,
        election.multiplicity,
        election.costs,
        election.cost_error,
        election.score,
        election.rank,
        election.purse,
        election.work_groups,
        election.work_weight,
        start,
        _rounding(per_voter, start),
    )
    if status == _UNCERTAIN:
        raise Uncertain
    score = prepared.score
    purchases = []
    for j, high, exact, top, top_key, second, second_key in rounds[:bought].tolist():
        j, top, second = int(j), int(top), int(second)
        rho = Fraction(1, score[j]) if exact else high
        purchases.append(FloatPurchase(j, rho, _runner_up(prepared, top, top_key, second, second_key)))
    return free_projects(prepared), purchases


def _runner_up(prepared: Prepared, top: int, key: float, second: int, second_key: float):
    """A lower bound of every other project's price (with its tie rank), exact where it can be: exact
    ties between uncapped projects are common, and only exact values let same_outcome_between see
    that the tie-breaking order still decides them the same way. ``key`` is NaN when the top's
    exact price is known (1/approvals): the next project's key may then be lower."""
    if top < 0:
        return None
    rank = prepared.rank
    if key == key:  # not NaN
        return key, rank[top]
    exact = (Fraction(1, prepared.score[top]), rank[top])
    return exact if second < 0 else min(exact, (second_key, rank[second]))


# --- compiled run ---------------------------------------------------------------------------------


def _compiled(**options: Any) -> Callable[[Callable], Callable]:
    """numba's njit with its disk cache where one can be written (next to this file, else
    NUMBA_CACHE_DIR or the user's cache directory); without any, numba refuses ``cache=True`` at
    import, so the code is then compiled in each process on its first tally instead."""

    def decorate(function: Callable) -> Callable:
        try:
            return njit(cache=True, **options)(function)
        except RuntimeError:  # "cannot cache function ...: no locator available"
            return njit(**options)(function)

    return decorate


@_compiled()
def _price(j, max_error, arrays):
    """Project j's price from the current money: (status, ρ, its error, exact?, share q, its error).

    ``state[j]`` holds [voters dropped because they hold exactly nothing, capped (0/1)]. The
    supporters' money is copied once into the contiguous ``held``, ``held_error`` and
    ``held_weight``, which the later passes read; those left with exactly nothing count among the
    poor (they pay all they have: nothing) until enough of them are dropped from j's slice of
    ``groups``/``weight`` and only counted. The loops branch on no data (a voter's side of the share
    is a coin toss to the branch predictor), and the sums run in parallel lanes."""
    purse, start, length, groups, weight, costs, cost_error, score, state, floor, held, held_error, held_weight = arrays
    cost, cost_err, voters = costs[j], cost_error[j], score[j]
    first, n = start[j], length[j]
    share = cost / voters
    if state[j, 1] == 0.0:
        # uncapped for sure: every supporter holds more than the equal share, which is then the price
        lowest = np.inf
        for i in range(n):
            lowest = min(lowest, purse[groups[first + i], 0])
        if lowest - max_error > (share + cost_err / voters) * SLACK:
            share_error = (cost_err / voters + 2 * EPS * share) * SLACK
            return _PRICED, 1 / voters, 2 * EPS / voters, True, share, share_error
    empty = 0
    for i in range(n):
        g = groups[first + i]
        m, e = purse[g, 0], purse[g, 1]
        held[i], held_error[i], held_weight[i] = m, e, weight[first + i]
        empty += m + e <= 0
    if empty * 4 > n:  # a quarter hold nothing: drop them (kept apart: its stores slow the copy)
        n = _compact(first, n, groups, weight, held, held_error, held_weight)
        length[j] = n
    # the poor are counted from a lower bound of q (a price only rises as money shrinks)
    start_share = max(share, floor[j])
    live, total, spread, count, poor_weight, poor_held = _sums(start_share, n, held, held_error, held_weight)
    state[j, 0] = voters - live
    rounding = 4 * (n + 2) * EPS * (total + cost)
    if total + spread + rounding < cost - cost_err:
        return _SHORT, 0.0, 0.0, False, 0.0, 0.0
    if total - spread - rounding <= cost + cost_err:
        return _UNCERTAIN, 0.0, 0.0, False, 0.0, 0.0
    # the poor pay all they hold and the share rises until no one else falls short; starting from
    # a lower bound of q, the fixed point is the same
    payers = voters - state[j, 0]
    rich = payers
    settled = False
    for _ in range(64):
        rich = payers - poor_weight if count else payers
        if rich <= 0:
            return _UNCERTAIN, 0.0, 0.0, False, 0.0, 0.0
        share = (cost - poor_held) / rich if count else cost / rich
        # each step moves the share one way, so the poor sets are nested: equal sizes, equal sets
        wider, poor_weight, poor_held = _poor(share, n, held, held_weight)
        if wider == count:
            settled = True
            break
        count = wider
    if not settled:
        return _UNCERTAIN, 0.0, 0.0, False, 0.0, 0.0
    slack = spread + rounding + cost_err
    guess = 2 * slack / rich
    share_error = np.inf
    sure_rich = 0.0
    bounded = False
    for _ in range(3):  # a bound T that holds given the voters certainly richer than q + T
        sure_rich = _richer(share + guess, n, held, held_error, held_weight)
        share_error = slack / sure_rich * SLACK if sure_rich > 0 else np.inf
        if share_error <= guess:
            bounded = True
            break
        guess = 2 * share_error if sure_rich > 0 else 4 * guess
    if not bounded:
        return _UNCERTAIN, 0.0, 0.0, False, 0.0, 0.0
    rho = share / cost
    rho_error = ((share_error + rho * cost_err) / cost + 4 * EPS * rho) * SLACK
    floor[j] = share - 2 * share_error
    if count > 0 or state[j, 0] > 0:
        state[j, 1] = 1.0
    return _PRICED, rho, rho_error, sure_rich == voters, share, share_error


@_compiled()
def _compact(first, n, groups, weight, held, held_error, held_weight):
    """Drop the supporters holding exactly nothing from the slice and the copies; the count kept."""
    kept = 0
    for i in range(n):
        if held[i] + held_error[i] > 0:
            groups[first + kept], weight[first + kept] = groups[first + i], weight[first + i]
            held[kept], held_error[kept], held_weight[kept] = held[i], held_error[i], held_weight[i]
            kept += 1
    return kept


# fastmath "reassoc" only: these sums may be reordered (and vectorised), as the rounding bound holds
# for any order; the voter counts are integers, exact in any order
@_compiled(fastmath={"reassoc"})
def _sums(share, n, held, held_error, weight):
    """The voters, the money and Δ of the copied supporters, and what _poor says of ``share``."""
    voters = 0.0
    money = 0.0
    spread = 0.0
    count = 0
    poor_voters = 0.0
    poor_money = 0.0
    for t in range(n):
        m, w = held[t], weight[t]
        poor = m < share
        voters += w
        money += m * w
        spread += held_error[t] * w
        count += poor
        poor_voters += w * poor
        poor_money += m * w * poor
    return voters, money, spread, count, poor_voters, poor_money


@_compiled(fastmath={"reassoc"})
def _richer(line, n, held, held_error, weight):
    """The voters certainly holding more than ``line`` (integers: exact in any order)."""
    voters = 0.0
    for t in range(n):
        voters += weight[t] * (held[t] - held_error[t] > line)
    return voters


@_compiled(fastmath={"reassoc"})
def _poor(share, n, held, weight):
    """The supporters holding less than ``share``: how many, their voters, the money they hold."""
    count = 0
    voters = 0.0
    money = 0.0
    for t in range(n):
        m = held[t]
        poor = m < share
        count += poor
        voters += weight[t] * poor
        money += m * weight[t] * poor
    return count, voters, money


@_compiled()
def _pay(j, share, share_error, purse, start, length, groups):
    """Every supporter of j pays the share or all it holds; returns the largest error left."""
    largest = 0.0
    for t in range(start[j], start[j] + length[j]):
        g = groups[t]
        m, e = purse[g, 0], purse[g, 1]
        emptied = m + e < share - share_error  # certainly paid all it had: exactly 0 left
        purse[g, 0] = 0.0 if emptied else max(m - share, 0.0)
        purse[g, 1] = 0.0 if emptied else (e + share_error + EPS * (m + share)) * SLACK
        largest = max(largest, purse[g, 1])
    return largest


@_compiled()
def _top(key, rank, waiting, skip):
    """The waiting project with the smallest (key, rank), other than ``skip``; -1 if none."""
    best = -1
    for j in range(len(key)):
        if waiting[j] and j != skip and (best < 0 or (key[j], rank[j]) < (key[best], rank[best])):
            best = j
    return best


@_compiled()
def _run(start, groups, multiplicity, costs, cost_error, score, rank, purse, work_groups, work_weight, per_voter,
         per_voter_error):  # fmt: skip
    """One MES run: (status, rounds bought, per round [project, upper bound of ρ, exact?, runner-up
    project, its key (NaN when its exact price applies), second project, its key])."""
    projects = len(costs)
    purse[:, 0] = per_voter
    purse[:, 1] = per_voter_error
    max_error = per_voter_error  # a bound of every error
    work_groups[:] = groups  # _price compacts these
    work_weight[:] = multiplicity
    length = start[1:] - start[:-1]
    state = np.zeros((projects, 2))
    widest = int(length.max()) if projects else 0
    floor = np.zeros(projects)  # per project: a lower bound of its share q
    held, held_error, held_weight = np.empty(widest), np.empty(widest), np.empty(widest)  # see _price
    arrays = (purse, start, length, work_groups, work_weight, costs, cost_error, score, state, floor, held,
              held_error, held_weight)  # fmt: skip
    # a lazy priority queue of lower bounds of ρ: 1/approvals to begin with (q·approvals ≥ C);
    # prices only rise as money shrinks, so a project is priced again only when it reaches the top
    key = np.zeros(projects)
    waiting = np.zeros(projects, dtype=np.bool_)
    for j in range(projects):
        if score[j] > 0 and costs[j] > 0:
            key[j] = 1 / score[j] / SLACK
            waiting[j] = True
    fresh = np.zeros(projects, dtype=np.bool_)  # priced this round
    price = np.zeros((projects, 5))  # ρ, its error, exact (0/1), share, its error
    contenders = np.zeros(projects, dtype=np.int64)
    rounds = np.zeros((projects, 7))
    bought = 0
    while True:
        top, status = _freshen(key, rank, waiting, fresh, price, max_error, arrays)
        if status == _UNCERTAIN:
            return _UNCERTAIN, 0, rounds
        if top < 0:
            break
        best = top
        waiting[best] = False
        high = (price[best, 0] + price[best, 1]) * SLACK
        contenders[0] = best
        found = 1
        while True:  # every other project whose lower bound reaches this price must be priced
            top, status = _freshen(key, rank, waiting, fresh, price, max_error, arrays)
            if status == _UNCERTAIN:
                return _UNCERTAIN, 0, rounds
            if top < 0 or key[top] > high:
                break
            waiting[top] = False
            contenders[found] = top
            found += 1
        if found > 1:
            # only exact prices 1/approvals can be compared: more approvals, then the tie rank
            for c in range(found):
                if price[contenders[c], 2] == 0.0:
                    return _UNCERTAIN, 0, rounds
            best = contenders[0]
            for c in range(1, found):
                j = contenders[c]
                if score[j] > score[best] or (score[j] == score[best] and rank[j] < rank[best]):
                    best = j
            for c in range(found):
                j = contenders[c]
                if j != best:
                    waiting[j] = True
                    key[j] = (price[j, 0] - price[j, 1]) / SLACK
            top, status = _freshen(key, rank, waiting, fresh, price, max_error, arrays)
            if status == _UNCERTAIN:
                return _UNCERTAIN, 0, rounds
        rounds[bought, 0] = best
        rounds[bought, 1] = (price[best, 0] + price[best, 1]) * SLACK
        rounds[bought, 2] = price[best, 2]
        rounds[bought, 3] = top
        rounds[bought, 4] = key[top] if top >= 0 and price[top, 2] == 0.0 else np.nan
        second = _top(key, rank, waiting, top) if top >= 0 else -1
        rounds[bought, 5] = second
        rounds[bought, 6] = key[second] if second >= 0 else 0.0
        max_error = max(max_error, _pay(best, price[best, 3], price[best, 4], purse, start, length, work_groups))
        bought += 1
        fresh[:] = False
    return _PRICED, bought, rounds


@_compiled()
def _freshen(key, rank, waiting, fresh, price, max_error, arrays):
    """Price the top of the queue until it is fresh: (the top or -1, status)."""
    while True:
        top = _top(key, rank, waiting, -1)
        if top < 0 or fresh[top]:
            return top, _PRICED
        status, rho, rho_error, exact, share, share_error = _price(top, max_error, arrays)
        if status == _UNCERTAIN:
            return -1, _UNCERTAIN
        if status == _SHORT:
            waiting[top] = False  # money only shrinks: it never becomes affordable again
            continue
        fresh[top] = True
        price[top, 0], price[top, 1], price[top, 2] = rho, rho_error, 1.0 if exact else 0.0
        price[top, 3], price[top, 4] = share, share_error
        key[top] = (rho - rho_error) / SLACK
