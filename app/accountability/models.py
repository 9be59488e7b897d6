"""Follow-up of funded projects: one record per project the city pays for (a participatory-budget
winner, announced by `project_funded`, or a project staff add by hand), with its status, progress,
milestones, money voted, committed and spent, photos, a feed of updates, the residents who follow it
and, once delivered, their ratings.

Every change a tracker makes is written to the audit log (`app.core.audit`), which is the project's
public history: no separate history table to keep in step."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.budgets.models import MONEY, Edition, Proposal
from app.core.db import Base, TimestampMixin, utcnow
from app.geo.models import District, Quartier

# A project's life, in order; "cancelled" needs a public reason.
STATUSES = ("planned", "study", "works", "delivered", "cancelled")
OPEN_STATUSES = ("planned", "study", "works")
# Where the money comes from: a participatory-budget vote, or the city's own decision.
SOURCES = ("budget", "city")


class FollowUp(TimestampMixin, Base):
    """A funded project as residents follow it. A participatory-budget winner has exactly one
    (unique `proposal_id`); a sub-project has a parent and a weight in its parent's progress."""

    __tablename__ = "accountability_follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("budget_proposal.id", ondelete="SET NULL"), unique=True
    )
    edition_id: Mapped[int | None] = mapped_column(sa.ForeignKey("budget_edition.id", ondelete="SET NULL"), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("accountability_follow_up.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(sa.String(8), default="budget")
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown, rendered sanitised
    theme: Mapped[str] = mapped_column(sa.String(20), default="")  # one of app.budgets.models.THEMES, or ""
    quartier_id: Mapped[int | None] = mapped_column(sa.ForeignKey("geo_quartier.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(sa.ForeignKey("geo_district.id"), index=True)
    service: Mapped[str] = mapped_column(sa.String(120), default="")  # the city service responsible
    status: Mapped[str] = mapped_column(sa.String(10), default="planned", index=True)
    status_reason: Mapped[str] = mapped_column(sa.Text, default="")  # public: why cancelled
    progress: Mapped[int] = mapped_column(default=0)  # percent; computed from children when it has any
    weight: Mapped[int] = mapped_column(default=1)  # share of this sub-project in its parent's progress
    votes: Mapped[int | None]  # what the vote gave it, for a participatory-budget winner
    budget_voted: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    budget_committed: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    budget_spent: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    planned_start: Mapped[date | None] = mapped_column(sa.Date)
    planned_end: Mapped[date | None] = mapped_column(sa.Date)
    started_on: Mapped[date | None] = mapped_column(sa.Date)
    delivered_on: Mapped[date | None] = mapped_column(sa.Date)

    proposal: Mapped[Proposal | None] = relationship()
    edition: Mapped[Edition | None] = relationship()
    quartier: Mapped[Quartier | None] = relationship()
    district: Mapped[District | None] = relationship()
    parent: Mapped[FollowUp | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[FollowUp]] = relationship(back_populates="parent", order_by="FollowUp.id")
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="follow_up", cascade="all, delete-orphan", order_by="(Milestone.planned_on, Milestone.id)"
    )
    updates: Mapped[list[Update]] = relationship(
        back_populates="follow_up", cascade="all, delete-orphan", order_by="Update.at.desc()"
    )
    photos: Mapped[list[Photo]] = relationship(
        back_populates="follow_up", cascade="all, delete-orphan", order_by="Photo.id"
    )

    @property
    def is_closed(self) -> bool:
        return self.status in ("delivered", "cancelled")

    def is_late(self, today: date) -> bool:
        """A milestone past its planned date without an actual date, on a project still under way."""
        if self.is_closed:
            return False
        return any(milestone.is_late(today) for milestone in self.milestones)


class Milestone(Base):
    __tablename__ = "accountability_milestone"

    id: Mapped[int] = mapped_column(primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(
        sa.ForeignKey("accountability_follow_up.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    planned_on: Mapped[date] = mapped_column(sa.Date)
    done_on: Mapped[date | None] = mapped_column(sa.Date)

    follow_up: Mapped[FollowUp] = relationship(back_populates="milestones")
    photos: Mapped[list[Photo]] = relationship(back_populates="milestone", order_by="Photo.id")

    def is_late(self, today: date) -> bool:
        return self.done_on is None and self.planned_on < today


class Update(Base):
    """A dated news item on the project, written in Markdown by a tracker."""

    __tablename__ = "accountability_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(
        sa.ForeignKey("accountability_follow_up.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    follow_up: Mapped[FollowUp] = relationship(back_populates="updates")
    author: Mapped[User | None] = relationship()
    photos: Mapped[list[Photo]] = relationship(back_populates="update", order_by="Photo.id")


class Photo(Base):
    """A picture re-encoded by Parvis (never the uploaded bytes), stored under the instance folder,
    shown with a milestone or an update, or on the project alone."""

    __tablename__ = "accountability_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(
        sa.ForeignKey("accountability_follow_up.id", ondelete="CASCADE"), index=True
    )
    milestone_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("accountability_milestone.id", ondelete="SET NULL"), index=True
    )
    update_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("accountability_update.id", ondelete="SET NULL"), index=True
    )
    stored_name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(40))
    width: Mapped[int]
    height: Mapped[int]
    size: Mapped[int]
    alt: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    follow_up: Mapped[FollowUp] = relationship(back_populates="photos")
    milestone: Mapped[Milestone | None] = relationship(back_populates="photos")
    update: Mapped[Update | None] = relationship(back_populates="photos")


class Follower(Base):
    """A resident who asked to be told of each update (voting subscribes nobody)."""

    __tablename__ = "accountability_follower"
    __table_args__ = (sa.UniqueConstraint("follow_up_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(
        sa.ForeignKey("accountability_follow_up.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("account_user.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class Rating(TimestampMixin, Base):
    """A resident's rating (1 to 5) and comment on a delivered project; one each, which they may change."""

    __tablename__ = "accountability_rating"
    __table_args__ = (
        sa.UniqueConstraint("follow_up_id", "user_id"),
        sa.CheckConstraint("stars BETWEEN 1 AND 5", name="stars_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(
        sa.ForeignKey("accountability_follow_up.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="SET NULL"), index=True)
    stars: Mapped[int]
    comment: Mapped[str] = mapped_column(sa.Text, default="")

    author: Mapped[User | None] = relationship()
