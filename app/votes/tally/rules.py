"""The rules by name, the add1 completions of MES, and the per-project explanations.

Completions (pb-rules.md §3), with b_k = B/n + k·step per voter:
- ``mes-add1``: k = 0, 1, 2, ...; stop at the first outcome that leaves no supported project
  affordable with the money left (return it) or that costs more than B (return the previous one);
- ``mes-add1-greedy``: the same, then the money left goes to greedy by votes;
- ``mes-add1-nostop``: no stop on exhaustiveness: the last outcome within B before one that is not,
  up to k = B/step (pabutools' bound). Once every supported project is selected, every later outcome
  stays within B, so the answer is the outcome at that bound: it is computed directly.
"""

from __future__ import annotations

from collections.abc import Callable

from app.votes.tally.greedy import GreedyStep, run_greedy
from app.votes.tally.mes import MesRun, same_outcome_between
from app.votes.tally.prepared import Prepared
from app.votes.tally.runs import Runs
from app.votes.tally.tiebreak import TieBreak, by_id, tie_break_name
from app.votes.tally.types import RULES, Election, ProjectOutcome, Reason, TallyInputError, TallyResult


def tally(election: Election, rule: str, *, tie_break: TieBreak = by_id) -> TallyResult:
    """Run ``rule`` (one of RULES) on ``election``; exact ties go to the smallest ``tie_break`` key."""
    if rule not in RULES:
        raise TallyInputError(f"unknown rule {rule!r}; expected one of {', '.join(RULES)}")
    prepared = Prepared.build(election, tie_break)
    name = tie_break_name(tie_break)
    if rule == "greedy":
        return _explain(prepared, rule, name, None, 0, run_greedy(prepared))
    runs = Runs(prepared)
    if prepared.voters == 0:  # pabutools: MES selects nothing without ballots
        run, k = MesRun(0, []), 0
    elif rule == "mes":
        run, k = runs.at(0), 0
    elif rule == "mes-add1-nostop":
        run, k = _add1_nostop(runs)
    else:
        run, k = _add1(runs)
    run = runs.exact(run)
    fill: list[GreedyStep] = []
    if rule == "mes-add1-greedy" and not _exhaustive(prepared, run.selection, range(len(prepared.costs))):
        fill = run_greedy(prepared, run.selection)
    return _explain(prepared, rule, name, run, k, fill)


def _exhaustive(prepared: Prepared, selection: list[int], candidates) -> bool:
    """No candidate outside ``selection`` fits in the money it leaves."""
    left = prepared.budget - prepared.total(selection)
    chosen = set(selection)
    return all(prepared.costs[j] > left for j in candidates if j not in chosen)


def _first_stop(
    runs: Runs, verdict: Callable[[MesRun], str | None], last: int | None = None
) -> tuple[int, MesRun, str | None, MesRun | None]:
    """The first k (up to ``last``) whose outcome gets a verdict: (k, its run, the verdict, the run at
    k - 1); without a verdict up to ``last``, (last, its run, None, None).

    Equivalent to trying k = 0, 1, 2, ... but stretches of steps with the same outcome are skipped:
    a run some steps ahead that ``same_outcome_between`` certifies vouches for every step between;
    the stride doubles while that holds, and a failed probe is bisected down to the step where the
    outcome changes, which is then checked.
    """
    prepared, k, run = runs.prepared, 0, runs.at(0)
    found = verdict(run)
    if found:
        return k, run, found, None
    stride = 1
    above: list[tuple[int, MesRun]] = []  # probes not certified from the current k, nearest last
    while last is None or k < last:
        if above and above[-1][0] == k + 1:
            ahead, probe = above.pop()
        elif above and same_outcome_between(run, above[-1][1], prepared):
            k, run = above.pop()
            continue
        elif above:
            ahead = (k + above[-1][0]) // 2
            probe = runs.at(ahead)
        else:
            ahead = k + stride if last is None else min(k + stride, last)
            probe = runs.at(ahead)
        if ahead == k + 1:
            found = verdict(probe)
            if found:
                return ahead, probe, found, run
            # stride grows only while the outcome holds: where it changes at every step, probing
            # further ahead would only add runs
            stride = stride * 2 if not above and same_outcome_between(run, probe, prepared) else 1
            k, run = ahead, probe
        elif same_outcome_between(run, probe, prepared):
            k, run, stride = ahead, probe, stride * 2
        else:
            above.append((ahead, probe))
    return k, run, None, None


