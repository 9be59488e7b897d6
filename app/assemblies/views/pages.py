"""Pages that a whole room asks for at once, drawn once and filled in per visitor.

When a room of hundreds of phones scans the QR code, every phone gets the same join page, then the
same room page, except for its CSRF token (and its pseudonym). Drawing them once per version and
putting each visitor's own values in the copy cuts most of what joining costs the server. Only
anonymous visitors with no message waiting are served this way: a signed-in person's menu and a
flashed message belong to one person.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
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


class _Pages:
    """This process's drawn pages, the most recently used kept (one store per application)."""

    def __init__(self) -> None:
        self.items: OrderedDict[Hashable, str] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> str | None:
        with self.lock:
            page = self.items.get(key)
            if page is not None:
                self.items.move_to_end(key)
            return page

    def put(self, key: Hashable, page: str) -> None:
        with self.lock:
            self.items[key] = page
            while len(self.items) > SIZE:
                self.items.popitem(last=False)


def _store() -> _Pages:
    return current_app.extensions.setdefault(EXTENSION, _Pages())  # type: ignore[no-any-return]


def shared() -> bool:
    """True when the page this request gets may be the room's shared copy."""
    return not current_user.is_authenticated and "_flashes" not in cookie and request.method == "GET"


def serve(key: tuple[Hashable, ...], draw: Callable[[], str], pseudonym: str = "") -> Response:
    """The page for `key` (which must name everything it shows apart from the token and the
    pseudonym: its version, its path, the language), drawn by `draw` the first time, with this
    visitor's CSRF token and `pseudonym` put in. `draw` must show the pseudonym as `PSEUDONYM`."""
    token = generate_csrf()
    full_key = (*key, wants_fragment(), request.full_path, str(get_locale()))
    store = _store()
    page = store.get(full_key)
    if page is None:
        page = draw().replace(token, TOKEN)
        store.put(full_key, page)
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
