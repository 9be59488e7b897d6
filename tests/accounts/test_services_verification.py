"""Residency verification without HTTP: census match, the lock after five failures, one identity
per account, staff in person, revocation, and the audit entries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from app.accounts.models import CensusEntry, User, VerificationAttempt
from app.accounts.services import verification
from app.accounts.services.identity import census_check_hash, identity_hash
from app.core import audit
from app.core.db import utcnow
from app.core.errors import DomainError
from app.extensions import db
from tests.factories import QuartierFactory

pytestmark = pytest.mark.usefixtures("request_context")
BIRTH = date(1980, 7, 14)
DOC = verification.IdentityInput("cni", "AB 123-456")


def census(document_type: str = "cni", number: str = "AB123456", birth: date = BIRTH, **fields: Any) -> CensusEntry:
    entry = CensusEntry(
        identity_hash=identity_hash(document_type, number),
        check_hash=census_check_hash(document_type, number, birth),
        **fields,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def audit_entries(action: str) -> list[audit.AuditEntry]:
    return list(db.session.scalars(sa.select(audit.AuditEntry).where(audit.AuditEntry.action == action)))


def attempts(user: User) -> list[bool]:
    query = sa.select(VerificationAttempt.succeeded).where(VerificationAttempt.user_id == user.id)
    return list(db.session.scalars(query.order_by(VerificationAttempt.id)))


def test_census_match_verifies_and_sets_the_quartier(app: Flask, make_user: Callable[..., Any]) -> None:
    quartier = QuartierFactory()
    entry = census(quartier_id=quartier.id, batch="2026-01")
    user = make_user()
    assert verification.census_available()
    verification.verify_with_census(user, DOC, BIRTH)
    db.session.commit()
    assert user.is_verified and user.verification_method == "census" and user.verified_by_id is None
    assert user.identity_hash == entry.identity_hash
    assert user.quartier_id == quartier.id
    assert attempts(user) == [True]
    [entry_log] = audit_entries("accounts.verified")
    assert entry_log.actor_id == user.id and entry_log.subject_id == str(user.id)
    assert entry_log.payload() == {"method": "census", "batch": "2026-01"}


def test_no_census_yet(app: Flask) -> None:
    assert not verification.census_available()


@pytest.mark.parametrize(
    ("data", "birth"),
    [
        (DOC, date(1980, 7, 15)),  # wrong birth date
        (verification.IdentityInput("passeport", "AB123456"), BIRTH),  # wrong type
        (verification.IdentityInput("cni", "AB123457"), BIRTH),  # unknown number
    ],
)
def test_mismatch_is_recorded(
    app: Flask, make_user: Callable[..., Any], data: verification.IdentityInput, birth: date
) -> None:
    census()
    user = make_user()
    with pytest.raises(verification.MatchFailed, match="Aucune inscription ne correspond"):
        verification.verify_with_census(user, data, birth)
    assert not user.is_verified and attempts(user) == [False]


def test_bad_input_is_not_an_attempt(app: Flask, make_user: Callable[..., Any]) -> None:
    census()
    user = make_user()
    with pytest.raises(DomainError) as caught:
        verification.verify_with_census(user, verification.IdentityInput("carte-vitale", "1"), BIRTH)
    assert not isinstance(caught.value, verification.MatchFailed)
    assert [field for field, _ in caught.value.problems] == ["document_type", "document_number"]
    assert attempts(user) == []


def test_five_failures_in_an_hour_lock_for_an_hour(app: Flask, make_user: Callable[..., Any]) -> None:
    census()
    user = make_user()
    start = utcnow()
    for minute in range(4):
        with pytest.raises(verification.MatchFailed) as caught:
            verification.verify_with_census(user, DOC, date(2000, 1, 1), now=start + timedelta(minutes=minute))
    assert "Il vous reste 1 essai avant un blocage" in caught.value.messages[-1]
    fifth = start + timedelta(minutes=4)
    with pytest.raises(verification.MatchFailed, match="Vous pourrez réessayer"):
        verification.verify_with_census(user, DOC, date(2000, 1, 1), now=fifth)
    assert verification.locked_until(user, fifth) == fifth + timedelta(hours=1)

    # Locked: even the right answer is refused, and the refusal is not another attempt.
    with pytest.raises(DomainError, match="Vous pourrez réessayer") as caught:
        verification.verify_with_census(user, DOC, BIRTH, now=fifth + timedelta(minutes=30))
    assert not isinstance(caught.value, verification.MatchFailed)
    assert len(attempts(user)) == 5 and not user.is_verified

    later = fifth + timedelta(hours=1, seconds=1)
    assert verification.locked_until(user, later) is None
    verification.verify_with_census(user, DOC, BIRTH, now=later)
    assert user.is_verified


def test_failures_spread_over_more_than_an_hour_do_not_lock(app: Flask, make_user: Callable[..., Any]) -> None:
    census()
    user = make_user()
    start = utcnow() - timedelta(hours=3)
    for step in range(6):
        with pytest.raises(verification.MatchFailed):
            verification.verify_with_census(user, DOC, date(2000, 1, 1), now=start + timedelta(minutes=20 * step))
    assert verification.locked_until(user, start + timedelta(minutes=101)) is None


def test_one_identity_verifies_one_account(app: Flask, make_user: Callable[..., Any]) -> None:
    census()
    first, second = make_user(), make_user()
    verification.verify_with_census(first, DOC, BIRTH)
    with pytest.raises(verification.MatchFailed, match="déjà servi à vérifier un autre compte"):
        verification.verify_with_census(second, verification.IdentityInput("cni", "ab123456"), BIRTH)
    assert not second.is_verified and attempts(second) == [False]  # counts towards the lock


def test_already_verified(app: Flask, make_user: Callable[..., Any]) -> None:
    census()
    user = make_user()
    verification.verify_with_census(user, DOC, BIRTH)
    with pytest.raises(DomainError, match="déjà vérifié"):
        verification.verify_with_census(user, DOC, BIRTH)


def test_database_refuses_a_second_holder(app: Flask, make_user: Callable[..., Any]) -> None:
    """The unique constraint, not only the check in Python, keeps one identity to one account."""
    first, second = make_user(), make_user()
    first.identity_hash = second.identity_hash = identity_hash("cni", "AB123456")
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_staff_verify_in_person(app: Flask, make_user: Callable[..., Any]) -> None:
    staff = make_user(roles=[("staff", "")])
    resident = make_user()
    verification.verify_in_person(staff, resident, DOC)
    db.session.commit()
    assert resident.is_verified and resident.verification_method == "in_person"
    assert resident.verified_by_id == staff.id and resident.identity_hash == identity_hash("cni", "AB123456")
    [entry] = audit_entries("accounts.verified")
    assert entry.actor_id == staff.id and entry.subject_id == str(resident.id)
    assert entry.payload() == {"method": "in_person", "document_type": "cni"}
    assert "AB" not in entry.data and "123456" not in entry.data


def test_in_person_one_identity_rule(app: Flask, make_user: Callable[..., Any]) -> None:
    staff = make_user(roles=[("staff", "")])
    first, second = make_user(), make_user()
    verification.verify_in_person(staff, first, DOC)
    with pytest.raises(DomainError, match="déjà servi") as caught:
        verification.verify_in_person(staff, second, DOC)
    assert caught.value.problems[0][0] == "document_number"
    assert not second.is_verified
    with pytest.raises(DomainError, match="déjà vérifié"):
        verification.verify_in_person(staff, first, DOC)


def test_revoke_frees_the_identity(app: Flask, make_user: Callable[..., Any]) -> None:
    staff = make_user(roles=[("staff", "")])
    first, second = make_user(), make_user()
    verification.verify_in_person(staff, first, DOC)
    verification.revoke_verification(staff, first)
    assert not first.is_verified and first.identity_hash is None and first.verified_by_id is None
    [entry] = audit_entries("accounts.verification_revoked")
    assert entry.actor_id == staff.id and entry.payload() == {"previous_method": "in_person"}
    verification.verify_in_person(staff, second, DOC)
    assert second.is_verified
    with pytest.raises(DomainError, match="n'est pas vérifié"):
        verification.revoke_verification(staff, first)


def test_find_resident(app: Flask, make_user: Callable[..., Any]) -> None:
    user = make_user(email="lou@example.org")
    make_user(email="lou2@example.org")
    assert verification.find_resident(" LOU@example.org ") is user
    assert verification.find_resident("lou") is None
    user.erased_at = utcnow()
    assert verification.find_resident("lou@example.org") is None
