"""The vote of an edition: one `app.votes` vote per envelope, prepared when the voting phase opens
from the projects selected for it, and the resident's side of it — which envelopes they may vote
in, casting, checking and replacing a ballot with its receipt — and the turnout staff follow.

The vote engine checks the ballot's rules, writes the roll and the anonymous ballot in one
transaction and refuses a second vote; here we only choose the vote and say in French why an
envelope is not the resident's."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from app.accounts.models import User
from app.budgets.models import Decision, Edition, Envelope, Proposal
from app.budgets.services.editions import has_started, votable_envelopes
from app.core import audit
from app.core.db import utcnow
from app.core.errors import DomainError
from app.extensions import db
from app.geo.models import District
from app.votes.models import Ballot, Vote
from app.votes.services import casting, eligibility, receipts, results, votes
from app.votes.services.ballots import ballot_cost, minimum_spend
from app.votes.services.votes import OptionSpec

OWNER = "budgets"
# The statuses of the projects put to the vote: "selected" once the pre-selection ran.
ON_BALLOT = ("selected", "funded", "not_funded")


def owner_ref(envelope: Envelope) -> str:
    return f"envelope:{envelope.id}"


def envelope_of_vote(vote: Vote) -> Envelope | None:
    if vote.owner != OWNER:
        return None
    return db.session.scalar(sa.select(Envelope).where(Envelope.vote_id == vote.id))


def ballot_proposals(envelope: Envelope) -> list[Proposal]:
    query = (
        sa.select(Proposal)
        .where(Proposal.envelope_id == envelope.id, Proposal.status.in_(ON_BALLOT), Proposal.hidden_at.is_(None))
        .order_by(Proposal.title, Proposal.id)
    )
    return list(db.session.scalars(query))


def summary(proposal: Proposal, limit: int = 400) -> str:
    """The first paragraph of a project's description, for the ballot (Markdown, sanitised when shown)."""
    first = proposal.description.strip().split("\n\n", 1)[0].strip()
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def labels(projects: list[Proposal]) -> list[tuple[Proposal, str]]:
    """Each project with its label on the ballot: its title, and its number where two share a title
    (the vote engine wants options a voter can tell apart)."""
    seen = Counter(project.title.strip().casefold() for project in projects)
    return [
        (p, p.title if seen[p.title.strip().casefold()] == 1 else _("%(title)s (n° %(id)s)", title=p.title, id=p.id))
        for p in projects
    ]


def _voting_districts(edition: Edition, envelope: Envelope) -> list[int] | None:
    """The arrondissements whose residents may vote in `envelope` as the edition says (None: all of
    them): each one's residents get `votable_envelopes` of one of its quartiers."""
    districts = list(db.session.scalars(sa.select(District).order_by(District.number)))
    allowed = [
        district.id
        for district in districts
        if district.quartiers and envelope in votable_envelopes(edition, district.quartiers[0])
    ]
    inhabited = [district.id for district in districts if district.quartiers]
    return None if allowed == inhabited else allowed


def _eligibility(edition: Edition, envelope: Envelope) -> dict[str, Any]:
    districts = _voting_districts(edition, envelope)
    if districts is None:
        return {"eligibility": "verified"}
    if not districts:
        return {"eligibility": "list"}  # nobody lives where this envelope's vote is open
    return {"eligibility": "area", "district_ids": districts}


def _settings(edition: Edition, envelope: Envelope, projects: list[Proposal]) -> dict[str, Any]:
    phase = edition.phase("voting")
    assert phase is not None
    settings: dict[str, Any] = {
        "title": f"{edition.title} — {envelope.name}"[:200],
        "kind": envelope.ballot_kind,
        "options": [OptionSpec(label, summary(p), cost=p.cost, ref=str(p.id)) for p, label in labels(projects)],
        "opens_at": phase.starts_at,
        "closes_at": phase.ends_at,
        "owner": OWNER,
        "owner_ref": owner_ref(envelope),
        "budget": envelope.amount,
        "rule": edition.rule,
        "district_ids": (),
        "min_choices": None,
        "max_choices": None,
        "min_share": None,
        **_eligibility(edition, envelope),
    }
    if envelope.ballot_kind == "approval":
        high = min(envelope.max_choices or len(projects), len(projects))
        settings["max_choices"] = high
        settings["min_choices"] = min(envelope.min_choices, high) if envelope.min_choices else None
    else:
        settings["min_share"] = envelope.min_share or None
    return settings


@dataclass
class Preparation:
    prepared: list[Envelope] = field(default_factory=list)
    skipped: list[Envelope] = field(default_factory=list)  # fewer than two projects: nothing to choose


def _select_feasible(actor: User | None, edition: Edition, now: datetime) -> None:
    """No pre-selection ran: every feasible project goes to the vote (as `supports.preselect` does
    without a support phase)."""
    if db.session.scalar(
        sa.select(Proposal.id).where(Proposal.edition_id == edition.id, Proposal.status.in_(ON_BALLOT)).limit(1)
    ):
        return
    if edition.has_support_phase and edition.support_leads_to == "vote":
        return  # the supports decide: staff run the pre-selection first
    feasible = db.session.scalars(
        sa.select(Proposal).where(Proposal.edition_id == edition.id, Proposal.status == "feasible")
    )
    for proposal in feasible:
        proposal.status = "selected"
        db.session.add(
            Decision(proposal=proposal, actor_id=actor.id if actor else None, kind="selection", at=now, data={})
        )
    db.session.flush()


