"""Results of a closed vote, built from the stored anonymous ballots, and the published ballot list.

The tally itself is `app.votes.tally` (pure functions); this module turns ballots into its input and its
output into lines a results page can show, each with a sentence in French saying why.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from itertools import chain
from operator import itemgetter
from typing import Any

import numpy as np
import sqlalchemy as sa
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination

from app.core.db import plain_rows
from app.core.errors import DomainError
from app.extensions import db
from app.votes import tally
from app.votes.models import Ballot, EligibleVoter, OpenChoice, Vote, VoteOption
from app.votes.services import receipts
from app.votes.services.ballots import describe
from app.votes.services.explain import explain_motion, explain_option, explain_plurality
from app.votes.services.votes import is_motion, status
from app.votes.tally.collector import collector_paused

PER_PAGE = 50


@dataclass(frozen=True)
class PublishedBallot:
    fingerprint: str
    day: date
    channel: str
    choices: list[str] | None  # None while the vote is open: the list then proves presence, not content


def published_ballots(vote: Vote, page: int = 1, per_page: int = PER_PAGE) -> Pagination:
    """The anonymous ballots ordered by receipt hash (an order that tells nothing about who or when)."""
    query = sa.select(Ballot).where(Ballot.vote_id == vote.id).order_by(Ballot.receipt_hash)
    pagination = db.paginate(query, page=page, per_page=per_page, error_out=False, count=True)
    show = status(vote) == "closed"
    pagination.items = [
        PublishedBallot(
            receipts.fingerprint(ballot.receipt_hash),
            ballot.day,
            ballot.channel,
            describe(vote, ballot.content) if show else None,
        )
        for ballot in pagination.items
    ]
    return pagination


def ballot_contents(vote: Vote) -> list[dict[str, Any]]:
    """Every ballot's content, in receipt-hash order (never in insertion order)."""
    query = sa.select(Ballot.content).where(Ballot.vote_id == vote.id).order_by(Ballot.receipt_hash)
    return list(db.session.scalars(query))


def ballot_counts(vote: Vote) -> list[tuple[dict[str, Any], int]]:
    """Every distinct ballot content with the number of ballots holding it, in the order of their text."""
    return _read_ballots(vote)[0]


def _read_ballots(vote: Vote) -> tuple[list[tuple[dict[str, Any], int]], dict[str, int]]:
    """`ballot_counts`, and the number of ballots per channel, in one read. The texts are counted here,
    not grouped by the database (which would sort a city's 100,000 ballots to group them), and the
    distinct ones are decoded in one parse rather than one call each."""
    text = sa.cast(Ballot.content, sa.Text)  # the stored JSON as written: equal ballots, equal texts
    with collector_paused():
        db.session.flush()  # as Session.execute would: ballots added in this session are counted
        rows = plain_rows(db.session.connection(), sa.select(text, Ballot.channel).where(Ballot.vote_id == vote.id))
        counted = Counter(map(itemgetter(0), rows))
        channels = dict(Counter(map(itemgetter(1), rows)))
        distinct = sorted(counted)
        contents = json.loads(f"[{','.join(distinct)}]")
        return list(zip(contents, map(counted.__getitem__, distinct), strict=True)), channels


def open_choices(vote: Vote) -> list[OpenChoice]:
    """Who chose what: only an open vote has this record; a secret vote answers an empty list."""
    if vote.secret:
        return []
    query = sa.select(OpenChoice).where(OpenChoice.vote_id == vote.id).order_by(OpenChoice.voter_name)
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class OptionLine:
    option: VoteOption
    score: int  # votes, approvals or points
    supporters: int
    selected: bool
    position: int | None
    explanation: str
    outcome: tally.ProjectOutcome | None = None


@dataclass
class VoteResults:
    vote: Vote
    ballots: int
    mode: str  # "motion", "plurality", "budget" (a tally rule), "scores" (no budget: a ranking of scores)
    lines: list[OptionLine] = field(default_factory=list)
    abstentions: int = 0
    motion: tally.MotionResult | None = None
    motion_explanation: str = ""
    tally: tally.TallyResult | None = None
    winner: VoteOption | None = None
    channels: dict[str, int] = field(default_factory=dict)  # ballots per channel (web, paper, room)
    decided: bool = True  # False when a plurality vote ended in a tie or short of its majority


def _electorate(vote: Vote, cast: int) -> int:
    """Members who could vote: the people of an explicit list (one "user:" key each); otherwise unknown,
    and the quorum is then measured against the ballots themselves."""
    if vote.eligibility == "list":
        listed = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(EligibleVoter)
            .where(EligibleVoter.vote_id == vote.id, EligibleVoter.voter_key.like("user:%"))
        )
        return max(listed or 0, cast)
    return cast


def motion_rules(vote: Vote, electorate: int) -> tally.MotionRules:
    quorum = Fraction(min(vote.quorum, electorate), electorate) if vote.quorum and electorate else Fraction(0)
    if vote.majority == "two_thirds":
        return tally.MotionRules(quorum=quorum, threshold=Fraction(2, 3), strict=False)
    return tally.MotionRules(quorum=quorum, threshold=Fraction(1, 2), strict=True)


