"""Brokers wake the open streams after a commit. Each process keeps one `Hub` of local
subscribers; a broker feeds it, directly (in-process) or through one listener per process (Redis
pub/sub, PostgreSQL LISTEN/NOTIFY), so that an event written by any process reaches every stream.

A broker only carries news: the journal (`core_live_event`) stays the truth, and a listener that
lost its connection tells every stream to reread it (`RESYNC`).
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.core.live.messages import RESYNC, LiveMessage

log = logging.getLogger("app.live")

#: A stream whose client reads slower than this many messages behind is closed; its browser
#: reconnects and is replayed from the journal, so a slow phone never holds memory hostage.
QUEUE_SIZE = 1000
NOTIFY_CHANNEL = "parvis_live"


class Subscriber:
    """One open stream's inbox: the broker appends, the stream takes everything waiting at once
    (one write for several messages when it falls behind). A deque and an event cost less per
    message than a Queue's condition variable, under threads as under gevent.

    Under gevent, a stream that waits with nothing queued can be written to by the broker itself
    (`direct`): the message goes straight onto the socket from the listener's loop, without waking
    the stream's greenlet, which is what a fan-out to a thousand screens costs most. Writes are
    never interleaved: the broker writes only while the stream is parked in `take`, and a write the
    socket could not take whole is finished by the stream before anything else.
    """

    def __init__(self, channel: str) -> None:
        self.channel = channel
        self.pending: deque[LiveMessage] = deque()
        self.ready = threading.Event()
        self.overflowed = False
        #: Sends bytes on the stream's socket without blocking, returns how many it took (raises
        #: BlockingIOError when none); set by the stream when it may be written to directly.
        self.direct: Callable[[bytes], int] | None = None
        #: Bytes of a direct write the socket did not take: the stream sends them first.
        self.rest = b""
        self.broken = False
        self.waiting = False
        self.last = 0
        self._sent: deque[int] = deque(maxlen=2048)
        self._seen: set[int] = set()

    def fresh(self, message: LiveMessage) -> bool:
        """True the first time a message is seen (the journal's replay and the broker may both
        bring it); also moves `last`, the id a replay would start after."""
        if message.id in self._seen:
            return False
        if len(self._sent) == self._sent.maxlen:
            self._seen.discard(self._sent[0])
        self._sent.append(message.id)
        self._seen.add(message.id)
        self.last = max(self.last, message.id)
        return True

    def offer(self, message: LiveMessage) -> None:
        if self.direct is not None and self.waiting and not self.pending and message is not RESYNC:
            self._write(message)
            return
        if len(self.pending) >= QUEUE_SIZE:
            self.overflowed = True
        else:
            self.pending.append(message)
        self.ready.set()

    def _write(self, message: LiveMessage) -> None:
        if not self.fresh(message):
            return
        frame = message.chunk
        try:
            sent = self.direct(frame)  # type: ignore[misc]
        except BlockingIOError:
            sent = 0
        except OSError:  # the screen went away: its stream ends when it wakes up
            self.broken = True
            self.waiting = False
            self.ready.set()
            return
        if sent < len(frame):
            self.rest = frame[sent:]
            self.waiting = False  # nothing more goes directly until the stream has sent the rest
            self.ready.set()

    def take(self, timeout: float) -> list[LiveMessage] | None:
        """Every message waiting (possibly none after a spurious wake-up, or after direct writes),
        or None once `timeout` passed with nothing."""
        if not self.pending and not self.rest and not self.broken:
            self.waiting = True
            try:
                if not self.ready.wait(timeout):
                    return None
            finally:
                self.waiting = False
        self.ready.clear()
        taken = []
        while self.pending:
            taken.append(self.pending.popleft())
        return taken


class Hub:
    """This process's open streams, by channel, and the last event id it heard on each channel."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._channels: dict[str, set[Subscriber]] = {}
        self._latest: dict[str, int] = {}
        #: While a listener hears every event (None otherwise): the journal's last id when it
        #: started hearing them. Every event above it passes through `deliver` in this process.
        self.floor: int | None = None

    def add(self, channel: str) -> Subscriber:
        subscriber = Subscriber(channel)
        with self._lock:
            self._channels.setdefault(channel, set()).add(subscriber)
        return subscriber

    def remove(self, subscriber: Subscriber) -> None:
        with self._lock:
            members = self._channels.get(subscriber.channel)
            if members is not None:
                members.discard(subscriber)
                if not members:
                    del self._channels[subscriber.channel]

    def listening(self, channel: str) -> bool:
        return channel in self._channels

    def deliver(self, message: LiveMessage) -> None:
        with self._lock:
            if message.id > self._latest.get(message.channel, 0):
                self._latest[message.channel] = message.id
            members = list(self._channels.get(message.channel, ()))
        for subscriber in members:
            subscriber.offer(message)

    def version(self, channel: str) -> int | None:
        """The channel's version as this process heard it, when it can vouch for it (None: ask
        the journal). Events up to `floor` were in the journal before the listener heard them all;
        those after it all passed through `deliver`, or will: a stream that subscribed before
        asking misses none of them, so with `after` at least this version it needs no replay."""
        with self._lock:
            if self.floor is None:
                return None
            return max(self.floor, self._latest.get(channel, 0))

    def resync_all(self) -> None:
        with self._lock:
            members = [s for group in self._channels.values() for s in group]
        for subscriber in members:
            subscriber.offer(RESYNC)

    def count(self) -> int:
        with self._lock:
            return sum(len(group) for group in self._channels.values())


