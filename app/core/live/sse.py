"""Answering live screens: a Server-Sent-Events stream, or a poll that costs nothing when
nothing changed.

The stream replays the journal after the screen's last event (the `Last-Event-ID` header that
browsers send when they reconnect by themselves, else the `after` the page was rendered with),
then waits on the broker. It holds no database connection while it waits: the session is
released before the first byte, and reopened only to replay after a broker reconnection.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

from flask import Flask, Response, current_app, request

from app.core.live.events import broker, events_after, latest_id
from app.core.live.messages import RESYNC, LiveMessage
from app.extensions import db

HEARTBEAT = b": ping\n\n"


def requested_after(default: int | None = None) -> int | None:
    """Where the screen stands: Last-Event-ID (browser reconnect) wins over `?after=`."""
    for raw in (request.headers.get("Last-Event-ID"), request.args.get("after")):
        if raw is not None and raw.strip().isdigit():
            return int(raw.strip())
    return default


def stream(channel: str, after: int | None = None) -> Response:
    """An SSE response for `channel`, starting after event `after` (default: where the screen
    says it stands, else now). Check permissions before calling it: once the response starts,
    nothing more can be refused."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    config = app.config
    heartbeat = float(config.get("LIVE_HEARTBEAT_SECONDS", 15))
    max_age = float(config.get("LIVE_STREAM_MAX_SECONDS", 0 if app.testing else 3600))
    start = requested_after(after)
    current = broker(app)
    # Subscribe before reading the journal, so that nothing committed in between is missed;
    # what arrives twice is dropped by id below.
    subscriber = current.subscribe(channel)
    # A listening broker that heard nothing after `start` spares the journal (most streams, which
    # open from the version their page was just drawn at): what follows reaches the subscriber.
    known = current.version(channel)
    try:
        heard_all = known is not None and start is not None and start >= known
        backlog = events_after(channel, start) if start is not None and not heard_all else []
        cursor = start if start is not None else latest_id(channel)
    except Exception:
        current.unsubscribe(subscriber)
        raise
    finally:
        db.session.remove()  # give the connection back: streams may stay open for hours

    direct = _direct_writer(request.environ)
    sock = request.environ.get("gunicorn.socket")

    def generate() -> Iterator[bytes]:
        subscriber.last = cursor
        try:
            # Randomised retry: after a deploy, hundreds of screens do not reconnect in the same second.
            yield f"retry: {random.randint(1500, 5000)}\n: open\n\n".encode()
            out = [message.sse for message in backlog if subscriber.fresh(message)]
            if out:
                yield b"".join(out)
            if max_age <= 0:
                return  # under a test client, which would read forever: the replay only
            # From here on, what this stream yielded is on the socket: the broker may write to it.
            subscriber.direct = direct
            # Streams end after a while (the browser reconnects at once, and is replayed), which
            # spreads screens again over the workers after a restart.
            ends = time.monotonic() + max_age * random.uniform(0.9, 1.0)
            while time.monotonic() < ends:
                batch = subscriber.take(timeout=heartbeat)
                if subscriber.overflowed or subscriber.broken:
                    return  # the browser reconnects with Last-Event-ID and is replayed
                if subscriber.rest:
                    rest, subscriber.rest = subscriber.rest, b""
                    sock.sendall(rest)  # already framed: it bypasses the server's chunking
                if batch is None:
                    yield HEARTBEAT
                    continue
                if any(message is RESYNC for message in batch):
                    batch = _replay(app, channel, subscriber.last)
                out = [message.sse for message in batch if subscriber.fresh(message)]
                if out:
                    yield b"".join(out)
        finally:
            current.unsubscribe(subscriber)

    response = Response(generate(), mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-cache, no-transform"
    response.headers["X-Accel-Buffering"] = "no"  # nginx: do not buffer this response
    return response


def _direct_writer(environ: dict[str, Any]) -> Callable[[bytes], int] | None:
    """A non-blocking send on the stream's own socket, when the broker may use it: under gunicorn's
    gevent worker (cooperative, so the broker's write never runs while the stream writes) and
    HTTP/1.1, where gunicorn frames the response in chunks, as `LiveMessage.chunk` is. Elsewhere
    (threads, the test client, HTTP/1.0) every message goes through the stream's own loop."""
    sock = environ.get("gunicorn.socket")
    monkey = sys.modules.get("gevent.monkey")
    if sock is None or monkey is None or not monkey.is_module_patched("socket"):
        return None
    if environ.get("SERVER_PROTOCOL") != "HTTP/1.1" or environ.get("REQUEST_METHOD") != "GET":
        return None

    def send(data: bytes) -> int:
        return int(sock.send(data, 0, 0.0))  # gevent: timeout 0 raises instead of waiting

    return send


def _replay(app: Flask, channel: str, after: int) -> list[LiveMessage]:
    with app.app_context():
        try:
            return events_after(channel, after)
        finally:
            db.session.remove()


def poll(channel: str, since: int | None, render: Callable[[int], Response]) -> Response:
    """For screens without a stream: 204 when the channel has nothing after `since`, else
    `render(version)`, whose fragment should poll again with that version."""
    version = latest_id(channel)
    if since is not None and version <= since:
        response = Response(status=204)
        response.headers["Cache-Control"] = "no-cache"
        return response
    return render(version)
