"""`flask demo load`: geography and 208 accounts into an empty database, reproducibly, once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Flask

from app.accounts.models import RoleGrant, User
from app.accounts.services.passwords import check_password
from app.assemblies.models import Assembly
from app.core import audit
from app.core.db import utcnow
from app.extensions import db
from app.geo.models import Quartier


def count(model: type) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def load(app: Flask) -> str:
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    return result.output


def user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def test_load_twice_gives_the_same_data(app: Flask) -> None:
    assert "200 residents" in load(app)
    counts = (count(User), count(RoleGrant), count(Quartier), count(audit.AuditEntry))
    # 8 grants, audited, plus the moderator and the facilitator moved to their places (revoke, grant),
    # and the budgets' editions, phases, envelopes, review decisions, pre-selections and hidden comment,
    # the followed projects' history (their delivered ones' surveys sent), and the feedback services and
    # a year of triage, answers and surveys.
    assert counts == (208, 8, 111, 2661)
    second = load(app)
    assert "already has accounts" in second and "nothing changed" in second
    assert (count(User), count(RoleGrant), count(Quartier), count(audit.AuditEntry)) == counts
    assert audit.verify().intact


def test_named_accounts_have_their_roles_and_can_log_in(app: Flask) -> None:
    load(app)
    assembly_id = db.session.scalar(sa.select(Assembly.id).where(Assembly.title == "Assemblée citoyenne du futur"))
    roles = {
        "admin@parvis.example": [("admin", "")],
        "agent@parvis.example": [("staff", "democratie-locale"), ("reviewer", f"bp-{utcnow().year}")],
        "moderateur@parvis.example": [("moderator", "ciq-la-belle-de-mai")],
        "animateur@parvis.example": [("facilitator", str(assembly_id))],
        "elu@parvis.example": [("elected", "")],
        "habitant@parvis.example": [],
    }
    for email, expected in roles.items():
        account = user(email)
        assert [(g.role, g.scope_id) for g in account.roles] == expected, email
        assert account.email_confirmed_at is not None and account.display_name
        assert check_password(account.password_hash, "parvis-demo")
        assert not check_password(account.password_hash, "wrong-password")
    assert user("admin@parvis.example").is_admin and user("agent@parvis.example").is_staff


def test_the_named_resident_is_verified_in_the_3rd_arrondissement(app: Flask) -> None:
    load(app)
    resident = user("habitant@parvis.example")
    assert resident.is_verified and resident.verification_method == "in_person"
    assert resident.quartier.district.code == "13203"
    assert resident.verified_by_id == user("agent@parvis.example").id
    assert resident.identity_hash and len(resident.identity_hash) == 64


def test_residents_are_spread_and_plausible(app: Flask) -> None:
    load(app)
    residents = list(db.session.scalars(sa.select(User).where(User.email.like("%@demo.parvis.example"))))
    assert len(residents) == 200
    assert residents[0].email == "marie-claire.faure.1@demo.parvis.example"  # seeded: same people every run
    verified = sum(r.is_verified for r in residents)
    answered = sum(r.demographics_consent_at is not None for r in residents)
    assert 100 <= verified <= 140 and 60 <= answered <= 100
    assert all(r.quartier_id for r in residents)
    assert len({r.quartier_id for r in residents}) > 60
    assert len({r.identity_hash for r in residents if r.is_verified}) == verified
    assert len({r.password_hash for r in residents}) == 1  # hashed once


def test_an_existing_account_stops_the_load(app: Flask, make_user: Callable[..., Any]) -> None:
    make_user()
    assert "already has accounts" in load(app)
    assert (count(User), count(Quartier)) == (1, 0)


def test_accounts_command_prints_the_table(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["demo", "accounts"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["email", "role", "password"]
    assert any(line.startswith("admin@parvis.example") and line.endswith("parvis-demo") for line in lines)
    assert any("prenom.nom.N@demo.parvis.example" in line for line in lines)
