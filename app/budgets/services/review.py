"""Review by the city's services: feasible or not (a public reason is required when not), cost
re-estimated, duplicates merged (their supports and authors carried over), proposals moved to
another envelope. Each decision is kept with its reason (shown on the proposal's page) and audited;
the view mails the authors after the commit."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from app.accounts.models import User
from app.budgets.models import Decision, Edition, Envelope, Proposal, Support
from app.budgets.services.editions import MAX_AMOUNT, has_started
from app.budgets.services.supports import recount
from app.core import audit
from app.core.db import utcnow
from app.core.errors import DomainError
from app.extensions import db

REVIEWABLE = ("submitted", "feasible", "unfeasible", "not_preselected")


def queue(edition: Edition, status: str | None = "submitted") -> list[Proposal]:
    """Proposals waiting for review (or those with `status`), oldest submission first."""
    query = sa.select(Proposal).where(Proposal.edition_id == edition.id)
    query = query.where(Proposal.status == status) if status else query.where(Proposal.status.in_(REVIEWABLE))
    return list(db.session.scalars(query.order_by(Proposal.submitted_at, Proposal.id)))


def _reason(reason: str, field: str = "reason") -> str:
    text = (reason or "").strip()
    if len(text) < 10:
        raise DomainError([(field, _("Expliquez la décision en une phrase au moins : elle est publiée."))])
    return text[:5000]


def _reviewable(proposal: Proposal, now: datetime | None) -> None:
    if proposal.status not in REVIEWABLE:
        raise DomainError(_("Ce projet n'est pas en cours d'instruction."))
    if has_started(proposal.edition, "voting", now):
        raise DomainError(_("Le vote a commencé : l'instruction est close."))


def _record(actor: User, proposal: Proposal, kind: str, reason: str, **data: Any) -> Decision:
    data = {key: str(value) if isinstance(value, Decimal) else value for key, value in data.items()}  # exact, in JSON
    decision = Decision(proposal=proposal, actor_id=actor.id, kind=kind, reason=reason, data=data, at=utcnow())
    db.session.add(decision)
    db.session.flush()
    audit.record(
        f"budgets.review_{kind}",
        actor_id=actor.id,
        subject_type="budget_proposal",
        subject_id=proposal.id,
        data={"decision_id": decision.id, "reason": reason, **data},
    )
    return decision


def _cost(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    if not Decimal(0) < value <= MAX_AMOUNT or value != round(value, 2):
        raise DomainError([("cost", _("Indiquez un coût positif, en euros."))])
    return value


def mark_feasible(
    actor: User, proposal: Proposal, reason: str = "", cost: Decimal | None = None, now: datetime | None = None
) -> Decision:
    """Feasible, with the service's cost estimate when it differs from the author's."""
    _reviewable(proposal, now)
    new_cost = _cost(cost)
    if new_cost is not None and new_cost > proposal.envelope.amount:
        raise DomainError([("cost", _("Ce coût dépasse le montant de l'enveloppe du projet."))])
    if new_cost is not None:
        proposal.reviewed_cost = new_cost
    proposal.status = "feasible"
    proposal.status_reason = (reason or "").strip()
    return _record(actor, proposal, "feasible", proposal.status_reason, cost=proposal.cost)


def mark_unfeasible(actor: User, proposal: Proposal, reason: str, now: datetime | None = None) -> Decision:
    _reviewable(proposal, now)
    text = _reason(reason)
    proposal.status = "unfeasible"
    proposal.status_reason = text
    return _record(actor, proposal, "unfeasible", text)


def reestimate(
    actor: User, proposal: Proposal, cost: Decimal | None, reason: str, now: datetime | None = None
) -> Decision:
    _reviewable(proposal, now)
    new_cost = _cost(cost)
    if new_cost is None:
        raise DomainError([("cost", _("Indiquez le nouveau coût estimé."))])
    text = _reason(reason)
    before = proposal.cost
    proposal.reviewed_cost = new_cost
    return _record(actor, proposal, "cost", text, before=before, cost=new_cost)


def merge(actor: User, source: Proposal, target: Proposal, reason: str, now: datetime | None = None) -> Decision:
    """`source` is a duplicate of `target`: it becomes "merged" and points to it; its authors
    become authors of `target`, and its supporters supporters of `target` (once each)."""
    _reviewable(source, now)
    if target.id == source.id or target.edition_id != source.edition_id:
        raise DomainError([("target_id", _("Choisissez un autre projet de la même édition."))])
    if target.status not in REVIEWABLE:
        raise DomainError([("target_id", _("Ce projet ne peut pas en recevoir un autre."))])
    text = _reason(reason)
    for author in source.authors:
        if not target.is_author(author):
            target.authors.append(author)
    already = set(db.session.scalars(sa.select(Support.user_id).where(Support.proposal_id == target.id)))
    moved = 0
    for support in db.session.scalars(sa.select(Support).where(Support.proposal_id == source.id)):
        if support.user_id in already:
            db.session.delete(support)
        else:
            support.proposal_id = target.id
            already.add(support.user_id)
            moved += 1
    db.session.execute(sa.update(Proposal).where(Proposal.merged_into_id == source.id).values(merged_into_id=target.id))
    source.status = "merged"
    source.merged_into = target
    source.status_reason = text
    db.session.flush()
    recount(source)
    recount(target)
    _record(actor, target, "merge", text, source=source.id)
    return _record(actor, source, "merge", text, target=target.id, supports_moved=moved)


def move(
    actor: User, proposal: Proposal, envelope: Envelope | None, reason: str, now: datetime | None = None
) -> Decision:
    _reviewable(proposal, now)
    if envelope is None or envelope.edition_id != proposal.edition_id or envelope.id == proposal.envelope_id:
        raise DomainError([("envelope_id", _("Choisissez une autre enveloppe de la même édition."))])
    text = _reason(reason)
    before = proposal.envelope_id
    proposal.envelope = envelope
    return _record(actor, proposal, "move", text, before=before, envelope=envelope.id)
