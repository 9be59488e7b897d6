"""Accounts at OpenID Connect providers linked to Parvis accounts: the providers the city offers,
the keyed hashes a link is kept under, linking, unlinking and forgetting.

A provider's subject is never stored: `subject_hash` finds the link; for a provider that vouches for
identity (FranceConnect), `identity_key`, another keyed hash of the same subject, stands for the
person on voter rolls (see `identity.voter_keys`).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from app.accounts.models import ExternalIdentity, OIDCAttempt, User
from app.accounts.permissions import can_unlink_identity
from app.accounts.services.oidc_client import OIDCError
from app.config import OIDCProvider
from app.core import audit
from app.core.errors import DomainError, NotFound
from app.core.security import keyed_hash
from app.extensions import db

# Configuration ----------------------------------------------------------------------------------


def providers() -> tuple[OIDCProvider, ...]:
    return tuple(current_app.config.get("OIDC_PROVIDERS", ()))


def find_provider(slug: str) -> OIDCProvider | None:
    return next((provider for provider in providers() if provider.slug == slug), None)


def provider_label(slug: str) -> str:
    """The button's name, or the slug of a provider the city no longer offers."""
    provider = find_provider(slug)
    return provider.label if provider is not None else slug


def subject_hash(slug: str, subject: str) -> str:
    return keyed_hash(f"{slug}\x1f{subject}", "oidc-subject")


def identity_key(slug: str, subject: str) -> str:
    """Stands for the person on voter rolls when the provider vouches for identity."""
    return keyed_hash(f"{slug}\x1f{subject}", "oidc-identity")


def find_identity(slug: str, hashed: str) -> ExternalIdentity | None:
    return db.session.scalar(
        sa.select(ExternalIdentity).where(ExternalIdentity.provider == slug, ExternalIdentity.subject_hash == hashed)
    )


def audit_event(action: str, user_id: int, data: dict[str, Any]) -> None:
    """Sign-ins through providers and link changes, in the chained audit log."""
    audit.record(action, actor_id=user_id, subject_type="user", subject_id=user_id, data=data)


def record_sign_in(identity: ExternalIdentity, now: datetime) -> None:
    identity.last_login_at = now
    identity.user.last_login_at = now
    db.session.flush()
    audit_event("accounts.oidc_sign_in", identity.user_id, {"provider": identity.provider})


def link(user: User, slug: str, hashed: str, key: str | None, now: datetime, proof: str) -> ExternalIdentity:
    if find_identity(slug, hashed) is not None:
        raise OIDCError("taken", "provider account already linked")
    identity = ExternalIdentity(provider=slug, subject_hash=hashed, identity_key=key, linked_at=now)
    user.external_identities.append(identity)
    try:
        # A savepoint: losing a race for the same provider account leaves the transaction usable.
        with db.session.begin_nested():
            db.session.flush()
    except sa.exc.IntegrityError as error:
        user.external_identities.remove(identity)
        raise OIDCError("taken", "provider account linked meanwhile") from error
    audit_event(
        "accounts.oidc_linked", user.id, {"provider": slug, "proof": proof, "vouches_identity": key is not None}
    )
    return identity


# Managing linked accounts -----------------------------------------------------------------------


def configured_slugs() -> Collection[str]:
    return {provider.slug for provider in providers()}


def unlink(user: User, identity_id: int, now: datetime | None = None) -> str:
    """Remove a link, while another way to sign in remains; returns the provider's slug."""
    identity = next((item for item in user.external_identities if item.id == identity_id), None)
    if identity is None:
        raise NotFound(_("Ce service n'est pas lié à votre compte."))
    if not can_unlink_identity(user, identity, configured_slugs()):
        raise DomainError(
            _(
                "C'est votre seule façon de vous connecter : choisissez d'abord un mot de passe "
                "(« Mot de passe oublié ? » vous en envoie le lien) ou liez un autre service."
            )
        )
    user.external_identities.remove(identity)
    db.session.flush()
    audit_event("accounts.oidc_unlinked", user.id, {"provider": identity.provider})
    return identity.provider


def has_identity_with(user: User, slug: str) -> bool:
    return any(identity.provider == slug for identity in user.external_identities)


def forget(user: User) -> None:
    """Account erasure: every link and every sign-in under way go."""
    user.external_identities.clear()
    db.session.execute(sa.delete(OIDCAttempt).where(OIDCAttempt.user_id == user.id))
    db.session.flush()
