"""Browser tests: Debian's Chromium driven by pytest-playwright against the app served on a free
local port (SQLite file, CSRF on, mail written to a folder the test reads).

Skipped, with the reason, when /usr/bin/chromium is absent (`apt-get install chromium`).
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from playwright.sync_api import ConsoleMessage, Page, Request
from werkzeug.serving import make_server

from app import create_app
from app.core.mail import read_outbox
from app.extensions import db
from tests.conftest import base_config

CHROMIUM = Path("/usr/bin/chromium")
HOST = "127.0.0.1"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium to run the browser tests")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-gpu",
            "--headless=new",
        ],
    }


@dataclass
class LiveServer:
    url: str
    app: Flask
    outbox: Path

    def mails(self) -> list[EmailMessage]:
        return read_outbox(self.outbox)


@pytest.fixture
def live_server(tmp_path: Path, sqlite_template: Path) -> Iterator[LiveServer]:
    """The app on http://127.0.0.1:<free port>, as in production but for the database file."""
    database = tmp_path / "parvis.db"
    shutil.copyfile(sqlite_template, database)
    config = {**base_config(tmp_path, f"sqlite:///{database}"), "TESTING": False, "WTF_CSRF_ENABLED": True}
    application = create_app(config)
    server = make_server(HOST, 0, application, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://{HOST}:{server.server_port}", application, Path(config["MAIL_OUTBOX"]))
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with application.app_context():
            db.engine.dispose()


@dataclass
class BrowserLog:
    """What the page did that it should not: console errors (CSP violations among them), script
    errors, and requests to any host other than the local server."""

    errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location.get('url', '')})")

    def on_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob"):
            return
        if parts.hostname != HOST:
            self.foreign_requests.append(request.url)

    def problems(self) -> list[str]:
        return self.errors + [f"request to another host: {url}" for url in self.foreign_requests]


@pytest.fixture
def browser_log(page: Page) -> BrowserLog:
    log = BrowserLog()
    page.on("console", log.on_console)
    page.on("pageerror", lambda error: log.errors.append(f"script error: {error}"))
    page.on("request", log.on_request)
    return log
