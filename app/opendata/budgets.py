"""The participatory budget's open data, per edition: envelopes, proposals, review decisions and
results, and each closed envelope vote's anonymous ballots as a Pabulib file.

Only what the public pages already show is published: no drafts, withdrawn or hidden proposals, no
author, no reviewer, and results only once a vote is closed.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.budgets.models import PUBLIC_STATUSES, Decision, Edition, Envelope, Proposal
from app.budgets.services import editions
from app.core.urls import absolute_url
from app.extensions import db
from app.opendata.tables import Table, columns
from app.votes.services import export, results, votes

DATASETS = ("envelopes", "proposals", "decisions", "results")


def published_editions() -> list[Edition]:
    """Editions whose proposals are public: those whose submission phase has begun."""
    return [edition for edition in editions.all_editions() if editions.has_started(edition, "submission")]


def is_published(edition: Edition) -> bool:
    return editions.has_started(edition, "submission")


def closed_vote(envelope: Envelope) -> Any | None:
    """The envelope's vote once closed (its ballots and results are public from then on)."""
    if envelope.vote_id is None:
        return None
    vote = votes.get_vote(envelope.vote_id)
    return vote if votes.status(vote) == "closed" else None


def table(edition: Edition, name: str) -> Table:
    return {"envelopes": _envelopes, "proposals": _proposals, "decisions": _decisions, "results": _results}[name](
        edition
    )


def ballots_pb(envelope: Envelope) -> str | None:
    """The envelope's anonymous ballots in the Pabulib format, or None while its vote is not closed."""
    vote = closed_vote(envelope)
    return export.pabulib_export(vote.id) if vote is not None else None


def _public_proposals(edition: Edition) -> list[Proposal]:
    query = (
        sa.select(Proposal)
        .where(Proposal.edition_id == edition.id, Proposal.status.in_(PUBLIC_STATUSES), Proposal.hidden_at.is_(None))
        .order_by(Proposal.id)
    )
    return list(db.session.scalars(query))


def _envelopes(edition: Edition) -> Table:
    def row(envelope: Envelope) -> dict[str, Any]:
        vote = closed_vote(envelope)
        return {
            "envelope_id": envelope.id,
            "name": envelope.name,
            "scope": envelope.scope,
            "sector": envelope.sector.number if envelope.sector else None,
            "district_insee": envelope.district.code if envelope.district else None,
            "amount": envelope.amount,
            "ballot_kind": envelope.ballot_kind,
            "min_choices": envelope.min_choices,
            "max_choices": envelope.max_choices,
            "min_share_percent": envelope.min_share,
            "rule": edition.rule,
            "ballots": votes.ballot_count(vote) if vote is not None else None,
            "pabulib_url": absolute_url("opendata.ballots", slug=edition.slug, envelope_id=envelope.id)
            if vote is not None
            else None,
        }

    return Table(
        "envelopes",
        _l("Enveloppes"),
        columns(
            ("envelope_id", _l("Identifiant de l'enveloppe")),
            ("name", _l("Nom")),
            ("scope", _l("Périmètre : city (toute la ville), sector (secteur) ou district (arrondissement)")),
            ("sector", _l("Numéro du secteur, pour une enveloppe de secteur")),
            ("district_insee", _l("Code INSEE de l'arrondissement, pour une enveloppe d'arrondissement")),
            ("amount", _l("Montant en euros")),
            ("ballot_kind", _l("Bulletin : approval (choix de projets) ou knapsack (dans la limite du montant)")),
            ("min_choices", _l("Nombre minimum de projets par bulletin")),
            ("max_choices", _l("Nombre maximum de projets par bulletin")),
            ("min_share_percent", _l("Part minimale du montant à choisir, en pourcentage")),
            ("rule", _l("Règle de calcul des lauréats, fixée avant le vote")),
            ("ballots", _l("Nombre de bulletins, une fois le vote clos")),
            ("pabulib_url", _l("Les bulletins anonymes au format Pabulib, une fois le vote clos")),
        ),
        [row(envelope) for envelope in edition.envelopes],
    )


