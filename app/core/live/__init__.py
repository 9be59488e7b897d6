"""Live delivery for screens that must follow a room in real time (see README.md here).

from app.core.live import publish, stream, poll, latest_id
"""

from __future__ import annotations

from functools import partial

from flask import Flask

from app.core.live.brokers import Broker
from app.core.live.events import (
    EXTENSION,
    broker,
    events_after,
    fetch_message,
    latest_id,
    newest_id,
    publish,
    publish_all,
)
from app.core.live.messages import LiveMessage
from app.core.live.sse import poll, requested_after, stream

__all__ = [
    "Broker",
    "LiveMessage",
    "broker",
    "events_after",
    "init_app",
    "latest_id",
    "poll",
    "publish",
    "publish_all",
    "requested_after",
    "stream",
]


def init_app(app: Flask) -> None:
    """Choose the broker from the configuration (LIVE_BROKER, REDIS_URL). Its listener, if any,
    starts with the first stream, in the worker process."""
    from app.core.live.brokers import make_broker

    if EXTENSION not in app.extensions:
        app.extensions[EXTENSION] = make_broker(app.config, partial(fetch_message, app), partial(newest_id, app))
