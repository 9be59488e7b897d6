"""Items: a resident's report from the web form, staff entry of what came by phone, at a counter,
from the field or by post, and the suggestion of criticality each gets when it arrives."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.accounts.services.registration import normalise_email
from app.core import audit
from app.core.db import utcnow
from app.core.errors import DomainError, NotFound
from app.extensions import db
from app.feedback.models import ANSWER_BY, OPEN_STATUSES, STAFF_CHANNELS, Item, Service
from app.feedback.services import criticality
from app.geo.models import Quartier

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Open items of the same service and place reported this recently count as repeats.
REPEAT_WINDOW = timedelta(days=14)
MAX_TEXT = 5000


@dataclass(frozen=True)
class ItemInput:
    service_id: int | None
    text: str
    category: str = ""
    quartier_id: int | None = None
    address: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    contact_postal: str = ""
    answer_by: str = "email"
    channel: str = "web"


def get_item(item_id: int) -> Item:
    item = db.session.get(Item, item_id)
    if item is None:
        raise NotFound(_("Ce signalement n'existe pas."))
    return item


def repeats(service_id: int, quartier_id: int | None, address: str, now: datetime, exclude: int | None = None) -> int:
    """Open items of the service reported in the last two weeks at the same address (when one is
    given) or else in the same quartier; none when the place is unknown."""
    query = (
        sa.select(sa.func.count())
        .select_from(Item)
        .where(Item.service_id == service_id, Item.status.in_(OPEN_STATUSES), Item.created_at >= now - REPEAT_WINDOW)
    )
    if address.strip():
        query = query.where(sa.func.lower(Item.address) == address.strip().lower())
    elif quartier_id is not None:
        query = query.where(Item.quartier_id == quartier_id)
    else:
        return 0
    if exclude is not None:
        query = query.where(Item.id != exclude)
    return db.session.scalar(query) or 0


def _service(data: ItemInput) -> Service:
    service = db.session.get(Service, data.service_id) if data.service_id else None
    if service is None or not service.active:
        raise DomainError([("service_id", _("Choisissez le service concerné."))])
    return service


def _check_place_and_text(data: ItemInput, service: Service) -> list[tuple[str | None, str]]:
    problems: list[tuple[str | None, str]] = []
    text = data.text.strip()
    if len(text) < 10:
        problems.append(("text", _("Décrivez le problème en quelques mots (10 caractères au moins).")))
    elif len(text) > MAX_TEXT:
        problems.append(("text", _("Votre description dépasse 5 000 caractères : raccourcissez-la.")))
    if data.category and data.category not in service.category_list:
        problems.append(("category", _("Choisissez une catégorie de ce service.")))
    if data.quartier_id is not None and db.session.get(Quartier, data.quartier_id) is None:
        problems.append(("quartier_id", _("Choisissez un quartier de la liste.")))
    if len(data.address.strip()) > 200:
        problems.append(("address", _("L'adresse tient en 200 caractères.")))
    return problems


def _check_contact(data: ItemInput) -> list[tuple[str | None, str]]:
    """Someone without an account must say how to answer them, and give that contact."""
    if data.answer_by not in ANSWER_BY:
        return [("answer_by", _("Choisissez comment vous répondre."))]
    email = data.contact_email.strip()
    if email and not EMAIL.match(email):
        return [("contact_email", _("Cette adresse électronique n'est pas valable."))]
    needed = {
        "email": ("contact_email", email, _("Indiquez l'adresse électronique où répondre.")),
        "phone": ("contact_phone", data.contact_phone.strip(), _("Indiquez le numéro de téléphone où rappeler.")),
        "postal": ("contact_postal", data.contact_postal.strip(), _("Indiquez l'adresse postale où écrire.")),
    }
    field, value, message = needed[data.answer_by]
    return [] if value else [(field, message)]


def _create(
    data: ItemInput, service: Service, channel: str, author: User | None, recorded_by: User | None, now: datetime
) -> Item:
    suggestion = criticality.suggest(data.text, repeats(service.id, data.quartier_id, data.address, now))
    with_contact = author is None
    item = Item(
        service_id=service.id,
        category=data.category,
        quartier_id=data.quartier_id,
        address=data.address.strip(),
        text=data.text.strip(),
        channel=channel,
        status="received",
        criticality="normal",
        suggested_criticality=suggestion.level,
        suggestion_reasons=suggestion.encoded(),
        author_id=author.id if author else None,
        contact_name=data.contact_name.strip()[:120] if with_contact else "",
        contact_email=normalise_email(data.contact_email) if with_contact else "",
        contact_phone=data.contact_phone.strip()[:40] if with_contact else "",
        contact_postal=data.contact_postal.strip() if with_contact else "",
        answer_by=data.answer_by if with_contact else "email",
        recorded_by_id=recorded_by.id if recorded_by else None,
        created_at=now,
        updated_at=now,
    )
    db.session.add(item)
    db.session.flush()
    return item


def report(actor: User | None, data: ItemInput, now: datetime | None = None) -> Item:
    """The web form: a signed-in resident (answered on their page and by email) or a visitor, who
    leaves an email address to be answered."""
    now = now or utcnow()
    service = _service(data)
    problems = _check_place_and_text(data, service)
    if actor is None:
        problems += _check_contact(ItemInput(**{**data.__dict__, "answer_by": "email"}))
    if problems:
        raise DomainError(problems)
    return _create(data, service, "web", actor, None, now)


def record(actor: User, data: ItemInput, resident: User | None = None, now: datetime | None = None) -> Item:
    """Staff entry of what came by phone, at a counter, from the field or by post, on behalf of
    `resident` (an account) or of someone without one (then the contact to answer is required).
    The channel and the staff member are kept, and the entry is audited."""
    now = now or utcnow()
    service = _service(data)
    problems = _check_place_and_text(data, service)
    if data.channel not in STAFF_CHANNELS:
        problems.append(("channel", _("Choisissez par où le signalement est arrivé.")))
    if resident is None:
        problems += _check_contact(data)
    if problems:
        raise DomainError(problems)
    item = _create(data, service, data.channel, resident, actor, now)
    audit.record(
        "feedback.item_recorded",
        actor_id=actor.id,
        subject_type="feedback_item",
        subject_id=item.id,
        data={"channel": item.channel, "service": service.slug, "on_behalf_of_account": resident is not None},
    )
    return item


def of_author(user: User) -> list[Item]:
    """A resident's own items, newest first, with their case's answers."""
    query = (
        sa.select(Item)
        .where(Item.author_id == user.id)
        .options(
            selectinload(Item.service),
            selectinload(Item.quartier),
            selectinload(Item.answers),
            selectinload(Item.primary).selectinload(Item.answers),
        )
        .order_by(Item.created_at.desc(), Item.id.desc())
    )
    return list(db.session.scalars(query))


def reach(item: Item) -> tuple[str, str]:
    """How to answer the person behind `item`: ("email", address), ("phone", number), ("postal",
    address) or ("", "") when nobody can be reached (an erased account)."""
    if item.author is not None:
        if item.author.is_erased or not item.author.email:
            return ("", "")
        return ("email", item.author.email)
    values = {"email": item.contact_email, "phone": item.contact_phone, "postal": item.contact_postal}
    value = values.get(item.answer_by, "")
    return (item.answer_by, value) if value else ("", "")
