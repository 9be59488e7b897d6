"""The record of a session after (or during) it: everything said and decided, for the summary
page and for exports in CSV and JSON."""

from __future__ import annotations

import csv
import io
from typing import Any

import sqlalchemy as sa

from app.assemblies.models import (
    Activity,
    AssemblySession,
    Cluster,
    Dot,
    Note,
    Participant,
    Question,
    StanceChange,
    WallColumn,
)
from app.extensions import db

EXPORT_KINDS = ("notes", "votes", "positions", "questions")


def _iso(value: Any) -> str:
    return value.isoformat() if value is not None else ""


def _rows(session: AssemblySession, kind: str) -> list[dict[str, Any]]:
    activity_ids = [a.id for a in session.activities]
    if not activity_ids:
        return []
    if kind == "notes":
        query = (
            sa.select(Note, WallColumn.title, Cluster.title, Participant.pseudonym)
            .join(WallColumn, WallColumn.id == Note.column_id)
            .outerjoin(Cluster, Cluster.id == Note.cluster_id)
            .join(Participant, Participant.id == Note.participant_id)
            .where(Note.activity_id.in_(activity_ids))
            .order_by(Note.activity_id, WallColumn.position, Note.position, Note.id)
        )
        return [
            {
                "activity_id": note.activity_id,
                "note_id": note.id,
                "column": column,
                "cluster": cluster or "",
                "position": note.position,
                "author": author,
                "status": note.status,
                "dots": note.dots,
                "colour": note.colour,
                "text": note.text,
                "created_at": _iso(note.created_at),
            }
            for note, column, cluster, author in db.session.execute(query)
        ]
    if kind == "votes":
        query = (
            sa.select(Dot, Participant.pseudonym)
            .join(Participant, Participant.id == Dot.participant_id)
            .where(Dot.activity_id.in_(activity_ids))
            .order_by(Dot.id)
        )
        return [
            {"activity_id": d.activity_id, "note_id": d.note_id, "participant": who, "at": _iso(d.at)}
            for d, who in db.session.execute(query)
        ]
    if kind == "positions":
        query = (
            sa.select(StanceChange, Participant.pseudonym)
            .join(Participant, Participant.id == StanceChange.participant_id)
            .where(StanceChange.activity_id.in_(activity_ids))
            .order_by(StanceChange.at, StanceChange.id)
        )
        return [
            {
                "activity_id": c.activity_id,
                "participant": who,
                "from": c.from_side or "",
                "to": c.to_side,
                "at": _iso(c.at),
            }
            for c, who in db.session.execute(query)
        ]
    if kind == "questions":
        query = (
            sa.select(Question, Participant.pseudonym)
            .join(Participant, Participant.id == Question.participant_id)
            .where(Question.activity_id.in_(activity_ids))
            .order_by(Question.activity_id, Question.id)
        )
        return [
            {
                "activity_id": q.activity_id,
                "question_id": q.id,
                "author": who,
                "status": q.status,
                "votes": q.votes,
                "text": q.text,
                "answered_at": _iso(q.answered_at),
                "answer": q.answer,
                "created_at": _iso(q.created_at),
            }
            for q, who in db.session.execute(query)
        ]
    raise ValueError(kind)


def _cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula (=, +, -, @) is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export_csv(session: AssemblySession, kind: str) -> str:
    rows = [{key: _cell(value) for key, value in row.items()} for row in _rows(session, kind)]
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return buffer.getvalue()


def export_json(session: AssemblySession) -> dict[str, Any]:
    return {
        "session": {
            "id": session.id,
            "title": session.title,
            "assembly": session.assembly.title,
            "starts_at": _iso(session.starts_at),
            "ends_at": _iso(session.ends_at),
            "moderation": session.moderation,
        },
        "activities": [_activity(a) for a in session.activities],
        **{kind: _rows(session, kind) for kind in EXPORT_KINDS},
    }


def _activity(activity: Activity) -> dict[str, Any]:
    return {
        "id": activity.id,
        "kind": activity.kind,
        "title": activity.title,
        "statement": activity.statement,
        "columns": [
            {"id": c.id, "title": c.title, "clusters": [{"id": k.id, "title": k.title} for k in c.clusters]}
            for c in activity.columns
        ],
    }
