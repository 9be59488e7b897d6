"""Residents who follow a project, to be mailed each update. Following is a choice each resident
makes on the project's page: voting for a project subscribes nobody."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.accountability.models import Follower, FollowUp
from app.accounts.models import User
from app.extensions import db


def is_following(user: User, follow_up: FollowUp) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    query = sa.select(Follower.id).where(Follower.follow_up_id == follow_up.id, Follower.user_id == user.id)
    return db.session.scalar(query) is not None


def follow(user: User, follow_up: FollowUp) -> None:
    """Idempotent: following twice (two tabs, a double click) leaves one row."""
    if is_following(user, follow_up):
        return
    try:
        with db.session.begin_nested():
            db.session.add(Follower(follow_up_id=follow_up.id, user_id=user.id))
    except IntegrityError:
        return


def unfollow(user: User, follow_up: FollowUp) -> None:
    db.session.execute(sa.delete(Follower).where(Follower.follow_up_id == follow_up.id, Follower.user_id == user.id))


def followers(follow_up: FollowUp) -> list[User]:
    """Live accounts with an email address that follow the project."""
    query = (
        sa.select(User)
        .join(Follower, Follower.user_id == User.id)
        .where(Follower.follow_up_id == follow_up.id, User.erased_at.is_(None), User.email.is_not(None))
        .order_by(User.id)
    )
    return list(db.session.scalars(query))


def follower_count(follow_up: FollowUp) -> int:
    query = sa.select(sa.func.count()).select_from(Follower).where(Follower.follow_up_id == follow_up.id)
    return db.session.scalar(query) or 0
