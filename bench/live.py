"""Live-wall benchmark: how fast does a note posted from one phone reach every other phone?

Starts Parvis as in production on this machine (gunicorn with gunicorn.conf.py, PostgreSQL,
Redis), then for each room size N: N participants join as a phone does (the join page from the
QR code, the join form posted by htmx, answered with the room's page, then the stream from that
page's version; not the static files, which the proxy serves and the browser caches), 10 other
participants post 5 notes per second for 30 s (and put dots on them), and every stream records
when it receives each note. Prints, per N: delivery latency from the moment each POST is sent to
each stream's receipt (p50, p95, p99), events lost, time for all N to join, and the memory
and CPU of the server processes (per joining participant, per note), and what the client processes
spent. The client speaks HTTP on bare asyncio connections (standard library only), and stamps
each stream's read as it comes off the socket: an HTTP client library would spend more of the
cores the server shares, and add its own delay to every receipt. The last line is
`RESULT {json}`.

    .venv/bin/python bench/live.py                    # N = 300 and 1000, gevent, 2 workers
    .venv/bin/python bench/live.py --sizes 100 --seconds 5 --workers 1
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from production import DATABASE, REDIS, ProductionServer, percentile, usage

TOKEN = re.compile(rb'name="csrf_token" value="([^"]+)"')
MARK = re.compile(rb"bench-(\d+)-")
NOTE_ID = re.compile(rb'id="note-(\d+)"')
AFTER = re.compile(rb'sse-connect="[^"?]*\?after=(\d+)"')
POSTERS = 10

SEED = """
import json, sys
from datetime import timedelta
from app import create_app
from app.assemblies.services import sessions
from app.core.db import utcnow
from app.extensions import db
app = create_app()
out = []
with app.test_request_context():
    assembly = sessions.create_assembly(None, "Banc d'essai")
    for size in json.loads(sys.argv[1]):
        now = utcnow()
        data = sessions.SessionInput(title=f"Salle de {size}", starts_at=now, ends_at=now + timedelta(hours=3),
                                     note_interval=0, max_notes=100, dot_budget=50)
        session = sessions.create_session(None, assembly, data)
        sessions.set_session_status(None, session, "open")
        board = sessions.add_activity(None, session, "wall", "Mur", columns=["Idées", "Envies"])
        sessions.set_activity_status(None, board, "open")
        db.session.commit()
        out.append({"size": size, "id": session.id, "code": session.join_code, "column": board.columns[0].id})
