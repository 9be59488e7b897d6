"""Sample URL arguments for accountability's routes, read by tests/test_access.py.

Tracker pages are `@access("user")` with a finer check: the person the access test signed in tracks
the sample project (delivered, so that it may be rated), so that every role the level admits gets
through; refusals of other people are tested in tests/accountability/test_views.py."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import sqlalchemy as sa
from PIL import Image

from app.accounts.models import RoleGrant, User
from app.extensions import db


def _world(s: Any) -> dict[str, Any]:
    def build() -> dict[str, Any]:
        from app.accountability.services import followups, milestones, photos, updates

        staff = s.make_user(roles=[("staff", "")])
        signed_in = db.session.scalar(sa.select(User).where(User.id != staff.id).order_by(User.id.desc()).limit(1))
        item = followups.create_project(staff, followups.ProjectInput("Un banc public"))
        if signed_in is not None:
            db.session.add(RoleGrant(user_id=signed_in.id, role="tracker", scope_id=f"projet-{item.id}"))
        milestone = milestones.add_milestone(staff, item, milestones.MilestoneInput("Pose", date(2027, 3, 1)))
        update = updates.post_update(staff, item, updates.UpdateInput("Le banc est posé", "Il est **à l'ombre**."))
        picture = io.BytesIO()
        Image.new("RGB", (8, 8), "green").save(picture, "PNG")
        picture.seek(0)
        photo = photos.add_photo(staff, item, picture, "Le banc", milestone=milestone)
        followups.track(staff, item, {"status": "delivered"}, date(2027, 3, 2))
        other = s.make_user(display_name="Agente de suivi")
        grant = RoleGrant(user_id=other.id, role="tracker", scope_id=f"projet-{item.id}")
        db.session.add(grant)
        db.session.commit()
        return {
            "follow_up_id": item.id,
            "milestone_id": milestone.id,
            "update_id": update.id,
            "photo_id": photo.id,
            "grant_id": grant.id,
        }

    return s.once("accountability", build)  # type: ignore[no-any-return]


def _pick(*names: str) -> Callable[[Any], dict[str, Any]]:
    return lambda s: {name: _world(s)[name] for name in names}


URL_ARGS: dict[str, Callable[[Any], dict[str, Any]]] = {
    **{
        f"accountability.{name}": _pick("follow_up_id")
        for name in (
            "project", "project_feed", "follow", "unfollow", "rate", "track_page", "track", "add_milestone",
            "post_update", "add_photo",
        )
    },
    **{f"accountability.{name}": _pick("milestone_id") for name in ("edit_milestone", "remove_milestone")},
    **{f"accountability.{name}": _pick("photo_id") for name in ("photo", "remove_photo")},
    "accountability.remove_tracker": _pick("grant_id"),
    "opendata.accountability_dataset": lambda s: {"name": "follow-ups", "kind": "csv"},
}  # fmt: skip
