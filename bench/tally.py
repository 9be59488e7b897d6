"""Tally benchmark: Parvis's rules against pabutools 1.2.3, side by side, same run, same machine.

For the largest real files of ../shared/pb and for generated approval elections of 10,000 and
100,000 voters × 300 projects, runs every rule with Parvis and (where it finishes within a time
limit) with pabutools, prints the seconds (wall clock, and Parvis's CPU seconds beside), the ratio
and whether the outcomes (selected projects in selection order) are identical. Each run is in a
child process so a limit can stop it. The load average is printed before and after: the machine
may be shared, and wall seconds then grow with it while CPU seconds much less.

Parvis's MES runs are compiled by numba and cached on disk. Before timing, the bench measures a
cold compile (a fresh process with an empty cache directory) and a load from the cache, then warms
up once in the parent process, which every timed child inherits: the timings are of warm code,
as in a server process after its first tally.

The last line is `RESULT {json}` with `identical` (every outcome pabutools produced equals
Parvis's), `mes_add1_speedup_real` (pabutools/Parvis seconds for mes-add1 on the largest real
file; a lower bound if pabutools hit its limit), `mes_add1_100k_s` (Parvis wall seconds for mes-add1
on 100,000 × 300; null if it hit its limit), `mes_add1_100k_cpu_s`, the JIT figures and the loads.

    .venv/bin/python bench/tally.py                          # everything (tens of minutes)
    .venv/bin/python bench/tally.py --pabutools-limit 120 --parvis-limit 60 --skip-generated
    .venv/bin/python bench/tally.py --real Poland_Warszawa_2020_Praga-Poludnie --voters 100000
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.votes.pabulib import read_pb  # noqa: E402
from app.votes.tally import RULES, Election, Project, tally  # noqa: E402

PB_DIR = ROOT.parent / "shared" / "pb"
if not PB_DIR.is_dir():
    PB_DIR = Path("/work/shared/pb")
LARGEST = "Poland_Warszawa_2020_Praga-Poludnie"
REAL = [LARGEST, "US_Stanford_Dataset_PB_Cambridge_2015_vote_knapsacks", "Switzerland_Zurich_S5"]


# --- elections ------------------------------------------------------------------------------------


def generated(voters: int, projects: int = 300, seed: int = 2026) -> tuple[Election, Any, Any]:
    """A city-like approval election: skewed popularity, 1 to 10 choices per ballot, costs from
    20,000 to 400,000, a budget of a fifth of the total cost. Returns Parvis's and pabutools' forms."""
    rng = random.Random(seed)
    ids = [f"p{i:03d}" for i in range(projects)]
    costs = [rng.randrange(20, 400) * 1000 for _ in ids]
    popularity = [1 / (i + 1) ** 0.8 for i in range(projects)]
    rng.shuffle(popularity)
    ballots = [set(rng.choices(ids, weights=popularity, k=rng.randint(1, 10))) for _ in range(voters)]
    budget = sum(costs) // 5
    return Election.approval([Project(i, c) for i, c in zip(ids, costs, strict=True)], budget, ballots), ids, costs


def pabutools_election(source: str | tuple) -> tuple[Any, Any]:
    from pabutools.election import ApprovalBallot, ApprovalProfile, Instance, parse_pabulib
    from pabutools.election import Project as PbProject

    if isinstance(source, str):
        return parse_pabulib(source)
    voters, projects, seed = source
    election, ids, costs = generated(voters, projects, seed)
    by_id = {i: PbProject(i, c) for i, c in zip(ids, costs, strict=True)}
    instance = Instance(by_id.values(), budget_limit=int(election.budget))
    profile = ApprovalProfile([ApprovalBallot(by_id[p] for p in ballot) for ballot in election.ballots])
    return instance, profile


# --- runners (in child processes) -------------------------------------------------------------------


def parvis_run(source: str | tuple, rule: str) -> tuple[float, list[str], float]:
    """(wall seconds, the selection, CPU seconds) of the rule alone."""
    election = read_pb(source).election() if isinstance(source, str) else generated(*source)[0]
    started, cpu = time.perf_counter(), time.process_time()
    result = tally(election, rule)
    return time.perf_counter() - started, list(result.selected), time.process_time() - cpu


WARM_UP = """
import sys, time
sys.path.insert(0, sys.argv[1])
started = time.perf_counter()
from app.votes.tally import Election, Project, tally
imported = time.perf_counter()
tally(Election.approval([Project("a", 3), Project("b", 2)], 4, [{"a"}, {"a", "b"}, {"b"}]), "mes")
print(imported - started, time.perf_counter() - imported)
"""


def jit_figures() -> dict[str, float]:
    """Seconds of the first tally in a fresh process: with an empty numba cache (a cold compile),
    then with the cache that compile wrote (a load), besides importing the tally package."""
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        figures = {}
        for name in ("cold_compile", "cache_load"):
            out = subprocess.run(
                [sys.executable, "-c", WARM_UP, str(ROOT)], env=env, capture_output=True, text=True, check=True
            )
            imported, first = map(float, out.stdout.split())
            figures[f"jit_{name}_s"] = round(first, 3)
        figures["tally_import_s"] = round(imported, 3)
    return figures


def warm_up() -> float:
    started = time.perf_counter()
    election, _, _ = generated(500, 30, 1)
    tally(election, "mes-add1")
    return time.perf_counter() - started


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def pabutools_run(source: str | tuple, rules: list[str]) -> dict[str, tuple[float, list[str]]]:
    """pabutools' calls of pb-rules.md §2. mes-add1-greedy is timed as mes-add1 plus the greedy
    completion that completion_by_rule_combination runs on that outcome (the same code path)."""
    from pabutools.election import Cost_Sat
    from pabutools.rules import exhaustion_by_budget_increase, greedy_utilitarian_welfare, method_of_equal_shares

    instance, profile = pabutools_election(source)
    multi = profile.as_multiprofile()
    n = profile.num_ballots()
    out: dict[str, tuple[float, list[str]]] = {}
    for rule in rules:
        started = time.perf_counter()
        if rule == "greedy":
            outcome = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
        elif rule == "mes":
            outcome = method_of_equal_shares(instance, multi, sat_class=Cost_Sat)
        elif rule in ("mes-add1", "mes-add1-greedy"):
            outcome = method_of_equal_shares(instance, multi, sat_class=Cost_Sat, voter_budget_increment=1)
            out["mes-add1"] = (time.perf_counter() - started, [p.name for p in outcome])
            if not instance.is_exhaustive(outcome):
                outcome = greedy_utilitarian_welfare(
                    instance, multi, sat_class=Cost_Sat, initial_budget_allocation=outcome
                )
            rule = "mes-add1-greedy"
        else:
            outcome = exhaustion_by_budget_increase(
                instance, multi, method_of_equal_shares, {"sat_class": Cost_Sat}, budget_step=n, exhaustive_stop=False
            )
        out[rule] = (time.perf_counter() - started, [p.name for p in outcome])
    return out


def _child(connection, function: Callable, args: tuple) -> None:
    connection.send(function(*args))


def limited(function: Callable, args: tuple, limit: float) -> Any | None:
    """``function(*args)`` in a child process; None if it has not answered within ``limit`` seconds."""
    parent, child = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(target=_child, args=(child, function, args))
    process.start()
    try:
        return parent.recv() if parent.poll(limit) else None
    finally:
        if process.is_alive():
            process.terminate()
        process.join()


# --- report ------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pabutools-limit", type=float, default=900, help="seconds per pabutools call (default 900)")
    parser.add_argument("--parvis-limit", type=float, default=600, help="seconds per Parvis call (default 600)")
    parser.add_argument("--skip-generated", action="store_true", help="real files only")
    parser.add_argument("--real", nargs="*", default=REAL, help="real files to use (names without .pb)")
    parser.add_argument("--voters", nargs="*", type=int, default=[10_000, 100_000], help="generated sizes (× 300)")
    parser.add_argument("--skip-cold", action="store_true", help="do not measure the cold JIT compile")
    args = parser.parse_args()

    loads = {"load_before": load()}
    jit = {} if args.skip_cold else jit_figures()
    jit["warm_up_s"] = round(warm_up(), 3)
    print(f"load average {loads['load_before']}; JIT: {jit} (timed runs below are warm)", flush=True)

    cases: list[tuple[str, str | tuple, list[str]]] = [
        (name, str(PB_DIR / f"{name}.pb"), ["greedy", "mes", "mes-add1", "mes-add1-greedy", "mes-add1-nostop"])
        for name in args.real
    ]
    skipped = {
        (LARGEST, "mes-add1-nostop"): "pabutools takes over 10 minutes (pb-rules.md)",
    }
    if not args.skip_generated:
        # pabutools' add1 needs about a thousand full MES runs here (per-voter budget +1 at a time)
        for voters in args.voters:
            name = f"generated_{voters}x300"
            cases.append((name, (voters, 300, 2026), list(RULES)))
            for rule in ("mes-add1", "mes-add1-greedy", "mes-add1-nostop"):
                skipped[(name, rule)] = "pabutools would need hours (about 1,000 add1 steps of a full MES run)"
            if voters == 100_000:
                skipped[(name, "mes")] = "pabutools takes several minutes for one MES run at this size"

    compared = differing = 0
    figures: dict[str, Any] = {}
    print(f"{'election':<46} {'rule':<16} {'parvis s':>9} {'cpu s':>7} {'pabutools s':>12} {'ratio':>8}  outcome")
    for name, source, rules in cases:
        wanted = [r for r in rules if (name, r) not in skipped]
        reference: dict[str, tuple[float, list[str]]] = {}
        for rule in wanted:  # one child per rule, so that a slow rule does not take the others down
            if rule not in reference:
                reference |= limited(pabutools_run, (source, [rule]), args.pabutools_limit) or {}
        for rule in rules:
            ours = limited(parvis_run, (source, rule), args.parvis_limit)
            theirs = reference.get(rule)
            parvis_s = f"{ours[0]:.3f}" if ours else f">{args.parvis_limit:.0f}"
            cpu_s = f"{ours[2]:.3f}" if ours else ""
            if (name, rule) in skipped:
                pabutools_s, ratio, verdict = "skipped", "", skipped[(name, rule)]
            elif theirs is None:
                pabutools_s, ratio, verdict = f">{args.pabutools_limit:.0f}", "", "pabutools hit its limit"
                if ours:
                    ratio = f">{args.pabutools_limit / ours[0]:.1f}"
            else:
                pabutools_s = f"{theirs[0]:.3f}"
                ratio = f"{theirs[0] / ours[0]:.1f}" if ours else ""
                if ours:
                    compared += 1
                    same = ours[1] == theirs[1]
                    differing += not same
                    verdict = "identical" if same else f"DIFFERENT: parvis {ours[1]} pabutools {theirs[1]}"
                else:
                    verdict = "Parvis hit its limit"
            print(
                f"{name[:46]:<46} {rule:<16} {parvis_s:>9} {cpu_s:>7} {pabutools_s:>12} {ratio:>8}  {verdict}",
                flush=True,
            )
            figures[f"{name}:{rule}"] = {
                "parvis_s": ours[0] if ours else None,
                "parvis_cpu_s": ours[2] if ours else None,
                "pabutools_s": theirs[0] if theirs else None,
            }
    largest = figures.get(f"{LARGEST}:mes-add1", {"parvis_s": None, "pabutools_s": None})
    if largest["parvis_s"] and largest["pabutools_s"]:
        speedup = largest["pabutools_s"] / largest["parvis_s"]
    elif largest["parvis_s"]:
        speedup = args.pabutools_limit / largest["parvis_s"]  # a lower bound
    else:
        speedup = None
    result = {
        "identical": compared > 0 and differing == 0,
        "compared": compared,
        "different": differing,
        "mes_add1_speedup_real": round(speedup, 1) if speedup else None,
        "mes_add1_speedup_real_is_lower_bound": bool(largest["parvis_s"] and not largest["pabutools_s"]),
        "mes_add1_100k_s": figures.get("generated_100000x300:mes-add1", {}).get("parvis_s"),
        "mes_add1_100k_cpu_s": figures.get("generated_100000x300:mes-add1", {}).get("parvis_cpu_s"),
        "mes_add1_10k_s": figures.get("generated_10000x300:mes-add1", {}).get("parvis_s"),
        "skipped": {f"{n}:{r}": why for (n, r), why in skipped.items()},
        **jit,
        **loads,
        "load_after": load(),
    }
    print("RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
