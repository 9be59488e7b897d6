"""The shifting debate: each participant stands on one side of a statement and may move at any
time; the gauge counts where people stand now, the record keeps every move."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from app.assemblies import broadcast
from app.assemblies.models import SIDES, Activity, Participant, Stance, StanceChange
from app.assemblies.services.sessions import touch
from app.core.db import utcnow
from app.core.errors import DomainError
from app.extensions import db


@dataclass
class Gauge:
    counts: dict[str, int]
    total: int
    #: (from, to) -> how many people ended on `to` after starting on `from` (from != to).
    moves: dict[tuple[str, str], int] = field(default_factory=dict)

    def percent(self, side: str) -> int:
        """Rounded share for display only; the counts stay integers."""
        return 0 if not self.total else (self.counts.get(side, 0) * 100 + self.total // 2) // self.total

    @property
    def moved(self) -> int:
        return sum(self.moves.values())


def take_side(participant: Participant, activity: Activity, side: str) -> Stance:
    if activity.kind != "debate" or activity.status != "open" or activity.session.status != "open":
        raise DomainError(_("Le débat n'est pas ouvert en ce moment."))
    if side not in SIDES:
        raise DomainError([("side", _("Choisissez : d'accord, pas d'accord ou indécis."))])
    if participant.session_id != activity.session_id:
        raise DomainError(_("Vous ne participez pas à cette séance."))
    touch(participant)
    stance = db.session.scalar(
        sa.select(Stance).where(Stance.activity_id == activity.id, Stance.participant_id == participant.id)
    )
    previous = stance.side if stance else None
    if stance is None:
        stance = Stance(activity_id=activity.id, participant_id=participant.id, side=side, first_side=side)
        db.session.add(stance)
    elif stance.side == side:
        return stance
    stance.side, stance.updated_at = side, utcnow()
    db.session.add(
        StanceChange(activity_id=activity.id, participant_id=participant.id, from_side=previous, to_side=side)
    )
    db.session.flush()
    broadcast.gauge_changed(activity, gauge(activity))
    return stance


def gauge(activity: Activity) -> Gauge:
    rows = db.session.execute(sa.select(Stance.first_side, Stance.side).where(Stance.activity_id == activity.id)).all()
    counts = Counter(side for _, side in rows)
    moves = Counter((first, side) for first, side in rows if first != side)
    return Gauge(counts={side: counts.get(side, 0) for side in SIDES}, total=len(rows), moves=dict(moves))


def side_of(participant: Participant, activity: Activity) -> str | None:
    return db.session.scalar(
        sa.select(Stance.side).where(Stance.activity_id == activity.id, Stance.participant_id == participant.id)
    )
