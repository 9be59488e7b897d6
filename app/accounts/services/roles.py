"""Roles granted per place: who may moderate this council, review this edition, work for this
service. Granting and revoking are audited. "Who may grant" is the caller's permission check
(the admin area's `can_manage_roles`); these functions enforce what makes a grant valid."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask_babel import gettext as _

from app.accounts.models import ROLE_SCOPES, RoleGrant, User
from app.core import audit
from app.core.errors import DomainError
from app.extensions import db

# A place is named by the id or slug its area gives it: "12", "democratie-locale", "2026".
SCOPE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")


def role_label(role: str) -> str:
    """The role's name for people, in French."""
    labels = {
        "admin": _("Administration"),
        "staff": _("Agent de la ville"),
        "moderator": _("Modération"),
        "facilitator": _("Animation"),
        "reviewer": _("Instruction"),
        "tracker": _("Suivi des projets"),
        "elected": _("Élu ou élue"),
    }
    return labels.get(role, role)


def scope_label(role: str) -> str:
    """What kind of place the role is granted on, in French ("" for a city-wide role)."""
    labels = {
        "service": _("service de la ville"),
        "council": _("conseil"),
        "assembly": _("assemblée"),
        "edition": _("édition du budget participatif"),
        "follow_up": _("projet suivi (« projet-12 ») ou édition du budget participatif"),
    }
    return labels.get(ROLE_SCOPES.get(role, ""), "")


def _check_role(role: str) -> None:
    if role not in ROLE_SCOPES:
        raise DomainError([("role", _("Ce rôle n'existe pas : %(role)s.", role=role))])


def _clean_scope(role: str, scope_id: str) -> str:
    scope = scope_id.strip().lower()
    if not scope:
        return ""
    if not ROLE_SCOPES[role]:
        raise DomainError([("scope_id", _("Ce rôle vaut pour toute la ville : laissez le lieu vide."))])
    if not SCOPE_ID.match(scope):
        raise DomainError(
            [
                (
                    "scope_id",
                    _(
                        "Le lieu s'écrit en minuscules, chiffres et tirets (60 caractères au plus), "
                        "par exemple « democratie-locale » ou « 12 »."
                    ),
                )
            ]
        )
    return scope


def grant_role(actor: User | None, user: User, role: str, scope_id: str = "") -> RoleGrant:
    """Give `user` the `role` on the place `scope_id` ("" = every place of its kind, or the whole
    city for a city-wide role). `actor` None means the system (command line, demo data)."""
    _check_role(role)
    scope = _clean_scope(role, scope_id)
    if user.is_erased:
        raise DomainError(_("Ce compte a été supprimé : il ne peut pas recevoir de rôle."))
    if any(grant.role == role and grant.scope_id == scope for grant in user.roles):
        raise DomainError([("role", _("Ce compte a déjà ce rôle pour ce lieu."))])
    grant = RoleGrant(role=role, scope_id=scope, granted_by_id=actor.id if actor else None)
    user.roles.append(grant)
    db.session.flush()
    audit.record(
        "accounts.role_granted",
        actor_id=actor.id if actor else None,
        subject_type="user",
        subject_id=user.id,
        data={"grant_id": grant.id, "role": role, "scope_id": scope},
    )
    return grant


def _admin_count() -> int:
    query = (
        sa.select(sa.func.count(sa.distinct(RoleGrant.user_id)))
        .join(RoleGrant.user)
        .where(RoleGrant.role == "admin", User.erased_at.is_(None))
    )
    return db.session.scalar(query) or 0


def revoke_role(actor: User | None, grant: RoleGrant) -> None:
    """Take a role back. The last administrator keeps theirs: someone must be able to grant roles."""
    user = grant.user
    if grant.role == "admin" and _admin_count() <= 1:
        if actor is not None and actor.id == user.id:
            message = _("Vous êtes le dernier administrateur : nommez-en un autre avant de retirer votre rôle.")
        else:
            message = _("C'est le dernier compte administrateur : nommez-en un autre avant de retirer ce rôle.")
        raise DomainError(message)
    audit.record(
        "accounts.role_revoked",
        actor_id=actor.id if actor else None,
        subject_type="user",
        subject_id=user.id,
        data={"grant_id": grant.id, "role": grant.role, "scope_id": grant.scope_id},
    )
    user.roles.remove(grant)  # delete-orphan: the row goes at flush
    db.session.flush()


def holders(role: str, scope_id: str | None = None) -> list[User]:
    """Live accounts holding `role`; with `scope_id`, on that place (a grant with an empty scope
    covers every place of its kind, as in `User.has_role`). Ordered by name, then id."""
    _check_role(role)
    condition = RoleGrant.role == role
    if scope_id is not None:
        condition &= RoleGrant.scope_id.in_(["", str(scope_id)])
    query = (
        sa.select(User).where(User.erased_at.is_(None), User.roles.any(condition)).order_by(User.display_name, User.id)
    )
    return list(db.session.scalars(query))
