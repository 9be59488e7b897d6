"""Assemblies' tables: an assembly meets in sessions; a session runs activities (post-it wall,
shifting debate, Q&A) one after the other; people in the room take part as participants."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Base, utcnow
from app.core.live import models as live_models  # noqa: F401  (the journal's table, for Alembic)

ACTIVITY_KINDS = ("wall", "debate", "qa")
SIDES = ("agree", "undecided", "disagree")
MODERATION_MODES = ("none", "post", "pre")
IDENTITY_MODES = ("pseudonym", "account")
NOTE_COLOURS = ("yellow", "pink", "blue", "green", "orange")


class Assembly(Base):
    __tablename__ = "assembly_assembly"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    sessions: Mapped[list[AssemblySession]] = relationship(
        back_populates="assembly", order_by="AssemblySession.starts_at", cascade="all, delete-orphan"
    )


class AssemblySession(Base):
    __tablename__ = "assembly_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(sa.ForeignKey("assembly_assembly.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(sa.String(10), default="draft")  # draft, open, closed
    join_code: Mapped[str] = mapped_column(sa.String(12), unique=True)
    identity: Mapped[str] = mapped_column(sa.String(10), default="pseudonym")
    moderation: Mapped[str] = mapped_column(sa.String(10), default="post")
    dot_budget: Mapped[int] = mapped_column(default=5)
    max_notes: Mapped[int] = mapped_column(default=10)
    note_interval: Mapped[int] = mapped_column(default=10)  # seconds between two notes of one person
    timer_ends_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    assembly: Mapped[Assembly] = relationship(back_populates="sessions")
    activities: Mapped[list[Activity]] = relationship(
        back_populates="session", order_by="Activity.position", cascade="all, delete-orphan"
    )

    @property
    def current_activity(self) -> Activity | None:
        return next((activity for activity in self.activities if activity.status == "open"), None)


class Activity(Base):
    __tablename__ = "assembly_activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("assembly_session.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(10))
    title: Mapped[str] = mapped_column(sa.String(200))
    position: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(sa.String(10), default="pending")  # pending, open, closed
    #: Wall: notes stay with their authors until the facilitator reveals them.
    private_writing: Mapped[bool] = mapped_column(default=False)
    revealed_at: Mapped[datetime | None] = mapped_column(default=None)
    #: Debate: the statement people take sides on.
    statement: Mapped[str] = mapped_column(sa.Text, default="")
    #: Q&A: the question being answered now (no foreign key: questions belong to activities).
    highlighted_question_id: Mapped[int | None] = mapped_column(default=None)
    opened_at: Mapped[datetime | None] = mapped_column(default=None)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)

    session: Mapped[AssemblySession] = relationship(back_populates="activities")
    columns: Mapped[list[WallColumn]] = relationship(
        back_populates="activity", order_by="WallColumn.position", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def hidden_from_room(self) -> bool:
        """Private writing not yet revealed: the room sees nothing of the wall's notes."""
        return self.private_writing and self.revealed_at is None


class WallColumn(Base):
    __tablename__ = "assembly_column"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(sa.ForeignKey("assembly_activity.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(120))
    position: Mapped[int] = mapped_column(default=0)

    activity: Mapped[Activity] = relationship(back_populates="columns")
    clusters: Mapped[list[Cluster]] = relationship(
        back_populates="column", order_by="Cluster.position", cascade="all, delete-orphan", lazy="selectin"
    )


class Cluster(Base):
    __tablename__ = "assembly_cluster"

    id: Mapped[int] = mapped_column(primary_key=True)
    column_id: Mapped[int] = mapped_column(sa.ForeignKey("assembly_column.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(120))
    position: Mapped[int] = mapped_column(default=0)

    column: Mapped[WallColumn] = relationship(back_populates="clusters")


class Participant(Base):
    """Someone in the room for one session: an account, or a pseudonym kept in a signed cookie."""

    __tablename__ = "assembly_participant"
    __table_args__ = (sa.UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("assembly_session.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="SET NULL"), index=True)
    pseudonym: Mapped[str] = mapped_column(sa.String(40))
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Written first by every vote: the row lock that serialises one person's votes.
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)

    session: Mapped[AssemblySession] = relationship()

    @property
    def untouched(self) -> bool:
        """Nothing done yet in the room (no note, dot, side or question: each writes `last_seen_at`
        first, see `services.sessions.touch`); the room's page is then the same for everyone."""
        return self.last_seen_at == self.joined_at


class Note(Base):
    __tablename__ = "assembly_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(sa.ForeignKey("assembly_activity.id", ondelete="CASCADE"), index=True)
    column_id: Mapped[int] = mapped_column(sa.ForeignKey("assembly_column.id", ondelete="CASCADE"), index=True)
    cluster_id: Mapped[int | None] = mapped_column(sa.ForeignKey("assembly_cluster.id", ondelete="SET NULL"))
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("assembly_participant.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(sa.String(280))
    colour: Mapped[str] = mapped_column(sa.String(10), default="yellow")
    position: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(sa.String(10), default="visible")  # visible, pending, hidden
    held_reason: Mapped[str] = mapped_column(sa.String(20), default="")  # "", "moderation", "words"
    dots: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    activity: Mapped[Activity] = relationship()
    column: Mapped[WallColumn] = relationship()
    cluster: Mapped[Cluster | None] = relationship()
    participant: Mapped[Participant] = relationship()


class Dot(Base):
    """One dot a participant put on a note; their total per wall is capped by the session's budget."""

    __tablename__ = "assembly_dot"
    __table_args__ = (sa.UniqueConstraint("note_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(sa.ForeignKey("assembly_note.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("assembly_participant.id", ondelete="CASCADE"))
    activity_id: Mapped[int] = mapped_column(sa.ForeignKey("assembly_activity.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Stance(Base):
    """Where a participant stands now on a debate's statement, and where they started."""

    __tablename__ = "assembly_stance"
    __table_args__ = (sa.UniqueConstraint("activity_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(sa.ForeignKey("assembly_activity.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("assembly_participant.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(sa.String(10))
    first_side: Mapped[str] = mapped_column(sa.String(10))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class StanceChange(Base):
    """Every side taken, in order: the debate's positions over time, for the record and exports."""

    __tablename__ = "assembly_stance_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(sa.ForeignKey("assembly_activity.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("assembly_participant.id", ondelete="CASCADE"))
    from_side: Mapped[str | None] = mapped_column(sa.String(10))
    to_side: Mapped[str] = mapped_column(sa.String(10))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Question(Base):
    __tablename__ = "assembly_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(sa.ForeignKey("assembly_activity.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("assembly_participant.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(sa.String(500))
    status: Mapped[str] = mapped_column(sa.String(10), default="visible")  # visible, pending, dismissed
    held_reason: Mapped[str] = mapped_column(sa.String(20), default="")
    votes: Mapped[int] = mapped_column(default=0)
    answered_at: Mapped[datetime | None] = mapped_column(default=None)
    answer: Mapped[str] = mapped_column(sa.Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    participant: Mapped[Participant] = relationship()


class QuestionVote(Base):
    __tablename__ = "assembly_question_vote"
    __table_args__ = (sa.UniqueConstraint("question_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("assembly_question.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("assembly_participant.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
