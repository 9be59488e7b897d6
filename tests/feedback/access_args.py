"""Sample URL arguments for feedback's routes, read by tests/test_access.py.

Item and case pages are `@access("user")` / `@access("staff")` with a finer check: the sample item is
reported by the person the access test signed in, and its service is one every staff grant of the
access test covers (a city-wide `staff` grant), so that every role the level admits gets through;
refusals of other people are tested in tests/feedback/test_views_*.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from app.accounts.models import User
from app.extensions import db


def _world(s: Any) -> dict[str, Any]:
    def build() -> dict[str, Any]:
        from app.feedback.services import catalog, items, photos, surveys
        from tests.feedback.conftest import png

        signed_in = db.session.scalar(sa.select(User).order_by(User.id.desc()).limit(1))
        author = signed_in or s.make_user(display_name="Habitante")
        service = catalog.save_service(None, catalog.ServiceInput("Voirie", "voirie", "Nid-de-poule"))
        item = items.report(author, items.ItemInput(service.id, "Un nid-de-poule rue de Rome", "Nid-de-poule"))
        photos.attach(item, png())
        (invitation,) = surveys.send("budget_project", 1, "Des bancs", "", [surveys.Recipient("a@example.org")], None)
        db.session.commit()
        return {"item_id": item.id, "service_id": service.id, "token": surveys.token_for(invitation)}

    return s.once("feedback", build)  # type: ignore[no-any-return]


def _pick(*names: str) -> Callable[[Any], dict[str, Any]]:
    return lambda s: {name: _world(s)[name] for name in names}


URL_ARGS: dict[str, Callable[[Any], dict[str, Any]]] = {
    **{
        f"feedback.{name}": _pick("item_id")
        for name in (
            "item", "photo", "manage", "set_criticality", "assign", "change_status", "answer", "link_duplicate",
            "unlink_duplicate",
        )
    },
    "feedback.edit_service": _pick("service_id"),
    "feedback.survey": _pick("token"),
}  # fmt: skip
