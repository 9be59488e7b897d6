"""A short memory of computed figures, per process: a dashboards page over a city's year reads
hundreds of thousands of rows, and the same figures are asked for again and again (every visitor
of the public page, the CSV after the page, the open data files). Figures are kept
`DASHBOARDS_CACHE_SECONDS` (120 by default, none under `TESTING`), keyed by what they depend on, in
core's per-application store (`app.core.kept`: two applications in one process, as in the tests,
never share them). Only plain values are kept, never database objects."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import current_app

from app.core.kept import kept

T = TypeVar("T")
DEFAULT_SECONDS = 120


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`'s value, or the one kept for `key` if it is recent enough."""
    app = current_app
    seconds = app.config.get("DASHBOARDS_CACHE_SECONDS", 0 if app.testing else DEFAULT_SECONDS)
    if not seconds or seconds <= 0:
        return compute()
    store = kept("dashboards_figures")
    now = time.monotonic()
    found = store.get(key)
    if found is not None and found[0] > now:
        return found[1]  # type: ignore[no-any-return]
    value = compute()
    store.put(key, (now + seconds, value))
    return value
