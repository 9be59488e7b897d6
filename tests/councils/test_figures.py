"""Per-body figures: attendance over time, members joining and leaving, decisions and actions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from app.core.db import utcnow
from app.councils.services import actions, figures, live, memberships, motions


def test_attendance_flows_and_decisions(world: Any) -> None:
    body = world.body(joining="open")
    moderator = world.moderator(body)
    a, b, c = (world.member(body) for _ in range(3))
    session = world.session(body, actor=moderator, starts_in=timedelta(minutes=1))
    live.open_session(moderator, session)
    live.record_attendance(moderator, session, {a.id: "present", b.id: "present", c.id: "excused"}, 5)
    motion = motions.create_motion(moderator, session, "M", "", "hands")
    motions.record_hands(moderator, motion, 2, 0, 0, "")
    live.close_session(moderator, session)
    memberships.leave(c, body)
    today = utcnow().date()
    actions.create_action(moderator, body, actions.ActionInput("En retard", "Bureau", today - timedelta(days=3)))

    [row] = figures.attendance(body)
    # c left before the session's start time (a minute from now): two members at the time.
    assert (row.members, row.present, row.excused, row.absent, row.guests) == (2, 2, 1, 0, 5)
    assert row.rate == 100
    assert figures.SessionAttendance(session, 3, 2, 0, 1, 0).rate == 67  # whole percent, rounded half up

    flows = figures.membership_flows(body, today)
    assert len(flows) == 12 and flows[-1].month == date(today.year, today.month, 1)
    assert (flows[-1].joined, flows[-1].left) == (3, 1)

    result = figures.decisions(body, today)
    assert (result.adopted, result.rejected, result.actions_open, result.actions_overdue) == (1, 0, 1, 1)


def test_overview_of_every_body_for_staff(world: Any, client: Any) -> None:
    busy, quiet = world.body("CIQ Actif", joining="open"), world.body("CIQ Calme")
    moderator = world.moderator(busy)
    member = world.member(busy)
    memberships.join(world.make_user(), quiet)  # a request waiting
    session = world.session(busy, actor=moderator, starts_in=timedelta(minutes=1))
    live.open_session(moderator, session)
    live.record_attendance(moderator, session, {member.id: "present"}, 0)
    live.close_session(moderator, session)
    today = utcnow().date()
    actions.create_action(moderator, busy, actions.ActionInput("En retard", "Bureau", today - timedelta(days=2)))
    actions.create_action(moderator, busy, actions.ActionInput("À venir", "Bureau", today + timedelta(days=2)))
    from app.extensions import db

    db.session.commit()
    rows = {row.body.name: row for row in figures.overview(today, utcnow() - timedelta(days=365))}
    active, calm = rows["CIQ Actif"], rows["CIQ Calme"]
    assert (active.members, active.sessions_held, active.actions_open, active.actions_overdue) == (1, 1, 2, 1)
    assert active.last_session == session.starts_at
    assert (calm.members, calm.pending, calm.sessions_held, calm.last_session) == (0, 1, 0, None)

    from tests.councils.conftest import sign_in

    sign_in(client, moderator)
    assert client.get("/conseils/chiffres").status_code == 403  # moderators see their own body's figures
    sign_in(client, world.make_user(roles=[("staff", "")]))
    page = client.get("/conseils/chiffres")
    assert page.status_code == 200 and "CIQ Actif" in page.get_data(as_text=True)
