"""Councils' tables: bodies (citizen councils and CIQ), memberships, sessions with their agenda,
documents, registrations, attendance, speaker queue and motions, and the follow-up actions that
decisions become."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.core.db import Base, TimestampMixin, utcnow
from app.geo.models import Quartier

BODY_KINDS = ("council", "ciq")
JOINING = ("open", "request")
POSITIONS = ("president", "secretary", "treasurer", "member")
MEMBERSHIP_STATUSES = ("pending", "active", "declined", "left")
SESSION_MODES = ("in_person", "online", "hybrid")
SESSION_STATUSES = ("planned", "live", "closed", "cancelled")
REGISTRATION_STATUSES = ("registered", "waiting", "cancelled")
ATTENDANCE_STATUSES = ("present", "excused", "absent")
SPEAKER_STATUSES = ("waiting", "speaking", "done", "withdrawn")
MOTION_METHODS = ("hands", "electronic")
MOTION_STATUSES = ("draft", "voting", "closed")
MOTION_RESULTS = ("adopted", "rejected")
MINUTES_STATUSES = ("draft", "approved", "published")
ACTION_STATUSES = ("open", "in_progress", "done", "dropped")

body_quartier = sa.Table(
    "council_body_quartier",
    Base.metadata,
    sa.Column("body_id", sa.ForeignKey("council_body.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("quartier_id", sa.ForeignKey("geo_quartier.id", ondelete="CASCADE"), primary_key=True),
)


class Body(TimestampMixin, Base):
    """A permanent body: a citizen council or a neighbourhood committee (CIQ). Its slug is also
    the scope of its moderators' role grants."""

    __tablename__ = "council_body"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(10), index=True)
    name: Mapped[str] = mapped_column(sa.String(160))
    purpose: Mapped[str] = mapped_column(sa.Text, default="")
    joining: Mapped[str] = mapped_column(sa.String(10), default="request")
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")

    quartiers: Mapped[list[Quartier]] = relationship(secondary=body_quartier, order_by=Quartier.name)
    memberships: Mapped[list[Membership]] = relationship(back_populates="body", cascade="all, delete-orphan")
    sessions: Mapped[list[Session]] = relationship(
        back_populates="body", cascade="all, delete-orphan", order_by="Session.starts_at"
    )

    @property
    def is_open(self) -> bool:
        return self.joining == "open"


class Membership(Base):
    """One person in one body. A person has one row per body: leaving and joining again reuse it."""

    __tablename__ = "council_membership"
    __table_args__ = (sa.UniqueConstraint("body_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("council_body.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("account_user.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(sa.String(10), default="pending")
    position: Mapped[str] = mapped_column(sa.String(12), default="member")
    # Whether the member agreed to have their name shown on the body's public page.
    show_name: Mapped[bool] = mapped_column(default=False)
    request_message: Mapped[str] = mapped_column(sa.Text, default="")
    reply_message: Mapped[str] = mapped_column(sa.Text, default="")
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    joined_at: Mapped[datetime | None]
    left_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="SET NULL"))

    body: Mapped[Body] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(foreign_keys=[user_id])

    @property
    def is_active(self) -> bool:
        return self.status == "active"


class Session(TimestampMixin, Base):
    """A meeting of a body, planned, run live, then closed with its minutes."""

    __tablename__ = "council_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("council_body.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(160))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    mode: Mapped[str] = mapped_column(sa.String(10), default="in_person")
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    online_url: Mapped[str] = mapped_column(sa.String(500), default="")
    seat_limit: Mapped[int | None]
    status: Mapped[str] = mapped_column(sa.String(10), default="planned", index=True)
    # Bumped by every change the live pages show: the "now" page polls with it.
    live_version: Mapped[int] = mapped_column(default=0)
    current_position: Mapped[int | None]
    guests: Mapped[int] = mapped_column(default=0)
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    cancelled_reason: Mapped[str] = mapped_column(sa.Text, default="")
    sequence: Mapped[int] = mapped_column(default=0)  # iCalendar SEQUENCE: bumped when moved or cancelled
    minutes: Mapped[str] = mapped_column(sa.Text, default="")
    minutes_status: Mapped[str] = mapped_column(sa.String(10), default="draft")
    minutes_approved_at: Mapped[datetime | None]
    minutes_approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="SET NULL"))
    minutes_published_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="SET NULL"))

    body: Mapped[Body] = relationship(back_populates="sessions")
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="AgendaItem.position"
    )
    documents: Mapped[list[Document]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="Document.id"
    )
    motions: Mapped[list[Motion]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="Motion.id"
    )

    @property
    def current_item(self) -> AgendaItem | None:
        if self.current_position is None:
            return None
        return next((item for item in self.items if item.position == self.current_position), None)

    @property
    def is_live(self) -> bool:
        return self.status == "live"

    @property
    def is_cancelled(self) -> bool:
        return self.status == "cancelled"


