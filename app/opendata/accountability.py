"""The follow-up of funded projects as open data: every follow-up (status, progress, money voted,
committed and spent, dates, the late flag) and every milestone, as CSV and JSON from the same rows.

Only what the public pages show: no tracker, no follower, no rating author."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.accountability.models import FollowUp, Milestone
from app.accountability.services import followups, overview
from app.core.urls import absolute_url
from app.extensions import db
from app.opendata.tables import Table, columns

DATASETS = ("follow-ups", "milestones")
TITLES = {"follow-ups": _l("Suivi des projets financés"), "milestones": _l("Étapes des projets financés")}


def table(name: str) -> Table:
    return {"follow-ups": _follow_ups, "milestones": _milestones}[name]()


def _follow_ups() -> Table:
    today = overview.city_today()

    def row(item: FollowUp) -> dict[str, Any]:
        quartier = item.quartier
        district = quartier.district if quartier is not None else item.district
        return {
            "follow_up_id": item.id,
            "title": item.title,
            "source": item.source,
            "edition": item.edition.slug if item.edition else None,
            "proposal_id": item.proposal_id,
            "parent_id": item.parent_id,
            "weight": item.weight,
            "theme": item.theme or None,
            "quartier": quartier.name if quartier else None,
            "district_insee": district.code if district else None,
            "service": item.service or None,
            "status": item.status,
            "status_reason": item.status_reason or None,
            "progress_percent": item.progress,
            "late": item.is_late(today),
            "votes": item.votes,
            "budget_voted": item.budget_voted,
            "budget_committed": item.budget_committed,
            "budget_spent": item.budget_spent,
            "planned_start": item.planned_start,
            "planned_end": item.planned_end,
            "started_on": item.started_on,
            "delivered_on": item.delivered_on,
            "updated_at": item.updated_at,
            "url": absolute_url("accountability.project", follow_up_id=item.id),
        }

    return Table(
        "follow-ups",
        TITLES["follow-ups"],
        columns(
            ("follow_up_id", _l("Numéro du projet suivi")),
            ("title", _l("Titre")),
            ("source", _l("Origine du financement : budget (budget participatif) ou city (décision de la ville)")),
            ("edition", _l("Édition du budget participatif (identifiant), vide hors budget participatif")),
            ("proposal_id", _l("Numéro de la proposition lauréate (jeu « proposals » de l'édition)")),
            ("parent_id", _l("Numéro du projet parent, pour un sous-projet")),
            ("weight", _l("Poids du sous-projet dans l'avancement de son parent")),
            ("theme", _l("Thème")),
            ("quartier", _l("Quartier")),
            ("district_insee", _l("Code INSEE de l'arrondissement")),
            ("service", _l("Service de la ville responsable")),
            ("status", _l("État : planned, study, works, delivered ou cancelled")),
            ("status_reason", _l("Raison publique de l'abandon")),
            ("progress_percent", _l("Avancement, en pour cent")),
            ("late", _l("En retard : une étape a passé sa date prévue sans être franchie")),
            ("votes", _l("Voix obtenues au vote")),
            ("budget_voted", _l("Budget voté, en euros")),
            ("budget_committed", _l("Montant engagé, en euros")),
            ("budget_spent", _l("Montant dépensé, en euros")),
            ("planned_start", _l("Début prévu")),
            ("planned_end", _l("Fin prévue")),
            ("started_on", _l("Début réel des travaux")),
            ("delivered_on", _l("Date de livraison")),
            ("updated_at", _l("Dernière modification")),
            ("url", _l("Page publique du projet")),
        ),
        [row(item) for item in followups.all_follow_ups()],
    )


def _milestones() -> Table:
    today = overview.city_today()
    items = db.session.scalars(
        sa.select(Milestone).order_by(Milestone.follow_up_id, Milestone.planned_on, Milestone.id)
    )
    return Table(
        "milestones",
        TITLES["milestones"],
        columns(
            ("milestone_id", _l("Numéro de l'étape")),
            ("follow_up_id", _l("Numéro du projet suivi")),
            ("title", _l("Étape")),
            ("planned_on", _l("Date prévue")),
            ("done_on", _l("Date réelle, une fois l'étape franchie")),
            ("late", _l("En retard : date prévue passée sans date réelle")),
        ),
        [
            {"milestone_id": m.id, "follow_up_id": m.follow_up_id, "title": m.title, "planned_on": m.planned_on,
             "done_on": m.done_on, "late": m.is_late(today)}
            for m in items
        ],
    )  # fmt: skip
