"""Residents' ratings of a delivered project: 1 to 5 stars and a comment, one per resident (a new
rating replaces theirs). Satisfaction surveys are the feedback area's business, not this."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from app.accountability.models import FollowUp, Rating
from app.accounts.models import User
from app.core.errors import DomainError
from app.extensions import db

MAX_COMMENT = 2000


@dataclass(frozen=True)
class RatingSummary:
    count: int
    average: float | None  # for display only: stars are whole numbers, their mean is not money


def rating_of(user: User, follow_up: FollowUp) -> Rating | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(sa.select(Rating).where(Rating.follow_up_id == follow_up.id, Rating.user_id == user.id))


def rate(user: User, follow_up: FollowUp, stars: int | None, comment: str) -> Rating:
    if follow_up.status != "delivered":
        raise DomainError(_("On note un projet une fois livré."))
    problems: list[tuple[str | None, str]] = []
    if stars is None or not 1 <= stars <= 5:
        problems.append(("stars", _("Choisissez une note de 1 à 5.")))
    if len(comment) > MAX_COMMENT:
        problems.append(("comment", _("2 000 caractères au plus.")))
    if problems:
        raise DomainError(problems)
    assert stars is not None
    rating = rating_of(user, follow_up)
    if rating is None:
        rating = Rating(follow_up_id=follow_up.id, user_id=user.id, stars=stars)
        db.session.add(rating)
    rating.stars = stars
    rating.comment = comment.strip()
    db.session.flush()
    return rating


def ratings(follow_up: FollowUp) -> list[Rating]:
    query = sa.select(Rating).where(Rating.follow_up_id == follow_up.id).order_by(Rating.created_at.desc())
    return list(db.session.scalars(query))


def summary(items: list[Rating]) -> RatingSummary:
    if not items:
        return RatingSummary(0, None)
    return RatingSummary(len(items), round(sum(r.stars for r in items) / len(items), 1))