def _single(vote: Vote, grouped: list[tuple[dict[str, Any], int]]) -> VoteResults:
    counts: Counter[int] = Counter()
    for content, number in grouped:
        if "choice" in content:
            counts[content["choice"]] += number
    abstentions = sum(number for content, number in grouped if content.get("abstain"))
    cast = sum(number for _content, number in grouped)
    result = VoteResults(vote, cast, "plurality", abstentions=abstentions)
    if is_motion(vote):
        yes, no = vote.options
        electorate = _electorate(vote, cast)
        if vote.quorum and electorate < vote.quorum:
            electorate = vote.quorum  # the quorum cannot be met by fewer people than it asks for
        motion = tally.tally_motion(
            {"yes": counts[yes.id], "no": counts[no.id], "abstain": abstentions},
            electorate,
            motion_rules(vote, electorate),
        )
        result.mode = "motion"
        result.motion = motion
        result.motion_explanation = explain_motion(motion, vote.majority)
        result.lines = [
            OptionLine(option, counts[option.id], counts[option.id], motion.adopted == (option is yes), None, "")
            for option in (yes, no)
        ]
        return result
    expressed = sum(counts.values())
    ranked = sorted(vote.options, key=lambda option: (-counts[option.id], option.position))
    top = ranked[0]
    tie = len(ranked) > 1 and counts[ranked[1].id] == counts[top.id]
    needed = {"relative": 1, "absolute": expressed // 2 + 1, "two_thirds": -(-2 * expressed // 3)}[vote.majority]
    quorum_met = not vote.quorum or cast >= vote.quorum
    won = quorum_met and not tie and counts[top.id] >= max(needed, 1)
    result.winner = top if won else None
    result.decided = won
    result.lines = [
        OptionLine(
            option,
            counts[option.id],
            counts[option.id],
            won and option is top,
            index if counts[option.id] else None,
            explain_plurality(counts[option.id], expressed, won and option is top),
        )
        for index, option in enumerate(ranked, start=1)
    ]
    return result


def _election(vote: Vote, grouped: list[tuple[dict[str, Any], int]]) -> tally.Election:
    projects = [tally.Project(str(option.id), option.cost or 0, name=option.label) for option in vote.options]
    budget = vote.budget or 0
    contents = [content for content, _number in grouped]
    counts = [number for _content, number in grouped]
    if vote.kind == "cumulative":
        return tally.Election.cumulative(projects, budget, [c.get("points", {}) for c in contents], counts=counts)
    if vote.kind == "ranking":
        ballots = [[str(option_id) for option_id in c.get("rank", [])] for c in contents]
        return tally.Election.ordinal(
            projects, budget, ballots, points=vote.rank_points, max_rank=vote.max_ranked, counts=counts
        )
    positions, lengths = _approval_positions(vote, [c.get("approve", ()) for c in contents])
    return tally.Election.approval_arrays(projects, budget, positions, lengths, counts=counts)


def _approval_positions(vote: Vote, approved: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """A city's approval ballots as arrays (the engine's `approval_arrays`): the positions in
    `vote.options` of the options each names, one ballot after the other, and how many each names.
    Mapped in numpy rather than one dict lookup per choice; an unknown option is position -1, which
    the engine refuses."""
    lengths = np.fromiter(map(len, approved), dtype=np.int64, count=len(approved))
    chosen = np.fromiter(chain.from_iterable(approved), dtype=np.int64, count=int(lengths.sum()))
    option_ids = np.fromiter((option.id for option in vote.options), dtype=np.int64, count=len(vote.options))
    if not len(option_ids):
        return np.full(len(chosen), -1, dtype=np.int64), lengths
    order = np.argsort(option_ids)
    ordered = option_ids[order]
    found = np.minimum(np.searchsorted(ordered, chosen), len(ordered) - 1)
    return np.where(ordered[found] == chosen, order[found], -1), lengths


def _scores(vote: Vote, grouped: list[tuple[dict[str, Any], int]]) -> VoteResults:
    election = _election(vote, grouped)
    options = {str(option.id): option for option in vote.options}
    if vote.budget is None:
        # Nothing to fund: the options ranked by their score (approvals or points).
        scores: Counter[str] = Counter()
        supporters: Counter[str] = Counter()
        for ballot, number in election.weighted_ballots():
            for option_id, points in ballot.items():
                scores[option_id] += points * number
                supporters[option_id] += number
        ranked = sorted(vote.options, key=lambda option: (-scores[str(option.id)], option.position))
        lines = [
            OptionLine(
                option,
                scores[str(option.id)],
                supporters[str(option.id)],
                False,
                index,
                explain_plurality(scores[str(option.id)], None, False),
            )
            for index, option in enumerate(ranked, start=1)
        ]
        return VoteResults(vote, election.voters, "scores", lines=lines)
    outcome = tally.tally(election, vote.rule)
    lines = [
        OptionLine(
            options[item.project_id],
            item.score,
            item.supporters,
            item.selected,
            item.position,
            explain_option(item, vote.kind),
            item,
        )
        for item in outcome.projects
    ]
    return VoteResults(vote, election.voters, "budget", lines=lines, tally=outcome)


def results(vote: Vote) -> VoteResults:
    """The outcome of a closed vote (DomainError while it is open: no partial results, even for staff)."""
    if status(vote) != "closed":
        raise DomainError(_("Les résultats seront publiés à la clôture du vote."))
    # A city's ballots, read and decoded, are a few hundred thousand objects: with the collector paused
    # until they are dropped, its passes never walk them (they cost a quarter of the tally otherwise).
    with collector_paused():
        grouped, channels = _read_ballots(vote)
        found = _single(vote, grouped) if vote.kind == "single" else _scores(vote, grouped)
        del grouped
    found.channels = channels
    return found
