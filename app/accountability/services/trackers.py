"""Naming trackers: city staff (or admins) give an account the tracker role on one project
("projet-12") or on a whole edition (its slug), through the audited role services of accounts."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from app.accountability.models import FollowUp
from app.accounts.models import RoleGrant, User
from app.accounts.services import roles, verification
from app.budgets.models import Edition
from app.core.errors import DomainError, NotFound
from app.extensions import db

ROLE = "tracker"


def scope_of(item: FollowUp | Edition) -> str:
    return item.slug if isinstance(item, Edition) else f"projet-{item.id}"


def grants() -> list[RoleGrant]:
    query = sa.select(RoleGrant).join(RoleGrant.user).where(RoleGrant.role == ROLE, User.erased_at.is_(None))
    return list(db.session.scalars(query.order_by(RoleGrant.scope_id, User.display_name, RoleGrant.id)))


def get_grant(grant_id: int) -> RoleGrant:
    grant = db.session.get(RoleGrant, grant_id)
    if grant is None or grant.role != ROLE:
        raise NotFound(_("Ce rôle de suivi n'existe pas."))
    return grant


def name_tracker(actor: User, email: str, scope: str) -> RoleGrant:
    """Give the account with this address the tracker role on `scope` (a project or an edition)."""
    user = verification.find_resident(email)
    if user is None:
        raise DomainError([("email", _("Aucun compte n'a cette adresse : la personne doit d'abord créer le sien."))])
    if not scope:
        raise DomainError([("scope", _("Choisissez un projet ou une édition."))])
    return roles.grant_role(actor, user, ROLE, scope)


def remove_tracker(actor: User, grant: RoleGrant) -> None:
    roles.revoke_role(actor, grant)
