"""A short memory of computed figures, per process: a dashboards page over a city's year reads
hundreds of thousands of rows, and the same figures are asked for again and again (every visitor
of the public page, the CSV after the page). Figures are kept `DASHBOARDS_CACHE_SECONDS` (120 by
default, none under `TESTING`), keyed by what they depend on, and stored on the application so
that two applications in one process (the tests) never share them. Only plain values are kept,
never database objects."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from flask import current_app

T = TypeVar("T")
DEFAULT_SECONDS = 120
MAX_ENTRIES = 256  # scopes people ask for; past this the oldest are dropped


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    app = current_app
    seconds = app.config.get("DASHBOARDS_CACHE_SECONDS", 0 if app.testing else DEFAULT_SECONDS)
    if not seconds or seconds <= 0:
        return compute()
    store: dict[Hashable, tuple[float, Any]] = app.extensions.setdefault("dashboards_cache", {})
    now = time.monotonic()
    hit = store.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]  # type: ignore[no-any-return]
    value = compute()
    store[key] = (now + seconds, value)
    if len(store) > MAX_ENTRIES:
        for old in sorted(store, key=lambda k: store[k][0])[: len(store) - MAX_ENTRIES]:
            store.pop(old, None)
    return value
