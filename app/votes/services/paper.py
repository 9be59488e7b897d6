"""Ballots entered by staff: paper ballots at a desk, votes in a council session.

Staff identify the voter by their account or by the identity document they checked: either way the
voter keys are those of the person (an account verified with that document answers for it), so the roll
refuses a paper ballot after a web one and the other way round. The audit log records who entered a
ballot for whom, never the choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from app.accounts.models import User
from app.accounts.services.identity import DOCUMENT_TYPES, identity_hash, normalise_number, voter_keys
from app.core import audit
from app.core.db import utcnow
from app.core.errors import DomainError
from app.votes.models import Vote
from app.votes.services import eligibility
from app.votes.services.ballots import validate
from app.votes.services.casting import require_open, write_ballot

STAFF_CHANNELS = ("paper", "session")


@dataclass(frozen=True)
class PaperVoter:
    """The person a ballot is entered for: an account, or an identity document (type and number)."""

    user: User | None = None
    document_type: str = ""
    document_number: str = ""
    name: str = ""  # shown beside the choice in an open vote when there is no account


def _resolve(vote: Vote, staff: User, voter: PaperVoter) -> tuple[list[str], User | None, dict[str, Any]]:
    """The voter's keys, their account if any, and what the audit entry says about them."""
    if voter.user is not None:
        user = voter.user
        problem = eligibility.problem(vote, user)
        if problem:
            raise DomainError([("voter", problem)])
        return voter_keys(user), user, {"voter_user_id": user.id}
    if voter.document_type not in DOCUMENT_TYPES:
        raise DomainError([("document_type", _("Choisissez le type de pièce d'identité présentée."))])
    if len(normalise_number(voter.document_number)) < 4:
        raise DomainError([("document_number", _("Recopiez le numéro de la pièce d'identité présentée."))])
    identity = identity_hash(voter.document_type, voter.document_number)
    user = eligibility.user_for_identity(identity)
    if user is not None:
        problem = eligibility.problem(vote, user)
        if problem:
            raise DomainError([("voter", problem)])
        return voter_keys(user), user, {"voter_user_id": user.id}
    keys = [f"identity:{identity}"]
    problem = eligibility.identity_problem(vote, keys, identity)
    if problem:
        raise DomainError([("voter", problem)])
    # The identity hash is already what the roll holds; the audit keeps a prefix, enough to match a dispute.
    return keys, None, {"voter_identity": identity[:16]}


def enter_paper_ballot(
    vote: Vote,
    staff: User,
    voter: PaperVoter,
    content: Any,
    channel: str = "paper",
    now: datetime | None = None,
) -> str:
    """Enter a ballot for `voter`; returns the receipt code to hand to them."""
    now = now or utcnow()
    if channel not in STAFF_CHANNELS:
        raise ValueError(f"staff enter ballots on paper or in session, not {channel!r}")
    require_open(vote, now)
    keys, user, whom = _resolve(vote, staff, voter)
    if user is not None and user.id == staff.id:
        raise DomainError([("voter", _("Vous ne pouvez pas saisir votre propre bulletin : demandez à un collègue."))])
    clean = validate(vote, content)
    name = (user.public_name if user is not None else (voter.name.strip() or _("Votant sur papier")))[:120]
    code = write_ballot(vote, keys, clean, channel, now, entered_by=staff, open_voter=(user.id if user else None, name))
    audit.record(
        "votes.ballot_entered",
        actor_id=staff.id,
        subject_type="vote",
        subject_id=vote.id,
        data={"channel": channel, **whom},
    )
    return code
