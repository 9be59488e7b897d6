"""Casting and replacing a ballot: the roll row and the anonymous ballot in one transaction.

Nothing here logs: a log line written while casting would carry the time and the person next to what
they chose. The unique (vote, voter key) constraint of the roll, not a check in Python, refuses a second
vote, whatever the channel and whatever the concurrency.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from functools import wraps
from typing import Any, TypeVar

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.accounts.models import User
from app.accounts.services.identity import voter_keys
from app.core.db import UTCDateTime, utcnow
from app.core.errors import DomainError, NotFound
from app.extensions import db
from app.votes.models import CHANNELS, Ballot, OpenChoice, RollEntry, Vote
from app.votes.services import definitions, eligibility, receipts
from app.votes.services.ballots import validate
from app.votes.services.definitions import VoteRules
from app.votes.services.votes import status

__all__ = [
    "AlreadyVoted",
    "already_voted",
    "autocommit_cast",
    "cast",
    "cast_by_id",
    "has_voted",
    "replace",
    "require_open",
    "scrub_insertion_traces",
    "validate",
    "write_ballot",
]


F = TypeVar("F", bound=Callable[..., Any])


def already_voted() -> str:
    return _(
        "Vous avez déjà voté à ce vote (en ligne, sur papier ou en séance, peut-être avec un autre compte à votre "
        "nom). Pour changer d'avis, utilisez « Remplacer mon bulletin » avec votre reçu."
    )


def require_open(vote: Any, now: datetime) -> None:
    """`vote`: anything with the vote's dates (the row, its `VoteRules`, a row of those columns)."""
    state = status(vote, now)
    if state == "closed":
        raise DomainError(_("Ce vote est clos : il n'accepte plus de bulletin."))
    if state != "open":
        raise DomainError(_("Ce vote n'est pas encore ouvert."))


def has_voted(vote: Vote, user: User) -> bool:
    query = sa.select(RollEntry.id).where(RollEntry.vote_id == vote.id, RollEntry.voter_key.in_(voter_keys(user)))
    return db.session.scalar(query.limit(1)) is not None


class AlreadyVoted(DomainError):
    """The roll already holds one of the voter's keys for this vote."""


class _ChangedMeanwhile(Exception):
    """The vote row no longer has the version the rules were read at (edited or closed elsewhere)."""


# One statement on PostgreSQL: the roll rows, only while none of the keys is there and the vote row is
# open (and at the version the caller checked against), then the ballot only if every key was written.
# A key written meanwhile by a concurrent cast is skipped by the unique constraint's arbiter, not raised;
# the keys this statement wrote are then deleted (`write_ballot`): only that race writes some keys and not
# others, which matters for a request run without a transaction (`autocommit_cast`).
_WRITE_POSTGRESQL = sa.text(
    """
    WITH open_vote AS (
        SELECT id FROM votes_vote
        WHERE id = :vote_id AND closed_at IS NULL AND opens_at IS NOT NULL AND opens_at <= :now
          AND (closes_at IS NULL OR closes_at > :now)
          AND (CAST(:version AS timestamp) IS NULL OR updated_at = :version)
          AND NOT EXISTS (SELECT 1 FROM votes_roll WHERE vote_id = :vote_id AND voter_key = ANY(:keys))
    ), roll AS (
        INSERT INTO votes_roll (vote_id, voter_key, channel, entered_by_id, day)
        SELECT open_vote.id, keys.voter_key, :channel, :entered_by_id, :day
        FROM open_vote CROSS JOIN unnest(:keys) AS keys (voter_key)
        ON CONFLICT (vote_id, voter_key) DO NOTHING
        RETURNING id
    ), ballot AS (
        INSERT INTO votes_ballot (id, vote_id, content, receipt_hash, channel, day)
        SELECT :ballot_id, :vote_id, :content, :receipt_hash, :channel, :day
        WHERE (SELECT count(*) FROM roll) = cardinality(:keys)
        RETURNING 1
    )
    SELECT ARRAY(SELECT id FROM roll) AS roll_ids, (SELECT count(*) FROM ballot) AS ballots
    """
).bindparams(
    sa.bindparam("now", type_=UTCDateTime()),
    sa.bindparam("version", type_=UTCDateTime()),
    sa.bindparam("keys", type_=postgresql.ARRAY(sa.String)),
    sa.bindparam("day", type_=sa.Date()),
    sa.bindparam("entered_by_id", type_=sa.Integer()),
    sa.bindparam("ballot_id", type_=sa.Uuid()),
    sa.bindparam("content", type_=sa.JSON()),
)


