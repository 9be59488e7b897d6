"""Planning sessions, moving and cancelling them, the agenda, registrations and the waiting list."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from app.core.db import utcnow
from app.core.errors import DomainError
from app.councils.services import agenda, sessions


def _input(**fields: Any) -> sessions.SessionInput:
    starts = utcnow() + timedelta(days=3)
    values: dict[str, Any] = {
        "title": "Séance",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "mode": "in_person",
        "place": "Salle des fêtes",
    }
    values.update(fields)
    return sessions.SessionInput(**values)


def _fields(error: pytest.ExceptionInfo[DomainError]) -> set[str | None]:
    return {field for field, _ in error.value.problems}


def test_a_session_needs_what_its_mode_requires(world: Any) -> None:
    body, staff = world.body(), world.make_user(roles=[("staff", "")])
    with pytest.raises(DomainError) as error:
        sessions.create_session(staff, body, _input(mode="online", place=""))
    assert _fields(error) == {"online_url"}
    with pytest.raises(DomainError) as error:
        sessions.create_session(staff, body, _input(mode="hybrid", place="", online_url="ftp://x"))
    assert _fields(error) == {"place", "online_url"}
    starts = utcnow() + timedelta(days=3)
    with pytest.raises(DomainError) as error:
        sessions.create_session(
            staff, body, _input(ends_at=starts - timedelta(minutes=1), starts_at=starts, seat_limit=0)
        )
    assert _fields(error) == {"ends_at", "seat_limit"}
    session = sessions.create_session(
        staff, body, _input(mode="online", place="ignored", online_url="https://visio.example/x")
    )
    assert session.place == "" and session.status == "planned"


def test_moving_a_session_is_reported_and_bumps_the_calendar_sequence(world: Any) -> None:
    body = world.body()
    session = world.session(body)
    staff = world.make_user(roles=[("staff", "")])
    same = _input(title="Autre titre", starts_at=session.starts_at, ends_at=session.ends_at, place=session.place)
    assert sessions.update_session(staff, session, same) is False and session.sequence == 0
    later = _input(
        starts_at=session.starts_at + timedelta(days=1),
        ends_at=session.ends_at + timedelta(days=1),
        place=session.place,
    )
    assert sessions.update_session(staff, session, later) is True and session.sequence == 1


def test_cancelling_needs_a_reason_and_closes_registrations(world: Any) -> None:
    body = world.body()
    session = world.session(body)
    staff = world.make_user(roles=[("staff", "")])
    with pytest.raises(DomainError):
        sessions.cancel_session(staff, session, "")
    sessions.cancel_session(staff, session, "Salle indisponible")
    assert session.is_cancelled and session.sequence == 1
    with pytest.raises(DomainError, match="fermées"):
        sessions.register(world.make_user(), session)
    with pytest.raises(DomainError):
        sessions.cancel_session(staff, session, "encore")


def test_seat_limit_and_waiting_list_first_come_first_served(world: Any) -> None:
    body = world.body()
    session = world.session(body, seat_limit=2)
    a, b, c, d = (world.make_user() for _ in range(4))
    assert [sessions.register(p, session).status for p in (a, b, c, d)] == [
        "registered",
        "registered",
        "waiting",
        "waiting",
    ]
    with pytest.raises(DomainError):
        sessions.register(a, session)
    promoted = sessions.unregister(a, session)
    assert [r.user_id for r in promoted] == [c.id]
    assert [r.user_id for r in sessions.waiting_list(session)] == [d.id]
    # Raising the limit lets the next one in.
    staff = world.make_user(roles=[("staff", "")])
    sessions.update_session(
        staff, session, _input(starts_at=session.starts_at, ends_at=session.ends_at, place=session.place, seat_limit=3)
    )
    assert sessions.waiting_list(session) == [] and sessions.seats_taken(session) == 3
    # Registering again after cancelling reuses the row.
    assert sessions.register(a, session).status == "waiting"


def test_agenda_items_keep_their_order(world: Any) -> None:
    session = world.session(world.body())
    first = agenda.add_item(session, "Accueil", 5)
    second = agenda.add_item(session, "Propreté", 30)
    third = agenda.add_item(session, "Questions", 15)
    assert agenda.planned_minutes(session) == 50
    agenda.move_item(session, third, -1)
    assert [i.title for i in session.items] == ["Accueil", "Questions", "Propreté"]
    agenda.remove_item(session, first)
    assert [(i.position, i.title) for i in session.items] == [(1, "Questions"), (2, "Propreté")]
    agenda.move_item(session, second, 1)  # already last: nothing moves
    with pytest.raises(DomainError) as error:
        agenda.add_item(session, "", 0)
    assert {f for f, _ in error.value.problems} == {"title", "duration_minutes"}


def test_happening_lists_live_sessions_and_those_of_the_coming_days(world: Any) -> None:
    body = world.body()
    soon = world.session(body, starts_in=timedelta(hours=3))
    world.session(body, starts_in=timedelta(days=30))
    now = utcnow()
    assert sessions.happening(now, now + timedelta(days=7)) == [soon]
