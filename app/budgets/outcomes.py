"""What the vote decided, per envelope: the tally's record (one per envelope, written once at the
close, so the winners are announced once) with a line per project, and the overrides an admin made
afterwards, each with its public reason.

Lines keep the figures and the explanation of the tally so the results page never re-counts the
ballots; the ballots themselves stay in `app.votes`."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.budgets.models import MONEY, Envelope, Proposal
from app.core.db import Base, utcnow


class EnvelopeResult(Base):
    """The tally of one envelope's vote. Unique per envelope: of two closes racing, one writes it."""

    __tablename__ = "budget_envelope_result"

    id: Mapped[int] = mapped_column(primary_key=True)
    envelope_id: Mapped[int] = mapped_column(sa.ForeignKey("budget_envelope.id", ondelete="CASCADE"), unique=True)
    vote_id: Mapped[int | None] = mapped_column(sa.ForeignKey("votes_vote.id", ondelete="SET NULL"))
    rule: Mapped[str] = mapped_column(sa.String(20))
    ballots: Mapped[int]
    web_ballots: Mapped[int]
    paper_ballots: Mapped[int]
    budget: Mapped[Decimal] = mapped_column(MONEY)
    tallied_at: Mapped[datetime] = mapped_column(default=utcnow)

    envelope: Mapped[Envelope] = relationship()
    lines: Mapped[list[ResultLine]] = relationship(
        back_populates="result", cascade="all, delete-orphan", order_by="ResultLine.rank"
    )


class ResultLine(Base):
    """One project of a tallied envelope: its votes, whether the rule picked it, and why."""

    __tablename__ = "budget_result_line"
    __table_args__ = (sa.UniqueConstraint("result_id", "proposal_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(sa.ForeignKey("budget_envelope_result.id", ondelete="CASCADE"))
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("budget_proposal.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int]  # the order the tally considered the projects in
    votes: Mapped[int]
    cost: Mapped[Decimal] = mapped_column(MONEY)
    selected: Mapped[bool]  # by the rule, before any override
    explanation: Mapped[str] = mapped_column(sa.Text, default="")

    result: Mapped[EnvelopeResult] = relationship(back_populates="lines")
    proposal: Mapped[Proposal] = relationship()


class Override(Base):
    """An admin funds a project the rule left out, or withdraws one it picked, with a public reason
    (also in the audit log)."""

    __tablename__ = "budget_override"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("budget_proposal.id", ondelete="CASCADE"), index=True)
    envelope_id: Mapped[int] = mapped_column(sa.ForeignKey("budget_envelope.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="SET NULL"))
    funded: Mapped[bool]  # the project's fate after the override
    reason: Mapped[str] = mapped_column(sa.Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    proposal: Mapped[Proposal] = relationship()


class ParticipationSnapshot(Base):
    """An edition's participation figures, kept once every envelope is tallied (they cannot change
    then), so the results page does not go through the whole voter roll on each visit."""

    __tablename__ = "budget_participation"

    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("budget_edition.id", ondelete="CASCADE"), primary_key=True)
    figures: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
