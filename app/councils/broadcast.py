"""What the public "now" screen receives live: after each change a view journals the rendered
`now` block, as an htmx out-of-band fragment, on the session's channel through `app.core.live`
(in the same transaction as the change); open screens get it by Server-Sent Events. The
fragment is the same for everyone, so it is rendered in the city's default language and names
only what the public page may show."""

from __future__ import annotations

from typing import Any

from flask import current_app, g
from flask_babel import force_locale
from jinja2_fragments.flask import render_block

from app.core.live import publish
from app.councils.models import Session
from app.councils.services import live, memberships

NOW = "councils/now.html"
VERSIONS = "council_live_versions"
# The stream brings changes at once; this slower poll only catches up after a lost connection.
POLL_EVERY = "5s"


def now_channel(session_id: int) -> str:
    return f"council:{session_id}:now"


def _public_name(session: Session, speaker: Any) -> str | None:
    """The speaker's name on the public page only if, as a member, they agreed to be named."""
    if speaker is None:
        return None
    membership = memberships.membership_of(speaker.user, session.body)
    return speaker.user.public_name if membership is not None and membership.show_name else None


def now_context(session: Session) -> dict[str, Any]:
    speaking = live.speaking(session) if session.is_live else None
    return {
        "session": session,
        "body": session.body,
        "current": session.current_item,
        "speaking": speaking,
        "speaking_name": _public_name(session, speaking),
        "waiting": [s for s in live.queue(session) if s.status == "waiting"] if session.is_live else [],
        "open_motions": [m for m in session.motions if m.status == "voting"],
        "last_decision": next((m for m in reversed(session.motions) if m.status == "closed"), None),
        "present_count": len(live.present_members(session)),
        "poll_every": POLL_EVERY,
    }


def remember(session: Session) -> None:
    """Note the version a request loaded, to know at commit time whether screens must follow."""
    g.setdefault(VERSIONS, {})[session.id] = session.live_version


def publish_if_changed(session: Session) -> bool:
    """Journal the `now` fragment if this request changed what live screens show."""
    if g.get(VERSIONS, {}).get(session.id) == session.live_version:
        return False
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        html = render_block(NOW, "now", oob=True, **now_context(session))
    publish(now_channel(session.id), "now", html)
    remember(session)
    return True
