"""What the demo loaders share: one seeded random generator (runs are reproducible), the demo
password hashed once, and the accounts created so far, for later loaders to use."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cached_property

from app.accounts.models import User
from app.accounts.services.passwords import hash_password
from app.accounts.services.roles import grant_role, revoke_role

DEMO_PASSWORD = "parvis-demo"
SEED = 13055  # Marseille's INSEE code


@dataclass
class DemoContext:
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    #: Named accounts by email ("admin@parvis.example" ...), for loaders that need a moderator.
    people: dict[str, User] = field(default_factory=dict)
    #: The generated residents, in creation order.
    residents: list[User] = field(default_factory=list)

    @cached_property
    def password_hash(self) -> str:
        """Argon2 is slow on purpose: hash once and give every demo account the same string."""
        return hash_password(DEMO_PASSWORD)

    def place_role(self, email: str, role: str, scope_id: str) -> None:
        """Give a named account its role on one place (a CIQ, an assembly) instead of the city-wide
        grant the accounts loader made, through the audited services as an admin would."""
        person = self.people.get(email)
        if person is None:
            return
        for grant in [g for g in person.roles if g.role == role and g.scope_id != scope_id]:
            revoke_role(None, grant)
        if not person.has_role(role, scope_id):
            grant_role(None, person, role, scope_id)
