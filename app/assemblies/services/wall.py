"""The post-it wall: notes, moderation, moving and grouping, dot votes within a budget."""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from app.assemblies import broadcast
from app.assemblies.models import NOTE_COLOURS, Activity, Cluster, Dot, Note, Participant, WallColumn
from app.assemblies.services.sessions import touch
from app.assemblies.services.words import flagged
from app.core.db import utcnow
from app.core.errors import DomainError, NotFound
from app.extensions import db

MAX_NOTE_LENGTH = 280


def _open_wall(activity: Activity) -> None:
    if activity.kind != "wall" or activity.status != "open" or activity.session.status != "open":
        raise DomainError(_("Le mur n'est pas ouvert en ce moment."))


def get_note(note_id: int) -> Note:
    # With its activity, in one query; its columns (and their groups) only if something asks.
    note = db.session.get(Note, note_id, options=[joinedload(Note.activity).lazyload(Activity.columns)])
    if note is None:
        raise NotFound(_("Cette note n'existe pas."))
    return note


def column_of(activity: Activity, column_id: int | None) -> WallColumn:
    column = next((c for c in activity.columns if c.id == column_id), None)
    if column is None:
        raise DomainError([("column_id", _("Choisissez une colonne du mur."))])
    return column


def _next_position(column_id: int) -> int:
    last = db.session.scalar(sa.select(sa.func.max(Note.position)).where(Note.column_id == column_id))
    return 0 if last is None else last + 1


@cache
def _my_notes() -> sa.Select[tuple[int, Any]]:
    """How many notes the person posted on the wall, and when the last: built once (every note)."""
    return sa.select(sa.func.count(Note.id), sa.func.max(Note.created_at)).where(
        Note.activity_id == sa.bindparam("activity_id"), Note.participant_id == sa.bindparam("participant_id")
    )


def post_note(participant: Participant, activity: Activity, column_id: int | None, text: str,
              colour: str = "yellow") -> Note:  # fmt: skip
    """A participant's note: checked for length, pace and number, then shown, or held for a
    moderator (pre-moderated session, or a filtered word)."""
    _open_wall(activity)
    if participant.session_id != activity.session_id:
        raise DomainError(_("Vous ne participez pas à cette séance."))
    text = " ".join(text.split())
    column = column_of(activity, column_id)
    problems: list[tuple[str | None, str]] = []
    if not text:
        problems.append(("text", _("Écrivez votre idée avant de l'envoyer.")))
    elif len(text) > MAX_NOTE_LENGTH:
        problems.append(("text", _("%(max)s caractères au plus.", max=MAX_NOTE_LENGTH)))
    if colour not in NOTE_COLOURS:
        problems.append(("colour", _("Couleur inconnue.")))
    if problems:
        raise DomainError(problems)
    session = activity.session
    touch(participant)
    mine = db.session.execute(_my_notes(), {"activity_id": activity.id, "participant_id": participant.id}).one()
    if mine[0] >= session.max_notes:
        raise DomainError([("text", _("Vous avez déjà posté %(n)s notes sur ce mur : c'est le maximum.", n=mine[0]))])
    if mine[1] is not None and session.note_interval:
        wait = mine[1] + timedelta(seconds=session.note_interval) - utcnow()
        if wait.total_seconds() > 0:
            seconds = int(wait.total_seconds()) + 1
            raise DomainError([("text", _("Patientez %(s)s s avant votre prochaine note.", s=seconds))])
    status, reason = "visible", ""
    if flagged(text):
        status, reason = "pending", "words"
    elif session.moderation == "pre":
        status, reason = "pending", "moderation"
    values: dict[str, Any] = {
        "activity_id": activity.id,
        "column_id": column.id,
        "cluster_id": None,
        "participant_id": participant.id,
        "text": text,
        "colour": colour,
        "status": status,
        "held_reason": reason,
        "dots": 0,
        "created_at": utcnow(),
    }
    # One INSERT through Core, its position computed by the INSERT itself, without the unit of
    # work's bookkeeping (the room waits for it); the object is then attached as the row it is,
    # its activity, column and author found in the identity map by the fragments.
    ident, position = db.session.execute(_insert_note(), {**values, "target_column": column.id}).one()
    note = Note(id=ident, position=position, **values)
    make_transient_to_detached(note)
    db.session.add(note)
    broadcast.note_added(note)
    return note


