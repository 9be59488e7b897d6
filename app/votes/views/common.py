"""What every votes view does first: load the vote (404 otherwise) and record a close that fell due."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user

from app.core.errors import NotFound
from app.extensions import db
from app.votes.models import Vote
from app.votes.services import casting, eligibility, votes


def load_vote(vote_id: int) -> Vote:
    try:
        vote = votes.get_vote(vote_id)
    except NotFound:
        abort(404)
    if vote.closed_at is None and votes.status(vote) == "closed":
        # A page about a vote past its closing time records (and announces) the close once.
        votes.close_if_due(vote)
        db.session.commit()
    return vote


def voter_context(vote: Vote) -> dict[str, Any]:
    """Whether the viewer can vote here now, and if not, why (in words they can act on)."""
    state = votes.status(vote)
    user = current_user._get_current_object()  # type: ignore[attr-defined]
    signed_in = bool(getattr(user, "is_authenticated", False))
    voted = signed_in and casting.has_voted(vote, user)
    why_not = eligibility.problem(vote, user) if signed_in else None
    return {
        "state": state,
        "voted": voted,
        "why_not": why_not,
        "can_vote": state == "open" and signed_in and not voted and why_not is None,
    }
