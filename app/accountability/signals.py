"""What accountability answers on the shared signals: a resident's follows and ratings in their data
export, and what an erased account leaves (ratings stay, anonymised; follows go)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.accountability.models import Follower, Rating
from app.core.signals import collect_user_data, user_erased
from app.extensions import db


def _user_data(sender: Any, user: Any, **_kwargs: Any) -> tuple[str, Any]:
    follows = db.session.scalars(sa.select(Follower).where(Follower.user_id == user.id).order_by(Follower.id))
    ratings = db.session.scalars(sa.select(Rating).where(Rating.user_id == user.id).order_by(Rating.id))
    return (
        "accountability",
        {
            "follows": [{"project_id": f.follow_up_id, "since": f.at.isoformat()} for f in follows],
            "ratings": [
                {"project_id": r.follow_up_id, "stars": r.stars, "comment": r.comment, "at": r.created_at.isoformat()}
                for r in ratings
            ],
        },
    )


def _erased(sender: Any, user: Any, **_kwargs: Any) -> None:
    db.session.execute(sa.delete(Follower).where(Follower.user_id == user.id))


def connect() -> None:
    collect_user_data.connect(_user_data)
    user_erased.connect(_erased)