def _add1(runs: Runs) -> tuple[MesRun, int]:
    """pabutools ``method_of_equal_shares(..., voter_budget_increment=1)`` (with ``step`` for 1)."""
    prepared = runs.prepared
    supported = [j for j, s in enumerate(prepared.score) if s > 0 and prepared.costs[j] > 0]

    def verdict(run: MesRun) -> str | None:
        if prepared.total(run.selection) > prepared.budget:
            return "over"
        return "exhaustive" if _exhaustive(prepared, run.selection, supported) else None

    k, run, found, before = _first_stop(runs, verdict)
    if found == "over":
        return before, k - 1  # k = 0 (b = B/n) never overspends
    return run, k


def _add1_nostop(runs: Runs) -> tuple[MesRun, int]:
    """pabutools ``exhaustion_by_budget_increase(..., budget_step=n·step, exhaustive_stop=False)``.

    pabutools stops at the budget limit B·(n + 1), i.e. at k = B/step. Once every supported project
    is bought within B, every later outcome is too, so the answer is the outcome at that bound."""
    prepared = runs.prepared
    last = prepared.budget // prepared.step
    supported = sum(1 for j, s in enumerate(prepared.score) if s > 0 and prepared.costs[j] > 0)

    def verdict(run: MesRun) -> str | None:
        if prepared.total(run.selection) > prepared.budget:
            return "over"
        return "all" if len(run.purchases) == supported else None

    k, run, found, before = _first_stop(runs, verdict, last)
    if found == "over":
        return before, k - 1
    if found == "all" and k < last:
        return runs.at(last), last
    return run, k


def _explain(
    prepared: Prepared, rule: str, tie_break: str, run: MesRun | None, k: int, steps: list[GreedyStep]
) -> TallyResult:
    money = prepared.money
    costs, score, count = prepared.costs, prepared.score, prepared.supporter_count
    outcomes: dict[int, ProjectOutcome] = {}
    order: list[int] = []

    def add(j: int, reason: str, selected: bool, **numbers) -> None:
        if selected:
            order.append(j)
        p = prepared.projects[j]
        outcomes[j] = ProjectOutcome(
            p.id, p.cost, score[j], count[j], selected, len(order) if selected else None, reason, **numbers
        )

    if run is not None:
        for j in run.free:
            add(j, Reason.SELECTED_FREE, True, stage="mes")
        for purchase in run.purchases:
            j = purchase.project
            add(
                j,
                Reason.SELECTED_MES,
                True,
                stage="mes",
                share=money(purchase.share),
                paid_in_full=purchase.capped,
                effective_votes=costs[j] / purchase.share,
            )
    greedy_stage = "greedy" if run is None else "fill"
    for step in steps:
        j = step.project
        if step.taken:
            reason = Reason.SELECTED_GREEDY if run is None else Reason.SELECTED_FILL
            add(j, reason, True, stage=greedy_stage, money_left=money(step.money_left))
    considered = {step.project: step for step in steps}
    for j in sorted(range(len(costs)), key=lambda j: (-score[j], prepared.rank[j])):
        if j in outcomes:
            continue
        numbers: dict = {}
        if j in considered:
            numbers |= dict(stage=greedy_stage, money_left=money(considered[j].money_left))
        if run is not None and score[j] > 0 and prepared.voters:
            numbers |= dict(
                stage=numbers.get("stage", "mes"), supporters_money=money(run.supporters_money(prepared, j))
            )
        if score[j] == 0:
            reason = Reason.NO_VOTES
        elif costs[j] > prepared.budget:
            reason = Reason.OVER_BUDGET
        elif j in considered or run is None:
            reason = Reason.DID_NOT_FIT
        else:
            reason = Reason.SUPPORTERS_SHORT
        add(j, reason, False, **numbers)
    selected = [outcomes[j] for j in order]
    others = [o for j, o in outcomes.items() if not o.selected]
    return TallyResult(
        rule=rule,
        selected=tuple(o.project_id for o in selected),
        cost=sum((o.cost for o in selected), start=money(0)),
        budget=prepared.election.budget,
        voters=prepared.voters,
        projects=tuple(selected + others),
        per_voter_budget=None if run is None else money(run.per_voter),
        increments=None if rule in ("greedy", "mes") else k,
        tie_break=tie_break,
    )
