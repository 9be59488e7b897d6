"""Casting and replacing a ballot: the roll row and the anonymous ballot in one transaction.

Nothing here logs: a log line written while casting would carry the time and the person next to what
they chose. The unique (vote, voter key) constraint of the roll, not a check in Python, refuses a second
vote, whatever the channel and whatever the concurrency.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from app.accounts.models import User
from app.accounts.services.identity import voter_keys
from app.core.db import utcnow
from app.core.errors import DomainError
from app.extensions import db
from app.votes.models import CHANNELS, Ballot, OpenChoice, RollEntry, Vote
from app.votes.services import eligibility, receipts
from app.votes.services.ballots import validate
from app.votes.services.votes import status

__all__ = [
    "already_voted",
    "cast",
    "has_voted",
    "replace",
    "require_open",
    "scrub_insertion_traces",
    "validate",
    "write_ballot",
]


def already_voted() -> str:
    return _(
        "Vous avez déjà voté à ce vote (en ligne, sur papier ou en séance, peut-être avec un autre compte à votre "
        "nom). Pour changer d'avis, utilisez « Remplacer mon bulletin » avec votre reçu."
    )


def require_open(vote: Vote, now: datetime) -> None:
    state = status(vote, now)
    if state == "closed":
        raise DomainError(_("Ce vote est clos : il n'accepte plus de bulletin."))
    if state != "open":
        raise DomainError(_("Ce vote n'est pas encore ouvert."))


def has_voted(vote: Vote, user: User) -> bool:
    query = sa.select(RollEntry.id).where(RollEntry.vote_id == vote.id, RollEntry.voter_key.in_(voter_keys(user)))
    return db.session.scalar(query.limit(1)) is not None


def write_ballot(
    vote: Vote,
    keys: list[str],
    content: dict[str, Any],
    channel: str,
    now: datetime,
    entered_by: User | None = None,
    open_voter: tuple[int | None, str] | None = None,
) -> str:
    """Write the roll rows for `keys` and the ballot; return the receipt code. `content` is validated."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    code = receipts.new_code()
    digest = receipts.receipt_hash(vote, code)
    day = now.date()
    # The ballot first: on SQLite its INSERT opens the transaction, so the savepoint below nests inside
    # it (a savepoint opened first would be the outer transaction and its release would commit).
    ballot = Ballot(vote_id=vote.id, content=content, receipt_hash=digest, channel=channel, day=day)
    db.session.add(ballot)
    db.session.flush()
    try:
        with db.session.begin_nested():
            db.session.add_all(
                RollEntry(
                    vote_id=vote.id,
                    voter_key=key,
                    channel=channel,
                    entered_by_id=entered_by.id if entered_by else None,
                    day=day,
                )
                for key in keys
            )
    except sa.exc.IntegrityError as error:
        db.session.delete(ballot)
        db.session.flush()
        raise DomainError(already_voted()) from error
    if not vote.secret and open_voter is not None:
        user_id, name = open_voter
        db.session.add(
            OpenChoice(
                vote_id=vote.id, user_id=user_id, voter_name=name, content=content, receipt_hash=digest, channel=channel
            )
        )
        db.session.flush()
    return code


def cast(vote: Vote, user: User, content: Any, channel: str = "web", now: datetime | None = None) -> str:
    """The voter's own ballot; returns the receipt code (shown once, never stored)."""
    now = now or utcnow()
    require_open(vote, now)
    why = eligibility.problem(vote, user)
    if why:
        raise DomainError(why)
    clean = validate(vote, content)
    return write_ballot(vote, voter_keys(user), clean, channel, now, open_voter=(user.id, user.public_name[:120]))


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
