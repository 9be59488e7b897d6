"""Run the same action from several threads at once, each in its own request and database session,
released together by a barrier: how the tests check that a unique constraint (not a check in Python)
decides a race."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from flask import Flask

from app.extensions import db


def race(app: Flask, attempts: int, prepare: Callable[[], Any], act: Callable[[Any, int], None]) -> list[Any]:
    """Each thread calls ``prepare()`` (loading what it needs, so the race is only the write), waits for
    the others, then ``act(prepared, index)`` and commits. Returns "ok" or the exception, per thread."""
    barrier = threading.Barrier(attempts)
    outcomes: list[Any] = []
    lock = threading.Lock()

    def attempt(index: int) -> None:
        with app.app_context(), app.test_request_context():
            try:
                prepared = prepare()
                barrier.wait(timeout=30)
                act(prepared, index)
                db.session.commit()
                result: Any = "ok"
            except Exception as error:  # the caller's asserts say which errors are expected
                db.session.rollback()
                result = error
            finally:
                db.session.remove()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == attempts, outcomes
    return outcomes
