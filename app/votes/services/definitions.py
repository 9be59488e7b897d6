"""A vote's rules as plain, immutable values, kept per process: what casting checks a ballot against.

Casting is the busiest path of a city-wide vote: loading the vote and its hundreds of options as ORM
objects for each ballot cost more than everything else together. A vote's rules do not change while it
is open (`votes.update_vote` refuses once a ballot exists), so each process keeps them by vote id with
the row's `updated_at` as their version. Nothing trusts the copy blindly: the roll insert only writes
while the vote row still has that version and is open (see `casting.write_ballot`), so an edit or a close
made by another process is seen at the moment of the write, and the copy is then dropped and read again.

`VoteRules` has the attribute names of `Vote` that the checks read (`ballots.validate`, `eligibility`,
`votes.status`), so the same functions check a ballot against either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa

from app.core.kept import kept
from app.extensions import db
from app.votes.models import Vote, VoteOption

KEPT = "votes_rules"
MAX_KEPT = 500  # a process rarely sees more than a few dozen open votes


@dataclass(frozen=True)
class OptionRule:
    id: int
    label: str
    cost: Decimal | None


@dataclass(frozen=True)
class VoteRules:
    id: int
    version: datetime  # the vote row's `updated_at` when read
    kind: str
    secret: bool
    opens_at: datetime | None
    closes_at: datetime | None
    closed_at: datetime | None
    eligibility: str
    district_ids: tuple[int, ...]
    quartier_ids: tuple[int, ...]
    min_choices: int | None
    max_choices: int | None
    budget: Decimal | None
    min_share: int | None
    points_per_option: int | None
    points_total: int | None
    max_ranked: int | None
    allow_abstain: bool
    options: tuple[OptionRule, ...]


_COLUMNS = (
    "id",
    "updated_at",
    "kind",
    "secret",
    "opens_at",
    "closes_at",
    "closed_at",
    "eligibility",
    "district_ids",
    "quartier_ids",
    "min_choices",
    "max_choices",
    "budget",
    "min_share",
    "points_per_option",
    "points_total",
    "max_ranked",
    "allow_abstain",
)


def _read(vote_id: int) -> VoteRules | None:
    row = db.session.execute(
        sa.select(*(getattr(Vote, name) for name in _COLUMNS)).where(Vote.id == vote_id)
    ).one_or_none()
    if row is None:
        return None
    options = db.session.execute(
        sa.select(VoteOption.id, VoteOption.label, VoteOption.cost)
        .where(VoteOption.vote_id == vote_id)
        .order_by(VoteOption.position, VoteOption.id)
    )
    values = dict(zip(_COLUMNS, row, strict=True))
    values["version"] = values.pop("updated_at")
    values["district_ids"] = tuple(values["district_ids"] or ())
    values["quartier_ids"] = tuple(values["quartier_ids"] or ())
    return VoteRules(**values, options=tuple(OptionRule(*option) for option in options))


def rules_of(vote_id: int) -> VoteRules | None:
    """The vote's rules (None: no such vote), read once per process and version."""
    store = kept(KEPT, MAX_KEPT)
    found: VoteRules | None = store.get(vote_id)
    if found is None:
        found = _read(vote_id)
        if found is not None:
            store.put(vote_id, found)
    return found


def forget(vote_id: int) -> None:
    """Drop this process's copy (the vote changed or closed: the next ballot reads it again)."""
    kept(KEPT, MAX_KEPT).forget(vote_id)
