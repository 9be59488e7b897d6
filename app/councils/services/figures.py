"""Per-body figures for moderators and staff: attendance over time, members joining and leaving,
decisions and actions open and closed. Integer arithmetic only; the charts are bars from
`app.core.figures`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa

from app.councils.models import Action, Attendance, Body, Membership, Motion, Session
from app.extensions import db


@dataclass(frozen=True)
class SessionAttendance:
    session: Session
    members: int
    present: int
    excused: int
    absent: int
    guests: int

    @property
    def rate(self) -> int | None:
        """Members present, in whole percent of the members at the time (rounded half up)."""
        if not self.members:
            return None
        return (200 * self.present + self.members) // (2 * self.members)


@dataclass(frozen=True)
class MonthFlow:
    month: date
    joined: int
    left: int


def _members_at(memberships: list[Membership], moment: datetime) -> int:
    return sum(
        1
        for m in memberships
        if m.joined_at is not None
        and m.joined_at <= moment
        and (m.left_at is None or m.left_at > moment)
        and (m.status == "active" or m.left_at is not None)
    )


def attendance(body: Body, limit: int = 24) -> list[SessionAttendance]:
    """The last `limit` closed sessions, oldest first."""
    sessions = list(
        db.session.scalars(
            sa.select(Session)
            .where(Session.body_id == body.id, Session.status == "closed")
            .order_by(Session.starts_at.desc())
            .limit(limit)
        )
    )[::-1]
    if not sessions:
        return []
    memberships = list(db.session.scalars(sa.select(Membership).where(Membership.body_id == body.id)))
    counts: dict[int, Counter[str]] = {s.id: Counter() for s in sessions}
    query = (
        sa.select(Attendance.session_id, Attendance.status, sa.func.count())
        .where(Attendance.session_id.in_(list(counts)))
        .group_by(Attendance.session_id, Attendance.status)
    )
    for session_id, status, count in db.session.execute(query):
        counts[session_id][status] = count
    return [
        SessionAttendance(
            session=s,
            members=_members_at(memberships, s.starts_at),
            present=counts[s.id]["present"],
            excused=counts[s.id]["excused"],
            absent=counts[s.id]["absent"],
            guests=s.guests,
        )
        for s in sessions
    ]


def _month(moment: datetime) -> date:
    return date(moment.year, moment.month, 1)


def _previous_months(today: date, count: int) -> list[date]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def membership_flows(body: Body, today: date, months: int = 12) -> list[MonthFlow]:
    memberships = list(db.session.scalars(sa.select(Membership).where(Membership.body_id == body.id)))
    joined = Counter(_month(m.joined_at) for m in memberships if m.joined_at is not None)
    left = Counter(_month(m.left_at) for m in memberships if m.left_at is not None)
    return [MonthFlow(month, joined[month], left[month]) for month in _previous_months(today, months)]


@dataclass(frozen=True)
class DecisionFigures:
    adopted: int
    rejected: int
    actions_open: int
    actions_in_progress: int
    actions_done: int
    actions_dropped: int
    actions_overdue: int


def decisions(body: Body, today: date) -> DecisionFigures:
    results = Counter(
        result
        for result in db.session.scalars(
            sa.select(Motion.result).join(Motion.session).where(Session.body_id == body.id, Motion.status == "closed")
        )
    )
    actions = list(db.session.scalars(sa.select(Action).where(Action.body_id == body.id)))
    statuses = Counter(action.status for action in actions)
    return DecisionFigures(
        adopted=results["adopted"],
        rejected=results["rejected"],
        actions_open=statuses["open"],
        actions_in_progress=statuses["in_progress"],
        actions_done=statuses["done"],
        actions_dropped=statuses["dropped"],
        actions_overdue=sum(1 for action in actions if action.is_overdue(today)),
    )


@dataclass(frozen=True)
class BodyOverview:
    body: Body
    members: int
    pending: int
    sessions_held: int
    last_session: datetime | None
    actions_open: int
    actions_overdue: int


def overview(today: date, since: datetime) -> list[BodyOverview]:
    """Every body in one table for the city's staff: a few grouped queries, not one per body."""
    bodies = list(db.session.scalars(sa.select(Body).order_by(Body.kind, Body.name)))
    members = dict(
        db.session.execute(
            sa.select(Membership.body_id, sa.func.count())
            .where(Membership.status == "active")
            .group_by(Membership.body_id)
        ).all()
    )
    pending = dict(
        db.session.execute(
            sa.select(Membership.body_id, sa.func.count())
            .where(Membership.status == "pending")
            .group_by(Membership.body_id)
        ).all()
    )
    held = {
        body_id: (count, last)
        for body_id, count, last in db.session.execute(
            sa.select(Session.body_id, sa.func.count(), sa.func.max(Session.starts_at))
            .where(Session.status == "closed", Session.starts_at >= since)
            .group_by(Session.body_id)
        )
    }
    open_actions = dict(
        db.session.execute(
            sa.select(Action.body_id, sa.func.count())
            .where(Action.status.in_(("open", "in_progress")))
            .group_by(Action.body_id)
        ).all()
    )
    overdue = dict(
        db.session.execute(
            sa.select(Action.body_id, sa.func.count())
            .where(Action.status.in_(("open", "in_progress")), Action.due_on < today)
            .group_by(Action.body_id)
        ).all()
    )
    rows = []
    for body in bodies:
        count, last = held.get(body.id, (0, None))
        rows.append(
            BodyOverview(
                body=body,
                members=members.get(body.id, 0),
                pending=pending.get(body.id, 0),
                sessions_held=count,
                last_session=_aware(last),
                actions_open=open_actions.get(body.id, 0),
                actions_overdue=overdue.get(body.id, 0),
            )
        )
    return rows


def _aware(moment: datetime | None) -> datetime | None:
    """`max()` of a column comes back without its type on some databases: make it UTC again."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
