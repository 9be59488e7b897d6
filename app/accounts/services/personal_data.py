"""A resident's own data: everything we hold about them, as JSON, and the erasure of the account.

Other areas add their part of the export through `collect_user_data`, and anonymise what they
hold when `user_erased` is sent; their contributions stay, under "Compte supprimé".
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from app.accounts.models import RoleGrant, User, VerificationAttempt
from app.accounts.services import external_identities
from app.accounts.services.passwords import check_password
from app.core import audit
from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.signals import collect_user_data, user_erased
from app.extensions import db

log = logging.getLogger(__name__)

# Sections the accounts area writes itself; another area may not replace them.
OWN_SECTIONS = ("format", "generated_at", "account", "demographics", "verification", "roles", "linked_providers")


def _moment(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _account(user: User) -> dict[str, Any]:
    quartier = user.quartier
    return {
        "id": user.id,
        "email": user.email,
        "email_confirmed_at": _moment(user.email_confirmed_at),
        "display_name": user.display_name,
        "locale": user.locale,
        "quartier": (
            {"slug": quartier.slug, "name": quartier.name, "district": quartier.district.name}
            if quartier is not None
            else None
        ),
        "created_at": _moment(user.created_at),
        "last_login_at": _moment(user.last_login_at),
    }


def _verification(user: User) -> dict[str, Any]:
    # Never the identity hash: it is a key to the person's identity document, not their data.
    attempts = db.session.scalars(
        sa.select(VerificationAttempt).where(VerificationAttempt.user_id == user.id).order_by(VerificationAttempt.at)
    )
    return {
        "verified": user.is_verified,
        "verified_at": _moment(user.verified_at),
        "method": user.verification_method,
        "census_attempts": [{"at": _moment(a.at), "succeeded": a.succeeded} for a in attempts],
    }


def export(user: User, now: datetime | None = None) -> dict[str, Any]:
    """Everything about the user, as JSON-ready data (no password or identity hash)."""
    data: dict[str, Any] = {
        "format": "parvis-personal-data/1",
        "generated_at": _moment(now or utcnow()),
        "account": _account(user),
        "demographics": {
            "consent_at": _moment(user.demographics_consent_at),
            "gender": user.gender,
            "age_band": user.age_band,
        },
        "verification": _verification(user),
        "roles": [
            {
                "role": grant.role,
                "scope_type": grant.scope_type,
                "scope_id": grant.scope_id,
                "granted_at": _moment(grant.granted_at),
            }
            for grant in user.roles
        ],
        # Which services the account signs in with; never the subject or its hashes.
        "linked_providers": [
            {
                "provider": identity.provider,
                "label": external_identities.provider_label(identity.provider),
                "vouches_identity": identity.identity_key is not None,
                "linked_at": _moment(identity.linked_at),
                "last_login_at": _moment(identity.last_login_at),
            }
            for identity in user.external_identities
        ],
    }
    for receiver, answer in collect_user_data.send(current_app._get_current_object(), user=user):  # type: ignore[attr-defined]
        if not answer:
            continue
        name, section = answer
        if name in data:
            raise RuntimeError(f"{receiver!r} returned the section {name!r}, which already exists")
        data[name] = section
    return data


def _is_last_admin(user: User) -> bool:
    if not user.is_admin:
        return False
    others = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(RoleGrant.user_id))).where(
            RoleGrant.role == "admin", RoleGrant.user_id != user.id
        )
    )
    return not others


def erase(user: User, password: str, now: datetime | None = None, reauthenticated: bool = False) -> None:
    """Delete the account at its owner's request: personal data erased, roles removed, links to
    providers removed, the row kept (as "Compte supprimé") so that contributions keep an author and
    votes stay counted. An account without a password confirms by signing in again through its
    provider just before (`reauthenticated`, which the view judges). The caller ends the session
    after committing."""
    if user.is_erased:
        raise DomainError(_("Ce compte est déjà supprimé."))
    if not user.password_hash and user.external_identities:
        if not reauthenticated:
            raise DomainError(
                _("Pour confirmer, reconnectez-vous d'abord avec le service relié à votre compte, puis recommencez.")
            )
    elif not check_password(user.password_hash, password):
        raise DomainError([("password", _("Le mot de passe est incorrect."))])
    if _is_last_admin(user):
        raise DomainError(
            _("Vous êtes la dernière personne à administrer Parvis : nommez quelqu'un d'autre avant de partir.")
        )
    # Other areas anonymise first, while they can still see whose data it is.
    user_erased.send(current_app._get_current_object(), user=user)  # type: ignore[attr-defined]
    user.email = None
    user.password_hash = None
    user.display_name = ""
    user.locale = None
    user.quartier = None
    user.last_login_at = None
    user.email_confirmed_at = None
    user.gender = None
    user.age_band = None
    user.demographics_consent_at = None
    user.identity_hash = None
    user.verified_at = None
    user.verification_method = None
    user.verified_by_id = None
    user.roles.clear()
    external_identities.forget(user)
    db.session.execute(sa.delete(VerificationAttempt).where(VerificationAttempt.user_id == user.id))
    user.erased_at = now or utcnow()
    db.session.flush()
    audit.record("accounts.erased", actor_id=user.id, subject_type="user", subject_id=user.id)
    log.info("account %s erased at its owner's request", user.id)
