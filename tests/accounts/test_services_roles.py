"""Granting and revoking roles per place: validation, duplicates, the last administrator, audit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from app.accounts.models import RoleGrant
from app.accounts.services.roles import grant_role, holders, revoke_role
from app.core import audit
from app.core.db import utcnow
from app.core.errors import DomainError
from app.extensions import db


@pytest.fixture(autouse=True)
def request_context(app: Flask) -> Iterator[None]:
    """Error messages are translated, and the locale is chosen per request."""
    with app.test_request_context():
        yield


def audit_entries(action: str) -> list[audit.AuditEntry]:
    return list(db.session.scalars(sa.select(audit.AuditEntry).where(audit.AuditEntry.action == action)))


def test_grant_a_scoped_role_is_audited(app: Flask, make_user: Callable[..., Any]) -> None:
    admin = make_user(roles=[("admin", "")])
    person = make_user()
    grant = grant_role(admin, person, "moderator", " Conseil-12 ")
    db.session.commit()
    assert (grant.role, grant.scope_id, grant.granted_by_id) == ("moderator", "conseil-12", admin.id)
    assert person.has_role("moderator", "conseil-12") and not person.has_role("moderator", "conseil-13")
    [entry] = audit_entries("accounts.role_granted")
    assert entry.actor_id == admin.id and entry.subject_id == str(person.id)
    assert entry.payload() == {"grant_id": grant.id, "role": "moderator", "scope_id": "conseil-12"}


def test_grant_by_the_system(app: Flask, make_user: Callable[..., Any]) -> None:
    person = make_user()
    grant_role(None, person, "admin")
    db.session.commit()
    assert person.is_admin
    assert audit_entries("accounts.role_granted")[0].actor_id is None


@pytest.mark.parametrize(
    ("role", "scope", "field", "message"),
    [
        ("mayor", "", "role", "Ce rôle n'existe pas"),
        ("admin", "budget", "scope_id", "toute la ville"),
        ("elected", "13201", "scope_id", "toute la ville"),
        ("staff", "Démocratie locale", "scope_id", "minuscules, chiffres et tirets"),
        ("reviewer", "x" * 61, "scope_id", "60 caractères"),
    ],
)
def test_invalid_role_or_place(
    app: Flask, make_user: Callable[..., Any], role: str, scope: str, field: str, message: str
) -> None:
    admin, person = make_user(roles=[("admin", "")]), make_user()
    with pytest.raises(DomainError) as caught:
        grant_role(admin, person, role, scope)
    [(problem_field, text)] = caught.value.problems
    assert problem_field == field and message in text
    assert audit_entries("accounts.role_granted") == []


def test_duplicate_grant_is_refused(app: Flask, make_user: Callable[..., Any]) -> None:
    admin, person = make_user(roles=[("admin", "")]), make_user(roles=[("staff", "budget")])
    with pytest.raises(DomainError, match="déjà ce rôle"):
        grant_role(admin, person, "staff", "budget")
    grant_role(admin, person, "staff", "democratie-locale")  # another place is another grant
    db.session.commit()
    assert sorted(g.scope_id for g in person.roles) == ["budget", "democratie-locale"]


def test_erased_account_gets_no_role(app: Flask, make_user: Callable[..., Any]) -> None:
    admin, person = make_user(roles=[("admin", "")]), make_user(erased_at=utcnow(), email=None)
    with pytest.raises(DomainError, match="supprimé"):
        grant_role(admin, person, "staff")


def test_revoke_is_audited(app: Flask, make_user: Callable[..., Any]) -> None:
    admin, person = make_user(roles=[("admin", "")]), make_user(roles=[("staff", "budget")])
    grant = person.roles[0]
    grant_id = grant.id
    revoke_role(admin, grant)
    db.session.commit()
    assert not person.has_role("staff")
    assert db.session.get(RoleGrant, grant_id) is None
    [entry] = audit_entries("accounts.role_revoked")
    assert entry.actor_id == admin.id
    assert entry.payload() == {"grant_id": grant_id, "role": "staff", "scope_id": "budget"}


def test_last_admin_cannot_drop_their_role(app: Flask, make_user: Callable[..., Any]) -> None:
    admin = make_user(roles=[("admin", "")])
    with pytest.raises(DomainError, match="dernier administrateur"):
        revoke_role(admin, admin.roles[0])
    assert admin.is_admin and audit_entries("accounts.role_revoked") == []


def test_an_admin_may_step_down_when_another_remains(app: Flask, make_user: Callable[..., Any]) -> None:
    first, second = make_user(roles=[("admin", "")]), make_user(roles=[("admin", "")])
    revoke_role(first, first.roles[0])
    db.session.commit()
    assert not first.is_admin and second.is_admin
    with pytest.raises(DomainError, match="dernier"):
        revoke_role(first, second.roles[0])


def test_erased_admins_do_not_count(app: Flask, make_user: Callable[..., Any]) -> None:
    make_user(roles=[("admin", "")], erased_at=utcnow(), email=None)
    admin = make_user(roles=[("admin", "")])
    with pytest.raises(DomainError, match="dernier"):
        revoke_role(admin, admin.roles[0])


def test_holders(app: Flask, make_user: Callable[..., Any]) -> None:
    everywhere = make_user(display_name="Anne", roles=[("moderator", "")])
    here = make_user(display_name="Bruno", roles=[("moderator", "12")])
    make_user(display_name="Chloé", roles=[("moderator", "13")])
    make_user(display_name="Denis", roles=[("moderator", "12")], erased_at=utcnow(), email=None)
    make_user(display_name="Émile", roles=[("staff", "12")])
    assert [u.display_name for u in holders("moderator")] == ["Anne", "Bruno", "Chloé"]
    assert holders("moderator", "12") == [everywhere, here]
    assert holders("moderator", 12) == [everywhere, here]
    assert holders("admin") == []
    with pytest.raises(DomainError):
        holders("mayor")
