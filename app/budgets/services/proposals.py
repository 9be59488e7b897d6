"""Proposals: residents draft them during the submission phase, edit them until it closes,
submit and withdraw them; everyone lists and searches them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.budgets.models import PUBLIC_STATUSES, THEMES, Edition, Envelope, Proposal
from app.budgets.services.editions import MAX_AMOUNT, has_started, is_open
from app.core.db import utcnow
from app.core.errors import DomainError, NotFound
from app.extensions import db
from app.geo.models import Quartier

EDITABLE = ("draft", "submitted")
WITHDRAWABLE = ("draft", "submitted", "feasible", "not_preselected")
SORTS = ("recent", "supports", "cost_asc", "cost_desc", "title")


def get_proposal(proposal_id: int) -> Proposal:
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None:
        raise NotFound(_("Ce projet n'existe pas."))
    return proposal


@dataclass
class ProposalInput:
    title: str
    description: str
    estimated_cost: Decimal | None
    theme: str
    envelope_id: int | None
    quartier_id: int | None = None
    address: str = ""


def _check(edition: Edition, data: ProposalInput) -> tuple[Envelope, Quartier | None]:
    problems: list[tuple[str | None, str]] = []
    if len(data.title.strip()) < 5:
        problems.append(("title", _("Donnez un titre d'au moins 5 caractères.")))
    if len(data.title.strip()) > 160:
        problems.append(("title", _("Le titre tient en 160 caractères au plus.")))
    if len(data.description.strip()) < 20:
        problems.append(("description", _("Décrivez le projet en quelques phrases (20 caractères au moins).")))
    cost = data.estimated_cost
    if cost is None or not Decimal(0) < cost <= MAX_AMOUNT or cost != round(cost, 2):
        problems.append(("estimated_cost", _("Indiquez un coût estimé positif, en euros.")))
    if data.theme not in THEMES:
        problems.append(("theme", _("Choisissez un thème.")))
    envelope = next((item for item in edition.envelopes if item.id == data.envelope_id), None)
    if envelope is None:
        problems.append(("envelope_id", _("Choisissez l'enveloppe du projet.")))
    quartier = db.session.get(Quartier, data.quartier_id) if data.quartier_id else None
    if data.quartier_id and quartier is None:
        problems.append(("quartier_id", _("Ce quartier n'existe pas.")))
    if envelope is not None and envelope.scope != "city" and not envelope.covers(quartier):
        problems.append(
            ("quartier_id", _("Choisissez un quartier que couvre l'enveloppe « %(name)s ».", name=envelope.name))
        )
    if envelope is not None and cost is not None and cost > envelope.amount:
        problems.append(("estimated_cost", _("Ce coût dépasse le montant de l'enveloppe choisie.")))
    if len(data.address.strip()) > 200:
        problems.append(("address", _("L'adresse tient en 200 caractères au plus.")))
    if problems:
        raise DomainError(problems)
    assert envelope is not None
    return envelope, quartier


def _apply(proposal: Proposal, data: ProposalInput, envelope: Envelope, quartier: Quartier | None) -> None:
    proposal.title = data.title.strip()
    proposal.description = data.description.strip()
    proposal.estimated_cost = data.estimated_cost or Decimal(0)
    proposal.theme = data.theme
    proposal.envelope = envelope
    proposal.quartier = quartier
    proposal.address = data.address.strip()


def require_submission_open(edition: Edition, now: datetime | None) -> None:
    if not is_open(edition, "submission", now):
        raise DomainError(_("Le dépôt des projets n'est pas ouvert : il se fait pendant la phase de dépôt."))


def create_draft(actor: User, edition: Edition, data: ProposalInput, now: datetime | None = None) -> Proposal:
    require_submission_open(edition, now)
    envelope, quartier = _check(edition, data)
    proposal = Proposal(edition=edition, author_id=actor.id, status="draft")
    _apply(proposal, data, envelope, quartier)
    proposal.authors.append(actor)
    db.session.add(proposal)
    db.session.flush()
    return proposal


def update_proposal(actor: User, proposal: Proposal, data: ProposalInput, now: datetime | None = None) -> Proposal:
    """Its authors edit it until the submission phase closes, while it is a draft or submitted."""
    if proposal.status not in EDITABLE:
        raise DomainError(_("Ce projet a déjà été instruit : il ne se modifie plus."))
    require_submission_open(proposal.edition, now)
    envelope, quartier = _check(proposal.edition, data)
    _apply(proposal, data, envelope, quartier)
    db.session.flush()
    return proposal


def submit(actor: User, proposal: Proposal, now: datetime | None = None) -> Proposal:
    if proposal.status != "draft":
        raise DomainError(_("Ce projet a déjà été déposé."))
    require_submission_open(proposal.edition, now)
    proposal.status = "submitted"
    proposal.submitted_at = now or utcnow()
    db.session.flush()
    return proposal


def withdraw(actor: User, proposal: Proposal, now: datetime | None = None) -> Proposal:
    """Its authors may withdraw it until the vote opens."""
    if proposal.status not in WITHDRAWABLE:
        raise DomainError(_("Ce projet ne peut plus être retiré."))
    if has_started(proposal.edition, "voting", now):
        raise DomainError(_("Le vote a commencé : les projets ne se retirent plus."))
    proposal.status = "withdrawn"
    db.session.flush()
    return proposal


@dataclass(frozen=True)
class Search:
    text: str = ""
    envelope_id: int | None = None
    theme: str | None = None
    quartier_id: int | None = None
    status: str | None = None
    sort: str = "recent"
    include_hidden: bool = False


def search(edition: Edition, criteria: Search) -> sa.Select[tuple[Proposal]]:
    """Public proposals of the edition matching the listing's filters (drafts and withdrawn ones
    are never listed; hidden ones only for moderators)."""
    query = sa.select(Proposal).where(Proposal.edition_id == edition.id, Proposal.status.in_(PUBLIC_STATUSES))
    if not criteria.include_hidden:
        query = query.where(Proposal.hidden_at.is_(None))
    for word in [word for word in criteria.text.split() if word][:6]:
        pattern = f"%{word.replace('%', '').replace('_', '')}%"
        query = query.where(sa.or_(Proposal.title.ilike(pattern), Proposal.description.ilike(pattern)))
    if criteria.envelope_id:
        query = query.where(Proposal.envelope_id == criteria.envelope_id)
    if criteria.theme in THEMES:
        query = query.where(Proposal.theme == criteria.theme)
    if criteria.quartier_id:
        query = query.where(Proposal.quartier_id == criteria.quartier_id)
    if criteria.status in PUBLIC_STATUSES:
        query = query.where(Proposal.status == criteria.status)
    cost = sa.func.coalesce(Proposal.reviewed_cost, Proposal.estimated_cost)
    order = {
        "supports": (Proposal.support_count.desc(), Proposal.id.desc()),
        "cost_asc": (cost.asc(), Proposal.id),
        "cost_desc": (cost.desc(), Proposal.id),
        "title": (Proposal.title, Proposal.id),
    }.get(criteria.sort, (sa.func.coalesce(Proposal.submitted_at, Proposal.created_at).desc(), Proposal.id.desc()))
    return query.options(selectinload(Proposal.envelope), selectinload(Proposal.quartier)).order_by(*order)


def of_author(user: User, edition: Edition) -> list[Proposal]:
    """A resident's own proposals in the edition, drafts and withdrawn ones included."""
    if not getattr(user, "is_authenticated", False):
        return []
    query = (
        sa.select(Proposal)
        .where(Proposal.edition_id == edition.id, Proposal.authors.any(User.id == user.id))
        .order_by(Proposal.id.desc())
    )
    return list(db.session.scalars(query))


def status_counts(edition: Edition) -> dict[str, int]:
    query = (
        sa.select(Proposal.status, sa.func.count()).where(Proposal.edition_id == edition.id).group_by(Proposal.status)
    )
    return {status: count for status, count in db.session.execute(query)}
