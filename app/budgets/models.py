"""Participatory budget tables: editions with their dated phases and envelopes, proposals with
their images, authors, review decisions, comments, reports and supports.

Ballots are not here: each envelope's vote lives in `app.votes` (`Envelope.vote_id`), whose roll and
anonymous ballots stay apart."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.core.db import Base, TimestampMixin, utcnow
from app.geo.models import District, Quartier, Sector

# Phases in the order they run; "support" (pre-selection by supports) is optional.
PHASE_KINDS = ("submission", "review", "support", "voting", "results", "followup")
REQUIRED_PHASES = ("submission", "review", "voting", "results")
# Where the envelopes a resident may vote in come from.
VOTING_SCOPES = ("own_and_city", "own", "all")
# What the support phase decides: which submitted proposals are reviewed, or which feasible ones go to the vote.
SUPPORT_LEADS_TO = ("review", "vote")
ENVELOPE_SCOPES = ("city", "sector", "district")
BALLOT_KINDS = ("approval", "knapsack")
THEMES = (
    "cadre_de_vie", "nature", "mobilite", "sport", "culture", "solidarite", "education", "proprete", "numerique",
)  # fmt: skip
# Their names, for every area that shows a theme (accountability too).
THEME_LABELS = {
    "cadre_de_vie": _l("Cadre de vie"), "nature": _l("Nature et espaces verts"), "mobilite": _l("Mobilité"),
    "sport": _l("Sport"), "culture": _l("Culture et patrimoine"), "solidarite": _l("Solidarité"),
    "education": _l("Éducation et jeunesse"), "proprete": _l("Propreté"), "numerique": _l("Numérique"),
}  # fmt: skip
# A proposal's life: drafted, submitted, then reviewed (feasible or not, or merged into another);
# pre-selection may leave some aside; feasible ones are selected for the vote; the tally funds some.
PROPOSAL_STATUSES = (
    "draft", "submitted", "feasible", "unfeasible", "merged", "withdrawn", "not_preselected", "selected",
    "funded", "not_funded",
)  # fmt: skip
PUBLIC_STATUSES = tuple(status for status in PROPOSAL_STATUSES if status not in ("draft", "withdrawn"))
DECISION_KINDS = ("feasible", "unfeasible", "cost", "merge", "move", "preselection", "selection", "reopen")
ALIGNMENTS = ("for", "against", "neutral")
REPORT_REASONS = ("offensive", "spam", "personal_data", "off_topic", "other")
MONEY = sa.Numeric(14, 2)

proposal_author = sa.Table(
    "budget_proposal_author",
    Base.metadata,
    sa.Column("proposal_id", sa.ForeignKey("budget_proposal.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("account_user.id", ondelete="CASCADE"), primary_key=True),
)


class Edition(TimestampMixin, Base):
    """One participatory budget ("Budget participatif 2027"). Its slug is the scope of its
    reviewers' role grants."""

    __tablename__ = "budget_edition"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    year: Mapped[int] = mapped_column(index=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    unverified_may_propose: Mapped[bool] = mapped_column(default=False)
    unverified_may_support: Mapped[bool] = mapped_column(default=False)
    # Support phase: how many proposals one resident may support, and how many per envelope go through.
    support_limit: Mapped[int | None]
    support_pass_count: Mapped[int | None]
    support_leads_to: Mapped[str] = mapped_column(sa.String(10), default="vote")
    show_support_counts: Mapped[bool] = mapped_column(default=True)
    voting_scope: Mapped[str] = mapped_column(sa.String(14), default="own_and_city")
    rule: Mapped[str] = mapped_column(sa.String(20), default="greedy")  # one of app.votes.models.RULES
    show_counts_during_vote: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="SET NULL"))

    phases: Mapped[list[Phase]] = relationship(
        back_populates="edition", cascade="all, delete-orphan", order_by="Phase.starts_at"
    )
    envelopes: Mapped[list[Envelope]] = relationship(
        back_populates="edition", cascade="all, delete-orphan", order_by="Envelope.position"
    )

    def phase(self, kind: str) -> Phase | None:
        return next((phase for phase in self.phases if phase.kind == kind), None)

    @property
    def has_support_phase(self) -> bool:
        return self.phase("support") is not None and bool(self.support_limit)


class Phase(Base):
    """A dated step of an edition: open from `starts_at` until `ends_at` (None: no end)."""

    __tablename__ = "budget_phase"
    __table_args__ = (sa.UniqueConstraint("edition_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("budget_edition.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(12))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime | None]

    edition: Mapped[Edition] = relationship(back_populates="phases")

    def is_open(self, now: datetime) -> bool:
        return self.starts_at <= now and (self.ends_at is None or now < self.ends_at)

    def is_over(self, now: datetime) -> bool:
        return self.ends_at is not None and now >= self.ends_at