def _proposals(edition: Edition) -> Table:
    def row(proposal: Proposal) -> dict[str, Any]:
        quartier = proposal.quartier
        return {
            "proposal_id": proposal.id,
            "envelope_id": proposal.envelope_id,
            "title": proposal.title,
            "description_markdown": proposal.description,
            "theme": proposal.theme,
            "quartier": quartier.name if quartier else None,
            "district_insee": quartier.district.code if quartier else None,
            "address": proposal.address or None,
            "estimated_cost": proposal.estimated_cost,
            "reviewed_cost": proposal.reviewed_cost,
            "status": proposal.status,
            "status_reason": proposal.status_reason or None,
            "merged_into_id": proposal.merged_into_id,
            "supports": proposal.support_count if edition.show_support_counts else None,
            "submitted_on": proposal.submitted_at.date() if proposal.submitted_at else None,
            "url": absolute_url("budgets.proposal", proposal_id=proposal.id),
        }

    return Table(
        "proposals",
        _l("Propositions"),
        columns(
            ("proposal_id", _l("Identifiant de la proposition")),
            ("envelope_id", _l("Enveloppe où elle est proposée")),
            ("title", _l("Titre")),
            ("description_markdown", _l("Description, au format Markdown")),
            ("theme", _l("Thème")),
            ("quartier", _l("Quartier")),
            ("district_insee", _l("Code INSEE de l'arrondissement du quartier")),
            ("address", _l("Adresse, si l'auteur l'a donnée")),
            ("estimated_cost", _l("Coût estimé par l'auteur, en euros")),
            ("reviewed_cost", _l("Coût estimé par les services de la ville, en euros")),
            ("status", _l("État : submitted, feasible, unfeasible, merged, selected, funded, not_funded…")),
            ("status_reason", _l("Motif public de l'état (infaisabilité, fusion…)")),
            ("merged_into_id", _l("Proposition dans laquelle elle a été fusionnée")),
            ("supports", _l("Soutiens reçus, si l'édition les publie")),
            ("submitted_on", _l("Jour du dépôt")),
            ("url", _l("Page publique de la proposition")),
        ),
        [row(proposal) for proposal in _public_proposals(edition)],
    )


def _decisions(edition: Edition) -> Table:
    public = {proposal.id for proposal in _public_proposals(edition)}
    query = (
        sa.select(Decision)
        .join(Proposal, Decision.proposal_id == Proposal.id)
        .where(Proposal.edition_id == edition.id)
        .order_by(Decision.at, Decision.id)
    )
    decisions = [decision for decision in db.session.scalars(query) if decision.proposal_id in public]
    return Table(
        "decisions",
        _l("Décisions de l'étude"),
        columns(
            ("proposal_id", _l("Proposition concernée")),
            ("kind", _l("Décision : feasible, unfeasible, cost, merge, move, preselection, selection, reopen")),
            ("reason", _l("Motif public")),
            ("details", _l("Données de la décision (coût révisé, enveloppe, fusion…), en JSON")),
            ("decided_on", _l("Jour de la décision")),
        ),
        [
            {
                "proposal_id": decision.proposal_id,
                "kind": decision.kind,
                "reason": decision.reason or None,
                "details": decision.data or None,
                "decided_on": decision.at.date(),
            }
            for decision in decisions
        ],
    )


def _results(edition: Edition) -> Table:
    rows: list[dict[str, Any]] = []
    proposals = {proposal.id: proposal for proposal in _public_proposals(edition)}
    for envelope in edition.envelopes:
        vote = closed_vote(envelope)
        if vote is None:
            continue
        outcome = results.results(vote)
        for line in outcome.lines:
            proposal = proposals.get(int(line.option.ref)) if line.option.ref.isdigit() else None
            rows.append(
                {
                    "envelope_id": envelope.id,
                    "proposal_id": proposal.id if proposal else None,
                    "title": line.option.label,
                    "cost": line.option.cost,
                    "votes": line.score,
                    "selected_by_rule": line.selected,
                    "selection_order": line.position,
                    "funded": proposal.status == "funded" if proposal else None,
                    "rule": vote.rule,
                    "ballots": outcome.ballots,
                }
            )
    return Table(
        "results",
        _l("Résultats par enveloppe"),
        columns(
            ("envelope_id", _l("Enveloppe")),
            ("proposal_id", _l("Proposition")),
            ("title", _l("Titre du projet sur le bulletin")),
            ("cost", _l("Coût retenu pour le vote, en euros")),
            ("votes", _l("Voix reçues")),
            ("selected_by_rule", _l("Lauréat selon la règle de calcul")),
            ("selection_order", _l("Rang de sélection par la règle")),
            ("funded", _l("Financé au final (une dérogation motivée peut différer de la règle)")),
            ("rule", _l("Règle de calcul appliquée")),
            ("ballots", _l("Bulletins comptés dans l'enveloppe")),
        ),
        rows,
    )
