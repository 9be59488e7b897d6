"""Casting a resident's ballot in an envelope without loading the edition: the busy path of the vote.

A ballot posted to `/budget/<slug>/vote/<envelope>` needs three facts about the edition: that it
exists, which vote each envelope has, and which envelopes a resident of a given quartier may vote in.
Each process keeps them per edition, with the edition row's `updated_at` as their version (changing the
envelopes or the voting scope touches it), and reads the version again at most once a second
(`CHECK_EVERY`), rebuilding the copy when it moved. Neither the envelopes nor the voting scope can change
once the voting phase has started, so while a vote is open the copy stays right, and a change made before
reaches every process within a second; a query per ballot for it would cost one round trip of three.
The vote engine then checks the ballot against its own copy of the vote's rules
(`app.votes.services.definitions`) and writes it only while the vote row is open and unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from time import monotonic
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from app.accounts.models import User
from app.budgets.models import Edition, Envelope
from app.budgets.services.editions import votable_envelopes
from app.budgets.services.voting import not_open_yet, not_your_envelope
from app.core.errors import NotFound
from app.core.kept import kept
from app.extensions import db
from app.votes.services import casting

KEPT = "budgets_edition_votes"
MAX_KEPT = 100
CHECK_EVERY = 1.0  # seconds between two reads of an edition's version by a process


@dataclass
class EditionVotes:
    edition_id: int
    version: datetime
    votes: dict[int, int | None]  # envelope id -> its vote's id (None: not prepared yet)
    # quartier id (None: no quartier) -> the envelopes its residents may vote in, filled as they come
    allowed: dict[int | None, frozenset[int]] = field(default_factory=dict)
    checked_at: float = field(default_factory=monotonic)  # when the version was last read


# Built once: a statement object keeps its compiled form's cache key, a new one computes it again.
_VERSION = sa.select(Edition.id, Edition.updated_at).where(Edition.slug == sa.bindparam("slug"))


def _read(slug: str) -> EditionVotes:
    store = kept(KEPT, MAX_KEPT)
    found: EditionVotes | None = store.get(slug)
    moment = monotonic()
    if found is not None and moment - found.checked_at < CHECK_EVERY:
        return found
    row = db.session.connection().execute(_VERSION, {"slug": slug}).one_or_none()
    if row is None:
        raise NotFound(_("Cette édition du budget participatif n'existe pas."))
    if found is not None and (found.edition_id, found.version) == (row.id, row.updated_at):
        found.checked_at = moment
        return found
    envelopes = db.session.execute(sa.select(Envelope.id, Envelope.vote_id).where(Envelope.edition_id == row.id))
    found = EditionVotes(row.id, row.updated_at, {envelope_id: vote_id for envelope_id, vote_id in envelopes})
    store.put(slug, found)
    return found


def _allowed(copy: EditionVotes, user: User) -> frozenset[int]:
    """The envelopes `user`'s quartier votes in, worked out once per quartier by the edition's own rule."""
    found = copy.allowed.get(user.quartier_id)
    if found is None:
        edition = db.session.get(Edition, copy.edition_id)
        assert edition is not None
        found = frozenset(envelope.id for envelope in votable_envelopes(edition, user.quartier))
        copy.allowed[user.quartier_id] = found
    return found


def cast(user: User, slug: str, envelope_id: int, content: dict[str, Any], now: datetime | None = None) -> str:
    """`voting.cast` for an envelope named by the URL; returns the receipt code. NotFound: no such
    edition or envelope; DomainError: the same refusals as `voting.cast`, in the same words."""
    copy = _read(slug)
    if envelope_id not in copy.votes:
        raise NotFound(_("Cette enveloppe n'existe pas."))
    if envelope_id not in _allowed(copy, user):
        raise not_your_envelope(db.session.scalar(sa.select(Envelope.name).where(Envelope.id == envelope_id)) or "")
    vote_id = copy.votes[envelope_id]
    if vote_id is None:  # prepared since the copy was made? (preparing does not touch the edition)
        vote_id = db.session.scalar(sa.select(Envelope.vote_id).where(Envelope.id == envelope_id))
        if vote_id is None:
            raise not_open_yet()
        copy.votes[envelope_id] = vote_id
    return casting.cast_by_id(vote_id, user, content, channel="web", now=now)