class Envelope(Base):
    """Money for the whole city or for one sector or arrondissement, with its ballot's rules."""

    __tablename__ = "budget_envelope"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("budget_edition.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(sa.String(160))
    scope: Mapped[str] = mapped_column(sa.String(10), default="city")
    sector_id: Mapped[int | None] = mapped_column(sa.ForeignKey("geo_sector.id"))
    district_id: Mapped[int | None] = mapped_column(sa.ForeignKey("geo_district.id"))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    ballot_kind: Mapped[str] = mapped_column(sa.String(10), default="knapsack")
    min_choices: Mapped[int | None]
    max_choices: Mapped[int | None]
    min_share: Mapped[int | None]  # percent of the amount a knapsack ballot must spend
    # The vote of app.votes that carries this envelope's ballots, once the voting phase is prepared.
    vote_id: Mapped[int | None] = mapped_column(sa.ForeignKey("votes_vote.id", ondelete="SET NULL"))

    edition: Mapped[Edition] = relationship(back_populates="envelopes")
    sector: Mapped[Sector | None] = relationship()
    district: Mapped[District | None] = relationship()

    def covers(self, quartier: Quartier | None) -> bool:
        """Whether a resident of `quartier` lives where this envelope's money goes."""
        if self.scope == "city":
            return True
        if quartier is None:
            return False
        if self.scope == "district":
            return quartier.district_id == self.district_id
        return quartier.district.sector_id == self.sector_id


class Proposal(TimestampMixin, Base):
    __tablename__ = "budget_proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("budget_edition.id", ondelete="CASCADE"), index=True)
    envelope_id: Mapped[int] = mapped_column(sa.ForeignKey("budget_envelope.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(sa.String(160))
    description: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown, rendered sanitised
    estimated_cost: Mapped[Decimal] = mapped_column(MONEY)
    reviewed_cost: Mapped[Decimal | None] = mapped_column(MONEY)  # the city's estimate, once reviewed
    theme: Mapped[str] = mapped_column(sa.String(20))
    quartier_id: Mapped[int | None] = mapped_column(sa.ForeignKey("geo_quartier.id"), index=True)
    address: Mapped[str] = mapped_column(sa.String(200), default="")
    status: Mapped[str] = mapped_column(sa.String(16), default="draft", index=True)
    status_reason: Mapped[str] = mapped_column(sa.Text, default="")  # public: why unfeasible, merged...
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("budget_proposal.id", ondelete="SET NULL"))
    support_count: Mapped[int] = mapped_column(default=0)
    submitted_at: Mapped[datetime | None]
    hidden_at: Mapped[datetime | None]
    hidden_reason: Mapped[str] = mapped_column(sa.Text, default="")
    hidden_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="SET NULL"))

    edition: Mapped[Edition] = relationship()
    envelope: Mapped[Envelope] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    authors: Mapped[list[User]] = relationship(secondary=proposal_author, order_by=User.id)
    quartier: Mapped[Quartier | None] = relationship()
    merged_into: Mapped[Proposal | None] = relationship(remote_side=[id], foreign_keys=[merged_into_id])
    images: Mapped[list[ProposalImage]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ProposalImage.position"
    )
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="Decision.at"
    )

    @property
    def cost(self) -> Decimal:
        """What the project costs as far as the city knows: its review's estimate, else the author's."""
        return self.reviewed_cost if self.reviewed_cost is not None else self.estimated_cost

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    def is_author(self, user: Any) -> bool:
        user_id = getattr(user, "id", None)
        return user_id is not None and any(author.id == user_id for author in self.authors)


class ProposalImage(Base):
    """An image re-encoded by Parvis (never the uploaded bytes), stored under the instance folder."""

    __tablename__ = "budget_proposal_image"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("budget_proposal.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    stored_name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(40))
    width: Mapped[int]
    height: Mapped[int]
    size: Mapped[int]
    alt: Mapped[str] = mapped_column(sa.String(200), default="")

    proposal: Mapped[Proposal] = relationship(back_populates="images")


class Decision(Base):
    """A review decision on a proposal, with its public reason (also in the audit log)."""

    __tablename__ = "budget_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("budget_proposal.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(sa.String(14))
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="decisions")


class Comment(TimestampMixin, Base):
    """A comment on a proposal, or a reply to one (one level only), for, against or neutral."""

    __tablename__ = "budget_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("budget_proposal.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("budget_comment.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    alignment: Mapped[str] = mapped_column(sa.String(8), default="neutral")
    hidden_at: Mapped[datetime | None]
    hidden_reason: Mapped[str] = mapped_column(sa.Text, default="")
    hidden_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="SET NULL"))

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    proposal: Mapped[Proposal] = relationship()
    replies: Mapped[list[Comment]] = relationship(order_by="Comment.id", cascade="all, delete-orphan")

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Report(Base):
    """Someone asks the moderators to look at a proposal or a comment."""

    __tablename__ = "budget_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("budget_edition.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(sa.ForeignKey("budget_proposal.id", ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("budget_comment.id", ondelete="CASCADE"))
    reporter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(sa.String(14))
    details: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="SET NULL"))

    proposal: Mapped[Proposal | None] = relationship()
    comment: Mapped[Comment | None] = relationship()


class Support(Base):
    """A resident supports a proposal during the support phase; one per person and proposal."""

    __tablename__ = "budget_support"
    __table_args__ = (sa.UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("budget_edition.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("budget_proposal.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("account_user.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
