"""Residency verification: by the resident against the census, or by staff in person.

Whoever verifies, the identity (document type and number) is kept only as a keyed hash, unique
across accounts: one identity verifies one account. Verification decides who may vote, so each
change is written to the audit log.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _

from app.accounts.models import CensusEntry, User, VerificationAttempt
from app.accounts.services.identity import DOCUMENT_TYPES, census_check_hash, identity_hash, normalise_number
from app.core import audit
from app.core.db import utcnow
from app.core.errors import DomainError
from app.extensions import db

MAX_FAILURES = 5
LOCK_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class IdentityInput:
    document_type: str
    document_number: str


class MatchFailed(DomainError):
    """A census match failed; the attempt was recorded and must be committed all the same."""


def _identity(data: IdentityInput) -> str:
    problems: list[tuple[str | None, str]] = []
    if data.document_type not in DOCUMENT_TYPES:
        problems.append(("document_type", _("Choisissez un type de document dans la liste.")))
    if len(normalise_number(data.document_number)) < 4:
        problems.append(("document_number", _("Saisissez le numéro du document, tel qu'il y figure.")))
    if problems:
        raise DomainError(problems)
    return identity_hash(data.document_type, data.document_number)


def _holder(identity: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.identity_hash == identity))


def _already_used() -> DomainError:
    return DomainError(
        [
            (
                "document_number",
                _(
                    "Cette pièce d'identité a déjà servi à vérifier un autre compte. Une personne ne peut avoir "
                    "qu'un compte vérifié : adressez-vous à l'accueil de votre mairie si ce n'est pas vous."
                ),
            )
        ]
    )


def _mark_verified(user: User, identity: str, method: str, by: User | None, now: datetime) -> None:
    user.identity_hash = identity
    user.verified_at = now
    user.verification_method = method
    user.verified_by_id = by.id if by is not None else None
    try:
        # The unique identity_hash, not the check above, is what stops a race between two accounts.
        with db.session.begin_nested():
            db.session.flush()
    except sa.exc.IntegrityError as error:
        raise _already_used() from error


# The census, by the resident ------------------------------------------------------------------


def census_available() -> bool:
    """Whether the city has imported a census file, so self-verification can be offered."""
    return db.session.scalar(sa.select(CensusEntry.id).limit(1)) is not None


def _recent_failures(user: User, now: datetime) -> list[datetime]:
    """Times of the failed matches within the lock window, latest first."""
    return list(
        db.session.scalars(
            sa.select(VerificationAttempt.at)
            .where(
                VerificationAttempt.user_id == user.id,
                VerificationAttempt.succeeded.is_(False),
                VerificationAttempt.at > now - LOCK_WINDOW,
            )
            .order_by(VerificationAttempt.at.desc())
        )
    )


def locked_until(user: User, now: datetime | None = None) -> datetime | None:
    """After MAX_FAILURES failed matches within an hour, the end of the lock (an hour after the
    last failure); None when the resident may try."""
    failures = _recent_failures(user, now or utcnow())
    if len(failures) < MAX_FAILURES:
        return None
    return failures[0] + LOCK_WINDOW


def _locked_error(until: datetime) -> DomainError:
    return DomainError(
        _(
            "Trop d'essais infructueux. Vous pourrez réessayer à partir du %(when)s.",
            when=format_datetime(until, "d MMMM y, HH:mm"),
        )
    )


def _record_attempt(user: User, succeeded: bool, now: datetime) -> None:
    db.session.add(VerificationAttempt(user_id=user.id, at=now, succeeded=succeeded))
    db.session.flush()


def verify_with_census(user: User, data: IdentityInput, birth_date: date, now: datetime | None = None) -> None:
    """Match the resident's document and birth date against the census. A failure is recorded
    (raise `MatchFailed`; the caller commits it) and counts towards the lock."""
    now = now or utcnow()
    if user.is_verified:
        raise DomainError(_("Votre compte est déjà vérifié."))
    until = locked_until(user, now)
    if until is not None:
        raise _locked_error(until)
    identity = _identity(data)
    entry = db.session.scalar(sa.select(CensusEntry).where(CensusEntry.identity_hash == identity))
    expected = census_check_hash(data.document_type, data.document_number, birth_date)
    if entry is None or not hmac.compare_digest(entry.check_hash, expected):
        _record_attempt(user, False, now)
        remaining = MAX_FAILURES - len(_recent_failures(user, now))
        if remaining <= 0:
            raise MatchFailed(_locked_error(now + LOCK_WINDOW).problems)
        problems: list[tuple[str | None, str]] = [
            (
                None,
                _(
                    "Aucune inscription ne correspond à ces informations. Vérifiez le type et le numéro du "
                    "document ainsi que votre date de naissance."
                ),
            )
        ]
        if remaining <= 2:
            problems.append(
                (
                    None,
                    ngettext(
                        "Il vous reste %(num)d essai avant un blocage d'une heure.",
                        "Il vous reste %(num)d essais avant un blocage d'une heure.",
                        remaining,
                    ),
                )
            )
        raise MatchFailed(problems)
    holder = _holder(identity)
    if holder is not None and holder.id != user.id:
        # Someone else's identity: it counts as a failure too, so it cannot be probed at will.
        _record_attempt(user, False, now)
        raise MatchFailed(_already_used().problems)
    _record_attempt(user, True, now)
    _mark_verified(user, identity, "census", None, now)
    if entry.quartier_id is not None:
        user.quartier_id = entry.quartier_id
    audit.record(
        "accounts.verified",
        actor_id=user.id,
        subject_type="user",
        subject_id=user.id,
        data={"method": "census", "batch": entry.batch},
    )


# In person, by staff --------------------------------------------------------------------------


def find_resident(email: str) -> User | None:
    """A live account by its exact address (staff search; no partial matching, to show no more
    accounts than the one asked for)."""
    normalised = email.strip().lower()
    if not normalised:
        return None
    return db.session.scalar(sa.select(User).where(User.email == normalised, User.erased_at.is_(None)))


def verify_in_person(actor: User, resident: User, data: IdentityInput, now: datetime | None = None) -> None:
    """Staff saw the document: the resident becomes verified, and the audit log says by whom."""
    now = now or utcnow()
    if resident.is_erased:
        raise DomainError(_("Ce compte a été supprimé."))
    if resident.is_verified:
        raise DomainError(_("Ce compte est déjà vérifié. Révoquez d'abord la vérification pour la refaire."))
    identity = _identity(data)
    holder = _holder(identity)
    if holder is not None and holder.id != resident.id:
        raise _already_used()
    _mark_verified(resident, identity, "in_person", actor, now)
    audit.record(
        "accounts.verified",
        actor_id=actor.id,
        subject_type="user",
        subject_id=resident.id,
        data={"method": "in_person", "document_type": data.document_type},
    )


def revoke_verification(actor: User, resident: User) -> None:
    """Withdraw a verification (a mistake, a fraud): the identity is freed for another account."""
    if not resident.is_verified:
        raise DomainError(_("Ce compte n'est pas vérifié."))
    previous = resident.verification_method
    resident.identity_hash = None
    resident.verified_at = None
    resident.verification_method = None
    resident.verified_by_id = None
    db.session.flush()
    audit.record(
        "accounts.verification_revoked",
        actor_id=actor.id,
        subject_type="user",
        subject_id=resident.id,
        data={"previous_method": previous},
    )
