"""Bodies: the public directory, a body's page data, and staff creating or editing a body."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.core import audit
from app.core.errors import DomainError, NotFound
from app.councils.models import BODY_KINDS, JOINING, Body, Membership, body_quartier
from app.extensions import db
from app.geo.models import District, Quartier

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
# Words the URLs use after /conseils/: a body cannot take them as its slug.
RESERVED = {"nouvelle", "seances", "documents", "actions", "motions"}


def slugify(text: str) -> str:
    """ASCII, lower case, words joined by dashes, at most 60 characters (a role scope's rule)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:60].rstrip("-") or "instance"


def get_body(slug: str) -> Body:
    body = db.session.scalar(sa.select(Body).where(Body.slug == slug))
    if body is None:
        raise NotFound(_("Cette instance n'existe pas."))
    return body


@dataclass(frozen=True)
class Search:
    text: str = ""
    kind: str | None = None
    district_id: int | None = None
    quartier_id: int | None = None


def search(criteria: Search) -> sa.Select[tuple[Body]]:
    """Bodies matching the directory's filters, by kind then name (councils first)."""
    query = sa.select(Body)
    if criteria.text:
        words = [word for word in criteria.text.split() if word][:6]
        for word in words:
            pattern = f"%{word.replace('%', '').replace('_', '')}%"
            covered = sa.select(body_quartier.c.body_id).join(Quartier).where(Quartier.name.ilike(pattern))
            query = query.where(sa.or_(Body.name.ilike(pattern), Body.id.in_(covered)))
    if criteria.kind in BODY_KINDS:
        query = query.where(Body.kind == criteria.kind)
    if criteria.quartier_id:
        query = query.where(Body.quartiers.any(Quartier.id == criteria.quartier_id))
    elif criteria.district_id:
        query = query.where(Body.quartiers.any(Quartier.district_id == criteria.district_id))
    return query.options(selectinload(Body.quartiers)).order_by(Body.kind, Body.name)


def covering(quartier_id: int | None) -> list[Body]:
    """The bodies that cover a quartier (for "which bodies cover where I live")."""
    if not quartier_id:
        return []
    return list(db.session.scalars(search(Search(quartier_id=quartier_id))))


def districts() -> list[District]:
    return list(db.session.scalars(sa.select(District).order_by(District.number)))


def member_counts(bodies: list[Body]) -> dict[int, int]:
    if not bodies:
        return {}
    query = (
        sa.select(Membership.body_id, sa.func.count())
        .where(Membership.body_id.in_([body.id for body in bodies]), Membership.status == "active")
        .group_by(Membership.body_id)
    )
    return {body_id: count for body_id, count in db.session.execute(query)}


def moderated_by(user: User) -> list[Body]:
    """The bodies this person may run: all for staff, those of their moderator grants otherwise."""
    if not getattr(user, "is_authenticated", False):
        return []
    query = sa.select(Body).order_by(Body.name)
    if not user.is_staff:
        scopes = {grant.scope_id for grant in user.roles if grant.role == "moderator"}
        if not scopes:
            return []
        if "" not in scopes:
            query = query.where(Body.slug.in_(scopes))
    return list(db.session.scalars(query))


@dataclass
class BodyInput:
    name: str
    kind: str
    purpose: str = ""
    joining: str = "request"
    contact_email: str = ""
    quartier_ids: list[int] = field(default_factory=list)
    slug: str = ""


def _check(data: BodyInput) -> list[Quartier]:
    problems: list[tuple[str | None, str]] = []
    if not data.name.strip():
        problems.append(("name", _("Donnez un nom à l'instance.")))
    if data.kind not in BODY_KINDS:
        problems.append(("kind", _("Choisissez le type d'instance.")))
    if data.joining not in JOINING:
        problems.append(("joining", _("Choisissez comment on y adhère.")))
    quartiers = list(db.session.scalars(sa.select(Quartier).where(Quartier.id.in_(data.quartier_ids or [-1]))))
    if len(quartiers) != len(set(data.quartier_ids)):
        problems.append(("quartier_ids", _("Un des quartiers choisis n'existe pas.")))
    if not quartiers:
        problems.append(("quartier_ids", _("Choisissez au moins un quartier couvert.")))
    if problems:
        raise DomainError(problems)
    return quartiers


def create_body(actor: User | None, data: BodyInput) -> Body:
    quartiers = _check(data)
    slug = (data.slug or slugify(data.name)).strip().lower()
    if not SLUG.match(slug) or slug in RESERVED:
        raise DomainError([("slug", _("L'identifiant s'écrit en minuscules, chiffres et tirets."))])
    if db.session.scalar(sa.select(Body.id).where(Body.slug == slug)) is not None:
        raise DomainError([("name", _("Une instance porte déjà ce nom ou cet identifiant (%(slug)s).", slug=slug))])
    body = Body(
        slug=slug,
        name=data.name.strip(),
        kind=data.kind,
        purpose=data.purpose.strip(),
        joining=data.joining,
        contact_email=data.contact_email.strip(),
        quartiers=quartiers,
    )
    db.session.add(body)
    db.session.flush()
    audit.record(
        "councils.body_created", actor_id=actor.id if actor else None, subject_type="council_body", subject_id=body.id
    )
    return body


def update_body(actor: User, body: Body, data: BodyInput, *, may_change_cover: bool) -> Body:
    """Moderators change the description and joining rule; staff also the kind and quartiers."""
    if not may_change_cover:
        data.kind = body.kind
        data.quartier_ids = [quartier.id for quartier in body.quartiers]
    quartiers = _check(data)
    body.name = data.name.strip()
    body.kind = data.kind
    body.purpose = data.purpose.strip()
    body.joining = data.joining
    body.contact_email = data.contact_email.strip()
    body.quartiers = quartiers
    db.session.flush()
    return body
