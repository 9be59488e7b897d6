"""Sample URL arguments for councils' routes, read by tests/test_access.py.

Most councils routes are `@access("user")` with a finer check (`can_moderate`): the sample body is
moderated by the person the access test signed in, so that every role the level admits gets
through; refusals of other people are tested in tests/councils/test_views_*.py."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from app.accounts.models import RoleGrant, User
from app.core.db import utcnow
from app.extensions import db


def _world(s: Any) -> dict[str, Any]:
    def build() -> dict[str, Any]:
        from app.councils.models import Speaker
        from app.councils.services import actions, agenda, bodies, documents, memberships, motions, sessions
        from tests.factories import QuartierFactory

        signed_in = db.session.scalar(sa.select(User).order_by(User.id.desc()).limit(1))
        quartier = QuartierFactory()
        body = bodies.create_body(
            None, bodies.BodyInput(name="CIQ échantillon", kind="ciq", quartier_ids=[quartier.id])
        )
        if signed_in is not None:
            db.session.add(RoleGrant(user_id=signed_in.id, role="moderator", scope_id=body.slug))
        applicant = s.make_user(display_name="Candidate")
        membership = memberships.join(applicant, body, "Bonjour")
        starts = utcnow() + timedelta(days=2)
        session = sessions.create_session(
            applicant,
            body,
            sessions.SessionInput(title="Séance", starts_at=starts, ends_at=starts + timedelta(hours=2), place="Salle"),
        )
        item = agenda.add_item(session, "Accueil", 10)
        motion = motions.create_motion(applicant, session, "Motion", "", "hands")
        speaker = Speaker(session_id=session.id, user_id=applicant.id)
        db.session.add(speaker)
        action = actions.create_action(applicant, body, actions.ActionInput("Relancer", "Bureau"))
        document = documents.attach(applicant, session, "Plan", io.BytesIO(b"%PDF-1.4\n%%EOF\n"))
        db.session.commit()
        return {
            "slug": body.slug,
            "membership_id": membership.id,
            "session_id": session.id,
            "item_id": item.id,
            "motion_id": motion.id,
            "speaker_id": speaker.id,
            "action_id": action.id,
            "document_id": document.id,
        }

    return s.once("councils", build)  # type: ignore[no-any-return]


def _pick(*names: str, **fixed: Any) -> Callable[[Any], dict[str, Any]]:
    return lambda s: {**{name: _world(s)[name] for name in names}, **fixed}


BODY = _pick("slug")
SESSION = _pick("session_id")

URL_ARGS: dict[str, Callable[[Any], dict[str, Any]]] = {
    **{
        f"councils.{name}": BODY
        for name in (
            "body", "body_ics", "edit_body", "join", "leave", "show_name", "members", "new_session",
            "actions_page", "new_action", "figures_page",
        )
    },
    **{
        f"councils.{name}": SESSION
        for name in (
            "session", "session_ics", "prepare_session", "cancel_session", "add_item", "add_document", "register",
            "unregister", "console", "open_session", "close_session", "attendance", "now", "now_stream", "hand_state",
            "new_motion",
            "minutes",
        )
    },
    "councils.decide": _pick("slug", "membership_id"),
    "councils.set_position": _pick("slug", "membership_id"),
    "councils.update_action": _pick("slug", "action_id"),
    "councils.change_item": _pick("session_id", "item_id", move="monter"),
    "councils.step": _pick("session_id", direction="suivant"),
    "councils.go_to": _pick("session_id", position=1),
    "councils.hand": _pick("session_id", what="lever"),
    "councils.floor": _pick("session_id", "speaker_id", what="donner"),
    "councils.minutes_status": _pick("session_id", what="approuver"),
    "councils.record_hands": _pick("session_id", "motion_id"),
    "councils.open_vote": _pick("session_id", "motion_id"),
    "councils.close_vote": _pick("session_id", "motion_id"),
    "councils.cast": _pick("session_id", "motion_id"),
    "councils.document": _pick("document_id"),
    "councils.remove_document": _pick("document_id"),
}  # fmt: skip
