"""The MES runs a rule needs, each at b_k = B/n + k·step per voter.

Approval ballots get the certified float run (mes_float.py), falling back to the exact run for the
rare run with a decision too close to call; other ballots get the exact run. The run a rule returns
is then replayed exactly, so that its explanations (shares, voters who paid all they had, money
left) are exact figures.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from app.votes.tally.mes import MesRun, replay, run_mes
from app.votes.tally.prepared import Prepared


class Runs:
    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.compiled: Any = None
        self.floats = None
        if prepared.weights is None and prepared.voters:
            # imported on the first tally, not with the app: importing numba takes about a second,
            # which every process (web workers, tests) would pay for a tally it may never run
            self.compiled = import_module("app.votes.tally.mes_float")
            self.floats = self.compiled.FloatElection.build(prepared)

    def at(self, k: int) -> MesRun:
        prepared = self.prepared
        per_voter = prepared.budget // prepared.voters + k * prepared.step
        if self.floats is not None:
            try:
                free, rounds = self.compiled.run_float(prepared, self.floats, per_voter)
            except self.compiled.Uncertain:
                pass
            else:
                return MesRun(per_voter, free, rounds, exact=False)
        return run_mes(prepared, per_voter)

    def exact(self, run: MesRun) -> MesRun:
        """The same outcome with exact figures."""
        if run.exact:
            return run
        return replay(self.prepared, run.per_voter, [p.project for p in run.purchases])
