"""The data export (everything, never a secret; other areas through the signal) and erasure."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from app.accounts.models import RoleGrant, User, VerificationAttempt
from app.accounts.services import personal_data
from app.core import audit
from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.signals import collect_user_data, user_erased
from app.extensions import db
from tests.accounts.conftest import PASSWORD
from tests.factories import QuartierFactory

pytestmark = pytest.mark.usefixtures("request_context")


@pytest.fixture
def full_member(member: Callable[..., Any]) -> User:
    user = member(
        email="lou@example.org",
        display_name="Lou Martin",
        quartier=QuartierFactory(name="Belsunce", slug="belsunce"),
        gender="autre",
        age_band="25-34",
        demographics_consent_at=utcnow(),
        identity_hash="f" * 64,
        verified_at=utcnow(),
        verification_method="census",
        locale="fr",
    )
    db.session.add(RoleGrant(user=user, role="moderator", scope_id="conseil-3"))
    db.session.add(VerificationAttempt(user_id=user.id, succeeded=True))
    db.session.commit()
    return user


@pytest.fixture
def listener() -> Iterator[list[Any]]:
    """A stand-in for a later area: adds a section to exports and notes erasures."""
    seen: list[Any] = []

    def add_section(sender: Any, user: User) -> tuple[str, Any]:
        return "later_area", {"proposals": [{"title": "Un banc", "author": user.id}]}

    def on_erased(sender: Any, user: User) -> None:
        seen.append((user.id, user.email))  # still readable inside the transaction

    collect_user_data.connect(add_section)
    user_erased.connect(on_erased)
    yield seen
    collect_user_data.disconnect(add_section)
    user_erased.disconnect(on_erased)


def test_export_has_everything_but_secrets(app: Flask, full_member: User, listener: list[Any]) -> None:
    data = personal_data.export(full_member)
    assert data["account"]["email"] == "lou@example.org"
    assert data["account"]["display_name"] == "Lou Martin"
    assert data["account"]["quartier"]["name"] == "Belsunce"
    assert data["demographics"]["gender"] == "autre" and data["demographics"]["age_band"] == "25-34"
    assert data["verification"]["verified"] is True and data["verification"]["method"] == "census"
    assert data["verification"]["census_attempts"][0]["succeeded"] is True
    assert data["roles"] == [
        {
            "role": "moderator",
            "scope_type": "council",
            "scope_id": "conseil-3",
            "granted_at": data["roles"][0]["granted_at"],
        }
    ]
    assert data["later_area"] == {"proposals": [{"title": "Un banc", "author": full_member.id}]}
    serialised = json.dumps(data)
    assert "f" * 64 not in serialised and "identity_hash" not in serialised
    assert full_member.password_hash not in serialised and "argon2" not in serialised


def test_a_section_cannot_overwrite_the_account(app: Flask, full_member: User) -> None:
    def bad(sender: Any, user: User) -> tuple[str, Any]:
        return "account", {}

    collect_user_data.connect(bad)
    try:
        with pytest.raises(RuntimeError, match="already exists"):
            personal_data.export(full_member)
    finally:
        collect_user_data.disconnect(bad)


def test_erase(app: Flask, full_member: User, listener: list[Any]) -> None:
    user_id = full_member.id
    personal_data.erase(full_member, PASSWORD)
    db.session.commit()
    db.session.expire_all()
    user = db.session.get(User, user_id)
    assert user is not None and user.is_erased and not user.is_active
    for name in (
        "email", "password_hash", "quartier_id", "gender", "age_band", "demographics_consent_at",
        "identity_hash", "verified_at", "verification_method", "locale", "last_login_at",
    ):  # fmt: skip
        assert getattr(user, name) is None, name
    assert user.display_name == "" and user.roles == []
    assert user.public_name == "Compte supprimé"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(VerificationAttempt)) == 0
    assert listener == [(user_id, "lou@example.org")]
    [entry] = db.session.scalars(sa.select(audit.AuditEntry).where(audit.AuditEntry.action == "accounts.erased"))
    assert entry.actor_id == user_id and entry.subject_id == str(user_id)
    assert "lou" not in entry.data.lower() and "belsunce" not in entry.data.lower()


def test_erase_needs_the_password(app: Flask, full_member: User) -> None:
    with pytest.raises(DomainError) as caught:
        personal_data.erase(full_member, "pas le bon")
    assert caught.value.problems[0][0] == "password"
    assert full_member.email == "lou@example.org" and not full_member.is_erased


def test_last_admin_cannot_leave(app: Flask, member: Callable[..., Any], make_user: Callable[..., Any]) -> None:
    admin = member(roles=[("admin", "")])
    with pytest.raises(DomainError, match="dernière personne à administrer"):
        personal_data.erase(admin, PASSWORD)
    make_user(roles=[("admin", "")])
    personal_data.erase(admin, PASSWORD)
    assert admin.is_erased


def test_address_is_free_again_after_erasure(app: Flask, full_member: User) -> None:
    from app.accounts.services import registration

    personal_data.erase(full_member, PASSWORD)
    user = registration.register(registration.RegistrationInput("lou@example.org", PASSWORD, "Lou à nouveau"))
    assert user.id != full_member.id
