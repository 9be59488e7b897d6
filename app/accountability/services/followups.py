"""Follow-ups: created once per funded project (from `project_funded`, or by staff for a project
funded outside the participatory budget), then changed by trackers. Every change goes through
`track`, which checks the new values together, applies them, recomputes the parents' progress and
writes one audit entry with each field's old and new value: that entry is the project's history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.accountability.models import STATUSES, FollowUp
from app.accountability.services import satisfaction
from app.accounts.models import User
from app.budgets.models import Envelope, Proposal
from app.budgets.services import results
from app.core import audit
from app.core.db import insert_unless_present
from app.core.errors import DomainError, NotFound
from app.extensions import db
from app.geo.models import Quartier

SUBJECT = "accountability_follow_up"
MIN_REASON = 20  # characters: a cancellation says why, publicly
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")  # what Numeric(14, 2) holds
# What a tracker may change, in the order the history lists it.
TRACKED = (
    "status", "status_reason", "progress", "budget_voted", "budget_committed", "budget_spent",
    "planned_start", "planned_end", "started_on", "delivered_on", "service",
)  # fmt: skip
AMOUNTS = ("budget_voted", "budget_committed", "budget_spent")
DATES = ("planned_start", "planned_end", "started_on", "delivered_on")


def get_follow_up(follow_up_id: int) -> FollowUp:
    item = db.session.get(FollowUp, follow_up_id)
    if item is None:
        raise NotFound(_("Ce projet suivi n'existe pas."))
    return item


def of_proposal(proposal_id: int) -> FollowUp | None:
    return db.session.scalar(sa.select(FollowUp).where(FollowUp.proposal_id == proposal_id))


def all_follow_ups() -> list[FollowUp]:
    """Every follow-up with what the pages and files show of it, in a few queries."""
    query = (
        sa.select(FollowUp)
        .options(
            selectinload(FollowUp.milestones),
            selectinload(FollowUp.quartier).selectinload(Quartier.district),
            selectinload(FollowUp.district),
            selectinload(FollowUp.edition),
        )
        .order_by(FollowUp.id)
    )
    return list(db.session.scalars(query))


def _votes(proposal: Proposal, envelope: Envelope) -> int | None:
    result = results.result_of(envelope)
    if result is None:
        return None
    return next((line.votes for line in result.lines if line.proposal_id == proposal.id), None)


def create_from_proposal(
    proposal: Proposal, envelope: Envelope, overridden: bool = False, votes: int | None = None
) -> FollowUp:
    """The follow-up of a winning project, made once: a second announcement (results published
    twice, an override after the tally) finds the first. The unique proposal id settles a race.
    `votes`: its votes, when the tally that funds it gives them (else read from its envelope's result)."""
    quartier = proposal.quartier
    statement = insert_unless_present(FollowUp, ["proposal_id"], db.session.get_bind().dialect.name).values(
        proposal_id=proposal.id,
        edition_id=proposal.edition_id,
        source="budget",
        title=proposal.title,
        description=proposal.description,
        theme=proposal.theme,
        quartier_id=proposal.quartier_id,
        district_id=quartier.district_id if quartier is not None else envelope.district_id,
        votes=votes if votes is not None else _votes(proposal, envelope),
        budget_voted=proposal.cost,
    )
    item = db.session.scalar(statement.returning(FollowUp))
    if item is None:  # made by an earlier announcement, or by a concurrent one just now
        found = of_proposal(proposal.id)
        assert found is not None
        return found
    audit.record(
        "accountability.created",
        actor_id=None,
        subject_type=SUBJECT,
        subject_id=item.id,
        data={"proposal": proposal.id, "envelope": envelope.id, "overridden": overridden},
    )
    return item


@dataclass
class ProjectInput:
    """A project staff add by hand (funded outside the participatory budget), or a sub-project."""

    title: str
    description: str = ""
    theme: str = ""
    quartier_id: int | None = None
    district_id: int | None = None
    service: str = ""
    budget_voted: Decimal = Decimal("0.00")
    parent_id: int | None = None
    weight: int = 1
    edition_id: int | None = None


def _check_project(data: ProjectInput) -> tuple[Quartier | None, FollowUp | None]:
    problems: list[tuple[str | None, str]] = []
    if not data.title.strip():
        problems.append(("title", _("Donnez un titre au projet.")))
    quartier = db.session.get(Quartier, data.quartier_id) if data.quartier_id else None
    if data.quartier_id and quartier is None:
        problems.append(("quartier_id", _("Ce quartier n'existe pas.")))
    parent = db.session.get(FollowUp, data.parent_id) if data.parent_id else None
    if data.parent_id and parent is None:
        problems.append(("parent_id", _("Aucun projet suivi ne porte ce numéro.")))
    if not 1 <= data.weight <= 1000:
        problems.append(("weight", _("Le poids va de 1 à 1000.")))
    problems += _amount_problem("budget_voted", data.budget_voted)
    if problems:
        raise DomainError(problems)
    return quartier, parent


def create_project(actor: User, data: ProjectInput) -> FollowUp:
    """A project funded outside the participatory budget, or a sub-project of another follow-up
    (which then takes its edition, and whose progress it weighs in)."""
    quartier, parent = _check_project(data)
    item = FollowUp(
        source="city",
        title=data.title.strip(),
        description=data.description.strip(),
        theme=data.theme,
        quartier_id=quartier.id if quartier else None,
        district_id=quartier.district_id if quartier else data.district_id,
        service=data.service.strip(),
        budget_voted=data.budget_voted,
        parent_id=parent.id if parent else None,
        edition_id=parent.edition_id if parent else data.edition_id,
        weight=data.weight,
    )
    if parent is not None:
        item.source = parent.source
    db.session.add(item)
    db.session.flush()
    audit.record(
        "accountability.created",
        actor_id=actor.id,
        subject_type=SUBJECT,
        subject_id=item.id,
        data={"title": item.title, "parent": item.parent_id, "weight": item.weight, "budget_voted": item.budget_voted},
    )
    if parent is not None:
        db.session.refresh(parent, ["children"])
        recompute(actor, parent)
    return item


# Tracking ----------------------------------------------------------------------------------------


def _amount_problem(name: str, value: Any) -> list[tuple[str | None, str]]:
    if not isinstance(value, Decimal) or not value.is_finite():
        return [(name, _("Un montant en euros, par exemple 12 500,50."))]
    if value < 0:
        return [(name, _("Un montant ne peut pas être négatif."))]
    if value != value.quantize(CENT) or value > MAX_AMOUNT:
        return [(name, _("Un montant au centime près, sous mille milliards d'euros."))]
    return []


def _check(item: FollowUp, values: dict[str, Any]) -> list[tuple[str | None, str]]:
    """What is wrong with the follow-up if it took `values` (each field's final value)."""
    problems: list[tuple[str | None, str]] = []
    if values["status"] not in STATUSES:
        problems.append(("status", _("Choisissez un état de la liste.")))
    if values["status"] == "cancelled" and len(values["status_reason"].strip()) < MIN_REASON:
        problems.append(
            ("status_reason", _("Expliquez publiquement l'abandon, en %(min)s caractères au moins.", min=MIN_REASON))
        )
    progress = values["progress"]
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        problems.append(("progress", _("L'avancement est un pourcentage de 0 à 100.")))
    elif item.children and progress != item.progress:
        problems.append(("progress", _("L'avancement de ce projet se calcule à partir de ses sous-projets.")))
    for name in AMOUNTS:
        problems += _amount_problem(name, values[name])
    for start, end, message in (
        ("planned_start", "planned_end", _("La fin prévue ne peut précéder le début prévu.")),
        ("started_on", "delivered_on", _("La livraison ne peut précéder le début des travaux.")),
    ):
        if values[start] and values[end] and values[end] < values[start]:
            problems.append((end, message))
    if len(values["service"]) > 120:
        problems.append(("service", _("120 caractères au plus.")))
    return problems


def track(actor: User, item: FollowUp, changes: dict[str, Any], today: date | None = None) -> dict[str, list[Any]]:
    """Apply a tracker's changes (any of TRACKED; others refused); returns {field: [old, new]} of what
    really changed (nothing changed: nothing written). Delivery sets progress to 100 % and the
    delivery date to today unless given; a status other than cancelled drops the cancellation reason."""
    unknown = set(changes) - set(TRACKED)
    if unknown:
        raise DomainError(_("Ces champs ne se changent pas ici : %(names)s.", names=", ".join(sorted(unknown))))
    values = {name: getattr(item, name) for name in TRACKED} | changes
    values["status_reason"] = (values["status_reason"] or "").strip() if values["status"] == "cancelled" else ""
    values["service"] = (values["service"] or "").strip()
    if values["status"] == "delivered" and item.status != "delivered":
        if not item.children and values["progress"] == item.progress:  # not typed otherwise: done is 100 %
            values["progress"] = 100
        values["delivered_on"] = values["delivered_on"] or today or date.today()
    problems = _check(item, values)
    if problems:
        raise DomainError(problems)
    diff = {name: [getattr(item, name), values[name]] for name in TRACKED if getattr(item, name) != values[name]}
    if not diff:
        return {}
    for name, (_old, new) in diff.items():
        setattr(item, name, new)
    db.session.flush()
    audit.record("accountability.changed", actor_id=actor.id, subject_type=SUBJECT, subject_id=item.id, data=diff)
    if "progress" in diff or "status" in diff:
        parent = item.parent
        if parent is not None:
            recompute(actor, parent)
    if values["status"] == "delivered" and "status" in diff:
        satisfaction.ask(actor, item)
    return diff


def weighted_progress(children: list[FollowUp]) -> int | None:
    """The weighted mean of the children's progress, cancelled ones left out (None when none count)."""
    counted = [child for child in children if child.status != "cancelled"]
    total = sum(child.weight for child in counted)
    if not total:
        return None
    mean = Decimal(sum(child.progress * child.weight for child in counted)) / total
    return int(mean.quantize(Decimal(1), ROUND_HALF_UP))


def recompute(actor: User | None, parent: FollowUp) -> None:
    """A parent's progress from its sub-projects, up to the top of the tree (audited when it moves)."""
    item: FollowUp | None = parent
    while item is not None:
        progress = weighted_progress(item.children)
        if progress is None or progress == item.progress:
            return
        old, item.progress = item.progress, progress
        db.session.flush()
        audit.record(
            "accountability.progress_computed",
            actor_id=actor.id if actor else None,
            subject_type=SUBJECT,
            subject_id=item.id,
            data={"progress": [old, progress]},
        )
        item = item.parent