print(json.dumps(out))
"""


@dataclass
class Room:
    size: int
    id: int
    code: str
    column: int
    sent: dict[int, float] = field(default_factory=dict)
    post_times: list[float] = field(default_factory=list)
    note_ids: list[int] = field(default_factory=list)
    #: Notes whose POST the server acknowledged (200): each must reach every stream.
    acknowledged: set[int] = field(default_factory=set)
    #: (note number, moment received), one per stream and note, filled by the readers.
    receipts: list[tuple[int, float]] = field(default_factory=list)


Stream = tuple[asyncio.StreamReader, asyncio.StreamWriter]


class Http:
    """Keep-alive HTTP/1.1 connections and their cookies, on bare asyncio streams: the client runs
    on the same cores as the server, and an HTTP client library would spend several times more per
    request (aiohttp: about 3.5 ms of CPU per joining phone, where the server spent 20). Like a
    browser, it opens another connection when a request starts while one is under way."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.authority = parts.netloc
        self.cookies: dict[str, str] = {}
        self.idle: list[Stream] = []

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    async def request(
        self, method: str, path: str, form: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.authority}"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        if self.cookies:
            lines.append(f"Cookie: {self.cookie_header()}")
        body = urlencode(form).encode() if form is not None else b""
        if form is not None:
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        message = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
        for attempt in (1, 2):  # the server may have closed an idle keep-alive connection
            reader, writer = self.idle.pop() if self.idle else await asyncio.open_connection(self.host, self.port)
            try:
                writer.write(message)
                status, answer, content = await self._answer(reader)
            except (ConnectionError, asyncio.IncompleteReadError):
                writer.close()
                if attempt == 2:
                    raise
                continue
            if answer.get("connection", "").lower() == "close":
                writer.close()
            else:
                self.idle.append((reader, writer))
            return status, answer, content
        raise AssertionError("unreachable")

    async def _answer(self, reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers: dict[str, str] = {}
        for line in header_lines:
            if not line:
                continue
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                key, _, cookie = value.split(";", 1)[0].partition("=")
                self.cookies[key.strip()] = cookie.strip()
            headers[name] = value
        if headers.get("transfer-encoding") == "chunked":
            chunks = []
            while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
                chunks.append((await reader.readexactly(size + 2))[:-2])
            await reader.readuntil(b"\r\n")
            body = b"".join(chunks)
        else:
            body = await reader.readexactly(int(headers.get("content-length", "0")))
        return int(status_line.split()[1]), headers, body

    def close(self) -> None:
        for _, writer in self.idle:
            writer.close()
        self.idle.clear()


class Participant:
    def __init__(self, base: str, room: Room, name: str) -> None:
        self.base, self.room, self.name = base, room, name
        self.http = Http(base)
        self.token = ""
        #: The version of the room's page: where the phone's stream starts (`?after=`).
        self.after = 0
        self.seen: set[int] = set()

    async def join(self) -> None:
        url = f"/assemblees/c/{self.room.code}"
        status, _, body = await self.http.request("GET", url)
        found = TOKEN.search(body)
        if status != 200 or found is None:
            raise RuntimeError(f"join page: {status}")
        self.token = found.group(1).decode()
        # As a phone's htmx posts the form: the answer is the room's page (an older server sent
        # the browser on to it, one more request).
        form = {"csrf_token": self.token, "pseudonym": self.name}
        headers = {"HX-Request": "true", "HX-Current-URL": f"{self.base}{url}"}
        status, answer, body = await self.http.request("POST", url, form, headers)
        target = answer.get("hx-redirect")
        if status == 204 and target:
            status, _, body = await self.http.request("GET", urlsplit(target).path)
        found = AFTER.search(body) if status == 200 else None
        if found is None:
            raise RuntimeError(f"join form or room page: {status}")
        self.after = int(found.group(1))

    async def listen(self, opened: asyncio.Event, record: bool) -> None:
        """Hold the participant's stream on a bare connection: each read is stamped the moment the
        event loop hands it over, before any parsing, so that the client's own work on other
        streams does not count as delivery time."""
        path = f"/assemblees/seance/{self.room.id}/flux?after={self.after}"
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {self.http.authority}\r\nAccept: text/event-stream\r\n"
            f"Cookie: {self.http.cookie_header()}\r\n\r\n"
        ).encode()
        self.http.close()  # the phone's page connection: a browser would keep it, the server does not care
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        stream = StreamProtocol(self, opened, record, done)
        transport, _ = await loop.create_connection(lambda: stream, self.http.host, self.http.port)
        try:
            transport.write(request)
            await done
        finally:
            transport.close()

    async def post(self, number: int, text: str) -> None:
        headers = {"HX-Request": "true", "X-CSRFToken": self.token}
        form = {"column_id": str(self.room.column), "text": text, "colour": "yellow"}
        self.room.sent[number] = time.monotonic()
        status, _, _ = await self.http.request("POST", f"/assemblees/seance/{self.room.id}/notes", form, headers)
        self.room.post_times.append(time.monotonic() - self.room.sent[number])
        if status != 200:
            raise RuntimeError(f"note: {status}")
        self.room.acknowledged.add(number)

    async def dot(self, note_id: int) -> None:
        headers = {"HX-Request": "true", "X-CSRFToken": self.token}
        await self.http.request(
            "POST", f"/assemblees/seance/{self.room.id}/notes/{note_id}/point", {"on": "1"}, headers
        )


class StreamProtocol(asyncio.Protocol):
    """One SSE stream read off the socket: the status line, then chunks searched for note marks.
    A mark cut in two by a read is found in the next one (the last bytes are kept)."""

    def __init__(self, person: Participant, opened: asyncio.Event, record: bool, done: asyncio.Future[None]) -> None:
        self.person, self.opened, self.record, self.done = person, opened, record, done
        self.head = b""
        self.tail = b""

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        if not self.opened.is_set():
            self.head += data
            if b"\r\n\r\n" not in self.head:
                return
            if not self.head.startswith((b"HTTP/1.1 200", b"HTTP/1.0 200")):
                status = self.head.split(b"\r\n", 1)[0]
                self._end(RuntimeError(f"stream: {status!r}"))
                return
            data = self.head.split(b"\r\n\r\n", 1)[1]
            self.opened.set()
        text = self.tail + data
        self.tail = text[-40:]
        room = self.person.room
        if not self.record:
            room.note_ids.extend(int(n) for n in NOTE_ID.findall(text))
            return
        seen = self.person.seen
        for match in MARK.findall(text):
            number = int(match)
            if number not in seen:
                seen.add(number)
                room.receipts.append((number, now))

    def connection_lost(self, exc: Exception | None) -> None:
        self._end(exc or RuntimeError("stream closed"))

    def _end(self, error: Exception) -> None:
        if not self.done.done():
            self.done.set_exception(error)


