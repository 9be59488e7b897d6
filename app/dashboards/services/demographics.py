"""Who takes part: the people with an account who did something in the period (attended a council
or CIQ session, proposed a budget project, voted on the web or had a paper vote tied to their
account, joined an assembly, sent feedback), by the gender and age band they chose to give, in
aggregate only. Each person counts once, whatever they did; a group of fewer than SMALL_GROUP
people is hidden (and the next smallest with it, see `app.core.figures.group_lines`).

The census gives no population by gender or age band, so the groups are shown against the people
who took part only; the page says so."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa

from app.accounts.models import AGE_BANDS, GENDERS, User
from app.assemblies.models import Participant
from app.budgets.models import Proposal
from app.core.figures import GroupLine, group_lines
from app.councils.models import Attendance, Session
from app.dashboards.services.scope import Scope
from app.extensions import db
from app.feedback.models import Item
from app.geo.models import Quartier
from app.votes.models import RollEntry

USER_KEY = "user:"


@dataclass(frozen=True)
class Demographics:
    people: int
    genders: list[GroupLine]
    age_bands: list[GroupLine]


def _active_user_ids(scope: Scope) -> sa.CompoundSelect:
    voter = sa.cast(sa.func.substr(RollEntry.voter_key, len(USER_KEY) + 1), sa.Integer)
    return sa.union(
        sa.select(Attendance.user_id)
        .join(Session, Attendance.session_id == Session.id)
        .where(Attendance.status == "present", scope.moment(Session.starts_at)),
        sa.select(Proposal.author_id).where(Proposal.author_id.is_not(None), scope.moment(Proposal.created_at)),
        sa.select(voter).where(RollEntry.voter_key.startswith(USER_KEY), scope.day(RollEntry.day)),
        sa.select(Participant.user_id).where(Participant.user_id.is_not(None), scope.moment(Participant.joined_at)),
        sa.select(Item.author_id).where(Item.author_id.is_not(None), scope.moment(Item.created_at)),
    )


def demographics(scope: Scope) -> Demographics:
    active = _active_user_ids(scope).subquery()
    query = (
        sa.select(User.gender, User.age_band, sa.func.count())
        .where(User.id.in_(sa.select(active.c[0])), User.erased_at.is_(None))
        .group_by(User.gender, User.age_band)
    )
    if scope.district_id is not None:
        query = query.join(Quartier, User.quartier_id == Quartier.id).where(Quartier.district_id == scope.district_id)
    genders: Counter[str | None] = Counter()
    ages: Counter[str | None] = Counter()
    people = 0
    for gender, age_band, count in db.session.execute(query):
        genders[gender] += count
        ages[age_band] += count
        people += count
    return Demographics(people, group_lines(genders, GENDERS), group_lines(ages, AGE_BANDS))
