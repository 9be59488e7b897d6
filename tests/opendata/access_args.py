"""Sample URL arguments for the open data routes, read by tests/test_access.py: the budgets sample
edition (in its submission phase, so published) and its envelope (whose vote is not closed: the
ballots route answers 404 with its reason; tests/opendata/test_budgets_data.py covers the rest)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.budgets.access_args import URL_ARGS as BUDGETS


def _dataset(s: Any) -> dict[str, Any]:
    return {"slug": BUDGETS["budgets.edition"](s)["slug"], "name": "proposals", "kind": "csv"}


def _ballots(s: Any) -> dict[str, Any]:
    return {"slug": BUDGETS["budgets.edition"](s)["slug"], **BUDGETS["budgets.edit_envelope"](s)}


URL_ARGS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "opendata.dataset": _dataset,
    "opendata.ballots": _ballots,
}
