"""Reading and checking a city's geography file.

Format: CSV, UTF-8 (a byte-order mark is accepted), comma-separated, a header line, then one row
per quartier. District and sector columns repeat on every row of the district.

| column                | content                                                              |
| --------------------- | -------------------------------------------------------------------- |
| `quartier`            | quartier name as displayed ("Notre-Dame-du-Mont"); a name written    |
|                       | in capitals is converted with `display_name` ("SAINT JUST")          |
| `district_code`       | INSEE code of the arrondissement (or commune): 5 characters, "13203" |
| `district_number`     | its number, 1 and up                                                 |
| `district_name`       | "3e arrondissement"                                                  |
| `district_population` | "populations légales" figure, or empty                               |
| `population_year`     | year of that figure (needed when a population is given), or empty    |
| `sector_number`       | sector (group of districts with one town hall), or empty             |
| `sector_name`         | "2e secteur" (needed when a sector number is given)                  |
| `town_hall`           | "Mairie des 2e et 3e arrondissements", or empty                      |
| `quartier_population` | the quartier's own census population, or empty (optional column)     |
| `quartier_population_year` | year of that figure (needed when a population is given), or     |
|                       | empty (optional column; quartier figures are often older than the    |
|                       | arrondissements', so the year is the quartier's own)                 |

The two quartier columns may be left out altogether: a file written before they existed still
loads, with every quartier's population unknown.

Places are matched on re-import by sector number, district code and quartier slug (the name
without accents or case), so a corrected spelling updates the existing quartier.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from app.geo.names import display_name, slugify

COLUMNS = (
    "quartier",
    "district_code",
    "district_number",
    "district_name",
    "district_population",
    "population_year",
    "sector_number",
    "sector_name",
    "town_hall",
)
OPTIONAL_COLUMNS = ("quartier_population", "quartier_population_year")
INSEE_CODE = re.compile(r"^\d[\dAB]\d{3}$")  # 13203; Corsica: 2A004
MAX_NAME = 120
MAX_TOWN_HALL = 200
MAX_REPORTED = 20


class GeoFileError(ValueError):
    """The file cannot be loaded; `problems` name the line of each fault (for operators)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class GeoRow:
    line: int
    quartier: str
    slug: str
    district_code: str
    district_number: int
    district_name: str
    district_population: int | None
    population_year: int | None
    sector_number: int | None
    sector_name: str
    town_hall: str
    quartier_population: int | None = None
    quartier_population_year: int | None = None

    def district_key(self) -> tuple[object, ...]:
        return (
            self.district_number,
            self.district_name,
            self.district_population,
            self.population_year,
            self.sector_number,
        )

    def sector_key(self) -> tuple[str, str]:
        return (self.sector_name, self.town_hall)


