"""A small world for the assemblies tests: an assembly, an open session and its activities, and
participants. Services render live fragments (url_for), so they run in a request context."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from app.assemblies.models import Activity, Assembly, AssemblySession, Participant
from app.assemblies.services import sessions
from app.core.db import utcnow
from app.extensions import db


@dataclass
class World:
    assembly: Assembly
    session: AssemblySession
    wall: Activity
    debate: Activity
    qa: Activity

    def participant(self, name: str = "Camille") -> Participant:
        person = sessions.join(None, self.session, name)
        db.session.commit()
        return person

    def open(self, activity: Activity) -> Activity:
        sessions.set_activity_status(None, activity, "open")
        db.session.commit()
        return activity


@pytest.fixture
def request_ctx(app: Flask) -> Iterator[None]:
    with app.test_request_context():
        yield


def build_world(**session_fields: Any) -> World:
    now = utcnow()
    assembly = sessions.create_assembly(None, "Assemblée citoyenne du futur")
    data = sessions.SessionInput(title="Séance 1", starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=2))
    for key, value in session_fields.items():
        setattr(data, key, value)
    session = sessions.create_session(None, assembly, data)
    session.status = "open"
    wall = sessions.add_activity(None, session, "wall", "Nos idées", columns=["Transports", "Logement"])
    debate = sessions.add_activity(None, session, "debate", "Débat", statement="La voiture doit quitter le centre.")
    qa = sessions.add_activity(None, session, "qa", "Questions aux élus")
    db.session.commit()
    return World(assembly, session, wall, debate, qa)


@pytest.fixture
def world(app: Flask, request_ctx: None) -> World:
    return build_world(note_interval=0)
