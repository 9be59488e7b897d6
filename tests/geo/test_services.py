"""Loading a geography into the database: complete, idempotent, updating in place."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlalchemy as sa
from flask import Flask

from app.extensions import db
from app.geo.models import District, Quartier, Sector
from app.geo.services import BUNDLED_CSV, GeoFileError, has_geography, load_geography, quartiers_by_district, read_csv
from tests.factories import UserFactory


def count(model: type) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def load_marseille() -> None:
    load_geography(read_csv(BUNDLED_CSV))
    db.session.commit()


def test_bundled_file_loads_every_place(app: Flask) -> None:
    assert not has_geography()
    load_marseille()
    assert (count(Sector), count(District), count(Quartier)) == (8, 16, 111)
    assert has_geography()
    for district in db.session.scalars(sa.select(District)):
        assert district.quartiers, f"{district.name} has no quartier"
        assert district.sector is not None and district.population and district.population_year == 2010


def test_spot_checks(app: Flask) -> None:
    load_marseille()
    saint_charles = db.session.scalar(sa.select(Quartier).where(Quartier.slug == "saint-charles"))
    assert saint_charles.name == "Saint-Charles"
    assert saint_charles.district.code == "13201" and saint_charles.district.name == "1er arrondissement"
    assert saint_charles.district.sector.town_hall == "Mairie des 1er et 7e arrondissements"
    belle_de_mai = db.session.scalar(sa.select(Quartier).where(Quartier.slug == "la-belle-de-mai"))
    assert belle_de_mai.district.number == 3 and belle_de_mai.district.sector.number == 2
    sixth = db.session.scalar(sa.select(District).where(District.code == "13206"))
    assert "Notre-Dame-du-Mont" in [q.name for q in sixth.quartiers]
    assert sixth.sector.name == "4e secteur" and [d.number for d in sixth.sector.districts] == [6, 8]


def test_loading_twice_changes_nothing(app: Flask) -> None:
    load_marseille()
    ids = dict(db.session.execute(sa.select(Quartier.slug, Quartier.id)).all())
    summary = load_geography(read_csv(BUNDLED_CSV))
    db.session.commit()
    assert not summary.changed
    assert (summary.sectors.unchanged, summary.districts.unchanged, summary.quartiers.unchanged) == (8, 16, 111)
    assert dict(db.session.execute(sa.select(Quartier.slug, Quartier.id)).all()) == ids


def test_reload_updates_names_and_populations_in_place(app: Flask) -> None:
    rows = read_csv(BUNDLED_CSV)
    older = [replace(r, district_population=1, population_year=1999) if r.district_code == "13201" else r for r in rows]
    older = [replace(r, quartier="Opera") if r.slug == "opera" else r for r in older]
    load_geography(older)
    db.session.commit()
    opera_id = db.session.scalar(sa.select(Quartier.id).where(Quartier.slug == "opera"))

    summary = load_geography(rows)  # better spelling, newer figures: same slug and code, so updated
    db.session.commit()
    assert (summary.districts.updated, summary.quartiers.updated, summary.quartiers.created) == (1, 1, 0)
    opera = db.session.get(Quartier, opera_id)
    assert opera.name == "Opéra"
    assert (opera.district.population, opera.district.population_year) == (39349, 2010)
    assert count(Quartier) == 111


def test_reload_updates_quartier_populations(app: Flask) -> None:
    rows = read_csv(BUNDLED_CSV)
    load_geography([replace(r, quartier_population=None, quartier_population_year=None) for r in rows])
    db.session.commit()
    thiers = db.session.scalar(sa.select(Quartier).where(Quartier.slug == "thiers"))
    assert (thiers.population, thiers.population_year) == (None, None)

    summary = load_geography(rows)  # the same places, now with their populations
    db.session.commit()
    known = sum(1 for r in rows if r.quartier_population is not None)
    quartiers = summary.quartiers
    assert (quartiers.updated, quartiers.unchanged, quartiers.created) == (known, 111 - known, 0)
    assert (thiers.population, thiers.population_year) == (5314, 2012)
    newer = [
        replace(r, quartier_population=5400, quartier_population_year=2016) if r.slug == "thiers" else r for r in rows
    ]
    assert load_geography(newer).quartiers.updated == 1
    db.session.commit()
    assert (thiers.population, thiers.population_year) == (5400, 2016)


def test_replace_removes_places_absent_from_the_file(app: Flask) -> None:
    load_marseille()
    rows = [r for r in read_csv(BUNDLED_CSV) if r.district_code != "13216"]
    summary = load_geography(rows, replace=True)
    db.session.commit()
    assert summary.quartiers.removed == 4 and summary.districts.removed == 1 and summary.sectors.removed == 0
    assert (count(District), count(Quartier)) == (15, 107)


def test_replace_refuses_to_remove_a_quartier_someone_lives_in(app: Flask) -> None:
    load_marseille()
    estaque = db.session.scalar(sa.select(Quartier).where(Quartier.slug == "l-estaque"))
    UserFactory(quartier=estaque)
    db.session.commit()
    rows = [r for r in read_csv(BUNDLED_CSV) if r.district_code != "13216"]
    with pytest.raises(GeoFileError, match="still in use"):
        load_geography(rows, replace=True)
    db.session.rollback()
    assert count(Quartier) == 111


def test_quartiers_by_district_for_select_boxes(app: Flask) -> None:
    load_marseille()
    groups = quartiers_by_district()
    assert [label for label, _ in groups][:3] == ["1er arrondissement", "2e arrondissement", "3e arrondissement"]
    assert len(groups) == 16 and sum(len(items) for _, items in groups) == 111
    _, first_items = groups[0]
    assert [name for _, name in first_items] == ["Belsunce", "Chapitre", "Noailles", "Opéra", "Saint-Charles", "Thiers"]
    eleventh = dict(groups)["11e arrondissement"]
    assert [name for _, name in eleventh][:2] == ["Éoures", "La Barasse"]  # accents sort with their letter
    quartier_id, name = first_items[3]
    assert db.session.get(Quartier, quartier_id).name == name


def test_quartiers_by_district_is_empty_without_geography(app: Flask) -> None:
    assert quartiers_by_district() == []
