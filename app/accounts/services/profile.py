"""What a resident says about themselves: public name, quartier, language, and the opt-in
demographic answers (used only in aggregate, withdrawn at any time)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from app.accounts.models import AGE_BANDS, GENDERS, User
from app.core.db import utcnow
from app.core.errors import DomainError
from app.extensions import db
from app.geo.models import District, Quartier

DISPLAY_NAME_MIN = 2
DISPLAY_NAME_MAX = 80


@dataclass(frozen=True)
class ProfileInput:
    display_name: str
    quartier_id: int | None
    locale: str | None


def offered_locales() -> tuple[str, ...]:
    """The interface languages the site offers (settings: LANGUAGES)."""
    return tuple(current_app.config["LANGUAGES"])


def clean_display_name(name: str, field: str = "display_name") -> str:
    """The name shown beside contributions: trimmed, inner spaces collapsed, no control characters."""
    cleaned = " ".join(name.split())
    if any(unicodedata.category(char).startswith("C") for char in cleaned):
        raise DomainError([(field, _("Le nom contient des caractères non autorisés."))])
    if len(cleaned) < DISPLAY_NAME_MIN:
        raise DomainError([(field, _("Le nom doit compter au moins %(n)s caractères.", n=DISPLAY_NAME_MIN))])
    if len(cleaned) > DISPLAY_NAME_MAX:
        raise DomainError([(field, _("Le nom ne peut pas dépasser %(n)s caractères.", n=DISPLAY_NAME_MAX))])
    return cleaned


def find_quartier(quartier_id: int | None, field: str = "quartier_id") -> Quartier | None:
    if quartier_id is None:
        return None
    quartier = db.session.get(Quartier, quartier_id)
    if quartier is None:
        raise DomainError([(field, _("Ce quartier n'existe pas. Choisissez-en un dans la liste."))])
    return quartier


def quartiers_by_district() -> list[tuple[str, list[tuple[int, str]]]]:
    """Quartiers grouped by arrondissement, in the city's order, for a grouped select."""
    rows = db.session.execute(
        sa.select(District.name, Quartier.id, Quartier.name)
        .join(Quartier.district)
        .order_by(District.number, District.name, Quartier.name)
    ).all()
    groups: dict[str, list[tuple[int, str]]] = {}
    for district_name, quartier_id, quartier_name in rows:
        groups.setdefault(district_name, []).append((quartier_id, quartier_name))
    return list(groups.items())


def update_profile(user: User, data: ProfileInput) -> None:
    if data.locale is not None and data.locale not in offered_locales():
        raise DomainError([("locale", _("Cette langue n'est pas proposée."))])
    display_name = clean_display_name(data.display_name)
    quartier = find_quartier(data.quartier_id)
    user.display_name = display_name
    user.quartier = quartier
    user.locale = data.locale
    db.session.flush()


def set_demographics(
    user: User, gender: str | None, age_band: str | None, consent: bool, now: datetime | None = None
) -> None:
    """Record the answers; only with explicit consent, and a blank answer stays unanswered."""
    if not consent:
        raise DomainError([("consent", _("Cochez la case de consentement pour enregistrer ces réponses."))])
    if gender is not None and gender not in GENDERS:
        raise DomainError([("gender", _("Choisissez une réponse dans la liste."))])
    if age_band is not None and age_band not in AGE_BANDS:
        raise DomainError([("age_band", _("Choisissez une tranche d'âge dans la liste."))])
    if gender is None and age_band is None:
        raise DomainError([(None, _("Répondez à au moins une question, ou retirez votre consentement."))])
    user.gender = gender
    user.age_band = age_band
    if user.demographics_consent_at is None:
        user.demographics_consent_at = now or utcnow()
    db.session.flush()


def withdraw_demographics(user: User) -> None:
    """Consent withdrawn: the answers are erased, not merely hidden."""
    user.gender = None
    user.age_band = None
    user.demographics_consent_at = None
    db.session.flush()
