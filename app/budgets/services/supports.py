"""Supports: during the support phase a resident supports up to the edition's N proposals; when it
is over, the most supported ones of each envelope go through (to review, or to the vote, as the
edition says) and the others are set aside."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.budgets.models import Decision, Edition, Proposal, Support
from app.budgets.services.editions import has_ended, is_open
from app.core import audit
from app.core.db import utcnow
from app.core.errors import DomainError
from app.extensions import db


def supportable_status(edition: Edition) -> str:
    """Supports pick which submitted proposals are reviewed, or which feasible ones are voted on."""
    return "submitted" if edition.support_leads_to == "review" else "feasible"


def recount(proposal: Proposal) -> int:
    proposal.support_count = (
        db.session.scalar(sa.select(sa.func.count()).select_from(Support).where(Support.proposal_id == proposal.id))
        or 0
    )
    return proposal.support_count


def used(user: User, edition: Edition) -> int:
    query = (
        sa.select(sa.func.count())
        .select_from(Support)
        .where(Support.edition_id == edition.id, Support.user_id == user.id)
    )
    return db.session.scalar(query) or 0


def supported_ids(user: User, edition: Edition) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    query = sa.select(Support.proposal_id).where(Support.edition_id == edition.id, Support.user_id == user.id)
    return set(db.session.scalars(query))


def _phase_open(edition: Edition, now: datetime | None) -> None:
    if not edition.has_support_phase or not is_open(edition, "support", now):
        raise DomainError(_("Les soutiens ne sont pas ouverts en ce moment."))


def support(actor: User, proposal: Proposal, now: datetime | None = None) -> Support:
    edition = proposal.edition
    _phase_open(edition, now)
    if proposal.status != supportable_status(edition) or proposal.is_hidden:
        raise DomainError(_("Ce projet ne peut pas recevoir de soutien."))
    if proposal.id in supported_ids(actor, edition):
        raise DomainError(_("Vous soutenez déjà ce projet."))
    limit = edition.support_limit or 0
    if used(actor, edition) >= limit:
        raise DomainError(
            _(
                "Vous avez déjà soutenu %(limit)s projets, le maximum : retirez un soutien pour en donner un autre.",
                limit=limit,
            )
        )
    item = Support(edition_id=edition.id, proposal_id=proposal.id, user_id=actor.id, at=now or utcnow())
    try:
        with db.session.begin_nested():  # a double click racing itself: the unique constraint decides
            db.session.add(item)
    except IntegrityError as error:
        raise DomainError(_("Vous soutenez déjà ce projet.")) from error
    recount(proposal)
    db.session.flush()
    return item


def withdraw_support(actor: User, proposal: Proposal, now: datetime | None = None) -> None:
    _phase_open(proposal.edition, now)
    db.session.execute(sa.delete(Support).where(Support.proposal_id == proposal.id, Support.user_id == actor.id))
    recount(proposal)
    db.session.flush()


def ranking(edition: Edition) -> dict[int, list[Proposal]]:
    """Per envelope id, the supportable proposals, most supported first (ties: earlier submission)."""
    query = (
        sa.select(Proposal)
        .where(Proposal.edition_id == edition.id, Proposal.status == supportable_status(edition))
        .order_by(Proposal.support_count.desc(), Proposal.submitted_at, Proposal.id)
    )
    ranked: dict[int, list[Proposal]] = {envelope.id: [] for envelope in edition.envelopes}
    for proposal in db.session.scalars(query):
        ranked.setdefault(proposal.envelope_id, []).append(proposal)
    return ranked


def preselect(actor: User, edition: Edition, now: datetime | None = None) -> dict[str, int]:
    """Apply the support phase's outcome once it is over: the top `support_pass_count` of each
    envelope go through (to review: they stay submitted; to the vote: they become selected),
    the others become "not_preselected". Without a support phase, every feasible proposal is
    selected for the vote. Audited once, with every proposal's fate."""
    moment = now or utcnow()
    passed, set_aside = [], []
    if edition.has_support_phase:
        if not has_ended(edition, "support", moment):
            raise DomainError(_("La phase de soutien n'est pas terminée."))
        keep = edition.support_pass_count or 0
        for proposals in ranking(edition).values():
            passed += proposals[:keep] if keep else proposals
            set_aside += proposals[keep:] if keep else []
    else:
        passed = list(
            db.session.scalars(
                sa.select(Proposal).where(Proposal.edition_id == edition.id, Proposal.status == "feasible")
            )
        )
    to_vote = not edition.has_support_phase or edition.support_leads_to == "vote"
    for proposal in passed:
        if to_vote:
            proposal.status = "selected"
            db.session.add(Decision(proposal=proposal, actor_id=actor.id, kind="selection", at=moment,
                                    data={"supports": proposal.support_count}))  # fmt: skip
    for proposal in set_aside:
        proposal.status = "not_preselected"
        proposal.status_reason = _(
            "Pas assez de soutiens : %(count)s (les %(keep)s projets les plus soutenus de l'enveloppe sont retenus).",
            count=proposal.support_count,
            keep=edition.support_pass_count,
        )
        db.session.add(Decision(proposal=proposal, actor_id=actor.id, kind="preselection", at=moment,
                                reason=proposal.status_reason, data={"supports": proposal.support_count}))  # fmt: skip
    db.session.flush()
    audit.record(
        "budgets.preselection",
        actor_id=actor.id,
        subject_type="budget_edition",
        subject_id=edition.id,
        data={"passed": [p.id for p in passed], "set_aside": [p.id for p in set_aside], "to_vote": to_vote},
    )
    return {"passed": len(passed), "set_aside": len(set_aside)}