@cache
def _insert_note() -> sa.Insert:
    table = Note.__table__
    last = sa.select(sa.func.coalesce(sa.func.max(table.c.position) + 1, 0)).where(
        table.c.column_id == sa.bindparam("target_column")
    )
    return sa.insert(table).values(position=last.scalar_subquery()).returning(table.c.id, table.c.position)


def moderate_note(actor: Any, note: Note, action: str) -> None:
    """approve (show it), hide (take it off the wall; kept for the record)."""
    if action == "approve":
        was_visible = note.status == "visible"
        note.status, note.held_reason = "visible", ""
        db.session.flush()
        if not was_visible:
            broadcast.note_added(note)
    elif action == "hide":
        note.status = "hidden"
        db.session.flush()
        broadcast.note_removed(note)
    else:
        raise DomainError(_("Action inconnue."))


def move_note(actor: Any, note: Note, column_id: int | None, cluster_id: int | None, index: int | None) -> None:
    """Move a note to a column (and a cluster of it, or none) at `index` (None: at the end)."""
    activity = note.activity
    source = note.column
    target = column_of(activity, column_id)
    cluster = None
    if cluster_id:
        cluster = next((c for c in target.clusters if c.id == cluster_id), None)
        if cluster is None:
            raise DomainError([("cluster_id", _("Ce groupe n'est pas dans cette colonne."))])
    siblings = list(
        db.session.scalars(
            sa.select(Note)
            .where(Note.column_id == target.id, Note.id != note.id, Note.status != "hidden")
            .order_by(Note.position, Note.id)
        )
    )
    peers = [n for n in siblings if n.cluster_id == (cluster.id if cluster else None)]
    index = len(peers) if index is None else max(0, min(index, len(peers)))
    peers.insert(index, note)
    others = [n for n in siblings if n not in peers]
    note.column, note.cluster = target, cluster
    for position, item in enumerate(others + peers):
        item.position = position
    db.session.flush()
    broadcast.columns_changed(activity, {source.id, target.id})


def add_column(actor: Any, activity: Activity, title: str) -> WallColumn:
    if activity.kind != "wall":
        raise DomainError(_("Seul un mur a des colonnes."))
    if not title.strip():
        raise DomainError([("title", _("Donnez un titre à la colonne."))])
    column = WallColumn(activity=activity, title=title.strip()[:120], position=len(activity.columns))
    db.session.add(column)
    db.session.flush()
    broadcast.stage_changed(activity.session)
    return column


def add_cluster(actor: Any, activity: Activity, column_id: int | None, title: str) -> Cluster:
    column = column_of(activity, column_id)
    if not title.strip():
        raise DomainError([("title", _("Donnez un titre au groupe."))])
    cluster = Cluster(column=column, title=title.strip()[:120], position=len(column.clusters))
    db.session.add(cluster)
    db.session.flush()
    broadcast.columns_changed(activity, {column.id})
    return cluster


def move_cluster(actor: Any, cluster: Cluster, column_id: int | None) -> None:
    """Move a group, with its notes, to the end of another column."""
    activity = cluster.column.activity
    source = cluster.column
    target = column_of(activity, column_id)
    if target.id == source.id:
        return
    cluster.column = target
    cluster.position = len(target.clusters)
    last = _next_position(target.id)
    for offset, note in enumerate(
        db.session.scalars(sa.select(Note).where(Note.cluster_id == cluster.id).order_by(Note.position, Note.id))
    ):
        note.column, note.position = target, last + offset
    db.session.flush()
    db.session.expire(source, ["clusters"])
    db.session.expire(target, ["clusters"])
    broadcast.columns_changed(activity, {source.id, target.id})