async def enter_all(people: list[Participant], tasks: list[asyncio.Task[None]], record: bool) -> list[str]:
    """Join each participant (join page, join form, room page) and open their stream, 64 at a time."""
    gate = asyncio.Semaphore(64)
    failures: list[str] = []

    async def enter(person: Participant) -> None:
        async with gate:
            try:
                await person.join()
                opened = asyncio.Event()
                tasks.append(asyncio.create_task(person.listen(opened, record)))
                await asyncio.wait_for(opened.wait(), 60)
            except Exception as error:  # a participant who could not join counts as a failure
                failures.append(f"{type(error).__name__}: {error}")

    await asyncio.gather(*(enter(person) for person in people))
    return failures


def reader_process(base: str, room: Room, names: list[str], conn: Connection) -> None:
    """One client process holding a share of the participants' streams (a single Python client
    process would itself become the bottleneck long before the server)."""

    async def run() -> None:
        people = [Participant(base, room, name) for name in names]
        tasks: list[asyncio.Task[None]] = []
        failures = await enter_all(people, tasks, record=True)
        conn.send(("joined", time.monotonic(), failures, time.process_time()))
        loop = asyncio.get_running_loop()
        while True:
            command = await loop.run_in_executor(None, conn.recv)
            if command == "count":
                conn.send(len(room.receipts))
            else:
                conn.send((room.receipts, time.process_time()))
                break
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for person in people:
            person.http.close()

    asyncio.run(run())


def run_room(base: str, room: Room, rate: float, seconds: float, master: int, readers: int) -> dict[str, Any]:
    context = multiprocessing.get_context("fork")
    names = [f"P{n}" for n in range(room.size)]
    pipes, processes = [], []
    _, cpu_start = usage(master)
    started = time.monotonic()
    for index in range(readers):
        parent, child = context.Pipe()
        process = context.Process(target=reader_process, args=(base, room, names[index::readers], child), daemon=True)
        process.start()
        pipes.append(parent)
        processes.append(process)
    joined = [pipe.recv() for pipe in pipes]
    join_s = max(end for _, end, _, _ in joined) - started
    _, cpu_joined = usage(master)
    failures = [failure for _, _, group, _ in joined for failure in group]
    for reason, count in Counter(failures).most_common(5):
        print(f"join failures: {count} x {reason}", file=sys.stderr, flush=True)
    figures = asyncio.run(_post_notes(base, room, rate, seconds, master, pipes, room.size - len(failures)))
    stopped = [_stop(pipe) for pipe in pipes]
    receipts = [item for group, _ in stopped for item in group]
    # What the client processes themselves spent, joining and then reading the streams.
    client_join_s = sum(cpu for _, _, _, cpu in joined)
    client_read_s = sum(cpu for _, cpu in stopped) - client_join_s
    for process in processes:
        process.join(timeout=30)
    latencies_ms = [(moment - room.sent[number]) * 1000 for number, moment in receipts if number in room.sent]
    figures.pop("total")
    acknowledged = room.acknowledged
    return {
        "n": room.size,
        "p50_ms": round(percentile(latencies_ms, 0.50), 1),
        "p95_ms": round(percentile(latencies_ms, 0.95), 1),
        "p99_ms": round(percentile(latencies_ms, 0.99), 1),
        "max_ms": round(max(latencies_ms, default=float("nan")), 1),
        "post_p50_ms": round(percentile([t * 1000 for t in room.post_times], 0.50), 1),
        # Every acknowledged note each joined participant should have received and did not (a
        # POST that failed is counted in post_errors: no note was promised to anyone).
        "lost": (room.size - len(failures)) * len(acknowledged)
        - sum(1 for number, _ in receipts if number in acknowledged),
        "join_failures": len(failures),
        "join_s": round(join_s, 2),
        "join_server_cpu_ms": round(1000 * (cpu_joined - cpu_start) / room.size, 2),
        "join_client_cpu_ms": round(1000 * client_join_s / room.size, 2),
        "read_client_cpu_s": round(client_read_s, 2),
        **figures,
    }


