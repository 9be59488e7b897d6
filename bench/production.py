"""Parvis as in production, for the benchmarks: gunicorn with gunicorn.conf.py on PostgreSQL (and
Redis), in a schema of its own that is dropped afterwards, plus the figures every bench prints.

    with ProductionServer(database, redis, workers=2) as server:
        server.seed(SCRIPT, arguments)      # runs a Python script in the app's environment
        server.start()                      # gunicorn; server.base is its URL, server.pid its master
        rss_mb, cpu_s = usage(server.pid)
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TICK = os.sysconf("SC_CLK_TCK")
DATABASE = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_pids(master: int) -> list[int]:
    pids = [master]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                pids.append(int(entry.name))
    return pids


def usage(master: int) -> tuple[float, float]:
    """(RSS in MB, CPU seconds) summed over the gunicorn master and its workers."""
    rss_kb, ticks = 0, 0
    for pid in server_pids(master):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        rss_kb += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
        ticks += int(fields[11]) + int(fields[12])
    return rss_kb / 1024, ticks / TICK


def database_cpu() -> float:
    """CPU seconds of the local PostgreSQL server: its processes and the backends that have exited
    (counted in the postmaster's children time). Every client of the server counts, other benches too."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() != "postgres":
                    continue
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parent = Path(f"/proc/{fields[1]}/comm").read_text().strip() if fields[1] != "0" else ""
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])
            if parent != "postgres":  # the postmaster
                ticks += int(fields[13]) + int(fields[14])
    return ticks / TICK


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class ProductionServer:
    """A schema, an instance folder and a secret of its own; gunicorn once started."""

    def __init__(self, database: str = DATABASE, redis: str | None = REDIS, workers: int = 2, **env: str) -> None:
        self.schema = f"parvis_bench_{os.getpid()}"
        self.admin = sa.create_engine(database.replace("postgresql://", "postgresql+psycopg://", 1))
        url = sa.make_url(database).update_query_dict({"options": f"-csearch_path={self.schema}"})
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.instance = tempfile.mkdtemp(prefix="parvis-bench-")
        self.secret = secrets.token_urlsafe(48)
        self.env = {
            **os.environ,
            "DATABASE_URL": url.render_as_string(hide_password=False),
            "RATELIMIT_STORAGE_URI": "memory://",
            "SECRET_KEY": self.secret,
            "PARVIS_INSTANCE": self.instance,
            "PORT": str(self.port),
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_ACCESS_LOG": "",
            **({"REDIS_URL": redis} if redis else {}),
            **env,
        }
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> ProductionServer:
        with self.admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{self.schema}"'))
        try:
            self.flask("db", "upgrade")
        except BaseException:  # `with` would not call __exit__: drop the schema here
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        with self.admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
        self.admin.dispose()
        shutil.rmtree(self.instance, ignore_errors=True)

    def flask(self, *arguments: str) -> str:
        done = subprocess.run([PYTHON, "-m", "flask", "--app", "wsgi", *arguments], cwd=ROOT, env=self.env,
                              capture_output=True, text=True, check=False)  # fmt: skip
        if done.returncode:
            raise SystemExit(f"flask {' '.join(arguments)} failed:\n{done.stderr}")
        return done.stdout

    def seed(self, script: str, argument: Any = None) -> Any:
        """Run ``script`` (Python, in the app's environment); it prints one JSON line last, returned."""
        done = subprocess.run([PYTHON, "-c", script, json.dumps(argument)], cwd=ROOT, env=self.env,
                              capture_output=True, text=True, check=False)  # fmt: skip
        if done.returncode:
            raise SystemExit(done.stderr)
        return json.loads(done.stdout.strip().splitlines()[-1])

    def start(self) -> None:
        gunicorn = str(Path(PYTHON).parent / "gunicorn")
        self.process = subprocess.Popen([gunicorn, "--config", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT, env=self.env)
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(1.5)  # every worker booted

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid
