"""A closed vote's anonymous ballots as a Pabulib `.pb` file (written by app.votes.pabulib).

Voter ids are 1, 2, 3… in receipt-hash order: an order that says nothing about who voted or when, like
the published list. Only the ballots' content, day-less, and their channel are written.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from flask import current_app
from flask_babel import gettext as _

from app.core.errors import DomainError
from app.extensions import db
from app.votes.models import Ballot, Vote
from app.votes.pabulib import write_pb
from app.votes.services.ballots import minimum_spend
from app.votes.services.results import results
from app.votes.services.votes import get_vote, status

VOTE_TYPES = {
    "approval": "approval",
    "knapsack": "approval",
    "cumulative": "cumulative",
    "ranking": "ordinal",
    "single": "choose-1",
}
# Pabulib's `voting_method` words for Parvis's channels.
METHODS = {"web": "internet", "paper": "paper", "session": "in-person"}


def _ids(content: dict[str, Any]) -> list[str]:
    if "approve" in content:
        return [str(option_id) for option_id in content["approve"]]
    if "rank" in content:
        return [str(option_id) for option_id in content["rank"]]
    if "points" in content:
        return list(content["points"])
    if "choice" in content:
        return [str(content["choice"])]
    return []  # an abstention: an empty ballot, as Pabulib writes one


def _meta(vote: Vote, ballots: int) -> dict[str, object]:
    costs = [option.cost or 0 for option in vote.options]
    meta: dict[str, object] = {
        "description": vote.title,
        "country": current_app.config.get("COUNTRY_NAME", "France"),
        "unit": current_app.config.get("CITY_NAME", ""),
        "instance": str(vote.id),
        "num_projects": len(vote.options),
        "num_votes": ballots,
        # Pabulib needs a budget; a vote without one (a motion, a poll) writes the options' total cost.
        "budget": vote.budget if vote.budget is not None else sum(costs),
        "vote_type": VOTE_TYPES[vote.kind],
        "rule": vote.rule if vote.kind != "single" else "plurality",
        "currency": "EUR",
        "language": "fr",
    }
    if vote.opens_at:
        meta["date_begin"] = vote.opens_at.date().isoformat()
    if vote.closes_at:
        meta["date_end"] = vote.closes_at.date().isoformat()
    if vote.kind in ("approval", "knapsack"):
        meta["min_length"] = vote.min_choices if vote.min_choices is not None else 1
        if vote.max_choices is not None:
            meta["max_length"] = vote.max_choices
    if vote.kind == "knapsack":
        meta["max_sum_cost"] = vote.budget
        floor = minimum_spend(vote)
        if floor is not None:
            meta["min_sum_cost"] = floor
    if vote.kind == "cumulative":
        if vote.points_per_option is not None:
            meta["max_points"] = vote.points_per_option
        meta["max_sum_points"] = vote.points_total
    if vote.kind == "ranking" and vote.max_ranked is not None:
        meta["max_length"] = vote.max_ranked
    return meta


def pabulib_export(vote_id: int) -> str:
    """The `.pb` text of a closed vote (DomainError while it is open: contents are published at the close)."""
    vote = get_vote(vote_id)
    if status(vote) != "closed":
        raise DomainError(_("Les bulletins d'un vote sont publiés à sa clôture, pas avant."))
    rows = db.session.execute(
        db.select(Ballot.content, Ballot.channel).where(Ballot.vote_id == vote.id).order_by(Ballot.receipt_hash)
    ).all()
    votes_rows: list[dict[str, object]] = []
    counts: Counter[str] = Counter()
    for number, (content, channel) in enumerate(rows, start=1):
        ids = _ids(content)
        counts.update(ids)
        row: dict[str, object] = {"voter_id": number, "vote": ids}
        if vote.kind == "cumulative":
            row["points"] = [content["points"][option_id] for option_id in ids]
        row["voting_method"] = METHODS.get(channel, channel)
        votes_rows.append(row)
    outcome = results(vote)
    selected = {str(line.option.id) for line in outcome.lines if line.selected}
    projects = [
        {
            "project_id": str(option.id),
            "cost": option.cost if option.cost is not None else 0,
            "votes": counts[str(option.id)],
            "name": option.label,
            "selected": 1 if str(option.id) in selected else 0,
        }
        for option in vote.options
    ]
    return write_pb(_meta(vote, len(rows)), projects, votes_rows)
