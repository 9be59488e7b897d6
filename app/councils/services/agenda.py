"""A session's agenda: items in order with planned durations."""

from __future__ import annotations

from flask_babel import gettext as _

from app.core.errors import DomainError, NotFound
from app.councils.models import AgendaItem, Session
from app.extensions import db

MAX_DURATION = 480


def get_item(session: Session, item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.session_id != session.id:
        raise NotFound(_("Ce point de l'ordre du jour n'existe pas."))
    return item


def _renumber(session: Session) -> None:
    for index, item in enumerate(sorted(session.items, key=lambda i: (i.position, i.id)), start=1):
        item.position = index
    session.items.sort(key=lambda i: i.position)


def add_item(session: Session, title: str, duration_minutes: int | None, description: str = "") -> AgendaItem:
    if session.status in ("closed", "cancelled"):
        raise DomainError(_("Cette séance est terminée ou annulée : son ordre du jour ne change plus."))
    problems: list[tuple[str | None, str]] = []
    if not title.strip():
        problems.append(("title", _("Donnez un titre au point.")))
    if duration_minutes is None or not 1 <= duration_minutes <= MAX_DURATION:
        problems.append(("duration_minutes", _("La durée prévue va de 1 à %(max)s minutes.", max=MAX_DURATION)))
    if problems:
        raise DomainError(problems)
    item = AgendaItem(
        title=title.strip(),
        description=description.strip(),
        duration_minutes=duration_minutes or 0,
        position=max((i.position for i in session.items), default=0) + 1,
    )
    session.items.append(item)
    session.live_version += 1
    db.session.flush()
    return item


def remove_item(session: Session, item: AgendaItem) -> None:
    if item.started_at is not None:
        raise DomainError(_("Ce point a déjà été abordé : il reste dans l'ordre du jour."))
    session.items.remove(item)
    db.session.flush()
    _renumber(session)
    session.live_version += 1
    db.session.flush()


def move_item(session: Session, item: AgendaItem, step: int) -> None:
    """Swap an item with its neighbour (step -1: up, +1: down); the current item keeps its place."""
    items = sorted(session.items, key=lambda i: i.position)
    index = items.index(item)
    other_index = index + step
    if not 0 <= other_index < len(items):
        return
    other = items[other_index]
    if session.current_position in (item.position, other.position):
        raise DomainError(_("Le point en cours ne peut pas être déplacé."))
    item.position, other.position = other.position, item.position
    session.items.sort(key=lambda i: i.position)  # the loaded list follows the new order
    session.live_version += 1
    db.session.flush()


def planned_minutes(session: Session) -> int:
    return sum(item.duration_minutes for item in session.items)
