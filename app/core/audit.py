"""Append-only audit log, each entry chained to the one before by a SHA-256 hash.

Every staff or admin action that changes a public outcome calls `record(...)` inside the same
transaction as the change. `verify()` recomputes the chain; `flask audit verify` reports on it.
Updates and deletes are refused by the ORM here and by database triggers (see the migration).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import click
import sqlalchemy as sa
from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, SessionTransaction, mapped_column

from app.core.db import Base, utcnow
from app.extensions import db

GENESIS = "0" * 64


class AuditEntry(Base):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(sa.String(80), index=True)
    subject_type: Mapped[str] = mapped_column(sa.String(60), default="")
    subject_id: Mapped[str] = mapped_column(sa.String(60), default="")
    data: Mapped[str] = mapped_column(sa.Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    hash: Mapped[str] = mapped_column(sa.String(64), unique=True)

    def payload(self) -> dict[str, Any]:
        return json.loads(self.data)


def _digest(entry: AuditEntry) -> str:
    fields = [
        entry.prev_hash,
        entry.at.isoformat(timespec="microseconds"),
        "" if entry.actor_id is None else str(entry.actor_id),
        entry.action,
        entry.subject_type,
        entry.subject_id,
        entry.data,
    ]
    return hashlib.sha256("\x1e".join(fields).encode()).hexdigest()


def _lock_chain() -> None:
    """Serialise appends on PostgreSQL so two transactions cannot fork the chain (the unique
    prev_hash would refuse the second anyway; the lock makes it wait instead of fail)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("SELECT pg_advisory_xact_lock(7346001)"))


# session.info key: (the transaction, the hash of the last entry it appended). Once a transaction holds
# the chain (PostgreSQL's lock, or SQLite's write lock), nobody else appends until it ends: its next
# entries follow its own last one without the lock and the query again (a tally appends about 90).
_TAIL = "audit_chain_tail"


@event.listens_for(Session, "after_soft_rollback")
def _forget_tail_on_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    session.info.pop(_TAIL, None)  # a savepoint rolled back may have taken the last entry with it


@event.listens_for(Session, "after_transaction_end")
def _forget_tail_at_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_TAIL, None)


def record(
    action: str,
    *,
    actor_id: int | None,
    subject_type: str = "",
    subject_id: object = "",
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry in the current transaction (flushed, not committed)."""
    session = db.session()  # the scoped proxy does not pass `get_transaction` on
    transaction = session.get_transaction()
    tail = session.info.get(_TAIL)
    if tail is not None and tail[0] is transaction:
        last = tail[1]
    else:
        _lock_chain()
        last = session.scalar(sa.select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    entry = AuditEntry(
        at=utcnow(),
        actor_id=actor_id,
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        data=json.dumps(data or {}, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str),
        prev_hash=last or GENESIS,
    )
    entry.hash = _digest(entry)
    session.add(entry)
    session.flush()
    session.info[_TAIL] = (session.get_transaction(), entry.hash)
    return entry


@dataclass(frozen=True)
class ChainReport:
    intact: bool
    entries: int
    broken_at: int | None = None
    reason: str = ""


def verify() -> ChainReport:
    """Walk the chain in order; report the first entry whose link or hash does not hold."""
    expected_prev = GENESIS
    count = 0
    # populate_existing: read what the database holds now, not what this session cached.
    query = sa.select(AuditEntry).order_by(AuditEntry.id).execution_options(populate_existing=True)
    for entry in db.session.scalars(query).yield_per(1000):
        count += 1
        if entry.prev_hash != expected_prev:
            return ChainReport(False, count, entry.id, "prev_hash does not match the previous entry")
        if _digest(entry) != entry.hash:
            return ChainReport(False, count, entry.id, "content does not match its hash")
        expected_prev = entry.hash
    return ChainReport(True, count)


@event.listens_for(AuditEntry, "before_update")
def _refuse_update(*_: object) -> None:
    raise RuntimeError("audit entries are append-only")


@event.listens_for(AuditEntry, "before_delete")
def _refuse_delete(*_: object) -> None:
    raise RuntimeError("audit entries are append-only")


@click.group("audit", help="The audit log.")
def audit_cli() -> None:
    pass


@audit_cli.command("verify", help="Check that the audit chain is intact (exit 1 if not).")
def verify_command() -> None:
    report = verify()
    if report.intact:
        click.echo(f"Audit chain intact: {report.entries} entries.")
        return
    click.echo(f"Audit chain BROKEN at entry {report.broken_at}: {report.reason}.", err=True)
    raise SystemExit(1)


def init_app(app: Flask) -> None:
    app.cli.add_command(audit_cli)