def _int(value: str, column: str, minimum: int, maximum: int | None = None) -> int:
    if not re.fullmatch(r"\d+", value):
        raise ValueError(f"{column} must be a whole number, not {value!r}")
    number = int(value)
    if number < minimum or (maximum is not None and number > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
        raise ValueError(f"{column} must be {bounds}, not {number}")
    return number


def _text(value: str, column: str, limit: int, required: bool = True) -> str:
    if required and not value:
        raise ValueError(f"{column} is empty")
    if len(value) > limit:
        raise ValueError(f"{column} is longer than {limit} characters")
    return value


def _population(cell: dict[str, str], population_column: str, year_column: str) -> tuple[int | None, int | None]:
    population = _int(cell[population_column], population_column, 0) if cell[population_column] else None
    year = _int(cell[year_column], year_column, 1800, 2100) if cell[year_column] else None
    if population is not None and year is None:
        raise ValueError(f"{year_column} is empty but {population_column} is given")
    return population, year


def _row(line: int, raw: Mapping[str, str | None]) -> GeoRow:
    cell = {column: (raw.get(column) or "").strip() for column in COLUMNS + OPTIONAL_COLUMNS}
    name = _text(cell["quartier"], "quartier", MAX_NAME)
    if name.isupper():
        name = display_name(name)
    slug = slugify(name)
    if not slug:
        raise ValueError(f"quartier {name!r} has no letters or digits")
    code = cell["district_code"].upper()
    if not INSEE_CODE.match(code):
        raise ValueError(f"district_code must be an INSEE code of 5 characters such as 13203, not {code!r}")
    population, year = _population(cell, "district_population", "population_year")
    quartier_population, quartier_year = _population(cell, "quartier_population", "quartier_population_year")
    sector = _int(cell["sector_number"], "sector_number", 1) if cell["sector_number"] else None
    if sector is None and (cell["sector_name"] or cell["town_hall"]):
        raise ValueError("sector_name or town_hall is given but sector_number is empty")
    return GeoRow(
        line=line,
        quartier=name,
        slug=slug,
        district_code=code,
        district_number=_int(cell["district_number"], "district_number", 1),
        district_name=_text(cell["district_name"], "district_name", MAX_NAME),
        district_population=population,
        population_year=year,
        sector_number=sector,
        sector_name=_text(cell["sector_name"], "sector_name", MAX_NAME, required=sector is not None),
        town_hall=_text(cell["town_hall"], "town_hall", MAX_TOWN_HALL, required=False),
        quartier_population=quartier_population,
        quartier_population_year=quartier_year,
    )


def _check_consistency(rows: list[GeoRow]) -> list[str]:
    """Repeated district and sector columns must agree; quartiers and district numbers must be unique."""
    problems: list[str] = []
    districts: dict[str, GeoRow] = {}
    numbers: dict[int, GeoRow] = {}
    sectors: dict[int, GeoRow] = {}
    quartiers: dict[str, GeoRow] = {}
    for row in rows:
        first = districts.setdefault(row.district_code, row)
        if first.district_key() != row.district_key():
            problems.append(f"line {row.line}: district {row.district_code} differs from line {first.line}")
        other = numbers.setdefault(row.district_number, row)
        if other.district_code != row.district_code:
            problems.append(
                f"line {row.line}: district number {row.district_number} is already used by "
                f"{other.district_code} on line {other.line}"
            )
        if row.sector_number is not None:
            first_sector = sectors.setdefault(row.sector_number, row)
            if first_sector.sector_key() != row.sector_key():
                problems.append(f"line {row.line}: sector {row.sector_number} differs from line {first_sector.line}")
        twin = quartiers.setdefault(row.slug, row)
        if twin is not row:
            problems.append(f"line {row.line}: quartier {row.quartier!r} is already on line {twin.line}")
    return problems


def parse_rows(records: Iterable[tuple[int, Mapping[str, str | None]]]) -> list[GeoRow]:
    """Check `(line number, cells)` records; raise `GeoFileError` listing every faulty line."""
    rows: list[GeoRow] = []
    problems: list[str] = []
    for line, raw in records:
        try:
            rows.append(_row(line, raw))
        except ValueError as error:
            problems.append(f"line {line}: {error}")
    if not rows and not problems:
        problems.append("the file has no quartier rows")
    problems += _check_consistency(rows)
    if problems:
        extra = len(problems) - MAX_REPORTED
        raise GeoFileError(problems[:MAX_REPORTED] + ([f"... and {extra} more"] if extra > 0 else []))
    return rows


def read_csv(path: Path) -> list[GeoRow]:
    """Read and check a geography CSV file (format in this module's docstring)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
            if missing:
                raise GeoFileError([f"line 1: missing column(s): {', '.join(missing)}"])
            records = [(reader.line_num, record) for record in reader]
    except UnicodeDecodeError as error:
        raise GeoFileError([f"the file is not UTF-8 text ({error.reason})"]) from error
    except csv.Error as error:
        raise GeoFileError([f"not a readable CSV file: {error}"]) from error
    return parse_rows(records)