def prepare_voting(actor: User | None, edition: Edition, now: datetime | None = None) -> Preparation:
    """Create the vote of every envelope that has none yet, once the voting phase has started (or by
    staff ahead of it). Two requests preparing at once: a conditional update decides which vote an
    envelope keeps; the other is deleted. Dates follow the voting phase if staff moved it."""
    moment = now or utcnow()
    if edition.phase("voting") is None:
        raise DomainError(_("Cette édition n'a pas de phase de vote : donnez-lui des dates."))
    _select_feasible(actor, edition, moment)
    outcome = Preparation()
    for envelope in edition.envelopes:
        if envelope.vote_id is not None:
            _follow_edition(actor, edition, envelope, moment)
            continue
        projects = ballot_proposals(envelope)
        if len(projects) < 2:
            outcome.skipped.append(envelope)
            continue
        vote = votes.create_vote(actor, **_settings(edition, envelope, projects))
        taken = db.session.execute(
            sa.update(Envelope)
            .where(Envelope.id == envelope.id, Envelope.vote_id.is_(None))
            .values(vote_id=vote.id)
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount != 1:  # type: ignore[attr-defined]
            votes.delete_vote(actor, vote)
            db.session.refresh(envelope)
            continue
        db.session.refresh(envelope)
        outcome.prepared.append(envelope)
    if outcome.prepared:
        audit.record(
            "budgets.voting_prepared",
            actor_id=actor.id if actor else None,
            subject_type="budget_edition",
            subject_id=edition.id,
            data={"envelopes": {str(e.id): e.vote_id for e in outcome.prepared}, "rule": edition.rule},
        )
    return outcome


def _follow_edition(actor: User | None, edition: Edition, envelope: Envelope, now: datetime) -> None:
    """A vote prepared ahead follows the edition until it opens (projects, amount, rule may still
    change); after that only its dates follow the voting phase, which an admin may move (audited)."""
    vote = db.session.get(Vote, envelope.vote_id)
    phase = edition.phase("voting")
    if vote is None or phase is None or vote.closed_at is not None:
        return
    if votes.status(vote, now) == "scheduled" and not votes.ballot_count(vote):
        projects = ballot_proposals(envelope)
        if len(projects) >= 2:
            votes.update_vote(actor, vote, **_settings(edition, envelope, projects))
            return
    _follow_dates(vote, phase)


def _follow_dates(vote: Vote, phase: Any) -> None:
    if vote.closed_at is None and (vote.opens_at, vote.closes_at) != (phase.starts_at, phase.ends_at):
        vote.opens_at, vote.closes_at = phase.starts_at, phase.ends_at
        db.session.flush()


def ensure_prepared(edition: Edition, now: datetime | None = None) -> None:
    """Pages of the vote call this: the votes exist as soon as the voting phase has started, and
    open and close with it if an admin moved it."""
    if has_started(edition, "voting", now) and any(e.vote_id is None for e in edition.envelopes):
        prepare_voting(None, edition, now)
        return
    phase = edition.phase("voting")
    for envelope in edition.envelopes:
        vote = vote_of(envelope)
        if vote is not None and phase is not None:
            _follow_dates(vote, phase)


# The resident's ballot ------------------------------------------------------------------------------


@dataclass
class EnvelopeBallot:
    envelope: Envelope
    vote: Vote
    projects: dict[int, Proposal]  # by option id
    state: str  # the vote's status: "scheduled", "open", "closed"
    voted: bool
    why_not: str | None  # why this person may not vote here (None: they may)
    minimum_spend: Decimal | None

    @property
    def can_vote(self) -> bool:
        return self.state == "open" and not self.voted and self.why_not is None


def vote_of(envelope: Envelope) -> Vote | None:
    return db.session.get(Vote, envelope.vote_id) if envelope.vote_id is not None else None


def all_closed(edition: Edition) -> bool:
    """Every envelope has its vote and every vote's close is recorded: nothing about the votes can
    change any more (`ensure_prepared` and the close have nothing left to do)."""
    ids = [envelope.vote_id for envelope in edition.envelopes if envelope.vote_id is not None]
    if not ids or len(ids) < len(edition.envelopes):
        return False
    # The closes alone, not the votes as objects: every visit of the results page asks.
    query = sa.select(sa.func.count()).select_from(Vote).where(Vote.id.in_(ids), Vote.closed_at.is_not(None))
    closed = db.session.scalar(query)
    return closed == len(ids)


def projects_by_option(vote: Vote) -> dict[int, Proposal]:
    refs = {int(option.ref): option.id for option in vote.options if option.ref.isdigit()}
    found = db.session.scalars(sa.select(Proposal).where(Proposal.id.in_(refs))) if refs else []
    return {refs[proposal.id]: proposal for proposal in found}


def _residence(user: Any) -> Any:
    return getattr(user, "quartier", None) if getattr(user, "is_authenticated", False) else None


def allowed_envelopes(edition: Edition, user: Any) -> list[Envelope]:
    """The envelopes this resident may vote in (their area's and the city's, as the edition says)."""
    return [envelope for envelope in votable_envelopes(edition, _residence(user)) if envelope.vote_id is not None]


def ballot_for(edition: Edition, user: Any, now: datetime | None = None) -> list[EnvelopeBallot]:
    moment = now or utcnow()
    ensure_prepared(edition, moment)
    ballots = []
    for envelope in allowed_envelopes(edition, user):
        vote = vote_of(envelope)
        if vote is None:
            continue
        voted = bool(getattr(user, "is_authenticated", False)) and casting.has_voted(vote, user)
        ballots.append(
            EnvelopeBallot(
                envelope, vote, projects_by_option(vote), votes.status(vote, moment), voted,
                eligibility.problem(vote, user), minimum_spend(vote),
            )
        )  # fmt: skip
    return ballots


def not_your_envelope(name: str) -> DomainError:
    return DomainError(
        _("Vous ne pouvez pas voter dans l'enveloppe « %(name)s » : elle ne concerne pas votre secteur.", name=name)
    )


def not_open_yet() -> DomainError:
    return DomainError(_("Le vote de cette enveloppe n'est pas encore ouvert."))


def _check_envelope(edition: Edition, envelope: Envelope, user: Any) -> Vote:
    if envelope.edition_id != edition.id or envelope not in allowed_envelopes(edition, user):
        raise not_your_envelope(envelope.name)
    vote = vote_of(envelope)
    if vote is None:
        raise not_open_yet()
    return vote


def cast(user: User, envelope: Envelope, content: dict[str, Any], now: datetime | None = None) -> str:
    """Cast the resident's ballot in one envelope; returns the receipt code (shown once)."""
    vote = _check_envelope(envelope.edition, envelope, user)
    return casting.cast(vote, user, content, channel="web", now=now)


def replace(envelope: Envelope, receipt_code: str, content: dict[str, Any], now: datetime | None = None) -> str:
    """Swap the ballot a receipt stands for (anyone holding the code: a paper voter has no account)."""
    vote = vote_of(envelope)
    if vote is None:
        raise not_open_yet()
    return casting.replace(vote, receipt_code, content, now=now)


def chosen_total(vote: Vote, content: dict[str, Any]) -> Decimal:
    """What the ticked projects cost together (the page shows it after a refused ballot)."""
    known = {option.id for option in vote.options}
    ids = []
    for raw in content.get("approve", []):
        try:
            option_id = int(raw)
        except (TypeError, ValueError):
            continue
        if option_id in known and option_id not in ids:
            ids.append(option_id)
    return ballot_cost(vote, ids)


@dataclass(frozen=True)
class FoundReceipt:
    envelope: Envelope
    check: receipts.ReceiptCheck


def check_receipt(edition: Edition, code: str) -> FoundReceipt | None:
    """Which of the edition's envelopes a receipt belongs to, and where its ballot is published."""
    for envelope in edition.envelopes:
        vote = vote_of(envelope)
        found = receipts.check_receipt(vote, code, per_page=results.PER_PAGE) if vote is not None else None
        if found is not None:
            return FoundReceipt(envelope, found)
    return None


# Turnout, for staff during the vote ---------------------------------------------------------------


@dataclass(frozen=True)
class EnvelopeTurnout:
    envelope: Envelope
    ballots: int
    by_channel: dict[str, int]
    counts: dict[int, int] | None  # votes per proposal id, only when the edition shows them


def ballots_by_channel(vote: Vote) -> dict[str, int]:
    rows = db.session.execute(
        sa.select(Ballot.channel, sa.func.count()).where(Ballot.vote_id == vote.id).group_by(Ballot.channel)
    )
    return {channel: count for channel, count in rows}


def running_counts(vote: Vote) -> dict[int, int]:
    """Votes per proposal so far (for editions that show them during the vote), from the distinct
    ballots with their counts (`results.ballot_counts`): a city's tens of thousands are far fewer."""
    refs = {option.id: int(option.ref) for option in vote.options if option.ref.isdigit()}
    counter: Counter[int] = Counter()
    for content, number in results.ballot_counts(vote):
        for option_id in content.get("approve", []):
            if option_id in refs:
                counter[refs[option_id]] += number
    return {proposal_id: counter[proposal_id] for proposal_id in refs.values()}


def turnout(edition: Edition, now: datetime | None = None) -> list[EnvelopeTurnout]:
    ensure_prepared(edition, now)
    rows = []
    for envelope in edition.envelopes:
        vote = vote_of(envelope)
        if vote is None:
            continue
        by_channel = ballots_by_channel(vote)
        counts = running_counts(vote) if edition.show_counts_during_vote else None
        rows.append(EnvelopeTurnout(envelope, sum(by_channel.values()), by_channel, counts))
    return rows
