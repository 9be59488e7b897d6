"""A connection pool that serves waiting requests in the order they arrived.

SQLAlchemy's QueuePool lets a newcomer take a connection that was just given back while an older
request, woken for it, has not run yet; the older one goes back to the end of the wait. Under
gevent at saturation (a vote closing, a room of phones joining) that keeps a few requests waiting
far longer than the rest: at the ballots bench's saturation, a p99 four times the median.
Here a connection given back goes straight to the oldest waiter, and nobody overtakes a queue that
is not empty.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import Any

from sqlalchemy import exc
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool
from sqlalchemy.util import queue as sqla_queue


class FifoGate:
    """At most `slots` holders at once; the others wait and are let in first come, first served.

    Made of `threading` locks, which gevent's monkey-patching turns into greenlet locks."""

    def __init__(self, slots: int) -> None:
        self._lock = threading.Lock()
        self._free = slots
        self._waiting: deque[Any] = deque()

    def acquire(self, timeout: float | None) -> bool:
        """Enter, waiting at most `timeout` seconds (None: as long as it takes); False when the time ran out."""
        with self._lock:
            if self._free and not self._waiting:
                self._free -= 1
                return True
            turn = threading.Lock()
            turn.acquire()
            self._waiting.append(turn)
        if turn.acquire(timeout=-1 if timeout is None else timeout):
            return True  # a holder handed its slot over
        with self._lock:
            try:
                self._waiting.remove(turn)
            except ValueError:
                return True  # handed over between the timeout and this lock: keep it
        return False

    def release(self) -> None:
        with self._lock:
            if self._waiting:
                self._waiting.popleft().release()  # the slot passes on without becoming free
            else:
                self._free += 1


class FairQueuePool(QueuePool):
    """QueuePool behind a FifoGate with as many slots as the pool can open connections.

    Holding a slot guarantees a connection in the queue or the right to open one, so the queue
    itself never makes anyone wait."""

    def __init__(self, creator: Any, pool_size: int = 5, max_overflow: int = 10, **kw: Any) -> None:
        super().__init__(creator, pool_size=pool_size, max_overflow=max_overflow, **kw)
        self._gate = FifoGate(pool_size + max_overflow) if max_overflow > -1 else None

    def _do_get(self) -> ConnectionPoolEntry:
        if self._gate is None:
            return super()._do_get()
        if not self._gate.acquire(self._timeout):
            raise exc.TimeoutError(
                f"FairQueuePool limit of size {self.size()} overflow {self._max_overflow} reached, "
                f"connection timed out, timeout {self._timeout:.2f}",
                code="3o7r",
            )
        try:
            return self._take()
        except BaseException:
            self._gate.release()
            raise

    def _take(self) -> ConnectionPoolEntry:
        """With a slot held: an idle connection, else a new one (QueuePool's own _do_get would
        call back into _do_get, taking a second slot)."""
        try:
            return self._pool.get(False)
        except sqla_queue.Empty:
            pass
        if self._inc_overflow():
            try:
                return self._create_connection()
            except BaseException:
                self._dec_overflow()
                raise
        return self._pool.get(True, self._timeout)  # not reached while every getter holds a slot

    def _do_return_conn(self, record: ConnectionPoolEntry) -> None:
        try:
            super()._do_return_conn(record)
        finally:
            if self._gate is not None:
                self._gate.release()
