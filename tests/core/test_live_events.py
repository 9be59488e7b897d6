"""Live events: written in the caller's transaction, announced only after it commits, replayed
from the journal after a reconnection (memory broker; the other brokers in test_live_brokers)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from app.core.live import broker, events_after, latest_id, poll, publish, stream
from app.core.live.models import LiveEvent
from app.extensions import db


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"LIVE_BROKER": "memory", "LIVE_HEARTBEAT_SECONDS": 0.05, "LIVE_STREAM_MAX_SECONDS": 5}


def first(subscriber: Any, timeout: float) -> Any:
    """The first message the subscriber receives within `timeout`, or None."""
    batch = subscriber.take(timeout)
    return batch[0] if batch else None


def read(chunks: Iterator[bytes], wanted: str, timeout: float = 5.0) -> str:
    """Read the stream until `wanted` appears (heartbeats keep `next` from blocking long)."""
    seen = ""
    deadline = time.monotonic() + timeout
    while wanted not in seen:
        if time.monotonic() > deadline:
            raise AssertionError(f"{wanted!r} not received; got {seen!r}")
        seen += next(chunks).decode()
    return seen


def test_publish_writes_in_the_transaction_and_delivers_after_commit(app: Flask) -> None:
    subscriber = broker().subscribe("room:1")
    try:
        message = publish("room:1", "note", "<p>bonjour</p>")
        assert first(subscriber, 0.05) is None  # not before the commit
        db.session.commit()
        received = first(subscriber, 1)
        assert received is not None and received.id == message.id and received.html == "<p>bonjour</p>"
        assert received.sse == f"id: {message.id}\ndata: <p>bonjour</p>\n\n".encode()
    finally:
        broker().unsubscribe(subscriber)


def test_a_rolled_back_change_is_neither_journalled_nor_delivered(app: Flask) -> None:
    subscriber = broker().subscribe("room:1")
    try:
        publish("room:1", "note", "<p>annulé</p>")
        db.session.rollback()
        db.session.commit()
        assert first(subscriber, 0.1) is None
        assert db.session.scalar(sa.select(sa.func.count(LiveEvent.id))) == 0
    finally:
        broker().unsubscribe(subscriber)


def test_other_channels_are_not_disturbed(app: Flask) -> None:
    subscriber = broker().subscribe("room:2")
    try:
        publish("room:1", "note", "<p>ailleurs</p>")
        db.session.commit()
        assert first(subscriber, 0.1) is None
    finally:
        broker().unsubscribe(subscriber)


def test_multi_line_fragments_become_several_data_lines(app: Flask) -> None:
    message = publish("room:1", "note", "<div>\n<p>deux lignes</p>\n</div>")
    assert message.sse.decode().splitlines()[1:4] == ["data: <div>", "data: <p>deux lignes</p>", "data: </div>"]


def test_replay_after_reconnect_uses_last_event_id(app: Flask) -> None:
    ids = [publish("room:1", "note", f"<p>n{n}</p>").id for n in range(4)]
    db.session.commit()
    with app.test_request_context(headers={"Last-Event-ID": str(ids[1])}, query_string={"after": "0"}):
        chunks = iter(stream("room:1").response)
        text = read(chunks, "n3")
    assert "n0" not in text and "n1" not in text  # the header wins over ?after=
    assert text.index("n2") < text.index("n3")
    assert f"id: {ids[2]}" in text and text.startswith("retry: ")


def test_a_stream_replays_then_follows_live_without_holding_a_connection(app: Flask) -> None:
    first = publish("room:1", "note", "<p>avant</p>").id
    db.session.commit()
    with app.test_request_context(query_string={"after": str(first - 1)}):
        response = stream("room:1")
    assert response.mimetype == "text/event-stream"
    assert response.headers["X-Accel-Buffering"] == "no"
    pool = db.engine.pool
    assert pool.checkedout() == 0  # the stream gave its connection back before the first byte
    chunks = iter(response.response)
    read(chunks, "avant")
    assert ": ping" in read(chunks, ": ping")  # heartbeat while idle
    publish("room:1", "note", "<p>pendant</p>")
    db.session.commit()
    assert "pendant" in read(chunks, "pendant")


def test_events_committed_between_subscribe_and_replay_are_sent_once(app: Flask) -> None:
    """A message both replayed from the journal and delivered by the broker goes out once."""
    with app.test_request_context(query_string={"after": "0"}):
        response = stream("room:1")
    publish("room:1", "note", "<p>unique</p>")
    db.session.commit()
    chunks = iter(response.response)
    text = read(chunks, "unique")
    publish("room:1", "note", "<p>suivant</p>")
    db.session.commit()
    text += read(chunks, "suivant")
    assert text.count("unique") == 1


def test_under_the_test_client_a_stream_sends_its_replay_and_ends(app: Flask) -> None:
    app.config["LIVE_STREAM_MAX_SECONDS"] = 0
    publish("room:1", "note", "<p>fin</p>")
    db.session.commit()
    with app.test_request_context(query_string={"after": "0"}):
        body = b"".join(stream("room:1").response).decode()
    assert "fin" in body


def test_polling_answers_204_until_something_changes(app: Flask) -> None:
    assert latest_id("room:1") == 0
    with app.test_request_context():
        assert poll("room:1", 0, lambda version: app.response_class(str(version))).status_code == 204
        ident = publish("room:1", "note", "<p>x</p>").id
        db.session.commit()
        answer = poll("room:1", 0, lambda version: app.response_class(str(version)))
        assert answer.status_code == 200 and answer.get_data(as_text=True) == str(ident)
        assert poll("room:1", ident, lambda version: app.response_class("")).status_code == 204
    assert [m.id for m in events_after("room:1", 0)] == [ident]


def test_a_stream_that_falls_behind_sends_what_waits_in_one_write(app: Flask) -> None:
    with app.test_request_context(query_string={"after": "0"}):
        response = stream("room:1")
    chunks = iter(response.response)
    read(chunks, ": open")
    for number in range(3):
        publish("room:1", "note", f"<p>lot {number}</p>")
    db.session.commit()
    text = next(chunks).decode()  # the stream was not reading meanwhile: all three at once
    assert all(f"lot {number}" in text for number in range(3))


def test_a_stream_too_far_behind_is_closed_to_be_replayed(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.live import brokers

    monkeypatch.setattr(brokers, "QUEUE_SIZE", 2)
    with app.test_request_context(query_string={"after": "0"}):
        response = stream("room:1")
    chunks = iter(response.response)
    read(chunks, ": open")
    for number in range(3):
        publish("room:1", "note", f"<p>trop {number}</p>")
    db.session.commit()
    assert list(chunks) == []  # closed: the browser reconnects with Last-Event-ID and replays
    assert broker().hub.count() == 0
