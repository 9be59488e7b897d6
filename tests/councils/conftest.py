"""Fixtures of the councils tests: a quartier, bodies with members and moderators, sessions, and a
request context for the services (their messages are translated per request)."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.core.db import utcnow
from app.councils.models import Body, Session
from app.councils.services import bodies, memberships, sessions
from app.extensions import db
from tests.factories import QuartierFactory


@pytest.fixture
def request_context(app: Flask) -> Iterator[None]:
    with app.test_request_context():
        yield


@pytest.fixture
def quartier(app: Flask) -> Any:
    item = QuartierFactory(name="La Belle de Mai", slug="la-belle-de-mai")
    db.session.commit()
    return item


@dataclass
class World:
    """Builders for the objects a test needs, all committed."""

    make_user: Callable[..., Any]
    quartier: Any

    def body(
        self,
        name: str = "CIQ Belle de Mai",
        joining: str = "request",
        kind: str = "ciq",
        quartiers: list[Any] | None = None,
    ) -> Body:
        ids = [q.id for q in (quartiers or [self.quartier])]
        body = bodies.create_body(None, bodies.BodyInput(name=name, kind=kind, joining=joining, quartier_ids=ids))
        db.session.commit()
        return body

    def moderator(self, body: Body, **fields: Any) -> Any:
        return self.make_user(roles=[("moderator", body.slug)], **fields)

    def member(self, body: Body, show_name: bool = False, **fields: Any) -> Any:
        user = self.make_user(**fields)
        membership = memberships.join(user, body, show_name=show_name)
        if membership.status == "pending":
            memberships.decide(user, membership, True)
        db.session.commit()
        return user

    def session(
        self, body: Body, actor: Any = None, starts_in: timedelta = timedelta(days=2), **fields: Any
    ) -> Session:
        starts: datetime = (utcnow() + starts_in).replace(microsecond=0)
        data = sessions.SessionInput(
            title=fields.pop("title", "Séance de rentrée"),
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            mode=fields.pop("mode", "in_person"),
            place=fields.pop("place", "Maison pour tous, 12 rue Loubon"),
            **fields,
        )
        actor = actor or self.make_user(roles=[("staff", "")])
        session = sessions.create_session(actor, body, data)
        db.session.commit()
        return session


@pytest.fixture
def world(app: Flask, make_user: Callable[..., Any], quartier: Any, request_context: None) -> World:
    return World(make_user, quartier)


def sign_in(client: FlaskClient, user: Any) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True


def text(response: Any) -> str:
    """The body with HTML entities decoded, so assertions read like the page does."""
    return html.unescape(response.get_data(as_text=True))
