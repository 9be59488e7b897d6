"""What councils answer on the shared signals: the home page, the data export, account erasure."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from app.accounts.services import personal_data
from app.accounts.services.passwords import hash_password
from app.core.db import utcnow
from app.core.signals import open_now
from app.councils.models import Membership, Registration
from app.councils.services import live, memberships, sessions
from app.extensions import db


def test_the_home_page_lists_sessions_of_the_coming_days(world: Any, client: FlaskClient, app: Flask) -> None:
    body = world.body()
    soon = world.session(body, starts_in=timedelta(hours=2), title="Réunion de ce soir")
    world.session(body, starts_in=timedelta(days=40), title="Dans longtemps")
    items = [item for _, answer in open_now.send(app, now=utcnow(), user=None) for item in answer]
    assert [item.title for item in items if item.kind == "session"] == [f"{body.name} — Réunion de ce soir"]
    page = client.get("/").get_data(as_text=True)
    assert "Réunion de ce soir" in page and f"/conseils/seances/{soon.id}" in page and "Dans longtemps" not in page
    live.open_session(world.make_user(roles=[("staff", "")]), soon)
    db.session.commit()
    assert "En direct" in client.get("/").get_data(as_text=True)


def test_data_export_and_erasure(world: Any, app: Flask) -> None:
    body = world.body(joining="open")
    resident = world.make_user(password_hash=hash_password("un mot de passe solide"))
    memberships.join(resident, body, show_name=True)
    session = world.session(body)
    sessions.register(resident, session)
    db.session.commit()
    mine = personal_data.export(resident)["councils"]
    assert mine["memberships"][0]["body"] == body.name and mine["registrations"][0]["status"] == "registered"
    personal_data.erase(resident, "un mot de passe solide")
    db.session.commit()
    membership = db.session.scalar(db.select(Membership).where(Membership.user_id == resident.id))
    assert membership.status == "left" and membership.show_name is False and membership.left_at is not None
    assert db.session.scalar(db.select(Registration).where(Registration.user_id == resident.id)) is None
