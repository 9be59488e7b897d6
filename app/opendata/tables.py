"""A published dataset as one table: described columns and the rows that fill them, written as CSV
or as JSON from the same rows, so that both files always say the same thing.

Values keep their exact form: amounts are decimal strings ("1500.00", never floats), instants are
ISO 8601 in UTC, days are ISO dates, and a missing value is empty in CSV and null in JSON.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

# Version 1 of the format: fields are only ever added, never renamed or removed, within /v1/.
FORMAT_VERSION = 1
LICENCE = {
    "name": "Licence Ouverte / Open Licence 2.0",
    "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}


@dataclass(frozen=True)
class Column:
    name: str
    description: str  # shown in the catalog and the JSON header, in the reader's language


@dataclass(frozen=True)
class Table:
    name: str  # the file's stem: "proposals" gives proposals.csv and proposals.json
    title: str
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]]


def plain(value: Any) -> Any:
    """A value as JSON carries it exactly."""
    if isinstance(value, Decimal):
        return f"{value:.2f}" if value == value.quantize(Decimal("0.01")) else str(value)
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _cell(value: Any) -> str:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def to_csv(table: Table) -> str:
    """Comma-separated, UTF-8, a header row with the column names, CRLF line ends (RFC 4180)."""
    out = io.StringIO()
    writer = csv.writer(out)
    names = [column.name for column in table.columns]
    writer.writerow(names)
    writer.writerows([_cell(row.get(name)) for name in names] for row in table.rows)
    return out.getvalue()


def to_json(table: Table, about: dict[str, Any], generated_at: datetime) -> str:
    """One object: what the table is (with ``about``), its columns described, then its rows."""
    names = [column.name for column in table.columns]
    document = {
        "format_version": FORMAT_VERSION,
        "dataset": table.name,
        "title": str(table.title),
        **{key: plain(value) for key, value in about.items()},
        "licence": LICENCE,
        "generated_at": plain(generated_at),
        "columns": [{"name": c.name, "description": str(c.description)} for c in table.columns],
        "rows": [{name: plain(row.get(name)) for name in names} for row in table.rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def columns(*pairs: tuple[str, str]) -> tuple[Column, ...]:
    return tuple(Column(name, description) for name, description in pairs)
