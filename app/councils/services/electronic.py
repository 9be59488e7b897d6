"""The seam between a session's motions and the vote engine (`app.votes`). Everything councils
needs from it goes through these functions: a motion's electronic vote is a single-choice vote
("Pour" / "Contre", abstention allowed) whose eligible voters are the members present when it
opens. A secret vote keeps no link between a member and their choice (the engine writes the voter
roll and the anonymous ballot apart); an open vote also records each member's choice by name."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from app.accounts.models import User
from app.core.errors import DomainError
from app.councils.models import Motion
from app.votes.models import Vote
from app.votes.services import casting, results, votes

OWNER = "councils"


@dataclass(frozen=True)
class Tally:
    votes_for: int
    votes_against: int
    abstentions: int
    adopted: bool


def available() -> bool:
    """Whether electronic votes can be offered (kept as a function: the seam may be switched off)."""
    return True


def _owner_ref(motion: Motion) -> str:
    return f"motion:{motion.id}"


def vote_of(motion: Motion) -> Vote:
    if motion.vote_ref is None:
        raise DomainError(_("Le vote n'est pas ouvert."))
    return votes.get_vote(int(motion.vote_ref))


def open_ballot(actor: User, motion: Motion, voters: list[User]) -> str:
    """Create and open the vote among `voters`; returns the reference kept on the motion."""
    vote = votes.create_vote(
        actor,
        title=motion.title,
        kind="single",
        options=votes.MOTION_OPTIONS,
        description=motion.text,
        secret=motion.secret,
        owner=OWNER,
        owner_ref=_owner_ref(motion),
        eligibility="list",
        allow_abstain=True,
        majority="absolute",
    )
    votes.set_eligible_voters(actor, vote, voters)
    votes.open_vote(actor, vote)
    return str(vote.id)


def _option_id(vote: Vote, ref: str) -> int:
    return next(option.id for option in vote.options if option.ref == ref)


def cast(user: User, motion: Motion, choice: str) -> str:
    vote = vote_of(motion)
    if choice == "for":
        content: dict[str, object] = {"choice": _option_id(vote, "yes")}
    elif choice == "against":
        content = {"choice": _option_id(vote, "no")}
    elif choice == "abstain":
        content = {"abstain": True}
    else:
        raise DomainError([("choice", _("Choisissez pour, contre ou abstention."))])
    return casting.cast(vote, user, content)


def has_voted(user: User, motion: Motion) -> bool:
    return casting.has_voted(vote_of(motion), user)


def ballots_cast(motion: Motion) -> int:
    return votes.ballot_count(vote_of(motion)) if motion.vote_ref else 0


def voters(motion: Motion) -> int:
    """How many members may vote (those present when the vote opened)."""
    return (
        len([key for key in votes.eligible_voter_keys(vote_of(motion)) if key.startswith("user:")])
        if motion.vote_ref
        else 0
    )


def close(actor: User, motion: Motion) -> Tally:
    vote = vote_of(motion)
    votes.close_vote(actor, vote)
    outcome = results.results(vote)
    counts = {line.option.ref: line.score for line in outcome.lines}
    adopted = outcome.motion.adopted if outcome.motion is not None else counts.get("yes", 0) > counts.get("no", 0)
    return Tally(counts.get("yes", 0), counts.get("no", 0), outcome.abstentions, adopted)


def open_choices(motion: Motion) -> list[tuple[str, str]]:
    """(voter name, choice) for an open vote, for the minutes; always empty for a secret one."""
    if motion.vote_ref is None or motion.secret:
        return []
    vote = vote_of(motion)
    labels = {"yes": _("Pour"), "no": _("Contre")}
    named = []
    for choice in results.open_choices(vote):
        option = vote.option(choice.content["choice"]) if "choice" in choice.content else None
        named.append((choice.voter_name, labels.get(option.ref, option.label) if option else _("Abstention")))
    return named
