"""Demo accounts: one per role, a verified resident, and 200 residents across the quartiers.

Every account has the password `parvis-demo`. Residents are generated from a seeded generator,
so two runs give the same people, quartiers, verifications and answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.accounts.models import AGE_BANDS, GENDERS, User
from app.accounts.services.identity import identity_hash
from app.accounts.services.roles import grant_role
from app.core.db import utcnow
from app.demo.context import DEMO_PASSWORD, DemoContext
from app.extensions import db
from app.geo.models import District, Quartier
from app.geo.services import slugify

RESIDENTS = 200
VERIFIED_SHARE = 0.6
DEMOGRAPHICS_SHARE = 0.4
RESIDENT_DOMAIN = "demo.parvis.example"


@dataclass(frozen=True)
class NamedAccount:
    email: str
    display_name: str
    role: str | None
    scope_id: str = ""
    description: str = ""


NAMED_ACCOUNTS = (
    NamedAccount("admin@parvis.example", "Claire Martin", "admin", description="administration"),
    NamedAccount(
        "agent@parvis.example", "Karim Haddad", "staff", "democratie-locale", "city staff (democratie-locale)"
    ),
    NamedAccount("moderateur@parvis.example", "Sophie Leroy", "moderator", description="council moderator"),
    NamedAccount("animateur@parvis.example", "Julien Roux", "facilitator", description="assembly facilitator"),
    NamedAccount("elu@parvis.example", "Nadia Benali", "elected", description="elected representative"),
    NamedAccount("suivi@parvis.example", "Mathieu Garcia", "tracker", description="tracks last year's funded projects"),
    NamedAccount(
        "agent.voirie@parvis.example", "Inès Marchetti", "staff", "voirie", "city staff (voirie: feedback queue)"
    ),
    NamedAccount("habitant@parvis.example", "Lucie Fabre", None, description="verified resident, 3e arrondissement"),
)

FIRST_NAMES = (
    "Amina", "Antoine", "Camille", "Chloé", "Djamel", "Élodie", "Emma", "Fatima", "Florian", "Gabriel",
    "Hélène", "Inès", "Jade", "Jérôme", "Karima", "Léa", "Lina", "Louis", "Manon", "Marc",
    "Marie-Claire", "Mehdi", "Nathalie", "Nicolas", "Océane", "Paul", "Rachid", "Sarah", "Thomas", "Yasmine",
)  # fmt: skip
LAST_NAMES = (
    "Arnaud", "Baptiste", "Bernard", "Blanc", "Bonnet", "Chevalier", "Durand", "Esposito", "Faure", "Garcia",
    "Girard", "Guerrini", "Hamidi", "Lambert", "Lopez", "Mansouri", "Marchetti", "Mercier", "Meziane", "Moreau",
    "Nguyen", "Olivier", "Petit", "Rossi", "Roux", "Santini", "Simon", "Vidal", "Zerrouki", "Ziani",
)  # fmt: skip


def _quartiers() -> list[Quartier]:
    # A fixed order, so that the seeded choices land on the same quartiers every run.
    return list(db.session.scalars(sa.select(Quartier).order_by(Quartier.slug)))


def _home_quartier(quartiers: list[Quartier]) -> Quartier | None:
    """The named resident lives in the 3rd arrondissement (Marseille), else anywhere."""
    third = db.session.scalar(
        sa.select(Quartier).join(Quartier.district).where(District.code == "13203").order_by(Quartier.slug).limit(1)
    )
    return third or (quartiers[0] if quartiers else None)


def _named(ctx: DemoContext, now: datetime, quartiers: list[Quartier]) -> None:
    for spec in NAMED_ACCOUNTS:
        user = User(
            email=spec.email,
            password_hash=ctx.password_hash,
            display_name=spec.display_name,
            email_confirmed_at=now,
            created_at=now - timedelta(days=400),
        )
        db.session.add(user)
        ctx.people[spec.email] = user
    db.session.flush()
    for spec in NAMED_ACCOUNTS:
        if spec.role:
            grant_role(None, ctx.people[spec.email], spec.role, spec.scope_id)
    resident = ctx.people["habitant@parvis.example"]
    resident.quartier = _home_quartier(quartiers)
    resident.identity_hash = identity_hash("cni", "DEMO-HABITANT-0001")
    resident.verified_at = now - timedelta(days=30)
    resident.verification_method = "in_person"
    resident.verified_by_id = ctx.people["agent@parvis.example"].id


def _resident(ctx: DemoContext, number: int, now: datetime, quartiers: list[Quartier]) -> User:
    rng = ctx.rng
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    created = now - timedelta(days=rng.randint(1, 365), minutes=rng.randint(0, 1439))
    user = User(
        email=f"{slugify(first)}.{slugify(last)}.{number}@{RESIDENT_DOMAIN}",
        password_hash=ctx.password_hash,
        display_name=f"{first} {last}",
        created_at=created,
        updated_at=created,
        quartier=rng.choice(quartiers) if quartiers else None,
    )
    if rng.random() < VERIFIED_SHARE:
        user.email_confirmed_at = created + timedelta(minutes=5)
        user.identity_hash = identity_hash("cni", f"DEMO-{number:06d}")
        user.verified_at = min(created + timedelta(days=rng.randint(0, 20)), now)
        user.verification_method = rng.choice(("in_person", "census"))
        if user.verification_method == "in_person":
            user.verified_by_id = ctx.people["agent@parvis.example"].id
    elif rng.random() < 0.85:
        user.email_confirmed_at = created + timedelta(minutes=30)
    if rng.random() < DEMOGRAPHICS_SHARE:
        user.gender = rng.choice(GENDERS)
        user.age_band = rng.choice(AGE_BANDS)
        user.demographics_consent_at = created
    return user


def load(ctx: DemoContext) -> str:
    now = utcnow()
    quartiers = _quartiers()
    _named(ctx, now, quartiers)
    for number in range(1, RESIDENTS + 1):
        user = _resident(ctx, number, now, quartiers)
        db.session.add(user)
        ctx.residents.append(user)
    db.session.flush()
    return f"accounts: {len(NAMED_ACCOUNTS)} named accounts and {RESIDENTS} residents (password {DEMO_PASSWORD})"


def accounts_table() -> list[tuple[str, str, str]]:
    """(email, role, password) of the demo accounts, as `flask demo accounts` prints them."""
    rows = [(spec.email, spec.description, DEMO_PASSWORD) for spec in NAMED_ACCOUNTS]
    rows.append((f"prenom.nom.N@{RESIDENT_DOMAIN}", f"{RESIDENTS} residents (N = 1..{RESIDENTS})", DEMO_PASSWORD))
    return rows
