"""The follow-up's demo data: last year's winners at different stages (one late, one delivered with
photos and ratings, a withdrawn winner cancelled with its reason), the demo tracker, and projects
funded outside the participatory budget with weighted lots."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask

from app.accountability.models import FollowUp
from app.accountability.permissions import can_track
from app.accountability.services import history, overview
from app.accounts.models import User
from app.core import audit
from app.extensions import db


@pytest.mark.sqlite_only  # the demo takes a minute to load: once is enough
def test_demo_follow_ups_at_every_stage(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    today = overview.city_today()
    items = list(db.session.scalars(sa.select(FollowUp).order_by(FollowUp.id)))
    winners = [item for item in items if item.proposal_id is not None]
    assert winners and all(item.edition is not None and item.votes is not None for item in winners)
    statuses = {item.status for item in winners}
    assert {"planned", "study", "works", "delivered"} <= statuses
    assert any(item.is_late(today) for item in winners)
    delivered = [item for item in winners if item.status == "delivered"]
    assert delivered and all(item.photos and item.progress == 100 for item in delivered)
    assert all(item.budget_spent <= item.budget_voted for item in winners)
    cancelled = [item for item in winners if item.status == "cancelled"]
    assert all(len(item.status_reason) > 20 for item in cancelled)
    outside = [item for item in items if item.source == "city" and item.parent_id is None]
    assert len(outside) == 2 and any(item.children for item in outside)
    parent = next(item for item in outside if item.children)
    assert parent.progress == 60  # lots weighted 1 and 2, at 100 % and 40 %
    tracker = db.session.scalar(sa.select(User).where(User.email == "suivi@parvis.example"))
    assert all(can_track(tracker, item) for item in winners) and not can_track(tracker, parent)
    assert history.history(delivered[0])[0].actor.id == tracker.id
    assert audit.verify().intact
