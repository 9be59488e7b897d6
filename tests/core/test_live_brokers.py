"""Each broker delivers an event committed by one application process to a stream served by
another (a subprocess with its own app): Redis pub/sub, and PostgreSQL LISTEN/NOTIFY; the
in-process broker, by design, only within its process. A listener that loses its connection makes
its streams reread the journal."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from app import create_app
from app.core.live import broker, publish
from app.core.live.brokers import PostgresBroker, RedisBroker, make_broker
from app.core.live.messages import RESYNC, LiveMessage
from app.extensions import db
from tests.conftest import base_config

ROOT = Path(__file__).resolve().parents[2]

PUBLISHER = """
import json, sys
from app import create_app
from app.core.live import publish
from app.extensions import db
config = json.loads(sys.argv[1])
app = create_app(config)
with app.test_request_context():
    message = publish(sys.argv[2], "note", sys.argv[3])
    db.session.commit()
    print(message.id)
"""


def publish_from_another_process(config: dict[str, Any], channel: str, html: str) -> int:
    result = subprocess.run(
        [sys.executable, "-c", PUBLISHER, json.dumps(config), channel, html],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip().splitlines()[-1])


def wait_for(subscriber: Any, predicate: Any, timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in subscriber.take(timeout=0.2) or []:
            if predicate(message):
                return message
    raise AssertionError("no matching message arrived")


def _config(app: Flask, tmp_path: Path, **extra: Any) -> dict[str, Any]:
    config = base_config(tmp_path, app.config["SQLALCHEMY_DATABASE_URI"])
    config.update(extra)
    return config


def test_the_broker_follows_the_configuration(app: Flask) -> None:
    assert make_broker({}, lambda ident: None).name == "memory"
    assert make_broker({"REDIS_URL": "redis://localhost:6379/0"}, lambda ident: None).name == "redis"
    with pytest.raises(RuntimeError, match="PostgreSQL"):
        make_broker({"LIVE_BROKER": "postgres", "SQLALCHEMY_DATABASE_URI": "sqlite://"}, lambda ident: None)
    with pytest.raises(RuntimeError, match="memory, redis or postgres"):
        make_broker({"LIVE_BROKER": "kafka"}, lambda ident: None)


def test_memory_broker_stays_within_its_process(app: Flask, tmp_path: Path) -> None:
    subscriber = broker().subscribe("room:mem")
    try:
        publish_from_another_process(_config(app, tmp_path, LIVE_BROKER="memory"), "room:mem", "<p>ailleurs</p>")
        assert not subscriber.take(timeout=0.5)  # what the journal is for: replay on reconnect
        publish("room:mem", "note", "<p>ici</p>")
        db.session.commit()
        assert wait_for(subscriber, lambda m: m.html == "<p>ici</p>")
    finally:
        broker().unsubscribe(subscriber)


def test_redis_delivers_across_processes(app: Flask, tmp_path: Path, redis_available: str) -> None:
    prefix = f"parvis:test:{uuid.uuid4().hex}"
    listening = RedisBroker(redis_available, prefix)
    subscriber = listening.subscribe("room:redis")
    try:
        assert listening.ready.wait(5)
        config = _config(app, tmp_path, LIVE_BROKER="redis", REDIS_URL=redis_available, LIVE_REDIS_CHANNEL=prefix)
        ident = publish_from_another_process(config, "room:redis", "<p>de loin</p>")
        message = wait_for(subscriber, lambda m: m.id == ident)
        assert message.html == "<p>de loin</p>" and message.channel == "room:redis"
    finally:
        listening.unsubscribe(subscriber)
        listening.stop()


def test_redis_listener_resyncs_its_streams_after_reconnecting(app: Flask, redis_available: str) -> None:
    import redis

    prefix = f"parvis:test:{uuid.uuid4().hex}"
    listening = RedisBroker(redis_available, prefix)
    subscriber = listening.subscribe("room:redis")
    try:
        assert listening.ready.wait(5)
        client = redis.Redis.from_url(redis_available)
        # Cut this listener's connection (and only it), as a Redis restart would.
        killed = 0
        for entry in client.client_list():
            if entry.get("name") == f"{prefix}:listener":
                killed += client.client_kill_filter(_id=entry["id"])
        assert killed == 1
        assert wait_for(subscriber, lambda m: m is RESYNC, timeout=15) is RESYNC
    finally:
        listening.unsubscribe(subscriber)
        listening.stop()


@pytest.mark.postgresql_only  # LISTEN/NOTIFY is PostgreSQL\'s
def test_postgres_notify_delivers_across_processes(app: Flask, tmp_path: Path, backend: str) -> None:
    listening = PostgresBroker(app.config["SQLALCHEMY_DATABASE_URI"], _fetcher(app))
    subscriber = listening.subscribe("room:pg")
    try:
        assert listening.ready.wait(5)
        config = _config(app, tmp_path, LIVE_BROKER="postgres")
        ident = publish_from_another_process(config, "room:pg", "<p>par NOTIFY</p>")
        message = wait_for(subscriber, lambda m: m.id == ident)
        assert message.html == "<p>par NOTIFY</p>"
    finally:
        listening.unsubscribe(subscriber)
        listening.stop()


@pytest.mark.postgresql_only  # LISTEN/NOTIFY is PostgreSQL\'s
def test_postgres_notify_is_not_sent_for_a_rolled_back_change(app: Flask, tmp_path: Path, backend: str) -> None:
    config = _config(app, tmp_path, LIVE_BROKER="postgres")
    writer = create_app(config)
    listening = PostgresBroker(app.config["SQLALCHEMY_DATABASE_URI"], _fetcher(app))
    subscriber = listening.subscribe("room:pg")
    try:
        assert listening.ready.wait(5)
        with writer.test_request_context():
            publish("room:pg", "note", "<p>annulé</p>")
            db.session.rollback()
            kept = publish("room:pg", "note", "<p>gardé</p>")
            db.session.commit()
        message = wait_for(subscriber, lambda m: True)
        assert message.id == kept.id  # the rolled-back one never came
    finally:
        listening.unsubscribe(subscriber)
        listening.stop()
        with writer.app_context():
            db.engine.dispose()


def _fetcher(app: Flask) -> Any:
    from functools import partial

    from app.core.live.events import fetch_message

    return partial(fetch_message, app)


def test_the_publishing_process_delivers_to_its_own_streams_at_once(app: Flask, redis_available: str) -> None:
    """Without waiting for its listener: the streams the publisher serves get the event straight
    after the commit (Redis or NOTIFY brings it back later, and the stream drops it by id)."""
    message = LiveMessage(id=7, channel="room:here", kind="note", html="<p>ici</p>")
    brokers = [
        RedisBroker(redis_available, f"parvis:test:{uuid.uuid4().hex}"),
        PostgresBroker("postgresql://nowhere/none", lambda ident: None),
    ]
    for current in brokers:
        subscriber = current.hub.add("room:here")  # no listener started
        current.after_commit(message)
        first = subscriber.take(timeout=0) or []
        assert [m for m in first if subscriber.fresh(m)] == [message], current.name
        current.after_commit(message)  # as the listener's copy will be: taken, and dropped by id
        again = subscriber.take(timeout=0) or []
        assert again == [message] and not subscriber.fresh(again[0]), current.name
