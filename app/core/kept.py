"""What a process keeps between requests: values that are costly to build and carry their own version
in their key (or are checked against it by the caller), the most recently used kept.

One store per application and name (`kept("votes_rules")`), in `app.extensions`: production has one
application per process; each test builds its own, so nothing leaks from one test to the next. The
store is shared by a process's threads (gthread workers), hence the lock.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

from flask import current_app


class Kept:
    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[Hashable, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
            return found

    def put(self, key: Hashable, value: Any) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def forget(self, key: Hashable) -> None:
        with self.lock:
            self.items.pop(key, None)


def kept(name: str, size: int = 256) -> Kept:
    """The application's store called `name` (made on first use)."""
    store = current_app.extensions.get(name)
    if store is None:
        store = current_app.extensions.setdefault(name, Kept(size))
    return store  # type: ignore[no-any-return]
