"""factory-boy factories for the models of every area (split by area once this grows)."""

from __future__ import annotations

import factory
from factory.alchemy import SQLAlchemyModelFactory

from app.accounts.models import User
from app.core.db import utcnow
from app.extensions import db
from app.geo.models import District, Quartier, Sector


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class SectorFactory(BaseFactory):
    class Meta:
        model = Sector

    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"Secteur {o.number}")


class DistrictFactory(BaseFactory):
    class Meta:
        model = District

    number = factory.Sequence(lambda n: n + 1)
    code = factory.LazyAttribute(lambda o: f"132{o.number:02d}")
    name = factory.LazyAttribute(lambda o: f"Arrondissement {o.number}")
    sector = factory.SubFactory(SectorFactory)


class QuartierFactory(BaseFactory):
    class Meta:
        model = Quartier

    name = factory.Sequence(lambda n: f"Quartier {n}")
    slug = factory.Sequence(lambda n: f"quartier-{n}")
    district = factory.SubFactory(DistrictFactory)


class UserFactory(BaseFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Personne {n}")
    email_confirmed_at = factory.LazyFunction(utcnow)
    password_hash = None
