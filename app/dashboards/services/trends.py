"""Month by month over the period: the same sources as `participation`, each counted per month of
the city's calendar in one grouped query (`scope.count_by_month`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from app.accounts.models import User
from app.assemblies.models import Participant
from app.budgets.models import PUBLIC_STATUSES, Envelope, Proposal
from app.councils.models import Attendance, Body, Session
from app.dashboards.services.scope import Scope, count_by_month
from app.feedback.models import Item
from app.geo.models import Quartier
from app.votes.models import RollEntry


@dataclass(frozen=True)
class Month:
    month: date
    counts: dict[str, int]


def _in_district(query: sa.Select[Any], quartier: Any, scope: Scope) -> sa.Select[Any]:
    if scope.district_id is None:
        return query
    return query.join(Quartier, quartier == Quartier.id).where(Quartier.district_id == scope.district_id)


def _attendance(scope: Scope, kind: str) -> sa.Select[Any]:
    query = (
        sa.select()
        .select_from(Attendance)
        .join(Session, Attendance.session_id == Session.id)
        .join(Body, Session.body_id == Body.id)
        .join(User, Attendance.user_id == User.id)
        .where(Attendance.status == "present", Body.kind == kind, scope.moment(Session.starts_at))
    )
    return _in_district(query, User.quartier_id, scope)


def trends(scope: Scope) -> list[Month]:
    """Budget voters are counted here by ballot day from the roll (one per person and vote); an
    arrondissement filter leaves them out, since a paper voter's quartier is only known through
    the census (the participation table places them)."""
    queries: dict[str, tuple[Any, sa.Select[Any] | None]] = {
        "accounts": (
            User.created_at,
            _in_district(
                sa.select().select_from(User).where(User.erased_at.is_(None), scope.moment(User.created_at)),
                User.quartier_id,
                scope,
            ),
        ),
        "council_attendance": (Session.starts_at, _attendance(scope, "council")),
        "ciq_attendance": (Session.starts_at, _attendance(scope, "ciq")),
        "proposals": (
            Proposal.created_at,
            _in_district(
                sa.select()
                .select_from(Proposal)
                .where(Proposal.status.in_(PUBLIC_STATUSES), scope.moment(Proposal.created_at)),
                Proposal.quartier_id,
                scope,
            ),
        ),
        "budget_voters": (
            RollEntry.day,
            None
            if scope.district_id is not None
            else sa.select()
            .select_from(RollEntry)
            .join(Envelope, Envelope.vote_id == RollEntry.vote_id)
            .where(scope.day(RollEntry.day)),
        ),
        "assembly_participants": (
            Participant.joined_at,
            _in_district(
                sa.select()
                .select_from(Participant)
                .outerjoin(User, Participant.user_id == User.id)
                .where(scope.moment(Participant.joined_at)),
                User.quartier_id,
                scope,
            ),
        ),
        "feedback": (
            Item.created_at,
            _in_district(sa.select().select_from(Item).where(scope.moment(Item.created_at)), Item.quartier_id, scope),
        ),
    }
    per_source = {
        source: count_by_month(column, query, scope) if query is not None else None
        for source, (column, query) in queries.items()
    }
    return [
        Month(month, {source: counts[month] for source, counts in per_source.items() if counts is not None})
        for month in scope.months
    ]
