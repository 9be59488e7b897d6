"""The fair connection pool: waiting requests get a connection in the order they asked, a newcomer
does not overtake them, a wait that times out gives a clear error and leaves no ghost in the queue,
and the application's engines use it."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from app.core.pool import FairQueuePool, FifoGate
from app.extensions import db


def _wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 5
    while not condition():
        assert time.monotonic() < deadline, "the waiters never queued"
        time.sleep(0.005)


def _queue_in_order(gate: FifoGate, names: list[str], entered: list[str]) -> list[threading.Thread]:
    """Start one thread per name, each after the previous one is waiting at the gate."""
    threads = []
    for position, name in enumerate(names, start=1):

        def enter(name: str = name) -> None:
            assert gate.acquire(timeout=5)
            entered.append(name)

        thread = threading.Thread(target=enter)
        thread.start()
        threads.append(thread)
        _wait_until(lambda position=position: len(gate._waiting) == position)
    return threads


def test_the_gate_lets_waiters_in_first_come_first_served() -> None:
    gate = FifoGate(1)
    assert gate.acquire(timeout=0)
    entered: list[str] = []
    threads = _queue_in_order(gate, ["first", "second", "third"], entered)
    for expected in (["first"], ["first", "second"], ["first", "second", "third"]):
        gate.release()
        _wait_until(lambda expected=expected: entered == expected)
    for thread in threads:
        thread.join()
    gate.release()
    assert gate.acquire(timeout=0)  # the last holder's release freed the slot


def test_a_newcomer_does_not_take_a_slot_handed_to_a_waiter() -> None:
    gate = FifoGate(1)
    assert gate.acquire(timeout=0)
    entered: list[str] = []
    threads = _queue_in_order(gate, ["waiting"], entered)
    gate.release()  # handed to the waiter, whether or not it has run yet
    assert not gate.acquire(timeout=0.05)
    threads[0].join()
    assert entered == ["waiting"]


def test_a_wait_that_times_out_leaves_the_queue() -> None:
    gate = FifoGate(1)
    assert gate.acquire(timeout=0)
    started = time.monotonic()
    assert not gate.acquire(timeout=0.05)
    assert time.monotonic() - started >= 0.05
    assert not gate._waiting
    gate.release()
    assert gate.acquire(timeout=0)  # the slot was freed, not handed to the one who gave up


def test_without_a_timeout_a_waiter_waits_for_its_turn() -> None:
    gate = FifoGate(1)
    assert gate.acquire(timeout=0)
    entered: list[str] = []
    waiter = threading.Thread(target=lambda: entered.append("in") if gate.acquire(timeout=None) else None)
    waiter.start()
    _wait_until(lambda: len(gate._waiting) == 1)
    gate.release()
    waiter.join(timeout=5)
    assert entered == ["in"]


def _engine(path: Path, timeout: float = 5) -> sa.Engine:
    return sa.create_engine(
        f"sqlite:///{path / 'pool.db'}", poolclass=FairQueuePool, pool_size=1, max_overflow=0, pool_timeout=timeout
    )


def test_the_pool_hands_a_returned_connection_to_the_oldest_waiter(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    held = engine.connect()
    gate = engine.pool._gate  # type: ignore[attr-defined]
    order: list[str] = []

    def use(name: str) -> None:
        with engine.connect() as connection:
            order.append(name)
            connection.execute(sa.text("select 1"))

    threads = []
    for position, name in enumerate(["a", "b", "c"], start=1):
        threads.append(threading.Thread(target=use, args=(name,)))
        threads[-1].start()
        _wait_until(lambda position=position: len(gate._waiting) == position)
    held.close()
    for thread in threads:
        thread.join()
    assert order == ["a", "b", "c"]
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    engine.dispose()


def test_a_full_pool_times_out_with_sqlalchemys_error_and_recovers(tmp_path: Path) -> None:
    engine = _engine(tmp_path, timeout=0.05)
    held = engine.connect()
    with pytest.raises(sa.exc.TimeoutError, match="connection timed out"):
        engine.connect()
    held.close()
    with engine.connect() as connection:
        assert connection.scalar(sa.text("select 1")) == 1
    engine.dispose()


def test_a_connection_that_fails_to_open_gives_its_slot_back(tmp_path: Path) -> None:
    attempts = []

    def creator() -> object:
        attempts.append(1)
        raise OSError("the database is down")

    pool = FairQueuePool(creator, pool_size=1, max_overflow=0, timeout=0.05)
    for _ in range(3):  # each failure frees the only slot: the next try reaches the database again
        with pytest.raises(OSError, match="down"):
            pool.connect()
    assert len(attempts) == 3


def test_the_applications_engine_uses_the_fair_pool(app: Flask) -> None:
    with app.app_context():
        assert isinstance(db.engine.pool, FairQueuePool)


GEVENT_ORDER = """
from gevent import monkey; monkey.patch_all()
import gevent
from app.core.pool import FifoGate
gate, entered = FifoGate(1), []
gate.acquire(timeout=0)
def enter(name):
    assert gate.acquire(timeout=5)
    entered.append(name)
    gevent.sleep(0)
    gate.release()
waiters = [gevent.spawn(enter, name) for name in "abc"]
gevent.sleep(0.01)  # all three wait
gate.release()
late = gevent.spawn(enter, "late")  # arrives once the slot is already on its way to "a"
gevent.joinall([*waiters, late], timeout=5)
print("".join(entered))
"""


def test_under_gevent_greenlets_enter_in_order_and_a_late_one_waits() -> None:
    pytest.importorskip("gevent")
    done = subprocess.run([sys.executable, "-c", GEVENT_ORDER], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "abclate"
