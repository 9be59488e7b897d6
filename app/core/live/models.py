"""The append-only journal of what live screens were sent: one row per change, written in the same
transaction as the change, so that a screen that reconnects can be replayed what it missed."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Base, utcnow


class LiveEvent(Base):
    __tablename__ = "core_live_event"
    __table_args__ = (sa.Index("ix_core_live_event_channel_id", "channel", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Who listens: e.g. "assembly:12" (the room) or "assembly:12:staff" (the console).
    channel: Mapped[str] = mapped_column(sa.String(80))
    #: What changed ("note", "gauge", ...): for the journal and exports; screens use only `html`.
    kind: Mapped[str] = mapped_column(sa.String(30))
    #: The pre-rendered fragment every screen of the channel receives (htmx out-of-band swaps).
    html: Mapped[str] = mapped_column(sa.Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)
