"""What live screens receive: each change is rendered once, in the room's language, as htmx
out-of-band fragments, and journalled on the session's channels through `app.core.live`.

Two audiences, two channels: the room (`assembly:<id>`: phones and projector, only what everyone
may see) and the staff (`assembly:<id>:staff`: console and moderator panel, with held items and
controls). Fragments are never personalised; a phone's own state (its dots, its votes) comes back
in the answer to its own request.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from flask import current_app, get_template_attribute
from flask_babel import force_locale

from app.core.live import publish_all

if TYPE_CHECKING:
    from app.assemblies.models import Activity, AssemblySession, Note, Question
    from app.assemblies.services.debate import Gauge

MACROS = "assemblies/_live.html"


def room_channel(session_id: int) -> str:
    return f"assembly:{session_id}"


def staff_channel(session_id: int) -> str:
    return f"assembly:{session_id}:staff"


def _render(macro: str, *args: Any, **kwargs: Any) -> str:
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "fr")):
        html = str(get_template_attribute(MACROS, macro)(*args, **kwargs))
    # The same bytes go to every screen of the room: drop the templates' indentation (the
    # fragments hold no <pre>, and textareas keep their text on one line).
    return "\n".join(stripped for line in html.splitlines() if (stripped := line.strip()))


def _both(session_id: int, kind: str, room_html: str | None, staff_html: str | None) -> None:
    items = [(room_channel(session_id), kind, room_html), (staff_channel(session_id), kind, staff_html)]
    publish_all([(channel, kind, html) for channel, kind, html in items if html])


def stage_changed(session: AssemblySession) -> None:
    """Activities opened, closed or revealed: every screen reloads its stage."""
    version = secrets.token_hex(4)
    html = _render("stage_version", version)
    _both(session.id, "stage", html, html)


def staff_changed(session: AssemblySession) -> None:
    _both(session.id, "stage", None, _render("stage_version", secrets.token_hex(4)))


def timer_changed(session: AssemblySession) -> None:
    html = _render("timer", session, oob=True)
    _both(session.id, "timer", html, html)


def note_added(note: Note) -> None:
    activity = note.activity
    sid = activity.session_id
    if note.status == "pending":
        _both(sid, "held", None, _render("pending_note", note, oob=True))
        return
    room = None if activity.hidden_from_room else _render("note", note, "room", oob=True)
    staff = _render("note", note, "staff", oob=True) + _render("delete", f"pending-note-{note.id}")
    _both(sid, "note", room, staff)


def note_removed(note: Note) -> None:
    html = _render("delete", f"note-{note.id}")
    staff = html + _render("delete", f"pending-note-{note.id}")
    _both(note.activity.session_id, "hidden", html, staff)


def columns_changed(activity: Activity, column_ids: set[int]) -> None:
    from app.assemblies.services.wall import visible_notes

    notes = visible_notes(activity)
    columns = [column for column in activity.columns if column.id in column_ids]
    room = None
    if not activity.hidden_from_room:
        room = "".join(_render("column", column, notes, "room", oob=True) for column in columns)
    staff = "".join(_render("column", column, notes, "staff", oob=True) for column in columns)
    _both(activity.session_id, "moved", room, staff)


def dots_changed(note: Note) -> None:
    html = _render("dots", note, oob=True)
    _both(note.activity.session_id, "dots", html, html)


def gauge_changed(activity: Activity, gauge: Gauge) -> None:
    html = _render("gauge", activity, gauge, oob=True)
    _both(activity.session_id, "gauge", html, html)


def question_changed(activity: Activity, question: Question) -> None:
    sid = activity.session_id
    if question.status == "pending":
        _both(sid, "held", None, _render("pending_question", question, oob=True))
        return
    if question.status == "dismissed":
        html = _render("delete", f"question-{question.id}")
        _both(sid, "dismissed", html, html + _render("delete", f"pending-question-{question.id}"))
        return
    if question.votes:
        html = _render("question_votes", question, oob=True)
        _both(sid, "support", html, html)
        return
    room = _render("question", question, activity, "room", oob=True)
    staff = _render("question", question, activity, "staff", oob=True)
    _both(sid, "question", room, staff + _render("delete", f"pending-question-{question.id}"))


def qa_changed(activity: Activity) -> None:
    """Highlight or answer: the list is redrawn on every screen."""
    from app.assemblies.services.qa import visible_questions

    questions = visible_questions(activity)
    room = _render("qa_list", activity, questions, "room", oob=True)
    staff = _render("qa_list", activity, questions, "staff", oob=True)
    _both(activity.session_id, "qa", room, staff)