class Broker:
    """In-process: delivers to this process's streams only (one worker, tests, embedded mode)."""

    name = "memory"

    def __init__(self) -> None:
        self.hub = Hub()

    def subscribe(self, channel: str) -> Subscriber:
        self.start()
        return self.hub.add(channel)

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self.hub.remove(subscriber)

    def version(self, channel: str) -> int | None:
        """The channel's last event id without asking the journal, when this process can vouch
        for it (see `Hub.version`); the in-process broker never does: the journal may hold events
        from before the process started, or from other processes (tests, commands)."""
        return self.hub.version(channel)

    def in_transaction(self, session: Session, message: LiveMessage) -> None:
        """Called when the event row is flushed, inside the writer's transaction."""

    def after_commit(self, message: LiveMessage) -> None:
        self.hub.deliver(message)

    def start(self) -> None:
        """Start listening (brokers with a listener do it lazily, after gunicorn has forked)."""

    def stop(self) -> None:
        """Stop listening (tests)."""


class _ListeningBroker(Broker):
    """A broker with one background listener per process, restarted with backoff when it fails.
    Given `newest` (the journal's last id), it vouches for channels' versions while it listens
    (`Hub.version`): pages and streams then know a room's version without a query."""

    newest: Callable[[], int] | None = None

    def __init__(self) -> None:
        super().__init__()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._stopping = threading.Event()
        self.ready = threading.Event()

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._stopping.clear()
                self._thread = threading.Thread(target=self._run, name=f"live-{self.name}", daemon=True)
                self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        delay = 0.5
        first = True
        while not self._stopping.is_set():
            try:
                self._listen(first)
                delay = 0.5
            except Exception:  # any failure of the connection: log, wait, listen again
                log.exception("live %s listener failed; retrying in %.1f s", self.name, delay)
                self.hub.floor = None
                self.ready.clear()
                self._stopping.wait(delay)
                delay = min(delay * 2, 30)
            first = False

    def _connected(self, first: bool) -> None:
        """The listener (re)connected, its subscription confirmed: every event committed from
        now on reaches this process. Streams may have missed messages while it was away."""
        if self.newest is not None:
            self.hub.floor = self.newest()
        self.ready.set()
        if not first:
            self.hub.resync_all()

    def _listen(self, first: bool) -> None:
        raise NotImplementedError


