"""Reading a geography file: the bundled Marseille file is complete, bad files are refused with
the line at fault."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from app.geo.csvfile import COLUMNS, OPTIONAL_COLUMNS, GeoFileError, read_csv
from app.geo.services import BUNDLED_CSV

HEADER = ",".join(COLUMNS)
GOOD = "Saint-Charles,13201,1,1er arrondissement,39349,2010,1,1er secteur,Mairie des 1er et 7e arrondissements"


def write(tmp_path: Path, *lines: str, header: str = HEADER) -> Path:
    path = tmp_path / "city.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(GeoFileError) as caught:
        read_csv(path)
    return caught.value.problems


def test_bundled_file_has_marseilles_places() -> None:
    rows = read_csv(BUNDLED_CSV)
    assert len(rows) == 111
    assert len({r.district_code for r in rows}) == 16
    assert {r.district_code for r in rows} == {str(code) for code in range(13201, 13217)}
    assert len({r.sector_number for r in rows}) == 8
    assert len({r.slug for r in rows}) == 111
    per_district = Counter(r.district_number for r in rows)
    assert set(per_district) == set(range(1, 17)) and min(per_district.values()) >= 4


def test_bundled_sectors_pair_the_right_districts() -> None:
    pairs: dict[int, set[int]] = {}
    halls: dict[int, str] = {}
    for row in read_csv(BUNDLED_CSV):
        assert row.sector_number is not None
        pairs.setdefault(row.sector_number, set()).add(row.district_number)
        halls[row.sector_number] = row.town_hall
    assert pairs == {1: {1, 7}, 2: {2, 3}, 3: {4, 5}, 4: {6, 8}, 5: {9, 10}, 6: {11, 12}, 7: {13, 14}, 8: {15, 16}}
    assert halls[1] == "Mairie des 1er et 7e arrondissements"
    assert halls[8] == "Mairie des 15e et 16e arrondissements"


def test_bundled_names_are_spelt_for_display() -> None:
    by_name = {r.quartier: r.district_code for r in read_csv(BUNDLED_CSV)}
    assert by_name["Saint-Charles"] == "13201"
    assert by_name["Opéra"] == "13201"
    assert by_name["La Belle de Mai"] == "13203"
    assert by_name["Notre-Dame-du-Mont"] == "13206"
    assert by_name["Saint-Just"] == "13213"
    assert by_name["L'Estaque"] == "13216"
    assert not [name for name in by_name if name.isupper()]


def test_bundled_quartier_populations_add_up_to_their_arrondissement() -> None:
    """Quartier figures (census 2012) against the arrondissement's (2010): different years, so
    only roughly equal, and only where every quartier of the arrondissement is known."""
    rows = read_csv(BUNDLED_CSV)
    known = [r for r in rows if r.quartier_population is not None]
    assert len(known) >= 85 and {r.quartier_population_year for r in known} == {2012}
    assert all(r.quartier_population_year is None for r in rows if r.quartier_population is None)
    by_name = {r.quartier: r.quartier_population for r in rows}
    # INSEE's own figures for 2012 (its most and least populated quartiers).
    assert (by_name["Sainte-Marguerite"], by_name["Saint-Barthélemy"], by_name["Les Îles"]) == (19997, 18655, 146)
    assert (by_name["Carpiagne"], by_name["Les Goudes"], by_name["Les Riaux"]) == (410, 495, 614)
    districts: dict[int, list[int | None]] = {}
    for row in rows:
        districts.setdefault(row.district_number, []).append(row.quartier_population)
    complete = {number: figures for number, figures in districts.items() if None not in figures}
    assert len(complete) >= 10
    for number, figures in complete.items():
        district = next(r.district_population for r in rows if r.district_number == number)
        assert district and abs(sum(f for f in figures if f) - district) / district < 0.06, number


def test_quartier_population_is_read(tmp_path: Path) -> None:
    header = ",".join(COLUMNS + OPTIONAL_COLUMNS)
    rows = read_csv(write(tmp_path, GOOD + ",8492,2012", "Thiers" + GOOD[13:] + ",,", header=header))
    assert (rows[0].quartier_population, rows[0].quartier_population_year) == (8492, 2012)
    assert (rows[1].quartier_population, rows[1].quartier_population_year) == (None, None)


def test_a_file_without_the_quartier_columns_still_loads(tmp_path: Path) -> None:
    rows = read_csv(write(tmp_path, GOOD))  # the header has only the original columns
    assert rows[0].district_population == 39349
    assert (rows[0].quartier_population, rows[0].quartier_population_year) == (None, None)


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("8492,", "line 3: quartier_population_year is empty but quartier_population is given"),
        ("huit mille,2012", "line 3: quartier_population must be a whole number, not 'huit mille'"),
        ("-5,2012", "line 3: quartier_population must be a whole number"),
        ("8492,12", "line 3: quartier_population_year must be between 1800 and 2100, not 12"),
    ],
)
def test_bad_quartier_population_names_the_line(tmp_path: Path, cells: str, message: str) -> None:
    header = ",".join(COLUMNS + OPTIONAL_COLUMNS)
    found = problems(write(tmp_path, GOOD + ",100,2012", "Thiers" + GOOD[13:] + "," + cells, header=header))
    assert any(problem.startswith(message) for problem in found), found


def test_a_valid_file_without_sectors_or_population(tmp_path: Path) -> None:
    rows = read_csv(write(tmp_path, "CENTRE VILLE,2A004,1,Ajaccio,,,,,"))
    assert rows[0].quartier == "Centre Ville"
    assert rows[0].sector_number is None and rows[0].district_population is None


def test_missing_columns(tmp_path: Path) -> None:
    found = problems(write(tmp_path, "X,13201", header="quartier,district_code"))
    assert found[0].startswith("line 1: missing column(s): district_number")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (GOOD.replace("13201", "132"), "district_code must be an INSEE code"),
        (GOOD.replace(",1,1er arr", ",un,1er arr"), "district_number must be a whole number"),
        (GOOD.replace(",1,1er arr", ",0,1er arr"), "district_number must be at least 1"),
        (GOOD.replace("39349", "-5"), "district_population must be a whole number"),
        (GOOD.replace(",2010,", ",,"), "population_year is empty"),
        (GOOD.replace(",2010,", ",1700,"), "population_year must be between 1800 and 2100"),
        (GOOD.replace("Saint-Charles", ""), "quartier is empty"),
        (GOOD.replace(",1er secteur,", ",,"), "sector_name is empty"),
    ],
)
def test_bad_values_name_the_line(tmp_path: Path, line: str, message: str) -> None:
    found = problems(write(tmp_path, GOOD.replace("Saint-Charles", "Belsunce"), line))
    assert len(found) == 1
    assert found[0].startswith("line 3: ") and message in found[0]


def test_repeated_columns_must_agree(tmp_path: Path) -> None:
    found = problems(write(tmp_path, GOOD, GOOD.replace("Saint-Charles", "Belsunce").replace("39349", "40000")))
    assert found == ["line 3: district 13201 differs from line 2"]


def test_duplicate_quartier(tmp_path: Path) -> None:
    found = problems(write(tmp_path, GOOD, GOOD.replace("Saint-Charles", "SAINT CHARLES")))
    assert found == ["line 3: quartier 'Saint-Charles' is already on line 2"]


def test_empty_and_non_utf8_files(tmp_path: Path) -> None:
    assert problems(write(tmp_path)) == ["the file has no quartier rows"]
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "\n" + GOOD.replace("Saint-Charles", "Opéra") + "\n").encode("latin-1"))
    assert "not UTF-8" in problems(path)[0]
