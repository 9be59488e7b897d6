"""Pages that a whole room asks for at once, drawn once and filled in per visitor.

When a room of hundreds of phones scans the QR code, every phone gets the same join page, then the
same room page, except for its CSRF token (and its pseudonym). Drawing them once per version and
putting each visitor's own values in the copy cuts most of what joining costs the server. Only
anonymous visitors with no message waiting are served this way: a signed-in person's menu and a
flashed message belong to one person.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from flask import Response, current_app, request
from flask import session as cookie
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import escape

from app.core.htmx import wants_fragment

#: Stand-ins put in the drawn page where each visitor's own values go (private-use characters,
#: which neither a token nor escaped text can hold).
TOKEN = "\ue000csrf\ue000"
PSEUDONYM = "\ue000pseudonym\ue000"
SIZE = 128
EXTENSION = "assemblies_pages"
LANDINGS = "assemblies_landings"
#: How long a process draws a session's join page from what it last read of the session, without
#: asking the database: a room scanning the QR code at once costs one query per process, and a
#: session opened, closed or renamed shows on its join page within this delay (joining itself
#: always reads the session).
LANDING_SECONDS = 2.0


class Recent:
    """What this process drew or read lately (pages, landings, tokens), the `size` most recently
    used kept; one store per application and kind."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self.items: OrderedDict[Hashable, Any] = OrderedDict()
        self.lock = threading.Lock()
        #: Keys being read again (landings): the others keep the last reading meanwhile.
        self.loading: set[Hashable] = set()

    def get(self, key: Hashable) -> Any:
        with self.lock:
            page = self.items.get(key)
            if page is not None:
                self.items.move_to_end(key)
            return page

    def put(self, key: Hashable, page: Any) -> None:
        with self.lock:
            self.items[key] = page
            while len(self.items) > self.size:
                self.items.popitem(last=False)


def store(name: str = EXTENSION, size: int = SIZE) -> Recent:
    """The application's store `name` in this process."""
    found = current_app.extensions.get(name)
    if found is None:
        found = current_app.extensions.setdefault(name, Recent(size))
    return found  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Landing:
    """What a join page needs to know of its session before drawing: which one, whether it asks
    for an account, and the key of its drawing (everything the page shows of the session)."""

    session_id: int
    account: bool
    key: tuple[Hashable, ...]
    #: What the room's page shows of the session besides its version (`room.room_facts`).
    room: tuple[Hashable, ...] = ()


def landing(code: str, load: Callable[[], Landing | None]) -> Landing | None:
    """The session behind `code` as this process read it less than `LANDING_SECONDS` ago, else
    as `load` reads it now (None: no such session, never remembered). While one request reads it
    again, the others keep the last reading rather than all asking the database at once."""
    readings = store(LANDINGS)
    known = readings.get(code)
    now = time.monotonic()
    if known is not None and (known[0] > now or code in readings.loading):
        return known[1]  # type: ignore[no-any-return]
    readings.loading.add(code)
    try:
        found = load()
    finally:
        readings.loading.discard(code)
    if found is not None:
        readings.put(code, (time.monotonic() + LANDING_SECONDS, found))
    return found


def shared() -> bool:
    """True when the page this request gets may be the room's shared copy (callers check that the
    request only reads, or, for the answer to joining, has just written the newcomer)."""
    return not current_user.is_authenticated and "_flashes" not in cookie


def serve(key: tuple[Hashable, ...], draw: Callable[[], str], pseudonym: str = "") -> Response:
    """The page for `key` (which must name everything it shows apart from the token and the
    pseudonym: its version, its path, the language), drawn by `draw` the first time, with this
    visitor's CSRF token and `pseudonym` put in. `draw` must show the pseudonym as `PSEUDONYM`."""
    token = generate_csrf()
    full_key = (*key, wants_fragment(), request.full_path, str(get_locale()))
    drawn = store()
    page = drawn.get(full_key)
    if page is None:
        page = draw().replace(token, TOKEN)
        drawn.put(full_key, page)
    body = page.replace(TOKEN, token)
    if pseudonym:
        body = body.replace(PSEUDONYM, str(escape(pseudonym)))
    response = Response(body, mimetype="text/html")
    response.vary.add("HX-Request")
    return response


class StandIn:
    """A participant as the shared room page draws it: nothing done yet, the pseudonym a stand-in."""

    def __init__(self, participant: Any) -> None:
        self.id = participant.id
        self.session_id = participant.session_id
        self.pseudonym = PSEUDONYM
