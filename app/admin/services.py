"""Read-only queries behind the administration pages. Changes go through the owning area's
services (roles: `app.accounts.services.roles`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.accounts.models import RoleGrant, User
from app.core.audit import AuditEntry
from app.extensions import db


@dataclass(frozen=True)
class AccountCounts:
    accounts: int
    confirmed: int
    verified: int


def account_counts() -> AccountCounts:
    """Live accounts, those with a confirmed email address, and verified residents."""
    live = User.erased_at.is_(None)
    row = db.session.execute(
        sa.select(
            sa.func.count(User.id),
            sa.func.count(User.email_confirmed_at),
            sa.func.count(User.verified_at),
        ).where(live)
    ).one()
    return AccountCounts(accounts=row[0], confirmed=row[1], verified=row[2])


@dataclass(frozen=True)
class UserFilters:
    text: str = ""
    verified: bool | None = None
    role: str = ""


def user_query(filters: UserFilters) -> sa.Select[tuple[User]]:
    """Accounts matching the filters, newest first. The text matches email or name, any case;
    `%` and `_` typed by the searcher are plain characters."""
    query = sa.select(User).options(selectinload(User.quartier))
    if filters.text:
        query = query.where(
            sa.or_(
                User.email.icontains(filters.text, autoescape=True),
                User.display_name.icontains(filters.text, autoescape=True),
            )
        )
    if filters.verified is True:
        query = query.where(User.verified_at.is_not(None))
    elif filters.verified is False:
        query = query.where(User.verified_at.is_(None))
    if filters.role:
        query = query.where(User.roles.any(RoleGrant.role == filters.role))
    return query.order_by(User.created_at.desc(), User.id.desc())


def users_by_id(ids: Iterable[int]) -> dict[int, User]:
    wanted = set(ids)
    if not wanted:
        return {}
    return {user.id: user for user in db.session.scalars(sa.select(User).where(User.id.in_(wanted)))}


def audit_actions() -> list[str]:
    """The actions present in the log, for the filter."""
    return list(db.session.scalars(sa.select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


def audit_query(action: str = "") -> sa.Select[tuple[AuditEntry]]:
    """Audit entries, newest first, optionally of one action."""
    query = sa.select(AuditEntry)
    if action:
        query = query.where(AuditEntry.action == action)
    return query.order_by(AuditEntry.id.desc())
