"""The per-application store of what a process keeps between requests."""

from flask import Flask

from app.core.kept import Kept, kept


def test_the_least_recently_used_goes_first() -> None:
    store = Kept(size=2)
    store.put("a", 1)
    store.put("b", 2)
    assert store.get("a") == 1  # "a" is now the most recently used
    store.put("c", 3)
    assert (store.get("a"), store.get("b"), store.get("c")) == (1, None, 3)
    store.forget("a")
    assert store.get("a") is None


def test_each_application_has_its_own_store() -> None:
    first, second = Flask("first"), Flask("second")
    with first.app_context():
        kept("things").put("key", "first's")
        assert kept("things") is kept("things")
    with second.app_context():
        assert kept("things").get("key") is None
    with first.app_context():
        assert kept("things").get("key") == "first's"