async def _warm_up(base: str, room: Room, workers: int) -> None:
    """A server in production has served pages before the room fills: compile the templates in
    every worker (a few joins, streams and notes in a room of its own), then measure."""
    people = [Participant(base, room, f"Essai {n}") for n in range(4 * workers)]
    tasks: list[asyncio.Task[None]] = []
    await enter_all(people, tasks, record=False)
    for number, person in enumerate(people):
        await person.post(-1 - number, "échauffement")
        if room.note_ids:
            await person.dot(room.note_ids[-1])
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for person in people:
        person.http.close()
    room.sent.clear()
    room.post_times.clear()
    room.acknowledged.clear()
    room.note_ids.clear()


def _stop(pipe: Connection) -> tuple[list[tuple[int, float]], float]:
    pipe.send("stop")
    return pipe.recv()  # type: ignore[no-any-return]


async def _post_notes(
    base: str, room: Room, rate: float, seconds: float, master: int, pipes: list[Connection], listening: int
) -> dict[str, Any]:
    posters = [Participant(base, room, f"Animateur {n}") for n in range(POSTERS)]
    tasks: list[asyncio.Task[None]] = []
    await enter_all(posters[:1], tasks, record=False)  # one poster watches, to learn the notes' ids
    for person in posters[1:]:
        await person.join()
    await asyncio.sleep(1)

    rss_before, cpu_before = usage(master)
    window = time.monotonic()
    total = int(rate * seconds)
    posts: list[asyncio.Task[None]] = []
    for number in range(total):
        text = f"bench-{number}- idée numéro {number} pour la ville de demain"
        posts.append(asyncio.create_task(posters[number % POSTERS].post(number, text)))
        if number % 3 == 0 and room.note_ids:  # and dots, one for every three notes
            posts.append(asyncio.create_task(posters[(number + 1) % POSTERS].dot(room.note_ids[-1])))
        await asyncio.sleep(max(0.0, window + (number + 1) / rate - time.monotonic()))
    results = await asyncio.gather(*posts, return_exceptions=True)
    post_errors = [r for r in results if isinstance(r, Exception)]
    for reason, count in Counter(f"{type(e).__name__}: {e}" for e in post_errors).most_common(5):
        print(f"post errors: {count} x {reason}", file=sys.stderr, flush=True)
    expected = listening * len(room.acknowledged)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        received = 0
        for pipe in pipes:
            pipe.send("count")
            received += pipe.recv()
        if received >= expected:
            break
        await asyncio.sleep(0.2)
    elapsed = time.monotonic() - window
    rss_after, cpu_after = usage(master)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for person in posters:
        person.http.close()
    return {
        "post_errors": len(post_errors),
        "rss_mb": round(max(rss_before, rss_after), 1),
        "cpu_percent": round(100 * (cpu_after - cpu_before) / elapsed, 1),
        # Server CPU per note: handling the POST (and the dots) and writing it to every stream.
        "server_cpu_ms_per_note": round(1000 * (cpu_after - cpu_before) / total, 1),
        "total": total,
        "notes": total,
        "notes_acknowledged": len(room.acknowledged),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="300,1000")
    parser.add_argument("--rate", type=float, default=5.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="gevent")
    parser.add_argument("--broker", default="redis", choices=["redis", "postgres"])
    parser.add_argument("--readers", type=int, default=4, help="client processes holding the streams")
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--redis", default=REDIS)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    extra = {
        "LIVE_BROKER": args.broker,
        "LIVE_REDIS_CHANNEL": f"parvis:bench:{os.getpid()}",
        "GUNICORN_WORKER_CLASS": args.worker_class,
    }
    with ProductionServer(args.database, args.redis, args.workers, **extra) as server:
        rooms = [Room(**item) for item in server.seed(SEED, sizes)]
        server.start()
        asyncio.run(_warm_up(server.base, rooms[0], args.workers))
        print(f"server: gunicorn {args.worker_class} x{args.workers}, broker {args.broker}, "
              f"PostgreSQL + Redis, {os.cpu_count()} CPU(s)", flush=True)  # fmt: skip
        results: dict[str, Any] = {}
        for room in rooms:
            figures = run_room(server.base, room, args.rate, args.seconds, server.pid, args.readers)
            print(json.dumps(figures), flush=True)
            results[f"n{room.size}"] = figures
        results["conditions"] = {
            "worker_class": args.worker_class,
            "workers": args.workers,
            "broker": args.broker,
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
            "rate_per_s": args.rate,
            "seconds": args.seconds,
        }
        print("RESULT " + json.dumps(results), flush=True)


if __name__ == "__main__":
    main()
