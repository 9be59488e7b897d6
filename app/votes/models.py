"""Votes' tables: a vote and its options, the voter roll, the anonymous ballots.

The roll (`RollEntry`) knows *that* someone voted and by which channel; the ballot (`Ballot`) knows *what*
was chosen and nothing about who: a random id, the day only, no foreign key, column or sequence that
would let anyone join the two. Both are written in one transaction; the unique (vote, voter key)
constraint on the roll stops a second vote whatever the concurrency.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Base, TimestampMixin

KINDS = ("approval", "knapsack", "cumulative", "ranking", "single")
ELIGIBILITY = ("signed_in", "verified", "area", "list")
MAJORITIES = ("relative", "absolute", "two_thirds")
CHANNELS = ("web", "paper", "session")
RULES = ("greedy", "mes", "mes-add1", "mes-add1-greedy", "mes-add1-nostop")


class Vote(TimestampMixin, Base):
    __tablename__ = "votes_vote"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    kind: Mapped[str] = mapped_column(sa.String(12))
    secret: Mapped[bool] = mapped_column(default=True)
    # The area and object that own the vote ("councils", "motion:12"); "" for votes run by staff here.
    owner: Mapped[str] = mapped_column(sa.String(30), default="", index=True)
    owner_ref: Mapped[str] = mapped_column(sa.String(60), default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id"))

    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]  # set once, when the close is recorded and announced

    eligibility: Mapped[str] = mapped_column(sa.String(10), default="verified")
    district_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    quartier_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)

    # Limits, by kind (None = no limit of that sort).
    min_choices: Mapped[int | None]
    max_choices: Mapped[int | None]
    budget: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    min_share: Mapped[int | None]  # percent of the budget a knapsack ballot must spend
    points_per_option: Mapped[int | None]
    points_total: Mapped[int | None]
    max_ranked: Mapped[int | None]
    rank_points: Mapped[list[int] | None] = mapped_column(sa.JSON)  # points per rank; None = Borda
    allow_abstain: Mapped[bool] = mapped_column(default=True)
    quorum: Mapped[int | None]
    majority: Mapped[str] = mapped_column(sa.String(12), default="absolute")
    rule: Mapped[str] = mapped_column(sa.String(20), default="greedy")

    options: Mapped[list[VoteOption]] = relationship(
        back_populates="vote", order_by="VoteOption.position", cascade="all, delete-orphan"
    )

    @property
    def is_open_vote(self) -> bool:
        return not self.secret

    def option(self, option_id: int) -> VoteOption | None:
        return next((option for option in self.options if option.id == option_id), None)


class VoteOption(Base):
    __tablename__ = "votes_option"

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(sa.ForeignKey("votes_vote.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    cost: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    ref: Mapped[str] = mapped_column(sa.String(60), default="")  # the owner's id (a budget project...)

    vote: Mapped[Vote] = relationship(back_populates="options")


class EligibleVoter(Base):
    """The explicit list of a vote with eligibility "list" (e.g. members present in a session)."""

    __tablename__ = "votes_eligible_voter"
    __table_args__ = (sa.UniqueConstraint("vote_id", "voter_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(sa.ForeignKey("votes_vote.id", ondelete="CASCADE"), index=True)
    voter_key: Mapped[str] = mapped_column(sa.String(80))


class RollEntry(Base):
    """That a person voted: one row per voter key (account, verified identity), unique per vote."""

    __tablename__ = "votes_roll"
    __table_args__ = (sa.UniqueConstraint("vote_id", "voter_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(sa.ForeignKey("votes_vote.id", ondelete="CASCADE"))
    voter_key: Mapped[str] = mapped_column(sa.String(80), index=True)  # a person's votes, for their data export
    channel: Mapped[str] = mapped_column(sa.String(10))
    entered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id"))
    day: Mapped[date]


class Ballot(Base):
    """What was chosen, and nothing about who: no user, no sequence, no time finer than the day."""

    __tablename__ = "votes_ballot"
    # SQLite numbers every row of an ordinary table in insertion order (the hidden rowid), which would
    # line ballots up with roll rows; a WITHOUT ROWID table is stored by its random id instead.
    # The published list and the receipt check read a vote's ballots in receipt-hash order.
    __table_args__ = (sa.Index("ix_votes_ballot_vote_receipt", "vote_id", "receipt_hash"), {"sqlite_with_rowid": False})

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=uuid.uuid4)
    vote_id: Mapped[int] = mapped_column(sa.ForeignKey("votes_vote.id", ondelete="CASCADE"))
    content: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    receipt_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    channel: Mapped[str] = mapped_column(sa.String(10))
    day: Mapped[date]


class OpenChoice(Base):
    """Who chose what, written only for open votes (a council's show of hands): never for a secret one."""

    __tablename__ = "votes_open_choice"

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(sa.ForeignKey("votes_vote.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="SET NULL"))
    voter_name: Mapped[str] = mapped_column(sa.String(120))
    content: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    receipt_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    channel: Mapped[str] = mapped_column(sa.String(10))
