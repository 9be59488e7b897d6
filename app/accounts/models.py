"""People and what they may do: accounts, residency verification, roles granted per place."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Base, TimestampMixin, utcnow
from app.core.security import keyed_hash
from app.geo.models import Quartier

# Roles and the kind of place each is granted on ("" = the whole city).
ROLE_SCOPES: dict[str, str] = {
    "admin": "",
    "staff": "service",  # a city service, e.g. "budget", "democratie-locale"; "" = any service
    "moderator": "council",
    "facilitator": "assembly",
    "reviewer": "edition",
    "tracker": "follow_up",  # an edition's slug (all its funded projects) or "projet-<id>" (one project)
    "elected": "",
}
GENDERS = ("femme", "homme", "autre")
AGE_BANDS = ("16-17", "18-24", "25-34", "35-49", "50-64", "65-79", "80+")
VERIFICATION_METHODS = ("in_person", "census")


class User(UserMixin, TimestampMixin, Base):
    __tablename__ = "account_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Null once the account is erased; stored lower-case.
    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    display_name: Mapped[str] = mapped_column(sa.String(80), default="")
    locale: Mapped[str | None] = mapped_column(sa.String(5))
    email_confirmed_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    erased_at: Mapped[datetime | None]

    quartier_id: Mapped[int | None] = mapped_column(sa.ForeignKey("geo_quartier.id"), index=True)
    quartier: Mapped[Quartier | None] = relationship()

    # Opt-in demographic answers, used only in aggregate; null = not answered.
    gender: Mapped[str | None] = mapped_column(sa.String(10))
    age_band: Mapped[str | None] = mapped_column(sa.String(10))
    demographics_consent_at: Mapped[datetime | None]

    # Residency verification. The identity (document type and number) is kept only as a keyed
    # hash; it is unique, so one identity verifies one account.
    identity_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    verified_at: Mapped[datetime | None]
    verification_method: Mapped[str | None] = mapped_column(sa.String(12))
    verified_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id"))

    # Roles load when first asked (one query, as eagerly): the busiest request, a ballot cast, never asks.
    # The linked identities come with the signed-in user (see the login loader): casting reads them.
    roles: Mapped[list[RoleGrant]] = relationship(
        back_populates="user", foreign_keys="RoleGrant.user_id", cascade="all, delete-orphan"
    )
    external_identities: Mapped[list[ExternalIdentity]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="ExternalIdentity.linked_at"
    )

    # Flask-Login ------------------------------------------------------------------------------
    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.erased_at is None

    @property
    def session_key(self) -> str:
        """Changes with the password: a session or "remember me" cookie made before a password
        change or reset no longer loads the account (see `load_user`)."""
        return keyed_hash(self.password_hash or "", "session")[:16]

    def get_id(self) -> str:
        return f"{self.id}:{self.session_key}"

    # Roles ------------------------------------------------------------------------------------
    def has_role(self, role: str, scope_id: object = None) -> bool:
        """Whether the user holds `role`; with `scope_id`, on that place (a grant with an empty
        scope covers every place of its kind)."""
        for grant in self.roles:
            if grant.role != role:
                continue
            if scope_id is None or grant.scope_id in ("", str(scope_id)):
                return True
        return False

    @property
    def is_admin(self) -> bool:
        return self.has_role("admin")

    @property
    def is_staff(self) -> bool:
        return self.has_role("staff") or self.is_admin

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def public_name(self) -> str:
        """The name shown beside a contribution; never the email address."""
        if self.is_erased:
            return _("Compte supprimé")
        return self.display_name or _("Membre n° %(id)s", id=self.id)


class RoleGrant(Base):
    __tablename__ = "account_role_grant"
    __table_args__ = (sa.UniqueConstraint("user_id", "role", "scope_id", name="uq_account_role_grant_place"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("account_user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(sa.String(20))
    scope_id: Mapped[str] = mapped_column(sa.String(60), default="")
    granted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id"))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="roles", foreign_keys=[user_id])

    @property
    def scope_type(self) -> str:
        return ROLE_SCOPES.get(self.role, "")


class CensusEntry(Base):
    """One person of the census file the city imported, kept only as keyed hashes."""

    __tablename__ = "account_census_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    identity_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # Hash of identity + birth date: what the resident must know to match the entry.
    check_hash: Mapped[str] = mapped_column(sa.String(64))
    quartier_id: Mapped[int | None] = mapped_column(sa.ForeignKey("geo_quartier.id"))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    batch: Mapped[str] = mapped_column(sa.String(40), default="")


class VerificationAttempt(Base):
    """Census match attempts, counted to lock an account after repeated failures."""

    __tablename__ = "account_verification_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("account_user.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    succeeded: Mapped[bool] = mapped_column(default=False)


class ExternalIdentity(Base):
    """An account at an OpenID Connect provider linked to a Parvis account. The provider's subject
    is kept only as a keyed hash; for a provider that vouches for identity, `identity_key` (another
    keyed hash of the same subject) stands for the person on voter rolls."""

    __tablename__ = "account_external_identity"
    __table_args__ = (sa.UniqueConstraint("provider", "subject_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("account_user.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(sa.String(30))
    subject_hash: Mapped[str] = mapped_column(sa.String(64))
    identity_key: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    linked_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="external_identities")


class OIDCAttempt(Base):
    """One sign-in through a provider, from the redirect to the provider until it ends: the
    `state`, `nonce` and PKCE verifier kept server-side (the state only as a hash, used once),
    then what the provider said while the resident completes or proves their account."""

    __tablename__ = "account_oidc_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    provider: Mapped[str] = mapped_column(sa.String(30))
    purpose: Mapped[str] = mapped_column(sa.String(10))  # "login" or "link"
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account_user.id", ondelete="CASCADE"), index=True)
    nonce: Mapped[str] = mapped_column(sa.String(64))
    code_verifier: Mapped[str] = mapped_column(sa.String(128))
    next_url: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    returned_at: Mapped[datetime | None]  # the provider sent the resident back (state spent)
    # JSON of the checked claims, while the resident completes a new account or proves an old one.
    pending: Mapped[str | None] = mapped_column(sa.Text)
    finished_at: Mapped[datetime | None]
