"""The public figures of the dashboards as open data, over the last twelve months (the current one
included): participation per arrondissement and per quartier (with the rate per 1,000 inhabitants
and the disparity flag where the population is known) and per month, feedback per city service,
and budget projects delivered per arrondissement. Aggregates only, exactly those of the public dashboards
(`app.dashboards.services`, through the same short cache): no contribution and no person appears
in them."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from app.core.db import utcnow
from app.dashboards.services import scope as scopes
from app.dashboards.services.cache import remembered
from app.dashboards.services.delivery import delivery
from app.dashboards.services.disparities import disparities, quartier_disparities
from app.dashboards.services.participation import SOURCES, PlaceLine, participation
from app.dashboards.services.service_quality import service_quality
from app.dashboards.services.trends import trends
from app.opendata.tables import Column, Table, columns

DATASETS = ("participation-districts", "participation-quartiers", "participation-months", "services", "delivery")
TITLES = {
    "participation-districts": _l("Participation par arrondissement"),
    "participation-quartiers": _l("Participation par quartier"),
    "participation-months": _l("Participation mois par mois"),
    "services": _l("Signalements, délais et satisfaction par service de la ville"),
    "delivery": _l("Projets du budget participatif livrés et montants, par arrondissement"),
}
SOURCE_COLUMNS = (
    ("accounts", _l("Comptes ouverts")),
    ("council_attendance", _l("Présences aux séances des conseils citoyens")),
    ("ciq_attendance", _l("Présences aux séances des CIQ")),
    ("proposals", _l("Projets proposés au budget participatif")),
    ("budget_voters", _l("Votants du budget participatif (une fois par édition)")),
    ("assembly_participants", _l("Participants aux assemblées citoyennes")),
    ("feedback", _l("Signalements et avis reçus")),
)
PERIOD_COLUMNS = (
    ("period_start", _l("Premier mois de la période (AAAA-MM)")),
    ("period_end", _l("Dernier mois, inclus")),
)


def table(name: str) -> Table:
    scope = scopes.last_months(utcnow())
    return {
        "participation-districts": _districts,
        "participation-quartiers": _quartiers,
        "participation-months": _months,
        "services": _services,
        "delivery": _delivery,
    }[name](scope)


def _period(scope: scopes.Scope) -> dict[str, str]:
    return {"period_start": f"{scope.first:%Y-%m}", "period_end": f"{scope.last:%Y-%m}"}


def _counts(line: PlaceLine) -> dict[str, Any]:
    return {**{source: line.counts[source] for source in SOURCES}, "total": line.total}


def _rates(line: PlaceLine, flagged: set[int]) -> dict[str, Any]:
    return {
        "population": line.population,
        "per_thousand": None if line.per_thousand is None else str(line.per_thousand),  # one decimal, as shown
        "far_below_median": line.id in flagged if line.population else None,
    }


def _source_columns() -> tuple[Column, ...]:
    return columns(*SOURCE_COLUMNS, ("total", _l("Total des participations")))


def _districts(scope: scopes.Scope) -> Table:
    figures = remembered(("participation", scope), lambda: participation(scope))
    flagged = {line.id for line in disparities(figures).flagged}
    rows = [
        {
            **_period(scope),
            "district": line.name,
            **_counts(line),
            **_rates(line, flagged),
        }
        for line in figures.districts
    ]
    return Table(
        "participation-districts",
        TITLES["participation-districts"],
        columns(*PERIOD_COLUMNS, ("district", _l("Arrondissement")))
        + _source_columns()
        + columns(
            ("population", _l("Habitants (population légale), vide si inconnue")),
            ("per_thousand", _l("Participations pour 1 000 habitants, à 0,1 près")),
            ("far_below_median", _l("Sous la moitié de la médiane des arrondissements (pour 1 000 habitants)")),
        ),
        rows,
    )


def _quartiers(scope: scopes.Scope) -> Table:
    figures = remembered(("participation", scope), lambda: participation(scope))
    flagged = {line.id for line in quartier_disparities(figures).flagged}
    rows = [
        {
            **_period(scope),
            "quartier": line.name,
            "district_number": line.district_number,
            **_counts(line),
            **_rates(line, flagged),
        }
        for line in figures.quartiers
    ]
    return Table(
        "participation-quartiers",
        TITLES["participation-quartiers"],
        columns(*PERIOD_COLUMNS, ("quartier", _l("Quartier")), ("district_number", _l("Numéro de l'arrondissement")))
        + _source_columns()
        + columns(
            ("population", _l("Habitants du quartier (recensement de l'Insee), vide si inconnue")),
            ("per_thousand", _l("Participations pour 1 000 habitants, à 0,1 près, vide si la population est inconnue")),
            ("far_below_median", _l("Sous la moitié de la médiane des quartiers (pour 1 000 habitants)")),
        ),
        rows,
    )


def _months(scope: scopes.Scope) -> Table:
    rows = [
        {"month": f"{month.month:%Y-%m}", **month.counts}
        for month in remembered(("trends", scope), lambda: trends(scope))
    ]
    return Table(
        "participation-months",
        TITLES["participation-months"],
        columns(("month", _l("Mois (AAAA-MM), calendrier de la ville")), *SOURCE_COLUMNS),
        rows,
    )


def _services(scope: scopes.Scope) -> Table:
    rows = [
        {
            **_period(scope),
            "service": line.name,
            "items": line.items,
            "cases": line.cases,
            "acknowledged": line.acknowledged,
            "resolved": line.resolved,
            "median_hours_to_acknowledge": line.median_hours_to_acknowledge,
            "median_hours_to_resolve": line.median_hours_to_resolve,
            "late_now": line.late_now,
            "survey_responses": line.responses,
            "satisfaction": line.satisfaction,
        }
        for line in remembered(("services", scope), lambda: service_quality(scope, utcnow())).services
    ]
    return Table(
        "services",
        TITLES["services"],
        columns(
            *PERIOD_COLUMNS,
            ("service", _l("Service de la ville")),
            ("items", _l("Signalements et avis reçus, doublons compris")),
            ("cases", _l("Dossiers (doublons regroupés)")),
            ("acknowledged", _l("Dossiers pris en compte")),
            ("resolved", _l("Dossiers résolus")),
            ("median_hours_to_acknowledge", _l("Délai médian de prise en compte, en heures")),
            ("median_hours_to_resolve", _l("Délai médian de résolution, en heures")),
            ("late_now", _l("Dossiers en retard au moment du fichier")),
            ("survey_responses", _l("Réponses aux enquêtes de satisfaction")),
            ("satisfaction", _l("Satisfaction moyenne, de 1 à 5")),
        ),
        rows,
    )


def _delivery(scope: scopes.Scope) -> Table:
    rows = [
        {
            **_period(scope),
            "district": line.name or None,
            "projects": line.projects,
            "delivered": line.delivered,
            "voted": line.voted,
            "spent": line.spent,
        }
        for line in remembered(("delivery", scope), lambda: delivery(scope)).lines
    ]
    return Table(
        "delivery",
        TITLES["delivery"],
        columns(
            *PERIOD_COLUMNS,
            ("district", _l("Arrondissement, vide pour un projet de toute la ville")),
            ("projects", _l("Projets suivis (hors sous-projets)")),
            ("delivered", _l("Projets livrés pendant la période")),
            ("voted", _l("Montant voté, en euros, hors projets abandonnés")),
            ("spent", _l("Montant dépensé, en euros, hors projets abandonnés")),
        ),
        rows,
    )
