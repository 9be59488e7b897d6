"""The city's geography as reference data: sectors (town halls), districts (arrondissements)
and quartiers. Loaded from a CSV (`flask geo import`); Marseille's ships with Parvis."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Base


class Sector(Base):
    """A group of districts with its own town hall (Marseille: 8 "mairies de secteur")."""

    __tablename__ = "geo_sector"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    town_hall: Mapped[str] = mapped_column(sa.String(200), default="")

    districts: Mapped[list[District]] = relationship(back_populates="sector", order_by="District.number")


class District(Base):
    """An arrondissement (or the whole commune, for a city without them)."""

    __tablename__ = "geo_district"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(10), unique=True)  # INSEE code, e.g. 13203
    number: Mapped[int] = mapped_column(index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    population: Mapped[int | None]
    population_year: Mapped[int | None]
    sector_id: Mapped[int | None] = mapped_column(sa.ForeignKey("geo_sector.id"), index=True)

    sector: Mapped[Sector | None] = relationship(back_populates="districts")
    quartiers: Mapped[list[Quartier]] = relationship(back_populates="district", order_by="Quartier.name")


class Quartier(Base):
    """A quartier; its census population, where the city's file gives one, lets the dashboards
    compare quartiers per 1,000 inhabitants (its year may differ from the district's)."""

    __tablename__ = "geo_quartier"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    district_id: Mapped[int] = mapped_column(sa.ForeignKey("geo_district.id"), index=True)
    population: Mapped[int | None]
    population_year: Mapped[int | None]

    district: Mapped[District] = relationship(back_populates="quartiers")
