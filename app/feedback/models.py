"""Feedback tables: the city's services with their delays, the items residents report (from the web
or entered by staff for a phone call, a counter, the field or a letter), the answers, the alerts
already mailed, and satisfaction surveys with one answer per invitation."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.core.db import Base, TimestampMixin, utcnow
from app.geo.models import Quartier

CHANNELS = ("web", "phone", "counter", "field", "mail")
STAFF_CHANNELS = CHANNELS[1:]
# A case moves forward through these; "resolved" and "rejected" close it.
STATUSES = ("received", "acknowledged", "in_progress", "resolved", "rejected")
OPEN_STATUSES = ("received", "acknowledged", "in_progress")
CLOSED_STATUSES = ("resolved", "rejected")
CRITICALITIES = ("low", "normal", "high", "urgent")
# How to answer someone who came without an account.
ANSWER_BY = ("email", "phone", "postal")
ALERT_KINDS = ("not_acknowledged", "past_target")
SURVEY_SUBJECTS = ("feedback_item", "council_session", "budget_project")


class Service(Base):
    """A city service residents can report to ("Voirie", "Propreté"...). Its slug is the scope of
    its staff's role grants (`staff` on `voirie`)."""

    __tablename__ = "feedback_service"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    # One category per line, in the order the form offers them.
    categories: Mapped[str] = mapped_column(sa.Text, default="")
    target_days: Mapped[int] = mapped_column(default=15)  # to resolve any item
    urgent_ack_hours: Mapped[int] = mapped_column(default=4)  # to acknowledge an urgent item
    manager_email: Mapped[str] = mapped_column(sa.String(254), default="")
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)

    @property
    def category_list(self) -> list[str]:
        return [line.strip() for line in self.categories.splitlines() if line.strip()]


class Item(TimestampMixin, Base):
    """One report. Duplicates point at their case's primary item (`primary_id`): the primary carries
    the status, criticality and answers; every linked item is one more voice."""

    __tablename__ = "feedback_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(sa.ForeignKey("feedback_service.id"), index=True)
    category: Mapped[str] = mapped_column(sa.String(120), default="")
    quartier_id: Mapped[int | None] = mapped_column(sa.ForeignKey("geo_quartier.id"), index=True)
    address: Mapped[str] = mapped_column(sa.String(200), default="")
    text: Mapped[str] = mapped_column(sa.Text)
    channel: Mapped[str] = mapped_column(sa.String(10), index=True)
    status: Mapped[str] = mapped_column(sa.String(12), default="received", index=True)
    status_reason: Mapped[str] = mapped_column(sa.Text, default="")
    criticality: Mapped[str] = mapped_column(sa.String(8), default="normal")
    # What the text and repeated reports suggested when it arrived (staff decide `criticality`).
    suggested_criticality: Mapped[str] = mapped_column(sa.String(8), default="normal")
    suggestion_reasons: Mapped[str] = mapped_column(sa.Text, default="")
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="SET NULL"), index=True)
    # Who to answer when there is no account (anonymous web form, or staff entry on someone's behalf).
    contact_name: Mapped[str] = mapped_column(sa.String(120), default="")
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    contact_postal: Mapped[str] = mapped_column(sa.Text, default="")
    answer_by: Mapped[str] = mapped_column(sa.String(8), default="email")
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="SET NULL"))
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="SET NULL"))
    primary_id: Mapped[int | None] = mapped_column(sa.ForeignKey("feedback_item.id", ondelete="SET NULL"), index=True)
    photo_name: Mapped[str | None] = mapped_column(sa.String(80))
    acknowledged_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]

    service: Mapped[Service] = relationship()
    quartier: Mapped[Quartier | None] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    primary: Mapped[Item | None] = relationship(remote_side=[id], back_populates="duplicates")
    duplicates: Mapped[list[Item]] = relationship(back_populates="primary", order_by="Item.id")
    answers: Mapped[list[Answer]] = relationship(back_populates="item", order_by="Answer.id")

    @property
    def case(self) -> Item:
        """The primary item of this item's case (itself when it is not a duplicate)."""
        return self.primary or self

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def voices(self) -> int:
        return 1 + len(self.duplicates)


class Answer(Base):
    """What staff wrote back to the reporters of a case (emailed, and shown on their page)."""

    __tablename__ = "feedback_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("feedback_item.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[Item] = relationship(back_populates="answers")
    author: Mapped[User | None] = relationship()


class Alert(Base):
    """A late item whose service manager was mailed, so that the scheduled command mails once."""

    __tablename__ = "feedback_alert"
    __table_args__ = (sa.UniqueConstraint("item_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("feedback_item.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)


class Survey(Base):
    """A satisfaction questionnaire about one subject: a resolved item, a council session, a
    delivered budget project (the subject lives in another area: its kind, id, title and URL)."""

    __tablename__ = "feedback_survey"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_kind: Mapped[str] = mapped_column(sa.String(20))
    subject_id: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(200))
    url: Mapped[str] = mapped_column(sa.String(500), default="")
    # The service concerned, when there is one (items): satisfaction per service.
    service_id: Mapped[int | None] = mapped_column(sa.ForeignKey("feedback_service.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    invitations: Mapped[list[Invitation]] = relationship(back_populates="survey", order_by="Invitation.id")


sa.Index("ix_feedback_survey_subject", Survey.subject_kind, Survey.subject_id)


class Invitation(Base):
    """One person asked to answer a survey, by email."""

    __tablename__ = "feedback_invitation"
    __table_args__ = (sa.UniqueConstraint("survey_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("feedback_survey.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="SET NULL"), index=True)
    email: Mapped[str | None] = mapped_column(sa.String(254))  # null once the account is erased
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)

    survey: Mapped[Survey] = relationship(back_populates="invitations")
    response: Mapped[SurveyResponse | None] = relationship(back_populates="invitation")


class SurveyResponse(Base):
    """The answer to an invitation: unique per invitation, so a survey is answered once."""

    __tablename__ = "feedback_survey_response"
    __table_args__ = (sa.CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(sa.ForeignKey("feedback_invitation.id", ondelete="CASCADE"), unique=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("feedback_survey.id", ondelete="CASCADE"), index=True)
    score: Mapped[int]
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)

    invitation: Mapped[Invitation] = relationship(back_populates="response")
