"""Importing the census file the city holds, so residents can verify themselves against it.

Each row is hashed on the way in (identity hash + check hash with the birth date); the document
number and birth date are never stored. An import is all or nothing: if any row is refused the
caller rolls back and nothing is imported, so a file is never half-loaded without anyone noticing.
Rows already present (same identity, same birth date) are skipped, in the file or in the database.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TextIO

import sqlalchemy as sa

from app.accounts.models import CensusEntry
from app.accounts.services.identity import DOCUMENT_TYPES, census_check_hash, identity_hash, normalise_number
from app.core import audit
from app.core.db import utcnow
from app.extensions import db
from app.geo.models import Quartier

REQUIRED_COLUMNS = ("document_type", "document_number", "birth_date")
OPTIONAL_COLUMNS = ("quartier",)
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
EARLIEST_BIRTH = date(1900, 1, 1)
BATCH_MAX = 40
_CHUNK = 500


class CensusFileError(Exception):
    """The file as a whole cannot be read (encoding, missing columns)."""


@dataclass(frozen=True)
class RowError:
    line: int
    message: str  # for the operator, in English; never the document number or the birth date


@dataclass
class ImportReport:
    read: int = 0
    imported: int = 0
    duplicates: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class _Row:
    line: int
    identity_hash: str
    check_hash: str
    quartier_id: int | None


def _fold(text: str) -> str:
    """Case, accents, hyphens and spacing ignored: "Belle-de-Mai" matches "LA BELLE DE MAI"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text).split())


def _quartier_index() -> dict[str, int]:
    index: dict[str, int] = {}
    for quartier_id, slug, name in db.session.execute(sa.select(Quartier.id, Quartier.slug, Quartier.name)):
        index[slug.lower()] = quartier_id
        index.setdefault(_fold(name), quartier_id)
    return index


def parse_birth_date(text: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def read_rows(stream: TextIO) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) pairs; the delimiter (comma, semicolon or tab) is detected, since
    spreadsheets in French write semicolons."""
    try:
        sample = stream.read(8192)
    except UnicodeDecodeError as error:
        raise CensusFileError("the file is not UTF-8 text; export it as CSV UTF-8") from error
    stream.seek(0)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(stream, dialect=dialect)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise CensusFileError(f"missing column(s): {', '.join(missing)} (the first line must name the columns)")
    reader.fieldnames = header
    try:
        for row in reader:
            values = {key: (value or "").strip() for key, value in row.items() if key is not None}
            if any(values.values()):
                yield reader.line_num, values
    except UnicodeDecodeError as error:
        raise CensusFileError("the file is not UTF-8 text; export it as CSV UTF-8") from error


def _parse(line: int, row: dict[str, str], quartiers: dict[str, int]) -> _Row | RowError:
    document_type = row.get("document_type", "").lower()
    if document_type not in DOCUMENT_TYPES:
        return RowError(line, f"unknown document_type (expected one of: {', '.join(DOCUMENT_TYPES)})")
    number = row.get("document_number", "")
    if len(normalise_number(number)) < 4:
        return RowError(line, "document_number is missing or too short")
    birth = parse_birth_date(row.get("birth_date", ""))
    if birth is None:
        return RowError(line, "birth_date is not a date (use YYYY-MM-DD or DD/MM/YYYY)")
    if not EARLIEST_BIRTH <= birth <= date.today():
        return RowError(line, "birth_date is out of range")
    quartier_id = None
    quartier = row.get("quartier", "")
    if quartier:
        quartier_id = quartiers.get(quartier.lower()) or quartiers.get(_fold(quartier))
        if quartier_id is None:
            return RowError(line, "unknown quartier (give its slug or its name)")
    return _Row(
        line,
        identity_hash(document_type, number),
        census_check_hash(document_type, number, birth),
        quartier_id,
    )


def _existing(hashes: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for start in range(0, len(hashes), _CHUNK):
        chunk = hashes[start : start + _CHUNK]
        query = sa.select(CensusEntry.identity_hash, CensusEntry.check_hash).where(CensusEntry.identity_hash.in_(chunk))
        found.update({identity: check for identity, check in db.session.execute(query)})
    return found


def import_census(
    rows: Iterable[tuple[int, dict[str, str]]], batch: str = "", now: datetime | None = None
) -> ImportReport:
    """Hash and insert the rows (flushed, not committed). When the report has errors nothing was
    added and the caller must not commit anything either."""
    if len(batch) > BATCH_MAX:
        raise CensusFileError(f"the batch name is longer than {BATCH_MAX} characters")
    report = ImportReport()
    quartiers = _quartier_index()
    accepted: dict[str, _Row] = {}
    for line, row in rows:
        report.read += 1
        parsed = _parse(line, row, quartiers)
        if isinstance(parsed, RowError):
            report.errors.append(parsed)
            continue
        earlier = accepted.get(parsed.identity_hash)
        if earlier is None:
            accepted[parsed.identity_hash] = parsed
        elif earlier.check_hash == parsed.check_hash:
            report.duplicates += 1
        else:
            report.errors.append(RowError(line, f"same document as line {earlier.line} but a different birth date"))
    in_database = _existing(list(accepted))
    new: list[_Row] = []
    for identity, parsed in accepted.items():
        stored = in_database.get(identity)
        if stored is None:
            new.append(parsed)
        elif stored == parsed.check_hash:
            report.duplicates += 1
        else:
            report.errors.append(RowError(parsed.line, "document already imported with a different birth date"))
    report.errors.sort(key=lambda error: error.line)
    if report.errors:
        return report
    now = now or utcnow()
    values = [
        {
            "identity_hash": row.identity_hash,
            "check_hash": row.check_hash,
            "quartier_id": row.quartier_id,
            "imported_at": now,
            "batch": batch,
        }
        for row in new
    ]
    for start in range(0, len(values), _CHUNK):
        db.session.execute(sa.insert(CensusEntry), values[start : start + _CHUNK])
    report.imported = len(values)
    if values:
        audit.record(
            "accounts.census_imported",
            actor_id=None,
            data={"batch": batch, "imported": report.imported, "duplicates": report.duplicates},
        )
    db.session.flush()
    return report
