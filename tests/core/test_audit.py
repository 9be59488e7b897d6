"""The audit chain: entries link by hash, verification finds any tampering, rows cannot change."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask

from app.core import audit
from app.extensions import db


def _three_entries() -> list[audit.AuditEntry]:
    entries = [
        audit.record("budget.review", actor_id=1, subject_type="proposal", subject_id=7, data={"decision": "ok"}),
        audit.record("budget.tally", actor_id=2, data={"winners": [3, 1]}),
        audit.record("paper.ballot", actor_id=None, subject_type="vote", subject_id="v1"),
    ]
    db.session.commit()
    return entries


def test_entries_are_chained(app: Flask) -> None:
    first, second, third = _three_entries()
    assert first.prev_hash == audit.GENESIS
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert audit.verify() == audit.ChainReport(True, 3)


def test_empty_chain_is_intact(app: Flask) -> None:
    assert audit.verify().intact


def test_orm_refuses_update_and_delete(app: Flask) -> None:
    first, *_ = _three_entries()
    first.action = "forged"
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(audit.AuditEntry, first.id))
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.flush()
    db.session.rollback()


def test_database_refuses_update_and_delete(app: Flask) -> None:
    _three_entries()
    for statement in ("UPDATE audit_entry SET action = 'forged'", "DELETE FROM audit_entry"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            db.session.execute(sa.text(statement))
        db.session.rollback()
    assert audit.verify().intact


def _tamper(app: Flask, statement: str) -> None:
    """Change a row behind the application's back, as someone with database access could."""
    with db.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.execute(sa.text("DROP TRIGGER audit_entry_no_update"))
            connection.execute(sa.text(statement))
        else:
            connection.execute(sa.text("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only"))
            connection.execute(sa.text(statement))
            connection.execute(sa.text("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only"))


def test_verify_finds_changed_content(app: Flask) -> None:
    _, second, _ = _three_entries()
    _tamper(app, f"UPDATE audit_entry SET data = '{{}}' WHERE id = {second.id}")
    report = audit.verify()
    assert not report.intact
    assert report.broken_at == second.id
    assert "hash" in report.reason


def test_verify_command_exit_codes(app: Flask) -> None:
    _three_entries()
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["audit", "verify"])
    assert ok.exit_code == 0 and "intact: 3 entries" in ok.output
    _, second, _ = db.session.scalars(sa.select(audit.AuditEntry).order_by(audit.AuditEntry.id)).all()
    _tamper(app, f"UPDATE audit_entry SET actor_id = 99 WHERE id = {second.id}")
    broken = runner.invoke(args=["audit", "verify"])
    assert broken.exit_code == 1
    assert f"BROKEN at entry {second.id}" in broken.output


def test_entries_of_one_transaction_follow_each_other_and_a_rolled_back_savepoint_is_forgotten(app: Flask) -> None:
    # After its first entry a transaction chains the next ones to its own last (no lock, no query):
    # a savepoint rolled back with an entry in it must not leave the next one chained to that entry.
    first = audit.record("one", actor_id=None)
    second = audit.record("two", actor_id=None)
    savepoint = db.session.begin_nested()
    audit.record("taken back", actor_id=None)
    savepoint.rollback()
    third = audit.record("three", actor_id=None)
    with db.session.begin_nested():  # a savepoint released keeps its entry: the next one follows it
        fourth = audit.record("four", actor_id=None)
    fifth = audit.record("five", actor_id=None)
    db.session.commit()
    assert (second.prev_hash, third.prev_hash, fourth.prev_hash, fifth.prev_hash) == (
        first.hash, second.hash, third.hash, fourth.hash
    )  # fmt: skip
    sixth = audit.record("six", actor_id=None)  # a new transaction reads the chain's end again
    db.session.rollback()
    seventh = audit.record("seven", actor_id=None)
    db.session.commit()
    assert sixth.prev_hash == seventh.prev_hash == fifth.hash
    assert audit.verify() == audit.ChainReport(True, 6)
