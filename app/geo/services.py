"""Geography services: load a city's sectors, districts and quartiers; list them for forms.

Loading reads the CSV format described in `app.geo.csvfile` (Marseille's file ships in
`app/geo/data/marseille.csv`). Like every service, these flush and never commit.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.geo.csvfile import GeoFileError, GeoRow, read_csv
from app.geo.models import District, Quartier, Sector
from app.geo.names import display_name, slugify

__all__ = [
    "BUNDLED_CSV",
    "GeoFileError",
    "GeoRow",
    "LoadSummary",
    "display_name",
    "has_geography",
    "load_geography",
    "quartiers_by_district",
    "read_csv",
    "slugify",
]

BUNDLED_CSV = Path(__file__).parent / "data" / "marseille.csv"


@dataclass
class KindCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, {self.removed} removed"


@dataclass
class LoadSummary:
    sectors: KindCounts = field(default_factory=KindCounts)
    districts: KindCounts = field(default_factory=KindCounts)
    quartiers: KindCounts = field(default_factory=KindCounts)

    @property
    def changed(self) -> bool:
        return any(k.created or k.updated or k.removed for k in (self.sectors, self.districts, self.quartiers))

    def __str__(self) -> str:
        return f"sectors: {self.sectors}\ndistricts: {self.districts}\nquartiers: {self.quartiers}"


def _apply(obj: object, values: dict[str, object]) -> bool:
    """Set the attributes that differ; True when anything changed (so a re-run writes nothing)."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _count(counts: KindCounts, created: bool, changed: bool) -> None:
    if created:
        counts.created += 1
    elif changed:
        counts.updated += 1
    else:
        counts.unchanged += 1


def _upsert_sectors(rows: Sequence[GeoRow], summary: LoadSummary) -> dict[int, Sector]:
    existing = {s.number: s for s in db.session.scalars(sa.select(Sector))}
    seen: dict[int, Sector] = {}
    for row in rows:
        if row.sector_number is None or row.sector_number in seen:
            continue
        sector = existing.get(row.sector_number)
        created = sector is None
        if sector is None:
            sector = Sector(number=row.sector_number)
            db.session.add(sector)
        changed = _apply(sector, {"name": row.sector_name, "town_hall": row.town_hall})
        _count(summary.sectors, created, changed)
        seen[row.sector_number] = sector
    return seen


def _upsert_districts(rows: Sequence[GeoRow], sectors: dict[int, Sector], summary: LoadSummary) -> dict[str, District]:
    existing = {d.code: d for d in db.session.scalars(sa.select(District))}
    seen: dict[str, District] = {}
    for row in rows:
        if row.district_code in seen:
            continue
        district = existing.get(row.district_code)
        created = district is None
        if district is None:
            district = District(code=row.district_code)
            db.session.add(district)
        changed = _apply(
            district,
            {
                "number": row.district_number,
                "name": row.district_name,
                "population": row.district_population,
                "population_year": row.population_year,
                "sector": sectors.get(row.sector_number) if row.sector_number is not None else None,
            },
        )
        _count(summary.districts, created, changed)
        seen[row.district_code] = district
    return seen


def _upsert_quartiers(rows: Sequence[GeoRow], districts: dict[str, District], summary: LoadSummary) -> None:
    existing = {q.slug: q for q in db.session.scalars(sa.select(Quartier))}
    for row in rows:
        quartier = existing.get(row.slug)
        created = quartier is None
        if quartier is None:
            quartier = Quartier(slug=row.slug)
            db.session.add(quartier)
        changed = _apply(
            quartier,
            {
                "name": row.quartier,
                "district": districts[row.district_code],
                "population": row.quartier_population,
                "population_year": row.quartier_population_year,
            },
        )
        _count(summary.quartiers, created, changed)


def _remove_absent(rows: Sequence[GeoRow], summary: LoadSummary) -> None:
    """Delete the places the file no longer lists. A quartier someone lives in cannot go: the
    foreign key refuses, and the whole load is refused with it."""
    slugs = {r.slug for r in rows}
    codes = {r.district_code for r in rows}
    numbers = {r.sector_number for r in rows if r.sector_number is not None}
    try:
        with db.session.begin_nested():
            for model, attribute, kept, counts in (
                (Quartier, Quartier.slug, slugs, summary.quartiers),
                (District, District.code, codes, summary.districts),
                (Sector, Sector.number, numbers, summary.sectors),
            ):
                for obj in db.session.scalars(sa.select(model).where(attribute.not_in(kept))):
                    db.session.delete(obj)
                    counts.removed += 1
                db.session.flush()
    except IntegrityError as error:
        raise GeoFileError(
            ["--replace would remove places that are still in use (someone lives in a quartier the file "
             "no longer lists); load without --replace, or move those people first"]
        ) from error  # fmt: skip


def load_geography(rows: Sequence[GeoRow], replace: bool = False) -> LoadSummary:
    """Create or update sectors (by number), districts (by INSEE code) and quartiers (by slug)
    from checked rows (`read_csv`). Running it twice changes nothing the second time. With
    `replace`, places absent from the rows are removed. Flushes; the caller commits."""
    summary = LoadSummary()
    sectors = _upsert_sectors(rows, summary)
    districts = _upsert_districts(rows, sectors, summary)
    _upsert_quartiers(rows, districts, summary)
    db.session.flush()
    if replace:
        _remove_absent(rows, summary)
    return summary


def has_geography() -> bool:
    """Whether any quartier is loaded."""
    return db.session.scalar(sa.select(Quartier.id).limit(1)) is not None


def _sort_key(name: str) -> str:
    # Accent-insensitive order: "Éoures" sits among the E, not after Z as in binary collation.
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def quartiers_by_district() -> list[tuple[str, list[tuple[int, str]]]]:
    """Quartiers grouped for a select box: `[(district name, [(quartier id, quartier name), ...]), ...]`,
    districts by number, quartiers by name (accent-insensitive). Districts without quartiers are
    left out. WTForms renders optgroups from `SelectField(choices=dict(quartiers_by_district()))`."""
    query = sa.select(Quartier.id, Quartier.name, District.number, District.name).join(Quartier.district)
    groups: dict[tuple[int, str], list[tuple[int, str]]] = {}
    for quartier_id, quartier_name, number, district_name in db.session.execute(query):
        groups.setdefault((number, district_name), []).append((quartier_id, quartier_name))
    return [
        (district_name, sorted(items, key=lambda item: _sort_key(item[1])))
        for (_, district_name), items in sorted(groups.items(), key=lambda entry: entry[0][0])
    ]