class AgendaItem(Base):
    __tablename__ = "council_agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("council_session.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    duration_minutes: Mapped[int] = mapped_column(default=10)
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]

    session: Mapped[Session] = relationship(back_populates="items")


class Document(Base):
    """A PDF or image attached to a session, stored under the instance folder with a random name."""

    __tablename__ = "council_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("council_session.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(160))
    stored_name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(40))
    size: Mapped[int]
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    session: Mapped[Session] = relationship(back_populates="documents")


class Registration(Base):
    __tablename__ = "council_registration"
    __table_args__ = (sa.UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("council_session.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("account_user.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(sa.String(10), default="registered")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class Attendance(Base):
    """A member's presence at a session, as the moderator recorded it."""

    __tablename__ = "council_attendance"
    __table_args__ = (sa.UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("council_session.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("account_user.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(sa.String(10))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class Speaker(Base):
    """A raised hand in a live session's speaker queue."""

    __tablename__ = "council_speaker"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("council_session.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("account_user.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(sa.String(10), default="waiting")
    raised_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class Motion(Base):
    """A question put to the vote during a session: counted hands entered by the moderator, or
    an electronic vote among the members present (run by the votes area, `vote_id`)."""

    __tablename__ = "council_motion"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("council_session.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("council_agenda_item.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(sa.String(200))
    text: Mapped[str] = mapped_column(sa.Text, default="")
    method: Mapped[str] = mapped_column(sa.String(12), default="hands")
    secret: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(sa.String(10), default="draft")
    votes_for: Mapped[int | None]
    votes_against: Mapped[int | None]
    abstentions: Mapped[int | None]
    result: Mapped[str | None] = mapped_column(sa.String(10))
    decision: Mapped[str] = mapped_column(sa.Text, default="")
    vote_ref: Mapped[str | None] = mapped_column(sa.String(60))
    opened_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]

    session: Mapped[Session] = relationship(back_populates="motions")
    agenda_item: Mapped[AgendaItem | None] = relationship()


class Action(TimestampMixin, Base):
    """A follow-up action a decision calls for, carried from session to session until done."""

    __tablename__ = "council_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("council_body.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(sa.ForeignKey("council_session.id", ondelete="SET NULL"))
    motion_id: Mapped[int | None] = mapped_column(sa.ForeignKey("council_motion.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(sa.String(200))
    owner: Mapped[str] = mapped_column(sa.String(120), default="")
    due_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(sa.String(12), default="open", index=True)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    closed_at: Mapped[datetime | None]

    body: Mapped[Body] = relationship()
    session: Mapped[Session | None] = relationship()
    motion: Mapped[Motion | None] = relationship()

    @property
    def is_closed(self) -> bool:
        return self.status in ("done", "dropped")

    def is_overdue(self, today: date) -> bool:
        return not self.is_closed and self.due_on is not None and self.due_on < today
