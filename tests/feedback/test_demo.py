"""The feedback demo: a year of reports over every channel and service, with answers, duplicates,
late cases for the queue's alerts, and answered surveys; loading it again changes nothing."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from app.core import audit
from app.core.db import utcnow
from app.demo import accounts, feedback, geo
from app.demo.context import DemoContext
from app.extensions import db
from app.feedback.models import CHANNELS, Answer, Item, Service, SurveyResponse
from app.feedback.services import alerts, figures


def test_a_year_of_feedback(app: Flask) -> None:
    ctx = DemoContext()
    with app.test_request_context():
        geo.load(ctx)
        accounts.load(ctx)
        summary = feedback.load(ctx)
        db.session.commit()
    assert "423 reports" in summary and feedback.AGENT in summary
    agent = ctx.people[feedback.AGENT]
    assert agent.has_role("staff", "voirie") and not agent.has_role("staff", "ecoles")
    assert {row.key for row in figures.volume("channel")} == set(CHANNELS)
    assert len(figures.volume("service")) == db.session.scalar(sa.select(sa.func.count()).select_from(Service)) == 6
    months = figures.monthly()
    assert len(months) >= 12 and sum(months.values()) == 423
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Item).where(Item.primary_id.is_not(None))) > 20
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Answer)) > 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SurveyResponse)) > 50
    statuses = set(db.session.scalars(sa.select(Item.status).distinct()))
    assert {"received", "in_progress", "resolved", "rejected"} <= statuses
    kinds = {kind for _item, found in alerts.late_cases(utcnow()) for kind in found}
    assert kinds == {"not_acknowledged", "past_target"}
    assert all(row.average is not None for row in figures.satisfaction())
    assert audit.verify().intact
    with app.test_request_context():
        assert "nothing loaded" in feedback.load(ctx)
