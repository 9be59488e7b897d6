"""Loading what the screens need: the session from the URL, the participant from the signed
cookie, and each screen's snapshot."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask import session as cookie
from flask_login import current_user

from app.assemblies import broadcast
from app.assemblies.models import Activity, AssemblySession, Participant
from app.assemblies.permissions import can_facilitate
from app.assemblies.services import debate, qa, sessions, tokens, wall
from app.core.errors import NotFound
from app.core.live import latest_id
from app.extensions import db

COOKIE = "assemblies"


def load_session(session_id: int) -> AssemblySession:
    try:
        return sessions.get_session(session_id)
    except NotFound:
        abort(404)


def load_activity(activity_id: int) -> Activity:
    try:
        return sessions.get_activity(activity_id)
    except NotFound:
        abort(404)


def require_facilitator(session: AssemblySession) -> None:
    """Facilitators' screens do not exist for anyone else: 404, as for a session that does not
    exist, so that a draft session's console or exports reveal nothing."""
    if not can_facilitate(current_user, session.assembly):
        abort(404)


def commit_keeping_loaded() -> None:
    """Commit without expiring what this request loaded: its answer is drawn from the session,
    activity and participant it already holds, not reloaded (four queries) right after writing."""
    current = db.session()
    current.expire_on_commit = False
    try:
        current.commit()
    finally:
        current.expire_on_commit = True


def participant_in(session_id: int) -> Participant | None:
    """The participant the signed cookie names in this session (with the session: one query)."""
    tokens = cookie.get(COOKIE) or {}
    return sessions.participant_by_token(session_id, tokens.get(str(session_id)))


def participant_acting(session_id: int) -> tuple[Participant, Activity | None] | None:
    """`participant_in` with the session's open activity, for a phone's action (one query)."""
    tokens = cookie.get(COOKIE) or {}
    return sessions.participant_acting(session_id, tokens.get(str(session_id)))


def in_room(session_id: int) -> bool:
    """Whether the signed cookie names a participant of this session: no query for a token sealed
    for it (participants are never taken out of a session, and a phone's stream reopens for
    hours), one light query for a token from before the seals."""
    token = (cookie.get(COOKIE) or {}).get(str(session_id))
    if not token:
        return False
    return tokens.sealed(session_id, token) or sessions.holds_token(session_id, token)


def holds_cookie_token(session_id: int) -> bool:
    """Whether the signed cookie names someone in this session (no query: a newcomer has none)."""
    return bool((cookie.get(COOKIE) or {}).get(str(session_id)))


def participant_for(session: AssemblySession) -> Participant | None:
    return participant_in(session.id)


def remember(session_id: int, token: str) -> None:
    """Keep the participant's token for this session in the signed cookie."""
    known = dict(cookie.get(COOKIE) or {})
    known[str(session_id)] = token
    cookie[COOKIE] = known


def _activity_snapshot(
    activity: Activity | None, participant: Participant | None, staff: bool, room: bool = True
) -> dict[str, Any]:
    """What the screen shows of the activity; `room` False leaves out what everyone sees (the
    wall, the gauge, the questions), for answers that only redraw the person's own part."""
    context: dict[str, Any] = {"notes": [], "mine": set(), "voted": set(), "my_notes": [], "questions": []}
    if activity is None:
        return context
    if activity.kind == "wall":
        if room:
            context["notes"] = wall.visible_notes(activity)
        if staff:
            context["pending_notes"] = wall.pending_notes(activity)
        if participant is not None:
            context["mine"] = wall.my_dots(participant, activity)
            context["my_notes"] = wall.notes_of(participant, activity)
            context["dots_left"] = activity.session.dot_budget - len(context["mine"])
    elif activity.kind == "debate":
        if room:
            context["tally"] = debate.gauge(activity)
        if participant is not None:
            context["my_side"] = debate.side_of(participant, activity)
    elif activity.kind == "qa":
        if room:
            context["questions"] = qa.visible_questions(activity)
        if staff:
            context["pending_questions"] = qa.pending_questions(activity)
        if participant is not None:
            context["voted"] = qa.my_votes(participant, activity)
    return context


def room_context(
    session: AssemblySession,
    participant: Any = None,
    room: bool = True,
    after: int | None = None,
    activity: Activity | None = None,
) -> dict[str, Any]:
    """`activity`: the open activity when the request already read it (its action), else read
    here with the session's activities."""
    # The version is read before the snapshot: an event committed in between is replayed (and
    # dropped by the page if it was already drawn), never missed.
    if after is None:
        after = latest_id(broadcast.room_channel(session.id)) if room else 0
    activity = activity or session.current_activity
    return {
        "session": session,
        "activity": activity,
        "participant": participant,
        "after": after,
        **_activity_snapshot(activity, participant, staff=False, room=room),
    }


def staff_context(session: AssemblySession, activity: Activity | None) -> dict[str, Any]:
    after = latest_id(broadcast.staff_channel(session.id))
    return {
        "session": session,
        "activity": activity,
        "participant": None,
        "after": after,
        "pending_notes": [],
        "pending_questions": [],
        **_activity_snapshot(activity, None, staff=True),
    }


def chosen_activity(session: AssemblySession, activity_id: int | None) -> Activity | None:
    """The activity the console shows: the one asked for, else the open one, else the last."""
    if activity_id:
        found = next((a for a in session.activities if a.id == activity_id), None)
        if found is not None:
            return found
    return session.current_activity or (session.activities[-1] if session.activities else None)