def get_cluster(cluster_id: int) -> Cluster:
    cluster = db.session.get(Cluster, cluster_id)
    if cluster is None:
        raise NotFound(_("Ce groupe n'existe pas."))
    return cluster


def my_dots(participant: Participant, activity: Activity) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(Dot.note_id).where(Dot.activity_id == activity.id, Dot.participant_id == participant.id)
        )
    )


def set_dot(participant: Participant, note: Note, on: bool) -> None:
    """Put a dot on the note (`on`) or take it back. The budget is counted after the
    participant's row is locked (`touch`), so concurrent requests cannot overspend it; the unique
    (note, participant) constraint is the last guard against a second dot on one note."""
    activity = note.activity
    _open_wall(activity)
    if note.status != "visible" or activity.hidden_from_room or participant.session_id != activity.session_id:
        raise DomainError(_("On ne peut pas voter pour cette note."))
    touch(participant)
    if on:
        # The person's dots on the wall and on this note, in one query (a room votes at once).
        used, here = db.session.execute(
            _dots_used(), {"note_id": note.id, "activity_id": activity.id, "participant_id": participant.id}
        ).one()
        if here:
            raise DomainError(_("Vous avez déjà mis un point sur cette note."))
        budget = activity.session.dot_budget
        if used >= budget:
            raise DomainError(_("Vous avez utilisé vos %(n)s points : retirez-en un pour voter ailleurs.", n=budget))
        values = {"note_id": note.id, "participant_id": participant.id, "activity_id": activity.id, "at": utcnow()}
        db.session.execute(_insert_dot(), values)
    else:
        existing = db.session.scalar(sa.select(Dot).where(Dot.note_id == note.id, Dot.participant_id == participant.id))
        if existing is None:
            return
        db.session.delete(existing)
    db.session.flush()
    # The note's count, recounted and stored by one statement.
    dots = db.session.execute(_recount(), {"target_note": note.id}).scalar_one()
    set_committed_value(note, "dots", dots)
    broadcast.dots_changed(note)


# A room votes at once: a dot's statements are built once, and run through Core.
@cache
def _dots_used() -> sa.Select[tuple[int, int]]:
    """The person's dots on the wall and on the note, in one query."""
    return sa.select(sa.func.count(Dot.id), sa.func.count(Dot.id).filter(Dot.note_id == sa.bindparam("note_id"))).where(
        Dot.activity_id == sa.bindparam("activity_id"), Dot.participant_id == sa.bindparam("participant_id")
    )


@cache
def _insert_dot() -> sa.Insert:
    return sa.insert(Dot.__table__)


@cache
def _recount() -> sa.Update:
    notes, dots = Note.__table__, Dot.__table__
    count = sa.select(sa.func.count(dots.c.id)).where(dots.c.note_id == sa.bindparam("target_note")).scalar_subquery()
    return sa.update(notes).where(notes.c.id == sa.bindparam("target_note")).values(dots=count).returning(notes.c.dots)


def visible_notes(activity: Activity) -> list[Note]:
    return list(
        db.session.scalars(
            sa.select(Note)
            .where(Note.activity_id == activity.id, Note.status == "visible")
            .order_by(Note.column_id, Note.position, Note.id)
        )
    )


def pending_notes(activity: Activity) -> list[Note]:
    return list(
        db.session.scalars(
            sa.select(Note).where(Note.activity_id == activity.id, Note.status == "pending").order_by(Note.id)
        )
    )


def notes_of(participant: Participant, activity: Activity) -> list[Note]:
    return list(
        db.session.scalars(
            sa.select(Note)
            .where(Note.activity_id == activity.id, Note.participant_id == participant.id)
            .order_by(Note.id.desc())
        )
    )