def _open_at(now: datetime) -> Any:
    """The vote row's own condition for `status(vote, now) == "open"`."""
    return sa.and_(
        Vote.closed_at.is_(None),
        Vote.opens_at.is_not(None),
        Vote.opens_at <= now,
        sa.or_(Vote.closes_at.is_(None), Vote.closes_at > now),
    )


def _write_roll(
    vote_id: int, keys: list[str], channel: str, entered_by_id: int | None, day: date, now: datetime,
    version: datetime | None,
) -> list[int]:  # fmt: skip
    """The roll part of `_WRITE_POSTGRESQL` on SQLite (no data-modifying WITH there): returns the ids
    written; the caller writes the ballot when there is one per key."""
    keyed = [sa.select(sa.literal(key, sa.String).label("voter_key")) for key in keys]
    source = (keyed[0] if len(keyed) == 1 else sa.union_all(*keyed)).subquery("keys")
    rows = (
        sa.select(
            Vote.id,
            source.c.voter_key,
            sa.literal(channel, sa.String),
            sa.literal(entered_by_id, sa.Integer),
            sa.literal(day, sa.Date),
        )
        .select_from(sa.join(Vote, source, sa.true()))
        .where(Vote.id == vote_id, _open_at(now))
    )
    if version is not None:
        rows = rows.where(Vote.updated_at == version)
    statement = (
        sqlite_insert(RollEntry)
        .from_select(["vote_id", "voter_key", "channel", "entered_by_id", "day"], rows)
        .on_conflict_do_nothing(index_elements=["vote_id", "voter_key"])
        .returning(RollEntry.id)
    )
    return list(db.session.scalars(statement))


def _refusal(vote_id: int, now: datetime, version: datetime | None) -> Exception:
    """Why the roll took fewer rows than keys: the vote closed (or changed) meanwhile, else a key was there."""
    row = db.session.execute(
        sa.select(Vote.updated_at, Vote.closed_at, Vote.opens_at, Vote.closes_at).where(Vote.id == vote_id)
    ).one_or_none()
    if row is None:
        return DomainError(_("Ce vote n'existe plus."))
    if version is not None and row.updated_at != version:
        return _ChangedMeanwhile()
    try:
        require_open(row, now)
    except DomainError as error:
        return error
    return AlreadyVoted(already_voted())


def write_ballot(
    vote: Vote | VoteRules,
    keys: list[str],
    content: dict[str, Any],
    channel: str,
    now: datetime,
    entered_by: User | None = None,
    open_voter: tuple[int | None, str] | None = None,
    version: datetime | None = None,
) -> str:
    """Write the roll rows for `keys` and the ballot; return the receipt code. `content` is validated.
    `version`: the vote row's `updated_at` the checks were made against (None: `vote` is the row itself,
    loaded in this transaction)."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    keys = list(dict.fromkeys(keys))  # one row per key: a repeated key would read as already there
    code = receipts.new_code()
    digest = receipts.receipt_hash(vote, code)
    day = now.date()
    entered_by_id = entered_by.id if entered_by else None
    ballot = {"id": uuid.uuid4(), "vote_id": vote.id, "content": content, "receipt_hash": digest, "channel": channel}
    if db.session.get_bind().dialect.name == "postgresql":
        row = db.session.connection().execute(
            _WRITE_POSTGRESQL,
            {"keys": keys, "entered_by_id": entered_by_id, "day": day, "now": now, "version": version,
             "ballot_id": ballot.pop("id"), **ballot},
        ).one()  # fmt: skip
        written, stored = list(row.roll_ids), row.ballots == 1
    else:
        written = _write_roll(vote.id, keys, channel, entered_by_id, day, now, version)
        stored = len(written) == len(keys)
        if stored:
            db.session.execute(sa.insert(Ballot).values(**ballot, day=day))
    if not stored:
        if written:  # another key of the same person was already there: take back the ones just written
            db.session.execute(sa.delete(RollEntry).where(RollEntry.id.in_(written)))
        raise _refusal(vote.id, now, version)
    if not vote.secret and open_voter is not None:
        user_id, name = open_voter
        db.session.execute(
            sa.insert(OpenChoice).values(
                vote_id=vote.id, user_id=user_id, voter_name=name, content=content, receipt_hash=digest, channel=channel
            )
        )
    return code


def _cast(
    vote: Vote | VoteRules, user: User, content: Any, channel: str, now: datetime, version: datetime | None
) -> str:
    require_open(vote, now)
    why = eligibility.problem(vote, user)
    if why:
        raise DomainError(why)
    clean = validate(vote, content)
    return write_ballot(
        vote, voter_keys(user), clean, channel, now, open_voter=(user.id, user.public_name[:120]), version=version
    )


def cast(vote: Vote, user: User, content: Any, channel: str = "web", now: datetime | None = None) -> str:
    """The voter's own ballot; returns the receipt code (shown once, never stored)."""
    return _cast(vote, user, content, channel, now or utcnow(), None)


