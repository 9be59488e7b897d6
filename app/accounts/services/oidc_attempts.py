"""Sign-ins through OpenID Connect providers (a city portal, FranceConnect), from the button to
the signed-in resident.

A sign-in through a provider is an `OIDCAttempt`: created when the resident leaves for the
provider (state, nonce and PKCE verifier kept here, the state only as a hash), spent once when they
come back. Then one of four things happens:

- the provider account is already linked: the resident is signed in;
- a signed-in resident asked to link it: it is linked;
- an account already uses the address the provider gave: its owner proves it is theirs (password
  or a mailed link) before the two are linked, so nobody takes over an account by creating a
  provider account with its address;
- otherwise the resident completes a new account (name, quartier, optional answers), created in
  one transaction with its link.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from app.accounts.models import OIDCAttempt, User
from app.accounts.services import external_identities, oidc_client, tokens
from app.accounts.services import login as login_service
from app.accounts.services.external_identities import audit_event, find_identity, link, record_sign_in
from app.accounts.services.oidc_client import OIDCError
from app.accounts.services.profile import clean_display_name, find_quartier, offered_locales, set_demographics
from app.accounts.services.registration import email_taken, normalise_email
from app.config import OIDCProvider
from app.core.db import utcnow
from app.core.errors import DomainError
from app.extensions import db

AUTHORIZE_LIFETIME = timedelta(minutes=15)  # time to sign in at the provider
PENDING_LIFETIME = timedelta(hours=1)  # time to complete a new account or prove an old one
LOGIN, LINK = "login", "link"


def _state_hash(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()


# Leaving for the provider -----------------------------------------------------------------------


@dataclass(frozen=True)
class Started:
    url: str  # the provider's sign-in page
    state: str  # kept in the resident's session too: the answer must come back to this browser


def start(
    provider: OIDCProvider,
    redirect_uri: str,
    next_url: str = "",
    user: User | None = None,
    now: datetime | None = None,
) -> Started:
    """Begin a sign-in (or, with `user`, the linking of a provider account to theirs)."""
    now = now or utcnow()
    db.session.execute(sa.delete(OIDCAttempt).where(OIDCAttempt.expires_at < now))
    authorization = oidc_client.authorization(provider, redirect_uri)
    db.session.add(
        OIDCAttempt(
            state_hash=_state_hash(authorization.state),
            provider=provider.slug,
            purpose=LINK if user is not None else LOGIN,
            user_id=user.id if user is not None else None,
            nonce=authorization.nonce,
            code_verifier=authorization.code_verifier,
            next_url=next_url[:500],
            created_at=now,
            expires_at=now + AUTHORIZE_LIFETIME,
        )
    )
    db.session.flush()
    return Started(url=authorization.url, state=authorization.state)


# Coming back ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """`kind`: "signed_in", "linked", "complete" (a new account to complete) or "prove" (an
    account with this address exists); `user` is the account concerned, if any."""

    kind: str
    attempt: OIDCAttempt
    user: User | None
    id_token: str


def spend_state(slug: str, state: str, session_state: str, now: datetime | None = None) -> OIDCAttempt:
    """The attempt this `state` belongs to, marked as used. Refused: a state this browser did
    not start, an unknown or expired one, and one already used (a replay)."""
    now = now or utcnow()
    if not state or not session_state or not hmac.compare_digest(state, session_state):
        raise OIDCError("state", "state missing or not the one this browser started")
    attempt = db.session.scalar(sa.select(OIDCAttempt).where(OIDCAttempt.state_hash == _state_hash(state)))
    if attempt is None or attempt.provider != slug:
        raise OIDCError("state", "unknown state")
    # One UPDATE guarded by "not yet returned": of two concurrent uses, only one changes the row.
    spent = db.session.execute(
        sa.update(OIDCAttempt)
        .where(OIDCAttempt.id == attempt.id, OIDCAttempt.returned_at.is_(None), OIDCAttempt.expires_at > now)
        .values(returned_at=now)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:  # type: ignore[attr-defined]
        raise OIDCError("state", "state already used or expired")
    db.session.refresh(attempt)
    return attempt


def _provider_error(error: str) -> OIDCError:
    if error in ("access_denied", "consent_required", "interaction_required", "login_required"):
        return OIDCError("refused", f"the provider answered {error}")
    if error in ("temporarily_unavailable", "server_error"):
        return OIDCError("unavailable", f"the provider answered {error}")
    return OIDCError("invalid", f"the provider answered {error}")


def _email(provider: OIDCProvider, claims: dict[str, Any]) -> tuple[str, bool]:
    value = claims.get(provider.claim_email)
    if not isinstance(value, str) or "@" not in value.strip() or len(value.strip()) > 254:
        raise OIDCError("no_email", f"no usable {provider.claim_email!r} claim")
    verified = provider.email_verified == "always" or claims.get("email_verified") in (True, "true")
    return normalise_email(value), verified


def _name(provider: OIDCProvider, claims: dict[str, Any]) -> str:
    for claim in provider.claim_name:
        value = claims.get(claim)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())[:80]
    return ""


def receive(
    provider: OIDCProvider,
    attempt: OIDCAttempt,
    redirect_uri: str,
    code: str | None,
    error: str | None = None,
    now: datetime | None = None,
) -> Outcome:
    """What the provider's answer leads to, once every token check has passed."""
    now = now or utcnow()
    if error:
        raise _provider_error(error)
    if not code:
        raise OIDCError("invalid", "no code in the answer")
    sign_in = oidc_client.exchange(provider, code, redirect_uri, attempt.code_verifier, attempt.nonce)
    hashed = external_identities.subject_hash(provider.slug, sign_in.subject)
    key = external_identities.identity_key(provider.slug, sign_in.subject) if provider.vouches_identity else None
    identity = find_identity(provider.slug, hashed)

    if attempt.purpose == LINK:
        user = db.session.get(User, attempt.user_id) if attempt.user_id else None
        if user is None or not user.is_active:
            raise OIDCError("state", "the account asking for the link is gone")
        if identity is not None and identity.user_id != user.id:
            raise OIDCError("taken", "provider account linked to another Parvis account")
        # Already linked to this account: the resident signed in again there (to confirm an erasure).
        kind = "signed_in" if identity is not None else "linked"
        if identity is None:
            identity = link(user, provider.slug, hashed, key, now, proof="signed-in")
        record_sign_in(identity, now)
        attempt.finished_at = now
        return Outcome(kind, attempt, user, sign_in.id_token)

    if identity is not None:
        record_sign_in(identity, now)
        attempt.finished_at = now
        return Outcome("signed_in", attempt, identity.user, sign_in.id_token)

    email, verified = _email(provider, sign_in.claims)
    existing = _account_with(email)
    if existing is None and not verified:
        # A new account only on an address the provider checked: otherwise anyone could open a Parvis
        # account in the name of an address they do not own, and keep it once its owner arrives.
        raise OIDCError("unverified_email", "the provider does not vouch for the address")
    attempt.pending = json.dumps(
        {
            "subject_hash": hashed,
            "identity_key": key,
            "email": email,
            "email_verified": verified,
            "name": _name(provider, sign_in.claims),
            "id_token": sign_in.id_token,
        }
    )
    attempt.expires_at = now + PENDING_LIFETIME
    db.session.flush()
    return Outcome("prove" if existing is not None else "complete", attempt, existing, sign_in.id_token)