class RedisBroker(_ListeningBroker):
    """Redis pub/sub: the publisher sends the whole message (Redis has no small payload limit), so
    listeners need no database; one subscription per process, on one Redis channel."""

    name = "redis"

    def __init__(self, url: str, prefix: str = "parvis:live") -> None:
        super().__init__()
        import redis

        self.url = url
        self.prefix = prefix
        self._client = redis.Redis.from_url(url, health_check_interval=30)

    def after_commit(self, message: LiveMessage) -> None:
        """Publish for the other processes first (they fan out meanwhile), then deliver to this
        process's streams at once, without waiting for Redis to echo the message back: the
        listener's copy is dropped by id (`Subscriber.fresh`)."""
        payload = json.dumps({"id": message.id, "c": message.channel, "k": message.kind, "h": message.html})
        try:
            self._client.publish(self.prefix, payload)
        except Exception:  # the change is committed and journalled: screens catch up on reconnect
            log.exception("live: could not publish event %s to Redis", message.id)
        self.hub.deliver(message)

    def _listen(self, first: bool) -> None:
        import redis

        client = redis.Redis.from_url(
            self.url, socket_keepalive=True, health_check_interval=30, client_name=f"{self.prefix}:listener"
        )
        pubsub = client.pubsub()
        try:
            pubsub.subscribe(self.prefix)
            # Redis's confirmation: from here on, every publication reaches this listener.
            while (confirmed := pubsub.get_message(timeout=5.0)) is None or confirmed["type"] != "subscribe":
                if self._stopping.is_set():
                    return
            self._connected(first)
            while not self._stopping.is_set():
                item = pubsub.get_message(timeout=1.0)
                if item is None or item.get("type") != "message":
                    continue
                data = json.loads(item["data"])
                self.hub.deliver(LiveMessage(id=int(data["id"]), channel=data["c"], kind=data["k"], html=data["h"]))
        except redis.RedisError:
            raise
        finally:
            pubsub.close()
            client.close()


class PostgresBroker(_ListeningBroker):
    """PostgreSQL LISTEN/NOTIFY: `pg_notify` runs inside the writer's transaction, so it is sent at
    commit and never for a rolled-back change. The payload (under 8000 bytes) is the event id and
    channel; the listener reads the row once for the whole process. Needs a direct connection
    (PgBouncer in transaction mode silently drops LISTEN)."""

    name = "postgres"

    def __init__(self, url: str, fetch: Callable[[int], LiveMessage | None]) -> None:
        super().__init__()
        self.url = url
        self._fetch = fetch

    def in_transaction(self, session: Session, message: LiveMessage) -> None:
        session.execute(
            sa.text("SELECT pg_notify(:name, :payload)"),
            {"name": NOTIFY_CHANNEL, "payload": f"{message.id}:{message.channel}"},
        )

    def after_commit(self, message: LiveMessage) -> None:
        """The other processes hear of it through NOTIFY; this one's streams get it at once (the
        listener's copy is dropped by id)."""
        self.hub.deliver(message)

    def _listen(self, first: bool) -> None:
        import psycopg

        with psycopg.connect(_libpq_url(self.url), autocommit=True) as connection:
            connection.execute(f"LISTEN {NOTIFY_CHANNEL}")
            self._connected(first)
            while not self._stopping.is_set():
                for notice in connection.notifies(timeout=1.0):
                    ident, _, channel = notice.payload.partition(":")
                    if not self.hub.listening(channel):
                        continue
                    message = self._fetch(int(ident))
                    if message is not None:
                        self.hub.deliver(message)


def _libpq_url(url: str) -> str:
    """SQLAlchemy's URL, as libpq understands it."""
    parsed = sa.make_url(url).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


def setting(config: dict[str, Any], key: str) -> str:
    """A live setting from the app's configuration, else from the environment (where operators
    set it: gunicorn.conf.py reads the same variable to decide how many processes may run)."""
    return str(config.get(key) or os.environ.get(key, ""))


def make_broker(
    config: dict[str, Any], fetch: Callable[[int], LiveMessage | None], newest: Callable[[], int] | None = None
) -> Broker:
    """The broker named by LIVE_BROKER ("memory", "redis" or "postgres"); by default Redis when
    REDIS_URL is set, else in-process. `newest` reads the journal's last id (see `Hub.version`)."""
    choice = (setting(config, "LIVE_BROKER") or ("redis" if config.get("REDIS_URL") else "memory")).lower()
    if choice == "memory":
        return Broker()
    listening: _ListeningBroker
    if choice == "redis":
        if not config.get("REDIS_URL"):
            raise RuntimeError("LIVE_BROKER=redis needs REDIS_URL")
        listening = RedisBroker(config["REDIS_URL"], setting(config, "LIVE_REDIS_CHANNEL") or "parvis:live")
    elif choice == "postgres":
        url = config["SQLALCHEMY_DATABASE_URI"]
        if not url.startswith("postgresql"):
            raise RuntimeError("LIVE_BROKER=postgres needs a PostgreSQL DATABASE_URL")
        listening = PostgresBroker(url, fetch)
    else:
        raise RuntimeError(f"LIVE_BROKER must be memory, redis or postgres, not {choice!r}")
    listening.newest = newest
    return listening
