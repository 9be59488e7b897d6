"""What the vote engine answers to the core signals: open votes on the home page, a resident's data
export, an account's erasure."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import Flask, url_for
from flask_babel import gettext as _

from app.accounts.services.identity import voter_keys
from app.core.signals import OpenItem, collect_user_data, open_now, user_erased
from app.extensions import db
from app.votes.models import OpenChoice, RollEntry, Vote


@open_now.connect
def _open_votes(app: Flask, now: datetime, user: Any, **kwargs: Any) -> list[OpenItem]:
    query = sa.select(Vote).where(
        Vote.opens_at.is_not(None),
        Vote.opens_at <= now,
        Vote.closed_at.is_(None),
        sa.or_(Vote.closes_at.is_(None), Vote.closes_at > now),
    )
    return [
        OpenItem(kind="vote", title=vote.title, url=url_for("votes.show", vote_id=vote.id), until=vote.closes_at)
        for vote in db.session.scalars(query.order_by(Vote.closes_at))
    ]


@collect_user_data.connect
def _my_votes(app: Flask, user: Any, **kwargs: Any) -> tuple[str, list[dict[str, Any]]]:
    """That the person voted (vote, channel, day), never what: the ballot does not know who cast it."""
    query = (
        sa.select(Vote.id, Vote.title, RollEntry.channel, RollEntry.day)
        .join(Vote, Vote.id == RollEntry.vote_id)
        .where(RollEntry.voter_key.in_(voter_keys(user)))
        .distinct()
        .order_by(RollEntry.day)
    )
    rows = [
        {"vote_id": vote_id, "vote": title, "channel": channel, "day": day.isoformat()}
        for vote_id, title, channel, day in db.session.execute(query)
    ]
    open_rows = db.session.scalars(sa.select(OpenChoice).where(OpenChoice.user_id == user.id))
    for choice in open_rows:
        rows.append({"vote_id": choice.vote_id, "public_choice": choice.content})
    return "votes", rows


@user_erased.connect
def _anonymise_open_choices(app: Flask, user: Any, **kwargs: Any) -> None:
    """The roll keeps its keys (a person who voted has voted); a public choice loses the name."""
    db.session.execute(
        sa.update(OpenChoice).where(OpenChoice.user_id == user.id).values(user_id=None, voter_name=_("Compte supprimé"))
    )
