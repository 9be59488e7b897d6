"""The broker's direct writes (gevent): a stream parked with nothing queued is written to from the
broker's loop; anything else (a stream busy writing, a partial write, a resync) goes through the
stream's own queue, in order, and nothing is sent twice."""

from __future__ import annotations

from app.core.live.brokers import Hub, Subscriber
from app.core.live.messages import RESYNC, LiveMessage


class Socket:
    """A socket that takes at most `room` bytes per send, or fails."""

    def __init__(self, room: int = 1 << 20, error: OSError | None = None) -> None:
        self.room, self.error = room, error
        self.data = b""

    def send(self, data: bytes) -> int:
        if self.error is not None:
            raise self.error
        if self.room <= 0:
            raise BlockingIOError
        taken = data[: self.room]
        self.data += taken
        self.room -= len(taken)
        return len(taken)


def message(ident: int, html: str = "<p>note</p>") -> LiveMessage:
    return LiveMessage(id=ident, channel="room", kind="note", html=html)


def parked(socket: Socket) -> Subscriber:
    subscriber = Subscriber("room")
    subscriber.direct = socket.send
    subscriber.waiting = True  # as inside take(), under gevent
    return subscriber


def test_a_message_is_framed_as_one_http_chunk() -> None:
    sent = message(7, "<p>a</p>\n<p>b</p>")
    assert sent.sse == b"id: 7\ndata: <p>a</p>\ndata: <p>b</p>\n\n"
    assert sent.chunk == b"%X\r\n" % len(sent.sse) + sent.sse + b"\r\n"


def test_a_parked_stream_is_written_to_directly_and_once() -> None:
    socket = Socket()
    subscriber = parked(socket)
    hub = Hub()
    hub._channels["room"] = {subscriber}
    hub.deliver(message(1))
    hub.deliver(message(1))  # the same event again (replay and broker): sent once
    hub.deliver(message(2))
    assert socket.data == message(1).chunk + message(2).chunk
    assert not subscriber.pending and not subscriber.ready.is_set()
    assert subscriber.last == 2


def test_a_busy_stream_gets_its_messages_through_its_queue() -> None:
    socket = Socket()
    subscriber = parked(socket)
    subscriber.waiting = False  # writing something else: the broker must not interleave
    subscriber.offer(message(1))
    subscriber.waiting = True
    subscriber.offer(message(2))  # behind a queued message: queued too, to keep the order
    assert socket.data == b""
    assert [m.id for m in subscriber.take(timeout=0)] == [1, 2]


def test_what_the_socket_did_not_take_is_finished_by_the_stream_first() -> None:
    socket = Socket(room=10)
    subscriber = parked(socket)
    subscriber.offer(message(1))
    subscriber.offer(message(2))
    assert socket.data == message(1).chunk[:10]
    assert subscriber.rest == message(1).chunk[10:]
    assert subscriber.ready.is_set() and not subscriber.waiting
    # The stream wakes up with the rest to send, then message 2 from its queue.
    assert [m.id for m in subscriber.take(timeout=0)] == [2]


def test_a_full_socket_leaves_the_whole_message_to_the_stream() -> None:
    subscriber = parked(Socket(room=0))
    subscriber.offer(message(1))
    assert subscriber.rest == message(1).chunk
    assert subscriber.take(timeout=0) == []


def test_a_closed_socket_ends_the_stream() -> None:
    subscriber = parked(Socket(error=BrokenPipeError()))
    subscriber.offer(message(1))
    assert subscriber.broken and subscriber.ready.is_set()


def test_a_resync_always_goes_to_the_stream() -> None:
    socket = Socket()
    subscriber = parked(socket)
    subscriber.offer(RESYNC)
    assert socket.data == b""
    assert subscriber.take(timeout=0) == [RESYNC]


def test_without_a_direct_writer_everything_is_queued() -> None:
    subscriber = Subscriber("room")
    subscriber.waiting = True
    subscriber.offer(message(1))
    assert [m.id for m in subscriber.take(timeout=0)] == [1]


def test_a_listening_hub_vouches_for_versions_from_its_floor() -> None:
    """Without a listener, the journal answers; once it hears every event (its floor: the journal's
    last id then), a channel's version is the floor or the last id heard on it, so that a stream
    opening at that version needs no replay."""
    hub = Hub()
    assert hub.version("room") is None
    hub.floor = 40
    assert hub.version("room") == 40 and hub.version("other") == 40
    hub.deliver(message(41))
    assert hub.version("room") == 41 and hub.version("other") == 40
    hub.deliver(message(39))  # late, out of order: the version never goes back
    assert hub.version("room") == 41
    hub.floor = None  # the listener lost its connection
    assert hub.version("room") is None
