"""Sample URL arguments for tests/test_access.py: the dashboards' own routes take none; their open
data files under /open-data/v1/figures/ take a dataset name and a format."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

URL_ARGS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "opendata.dashboards_dataset": lambda s: {"name": "participation-districts", "kind": "csv"},
}
