"""Receipt codes: short, random, shown once to the voter; the ballot keeps only a keyed hash of them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from app.core.security import keyed_hash
from app.extensions import db
from app.votes.models import Ballot, Vote

# Crockford's base-32 alphabet: no I, L, O, U, so a code read aloud or copied by hand survives.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})
LENGTH = 12  # 60 bits: out of reach of guessing, short enough to note down
FINGERPRINT = 16  # hex characters of the hash shown in the published list


def new_code() -> str:
    # One draw of 60 bits, five a character: a draw per character would cost a system call each.
    bits = secrets.randbits(5 * LENGTH)
    raw = "".join(ALPHABET[(bits >> shift) & 31] for shift in range(0, 5 * LENGTH, 5))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def normalise(code: str) -> str:
    """Upper case, separators dropped, look-alike letters mapped: "abcd efgh-ijkl" reads as one code."""
    text = "".join(char for char in code.upper() if char.isalnum())
    return text.translate(CONFUSABLE)


def receipt_hash(vote: Vote, code: str) -> str:
    # The vote id is part of the message: one code can never match a ballot of another vote.
    return keyed_hash(f"{vote.id}:{normalise(code)}", "receipt")


def fingerprint(hash_: str) -> str:
    return hash_[:FINGERPRINT]


def looks_valid(code: str) -> bool:
    text = normalise(code)
    return len(text) == LENGTH and all(char in ALPHABET for char in text)


@dataclass(frozen=True)
class ReceiptCheck:
    fingerprint: str
    page: int  # the page of the published list (ordered by fingerprint) where the ballot appears
    channel: str


def find_ballot(vote: Vote, code: str) -> Ballot | None:
    if not looks_valid(code):
        return None
    query = sa.select(Ballot).where(Ballot.vote_id == vote.id, Ballot.receipt_hash == receipt_hash(vote, code))
    return db.session.scalar(query)


def check_receipt(vote: Vote, code: str, per_page: int = 50) -> ReceiptCheck | None:
    ballot = find_ballot(vote, code)
    if ballot is None:
        return None
    before = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Ballot)
        .where(Ballot.vote_id == vote.id, Ballot.receipt_hash < ballot.receipt_hash)
    )
    return ReceiptCheck(fingerprint(ballot.receipt_hash), (before or 0) // per_page + 1, ballot.channel)
