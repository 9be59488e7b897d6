"""Results: at the close of an envelope's vote, the tally with the edition's rule (chosen before the
vote), the winners marked funded and announced by `project_funded`, the others not funded; then the
overrides an admin may make, each with a written public reason, audited and shown on the results page.

The tally runs once per envelope: the close of an envelope's vote (`ballot_closed`, from any page or
job that records it) tallies it in the same transaction; `publish` does it for the whole edition on
a staff member's demand. The unique envelope of `EnvelopeResult` makes a second tally a no-op, so a
winner is announced once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.budgets.models import Edition, Envelope, Proposal
from app.budgets.outcomes import EnvelopeResult, Override, ResultLine
from app.budgets.services.voting import ensure_prepared, envelope_of_vote, vote_of
from app.budgets.signals import project_funded, project_withdrawn
from app.core import audit
from app.core.db import utcnow
from app.core.errors import DomainError
from app.extensions import db
from app.votes.models import Vote
from app.votes.services import results as vote_results
from app.votes.services import votes
from app.votes.signals import ballot_closed

MIN_REASON = 20  # characters: a public reason says why, not just "ok"


def result_of(envelope: Envelope) -> EnvelopeResult | None:
    return db.session.scalar(sa.select(EnvelopeResult).where(EnvelopeResult.envelope_id == envelope.id))


def _announce(
    proposal: Proposal, envelope: Envelope, overridden: bool, actor: User | None = None, votes: int | None = None
) -> None:
    project_funded.send(
        current_app._get_current_object(),  # type: ignore[attr-defined]
        proposal=proposal,
        envelope=envelope,
        overridden=overridden,
        actor=actor,
        votes=votes,
    )


def tally_envelope(actor: User | None, envelope: Envelope) -> EnvelopeResult:
    """Tally a closed envelope vote once: record its lines, mark its projects, announce the winners."""
    existing = result_of(envelope)
    if existing is not None:
        return existing
    vote = vote_of(envelope)
    if vote is None:
        raise DomainError(_("L'enveloppe « %(name)s » n'a pas eu de vote.", name=envelope.name))
    outcome = vote_results.results(vote)  # refuses an open vote
    projects = {str(option.id): option.ref for option in vote.options}
    result = EnvelopeResult(
        envelope_id=envelope.id,
        vote_id=vote.id,
        rule=vote.rule,
        ballots=outcome.ballots,
        web_ballots=outcome.channels.get("web", 0),
        paper_ballots=outcome.channels.get("paper", 0),
        budget=envelope.amount,
        tallied_at=utcnow(),
    )
    try:
        with db.session.begin_nested():  # two closes racing: the unique envelope decides
            db.session.add(result)
    except IntegrityError:
        found = result_of(envelope)
        assert found is not None
        return found
    # with their quartiers, which each winner's follow-up reads
    query = sa.select(Proposal).where(Proposal.envelope_id == envelope.id).options(selectinload(Proposal.quartier))
    proposals = {str(p.id): p for p in db.session.scalars(query)}
    # Written in bulk (a city's envelope has a few hundred projects): one insert for the lines, one
    # update per status, where each object through the unit of work cost more than the statements.
    lines: list[dict[str, Any]] = []
    statuses: dict[str, list[int]] = {"funded": [], "not_funded": []}
    winners = []
    for rank, line in enumerate(outcome.lines, start=1):
        proposal = proposals.get(projects[str(line.option.id)])
        if proposal is None:
            continue  # a project deleted since: its option stays in the vote, nothing to mark
        lines.append(
            {
                "result_id": result.id,
                "proposal_id": proposal.id,
                "rank": rank,
                "votes": line.score,
                "cost": line.option.cost or Decimal(0),
                "selected": line.selected,
                "explanation": line.explanation,
            }
        )
        statuses["funded" if line.selected else "not_funded"].append(proposal.id)
        if line.selected:
            winners.append((proposal, line.score))
    if lines:
        db.session.execute(sa.insert(ResultLine), lines)
    for status, ids in statuses.items():
        if ids:  # the proposals loaded above take the new status too
            db.session.execute(sa.update(Proposal).where(Proposal.id.in_(ids)).values(status=status))
    audit.record(
        "budgets.tally",
        actor_id=actor.id if actor else None,
        subject_type="budget_envelope",
        subject_id=envelope.id,
        data={"vote": vote.id, "rule": vote.rule, "ballots": outcome.ballots, "funded": [p.id for p, _ in winners]},
    )
    for proposal, score in winners:
        _announce(proposal, envelope, overridden=False, votes=score)
    return result


def publish(actor: User | None, edition: Edition, now: datetime | None = None) -> list[EnvelopeResult]:
    """Record the close of every envelope vote whose time has come and tally each (staff's button and
    `flask` jobs); DomainError while the voting phase runs."""
    moment = now or utcnow()
    ensure_prepared(edition, moment)
    tallied = []
    for envelope in edition.envelopes:
        vote = vote_of(envelope)
        if vote is None:
            continue
        votes.close_if_due(vote, moment)
        if votes.status(vote, moment) != "closed":
            raise DomainError(_("Le vote n'est pas terminé : les résultats seront publiés à sa clôture."))
        tallied.append(tally_envelope(actor, envelope))
    if not tallied:
        raise DomainError(_("Aucune enveloppe de cette édition n'a eu de vote."))
    return tallied


def _on_ballot_closed(sender: Any, vote: Vote, **_kwargs: Any) -> None:
    envelope = envelope_of_vote(vote)
    if envelope is not None:
        tally_envelope(None, envelope)


def connect() -> None:
    """Called from app.budgets.init_app: the tally follows the close of an envelope's vote."""
    ballot_closed.connect(_on_ballot_closed)


