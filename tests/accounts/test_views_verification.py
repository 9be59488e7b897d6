"""Residency verification through the pages: the resident against the census, staff in person."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from app.accounts.models import CensusEntry, VerificationAttempt
from app.accounts.services.identity import census_check_hash, identity_hash
from app.core import audit
from app.core.db import utcnow
from app.extensions import db
from tests.accounts.conftest import text

FORM = {"document_type": "cni", "document_number": "AB 123 456", "birth_date": "14/07/1980"}


def _census(number: str = "AB123456", birth: date = date(1980, 7, 14)) -> None:
    db.session.add(
        CensusEntry(identity_hash=identity_hash("cni", number), check_hash=census_check_hash("cni", number, birth))
    )
    db.session.commit()


def test_page_without_census_offers_the_desk(client: FlaskClient, login_as: Callable[..., Any]) -> None:
    login_as("resident")
    body = text(client.get("/compte/verification"))
    assert "En personne" in body and 'name="document_number"' not in body


def test_census_match(client: FlaskClient, login_as: Callable[..., Any]) -> None:
    _census()
    user = login_as("resident")
    page = text(client.get("/compte/verification"))
    assert 'name="document_number"' in page and "Date de naissance" in page
    response = client.post("/compte/verification", data=FORM)
    assert response.status_code == 303 and response.headers["Location"] == "/compte/"
    assert user.is_verified and user.verification_method == "census"
    assert "votre résidence est vérifiée" in text(client.get("/compte/"))
    # Afterwards the page only shows the status.
    assert 'name="document_number"' not in text(client.get("/compte/verification"))


def test_iso_date_from_the_browser_calendar(client: FlaskClient, login_as: Callable[..., Any]) -> None:
    _census()
    user = login_as("resident")
    client.post("/compte/verification", data={**FORM, "birth_date": "1980-07-14"})
    assert user.is_verified


def test_failures_are_kept_and_lock(client: FlaskClient, login_as: Callable[..., Any]) -> None:
    _census()
    user = login_as("resident")
    wrong = {**FORM, "birth_date": "15/07/1980"}
    first = client.post("/compte/verification", data=wrong)
    assert first.status_code == 200 and "Aucune inscription ne correspond" in text(first)
    assert 'value="AB 123 456"' in text(first)  # what was typed is kept
    for _ in range(4):
        last = client.post("/compte/verification", data=wrong)
    assert "Vous pourrez réessayer à partir du" in text(last)
    count = db.session.scalar(
        sa.select(sa.func.count()).select_from(VerificationAttempt).where(VerificationAttempt.user_id == user.id)
    )
    assert count == 5  # committed despite the refusals
    locked = client.post("/compte/verification", data=FORM)
    assert "Vous pourrez réessayer à partir du" in text(locked) and not user.is_verified
    assert "disabled" in text(client.get("/compte/verification"))


def test_bad_date_is_explained(client: FlaskClient, login_as: Callable[..., Any]) -> None:
    _census()
    login_as("resident")
    response = client.post("/compte/verification", data={**FORM, "birth_date": "32/13/1980"})
    assert response.status_code == 200 and "Date non valable" in text(response)
    empty = client.post("/compte/verification", data={"document_type": "", "document_number": "", "birth_date": ""})
    body = text(empty)
    assert "Choisissez le type de document." in body and "Saisissez votre date de naissance" in body


def test_identity_used_by_another_account(
    client: FlaskClient, login_as: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    _census()
    make_user(identity_hash=identity_hash("cni", "AB123456"), verified_at=utcnow(), verification_method="census")
    login_as("resident")
    response = client.post("/compte/verification", data=FORM)
    assert "déjà servi à vérifier un autre compte" in text(response)


# Staff, in person -------------------------------------------------------------------------------

STAFF_FORM = {"document_type": "passeport", "document_number": "12CD34567", "seen": "y"}


def _audit(action: str) -> list[audit.AuditEntry]:
    return list(db.session.scalars(sa.select(audit.AuditEntry).where(audit.AuditEntry.action == action)))


def test_staff_finds_and_verifies_a_resident(
    client: FlaskClient, login_as: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    resident = make_user(email="lou@example.org", display_name="Lou")
    staff = login_as("staff")
    search = text(client.get("/compte/personnel/verification", query_string={"email": "LOU@example.org"}))
    assert "Lou" in search and "pas vérifiée" in search and 'name="seen"' in search

    response = client.post(f"/compte/personnel/verification/{resident.id}", data=STAFF_FORM)
    assert response.status_code == 303
    assert response.headers["Location"] == "/compte/personnel/verification?email=lou@example.org"
    assert resident.is_verified and resident.verification_method == "in_person" and resident.verified_by_id == staff.id
    [entry] = _audit("accounts.verified")
    assert entry.actor_id == staff.id and entry.subject_id == str(resident.id)
    assert "12CD34567" not in entry.data
    assert "Lou est maintenant vérifié·e" in text(client.get(response.headers["Location"]))


def test_staff_search_by_htmx_gets_the_result_block(
    client: FlaskClient, login_as: Callable[..., Any], make_user: Callable[..., Any], hx: dict[str, str]
) -> None:
    make_user(email="lou@example.org", display_name="Lou")
    login_as("staff")
    found = text(client.get("/compte/personnel/verification?email=lou@example.org", headers=hx))
    assert found.lstrip().startswith('<div id="resident">') and "Lou" in found
    missing = text(client.get("/compte/personnel/verification?email=nobody@example.org", headers=hx))
    assert "Aucun compte actif n'utilise cette adresse" in missing


def test_staff_verify_needs_the_seen_box_and_keeps_one_identity(
    client: FlaskClient, login_as: Callable[..., Any], make_user: Callable[..., Any], hx: dict[str, str]
) -> None:
    first, second = make_user(), make_user()
    login_as("staff")
    unchecked = client.post(f"/compte/personnel/verification/{first.id}", data={**STAFF_FORM, "seen": ""}, headers=hx)
    assert "Cochez la case" in text(unchecked) and not first.is_verified
    done = client.post(f"/compte/personnel/verification/{first.id}", data=STAFF_FORM, headers=hx)
    assert done.status_code == 200 and "est maintenant vérifié·e" in text(done)
    refused = client.post(f"/compte/personnel/verification/{second.id}", data=STAFF_FORM, headers=hx)
    assert "déjà servi à vérifier un autre compte" in text(refused) and not second.is_verified
    assert len(_audit("accounts.verified")) == 1


def test_staff_revokes(client: FlaskClient, login_as: Callable[..., Any], make_user: Callable[..., Any]) -> None:
    resident = make_user(identity_hash="b" * 64, verified_at=utcnow(), verification_method="census")
    staff = login_as("staff")
    page = text(client.get(f"/compte/personnel/verification?email={resident.email}"))
    assert "Révoquer la vérification" in page
    response = client.post(f"/compte/personnel/verification/{resident.id}/revoquer")
    assert response.status_code == 303
    assert not resident.is_verified and resident.identity_hash is None
    [entry] = _audit("accounts.verification_revoked")
    assert entry.actor_id == staff.id and entry.payload() == {"previous_method": "census"}
    again = client.post(f"/compte/personnel/verification/{resident.id}/revoquer")
    assert again.status_code == 200 and "n'est pas vérifié" in text(again)


def test_staff_cannot_verify_themselves(client: FlaskClient, login_as: Callable[..., Any]) -> None:
    staff = login_as("staff")
    page = text(client.get(f"/compte/personnel/verification?email={staff.email}"))
    assert "Vous ne pouvez pas vérifier votre propre compte" in page
    assert client.post(f"/compte/personnel/verification/{staff.id}", data=STAFF_FORM).status_code == 403
    assert not staff.is_verified


def test_residents_cannot_use_the_staff_pages(
    client: FlaskClient, login_as: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    other = make_user()
    login_as("resident")
    assert client.get("/compte/personnel/verification").status_code == 403
    assert client.post(f"/compte/personnel/verification/{other.id}", data=STAFF_FORM).status_code == 403
    assert not other.is_verified


def test_unknown_resident_is_404(client: FlaskClient, login_as: Callable[..., Any]) -> None:
    login_as("staff")
    assert client.post("/compte/personnel/verification/999999", data=STAFF_FORM).status_code == 404