def autocommit_cast(view: F) -> F:
    """For a view whose only write is `cast_by_id` (the busy path of a city-wide vote): on PostgreSQL the
    ballot is one statement, atomic on its own, so the request reads and writes without BEGIN and COMMIT,
    two round trips of the five it would otherwise make. It must wrap the view before anything is read
    (above `access`, which loads the signed-in user). SQLite writes the roll and the ballot in two
    statements: there the request keeps its transaction."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        # (a session already in a transaction, as tests holding one across requests, keeps it)
        if db.session.get_bind().dialect.name == "postgresql" and not db.session().in_transaction():
            db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def cast_by_id(vote_id: int, user: User, content: Any, channel: str = "web", now: datetime | None = None) -> str:
    """`cast`, checked against this process's copy of the vote's rules (`definitions`) instead of the
    vote loaded with its options: the busy path of a city-wide vote. The write still only happens while
    the row is open and unchanged; a refusal the copy may have caused (closed, not eligible, a rule) is
    checked again against the rules read afresh before it is given."""
    now = now or utcnow()
    for fresh in (False, True):
        if fresh:
            definitions.forget(vote_id)
        rules = definitions.rules_of(vote_id)
        if rules is None:
            raise NotFound(_("Ce vote n'existe pas."))
        try:
            return _cast(rules, user, content, channel, now, rules.version)
        except AlreadyVoted:
            raise
        except (DomainError, _ChangedMeanwhile):
            if fresh:
                raise
    raise DomainError(_("Ce vote vient de changer : rechargez la page et recommencez."))


def _take_ballot(vote: Vote, receipt_code: str) -> Ballot:
    """Delete the ballot the code stands for and return it. The delete is conditional: of two
    replacements racing with one code, only one finds the row; a second look covers a scrub that
    rewrote the row meanwhile (same receipt, new row)."""
    for _attempt in range(2):
        old = receipts.find_ballot(vote, receipt_code)
        if old is None:
            raise DomainError(
                [("receipt", _("Ce reçu ne correspond à aucun bulletin de ce vote : vérifiez les caractères saisis."))]
            )
        deleted = db.session.execute(
            sa.delete(Ballot)
            .where(Ballot.id == old.id, Ballot.receipt_hash == old.receipt_hash)
            .execution_options(synchronize_session=False)
        )
        if deleted.rowcount == 1:  # type: ignore[attr-defined]
            return old
        db.session.expunge(old)
    raise DomainError([("receipt", _("Ce reçu vient déjà de servir à remplacer le bulletin."))])


def replace(vote: Vote, receipt_code: str, content: Any, now: datetime | None = None) -> str:
    """Swap the ballot `receipt_code` stands for with a new one (a new receipt too). The old ballot is
    deleted, not kept beside; the roll does not change (the person has voted either way)."""
    now = now or utcnow()
    require_open(vote, now)
    clean = validate(vote, content)
    old = _take_ballot(vote, receipt_code)
    db.session.expunge(old)
    code = receipts.new_code()
    digest = receipts.receipt_hash(vote, code)
    db.session.add(Ballot(vote_id=vote.id, content=clean, receipt_hash=digest, channel=old.channel, day=now.date()))
    if not vote.secret:
        db.session.execute(
            sa.update(OpenChoice)
            .where(OpenChoice.vote_id == vote.id, OpenChoice.receipt_hash == old.receipt_hash)
            .values(content=clean, receipt_hash=digest)
            .execution_options(synchronize_session=False)
        )
    db.session.flush()
    return code


def scrub_insertion_traces(vote: Vote) -> int:
    """Rewrite the vote's ballots in receipt-hash order, in this transaction; returns how many.

    On PostgreSQL each row carries the id of the transaction that wrote it (`xmin`) and sits where it
    was appended: a database administrator could match a ballot to the roll rows written in the same
    transaction, or line both tables up by position. Rewriting every ballot at once gives them all this
    transaction's id and a position in receipt-hash order, which mean nothing. Done at the close and
    by `flask votes scrub` (run it every few minutes while votes are open). SQLite keeps neither trace:
    no transaction id per row, and the ballot table has no rowid.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        return 0
    db.session.flush()
    moved = db.session.execute(
        sa.text(
            "WITH moved AS (DELETE FROM votes_ballot WHERE vote_id = :vote_id RETURNING *) "
            "INSERT INTO votes_ballot SELECT * FROM moved ORDER BY receipt_hash"
        ),
        {"vote_id": vote.id},
    )
    return moved.rowcount or 0  # type: ignore[attr-defined]
