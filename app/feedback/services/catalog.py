"""The list of city services residents report to, which admins maintain: name, categories, the
delays that make an item late, and the manager mailed about late items."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from app.accounts.models import User
from app.accounts.services.registration import normalise_email
from app.core import audit
from app.core.errors import DomainError, NotFound
from app.extensions import db
from app.feedback.models import Service

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class ServiceInput:
    name: str
    slug: str
    categories: str = ""
    target_days: int | None = 15
    urgent_ack_hours: int | None = 4
    manager_email: str = ""
    active: bool = True


def active_services() -> list[Service]:
    query = sa.select(Service).where(Service.active).order_by(Service.position, Service.name)
    return list(db.session.scalars(query))


def all_services() -> list[Service]:
    return list(db.session.scalars(sa.select(Service).order_by(Service.position, Service.name)))


def get_service(service_id: int) -> Service:
    service = db.session.get(Service, service_id)
    if service is None:
        raise NotFound(_("Ce service n'existe pas."))
    return service


def _check(data: ServiceInput, current: Service | None) -> tuple[str, str]:
    problems: list[tuple[str | None, str]] = []
    slug = data.slug.strip().lower()
    if not data.name.strip():
        problems.append(("name", _("Donnez le nom du service.")))
    if not SLUG.match(slug):
        problems.append(("slug", _("L'identifiant s'écrit en minuscules, chiffres et tirets, par exemple « voirie ».")))
    else:
        taken = db.session.scalar(sa.select(Service.id).where(Service.slug == slug))
        if taken is not None and (current is None or taken != current.id):
            problems.append(("slug", _("Un autre service a déjà cet identifiant.")))
    if data.target_days is None or not 1 <= data.target_days <= 365:
        problems.append(("target_days", _("Le délai de traitement va de 1 à 365 jours.")))
    if data.urgent_ack_hours is None or not 1 <= data.urgent_ack_hours <= 168:
        problems.append(("urgent_ack_hours", _("Le délai de prise en compte d'une urgence va de 1 à 168 heures.")))
    email = normalise_email(data.manager_email)
    if email and not EMAIL.match(email):
        problems.append(("manager_email", _("Cette adresse électronique n'est pas valable.")))
    if problems:
        raise DomainError(problems)
    return slug, email


def _categories(text: str) -> str:
    seen: list[str] = []
    for line in text.splitlines():
        name = line.strip()[:120]
        if name and name not in seen:
            seen.append(name)
    return "\n".join(seen)


def save_service(actor: User | None, data: ServiceInput, service: Service | None = None) -> Service:
    """Create a service (`service` None) or change one; audited. `actor` None is the system (demo)."""
    slug, email = _check(data, service)
    if service is None:
        position = db.session.scalar(sa.select(sa.func.max(Service.position))) or 0
        service = Service(position=position + 1)
        db.session.add(service)
    service.name = data.name.strip()[:120]
    service.slug = slug
    service.categories = _categories(data.categories)
    service.target_days = data.target_days or 15
    service.urgent_ack_hours = data.urgent_ack_hours or 4
    service.manager_email = email
    service.active = data.active
    db.session.flush()
    audit.record(
        "feedback.service_saved",
        actor_id=actor.id if actor else None,
        subject_type="feedback_service",
        subject_id=service.id,
        data={"slug": slug, "target_days": service.target_days, "urgent_ack_hours": service.urgent_ack_hours},
    )
    return service


def visible_to(user: User) -> list[Service]:
    """The services whose queue `user` works on: all for admins (and for a city-wide staff grant),
    otherwise those of their `staff` grants."""
    return [service for service in all_services() if user.is_admin or user.has_role("staff", service.slug)]
