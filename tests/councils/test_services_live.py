"""Running a session: opening, attendance, moving through the agenda, the speaker queue, closing."""

from __future__ import annotations

from typing import Any

import pytest

from app.core.errors import DomainError
from app.councils.services import agenda, live, sessions


@pytest.fixture
def running(world: Any) -> Any:
    body = world.body(joining="open")
    moderator = world.moderator(body)
    members = [world.member(body) for _ in range(3)]
    session = world.session(body, actor=moderator)
    for title in ("Accueil", "Propreté", "Questions"):
        agenda.add_item(session, title, 10)
    return body, moderator, members, session


def test_opening_shows_the_first_item_and_every_change_bumps_the_version(running: Any) -> None:
    _, moderator, _, session = running
    version = session.live_version
    live.open_session(moderator, session)
    assert session.is_live and session.current_item.title == "Accueil"
    assert session.live_version > version
    version = session.live_version
    live.step(session, 1)
    assert session.current_item.title == "Propreté" and session.live_version > version
    assert session.items[0].ended_at is not None and session.items[1].started_at is not None
    live.go_to(session, 3)
    with pytest.raises(DomainError, match="dernier point"):
        live.step(session, 1)
    live.step(session, -1)
    assert session.current_item.title == "Propreté"
    with pytest.raises(DomainError):
        live.open_session(moderator, session)


def test_the_agenda_moves_only_while_live(running: Any) -> None:
    _, _, _, session = running
    with pytest.raises(DomainError, match="pas en cours"):
        live.step(session, 1)


def test_attendance_of_members_and_a_count_of_others(running: Any, world: Any) -> None:
    _, moderator, (a, b, c), session = running
    with pytest.raises(DomainError):
        live.record_attendance(moderator, session, {a.id: "present"}, 0)  # not live yet
    live.open_session(moderator, session)
    live.record_attendance(moderator, session, {a.id: "present", b.id: "excused", c.id: "absent"}, 7)
    assert live.attendance(session) == {a.id: "present", b.id: "excused", c.id: "absent"}
    assert live.present_members(session) == [a] and session.guests == 7
    live.record_attendance(moderator, session, {b.id: "present"}, 7)
    assert {u.id for u in live.present_members(session)} == {a.id, b.id}
    with pytest.raises(DomainError):
        live.record_attendance(moderator, session, {world.make_user().id: "present"}, 0)  # not a member
    with pytest.raises(DomainError):
        live.record_attendance(moderator, session, {a.id: "sleeping"}, 0)
    with pytest.raises(DomainError) as error:
        live.record_attendance(moderator, session, {}, -1)
    assert error.value.problems[0][0] == "guests"


def test_speaker_queue(running: Any, world: Any) -> None:
    _, moderator, (a, b, c), session = running
    stranger = world.make_user()
    registered = world.make_user()
    sessions.register(registered, session)
    live.open_session(moderator, session)
    live.record_attendance(moderator, session, {a.id: "present", b.id: "present", c.id: "absent"}, 0)
    with pytest.raises(DomainError, match="inscrit"):
        live.raise_hand(stranger, session)
    with pytest.raises(DomainError):
        live.raise_hand(c, session)  # absent
    first = live.raise_hand(b, session)
    second = live.raise_hand(registered, session)  # registered people in the room may ask too
    third = live.raise_hand(a, session)
    with pytest.raises(DomainError, match="déjà levée"):
        live.raise_hand(a, session)
    live.lower_hand(a, session)
    assert [s.id for s in live.queue(session)] == [first.id, second.id]
    live.give_floor(session, second)
    assert live.speaking(session) is second and second.started_at is not None
    assert [s.id for s in live.queue(session)] == [second.id, first.id]  # the speaker first
    live.give_floor(session, first)
    assert second.status == "done" and second.ended_at is not None
    live.end_floor(session, first)
    assert live.queue(session) == [] and third.status == "withdrawn"


def test_closing_ends_the_current_item_and_the_queue(running: Any) -> None:
    _, moderator, (a, _, _), session = running
    live.open_session(moderator, session)
    live.record_attendance(moderator, session, {a.id: "present"}, 0)
    live.raise_hand(a, session)
    live.close_session(moderator, session)
    assert session.status == "closed" and session.current_position is None
    assert all(item.ended_at for item in session.items if item.started_at)
    assert live.queue(session) == []
    with pytest.raises(DomainError):
        live.close_session(moderator, session)