def _account_with(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


# Completing a new account, or proving an old one ------------------------------------------------


@dataclass(frozen=True)
class Pending:
    attempt: OIDCAttempt
    provider: str
    email: str
    email_verified: bool
    name: str
    subject_hash: str
    identity_key: str | None
    id_token: str

    @property
    def existing_account(self) -> User | None:
        return _account_with(self.email)


def pending(attempt_id: object, now: datetime | None = None) -> Pending:
    """The sign-in waiting for the resident to complete or prove an account; `OIDCError("state")`
    once it is finished, expired or unknown."""
    now = now or utcnow()
    attempt = db.session.get(OIDCAttempt, attempt_id) if isinstance(attempt_id, int) else None
    if attempt is None or attempt.pending is None or attempt.finished_at is not None or attempt.expires_at <= now:
        raise OIDCError("state", "no sign-in waiting")
    data = json.loads(attempt.pending)
    return Pending(
        attempt=attempt,
        provider=attempt.provider,
        email=data["email"],
        email_verified=bool(data["email_verified"]),
        name=data["name"],
        subject_hash=data["subject_hash"],
        identity_key=data["identity_key"],
        id_token=data["id_token"],
    )


def _finish(waiting: Pending, now: datetime) -> None:
    # What the provider said about the person is not kept beyond this point.
    waiting.attempt.pending = None
    waiting.attempt.finished_at = now
    db.session.flush()


@dataclass(frozen=True)
class CompletionInput:
    display_name: str
    quartier_id: int | None = None
    locale: str | None = None
    gender: str | None = None
    age_band: str | None = None
    demographics_consent: bool = False


def complete_account(waiting: Pending, data: CompletionInput, now: datetime | None = None) -> User:
    """Create the account the provider's answer describes, with what the resident added, and link
    it: all in the caller's transaction (a refusal leaves nothing behind once rolled back)."""
    now = now or utcnow()
    problems: list[tuple[str | None, str]] = []
    for check in (lambda: clean_display_name(data.display_name), lambda: find_quartier(data.quartier_id)):
        try:
            check()
        except DomainError as error:
            problems.extend(error.problems)
    if problems:
        raise DomainError(problems)
    if email_taken(waiting.email):
        raise OIDCError("state", "an account took the address meanwhile")
    user = User(
        email=waiting.email,
        password_hash=None,
        display_name=clean_display_name(data.display_name),
        quartier_id=data.quartier_id,
        locale=data.locale if data.locale in offered_locales() else None,
        email_confirmed_at=now if waiting.email_verified else None,
        last_login_at=now,
    )
    db.session.add(user)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except sa.exc.IntegrityError as error:
        raise OIDCError("state", "an account took the address meanwhile") from error
    if data.demographics_consent:
        set_demographics(user, data.gender, data.age_band, True, now)
    audit_event("accounts.oidc_account_created", user.id, {"provider": waiting.provider})
    identity = link(user, waiting.provider, waiting.subject_hash, waiting.identity_key, now, proof="new-account")
    identity.last_login_at = now
    _finish(waiting, now)
    return user


def _link_pending(user: User, waiting: Pending, now: datetime, proof: str) -> User:
    identity = link(user, waiting.provider, waiting.subject_hash, waiting.identity_key, now, proof=proof)
    identity.last_login_at = now
    user.last_login_at = now
    if user.email_confirmed_at is None and proof == "mail" and user.password_hash:
        # The address was never confirmed, so whoever typed it chose that password: the owner, who
        # has just proved the address, keeps the provider; the password (and its sessions) go.
        user.password_hash = None
    if user.email_confirmed_at is None and (waiting.email_verified or proof == "mail"):
        user.email_confirmed_at = now
    _finish(waiting, now)
    return user


def prove_with_password(waiting: Pending, password: str, now: datetime | None = None) -> User:
    """The owner of the account with this address typed its password: link and sign in."""
    user = waiting.existing_account
    if user is None or user.email is None:
        raise OIDCError("state", "the account with this address is gone")
    if not user.password_hash:
        raise DomainError([("password", _("Ce compte n'a pas de mot de passe : recevez plutôt un lien par e-mail."))])
    login_service.authenticate(user.email, password, now)
    return _link_pending(user, waiting, now or utcnow(), proof="password")


def link_token(waiting: Pending, user: User, now: datetime | None = None) -> str:
    """The token of the mailed link that proves the address's owner wants this link; the waiting
    sign-in lasts as long as the link does."""
    waiting.attempt.expires_at = (now or utcnow()) + timedelta(seconds=tokens.max_age(tokens.LINK_IDENTITY))
    db.session.flush()
    return tokens.issue(tokens.LINK_IDENTITY, {"a": waiting.attempt.id, "u": user.id, "e": user.email})


def waiting_for_token(token: str, now: datetime | None = None) -> tuple[Pending, User]:
    try:
        payload = tokens.read(tokens.LINK_IDENTITY, token)
    except tokens.TokenError as error:
        if error.expired:
            raise DomainError(_("Ce lien a expiré. Recommencez la connexion pour en recevoir un nouveau.")) from error
        raise DomainError(_("Ce lien n'est pas valable.")) from error
    try:
        waiting = pending(payload.get("a"), now)
    except OIDCError as error:
        raise DomainError(_("Ce lien a déjà servi ou a expiré. Recommencez la connexion.")) from error
    user = waiting.existing_account
    if user is None or user.id != payload.get("u") or user.email != payload.get("e"):
        raise DomainError(_("Ce lien n'est pas valable."))
    return waiting, user


def prove_with_token(token: str, now: datetime | None = None) -> User:
    """The mailed link was opened: its reader owns the address, so the link is made."""
    waiting, user = waiting_for_token(token, now)
    return _link_pending(user, waiting, now or utcnow(), proof="mail")