# Overrides -------------------------------------------------------------------------------------------


def override(actor: User, proposal: Proposal, funded: bool, reason: str, now: datetime | None = None) -> Override:
    """Fund a project the rule left out (`funded=True`) or withdraw a winner, with a public reason."""
    text = reason.strip()
    if len(text) < MIN_REASON:
        raise DomainError(
            [("reason", _("Expliquez publiquement cette décision, en %(min)s caractères au moins.", min=MIN_REASON))]
        )
    if result_of(proposal.envelope) is None or proposal.status not in ("funded", "not_funded"):
        raise DomainError(_("Seul un projet d'une enveloppe dépouillée peut faire l'objet d'un arbitrage."))
    if (proposal.status == "funded") == funded:
        raise DomainError(_("Ce projet est déjà lauréat.") if funded else _("Ce projet n'est déjà pas retenu."))
    moment = now or utcnow()
    item = Override(
        proposal_id=proposal.id, envelope_id=proposal.envelope_id, actor_id=actor.id, funded=funded, reason=text,
        at=moment,
    )  # fmt: skip
    db.session.add(item)
    proposal.status = "funded" if funded else "not_funded"
    proposal.status_reason = text
    db.session.flush()
    audit.record(
        "budgets.override",
        actor_id=actor.id,
        subject_type="budget_proposal",
        subject_id=proposal.id,
        data={"funded": funded, "reason": text, "envelope": proposal.envelope_id},
    )
    if funded:
        _announce(proposal, proposal.envelope, overridden=True, actor=actor)
    else:
        project_withdrawn.send(
            current_app._get_current_object(),  # type: ignore[attr-defined]
            proposal=proposal,
            envelope=proposal.envelope,
            reason=text,
            actor=actor,
        )
    return item


# The results page --------------------------------------------------------------------------------


@dataclass
class EnvelopeOutcome:
    envelope: Envelope
    result: EnvelopeResult
    lines: list[ResultLine]
    winners: list[Proposal]
    used: Decimal
    overrides: list[Override] = field(default_factory=list)

    @property
    def left(self) -> Decimal:
        return self.envelope.amount - self.used


# What the results page shows of a project: not its description, photos and the rest, for hundreds of
# projects on each visit (anything else is still loaded when read).
_SHOWN = (Proposal.id, Proposal.title, Proposal.status, Proposal.envelope_id)


def edition_results(edition: Edition) -> list[EnvelopeOutcome]:
    """Per tallied envelope: its lines, its winners as they stand after overrides, the amount used.
    Three queries whatever the number of envelopes and projects: results with their lines and
    projects, then the overrides with theirs."""
    found = []
    query = (
        sa.select(EnvelopeResult)
        .join(Envelope)
        .where(Envelope.edition_id == edition.id)
        .options(selectinload(EnvelopeResult.lines).joinedload(ResultLine.proposal).load_only(*_SHOWN))
    )
    tallied = {result.envelope_id: result for result in db.session.scalars(query)}
    overrides: dict[int, list[Override]] = {}
    if tallied:
        listed = db.session.scalars(
            sa.select(Override)
            .where(Override.envelope_id.in_(tallied))
            .options(selectinload(Override.proposal).load_only(*_SHOWN))
            .order_by(Override.at, Override.id)
        )
        for item in listed:
            overrides.setdefault(item.envelope_id, []).append(item)
    for envelope in edition.envelopes:
        result = tallied.get(envelope.id)
        if result is None:
            continue
        funded = [line for line in result.lines if line.proposal.status == "funded"]
        winners = [line.proposal for line in funded]
        used = sum((line.cost for line in funded), Decimal(0))  # the cost the vote was on
        found.append(
            EnvelopeOutcome(envelope, result, list(result.lines), winners, used, overrides.get(envelope.id, []))
        )
    return found
