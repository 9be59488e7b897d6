"""Reading and importing the census file: hashes only, duplicates skipped, all or nothing."""

from __future__ import annotations

import io
from datetime import date

import pytest
import sqlalchemy as sa
from flask import Flask

from app.accounts.models import CensusEntry
from app.accounts.services import census
from app.accounts.services.identity import census_check_hash, identity_hash
from app.core import audit
from app.extensions import db
from tests.factories import QuartierFactory

GOOD = """document_type,document_number,birth_date,quartier
cni,AB123456,1980-07-14,belsunce
passeport,12CD34567,14/07/1990,
CNI,ab-123-457,1975-01-02,Le Panier
"""


def _import(text: str, batch: str = "") -> census.ImportReport:
    return census.import_census(census.read_rows(io.StringIO(text)), batch=batch)


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(CensusEntry)) or 0


@pytest.fixture
def quartiers(app: Flask) -> None:
    QuartierFactory(slug="belsunce", name="Belsunce")
    QuartierFactory(slug="le-panier", name="Le Panier")
    db.session.flush()


def test_good_file(app: Flask, quartiers: None) -> None:
    report = _import(GOOD, batch="2026-01")
    db.session.commit()
    assert (report.read, report.imported, report.duplicates, report.errors) == (3, 3, 0, [])
    entry = db.session.scalar(
        sa.select(CensusEntry).where(CensusEntry.identity_hash == identity_hash("cni", "AB123456"))
    )
    assert entry is not None and entry.batch == "2026-01"
    assert entry.check_hash == census_check_hash("cni", "AB123456", date(1980, 7, 14))
    assert entry.quartier_id is not None
    second = db.session.scalar(
        sa.select(CensusEntry).where(CensusEntry.identity_hash == identity_hash("passeport", "12CD34567"))
    )
    assert second is not None and second.quartier_id is None
    assert second.check_hash == census_check_hash("passeport", "12CD34567", date(1990, 7, 14))
    [log] = db.session.scalars(sa.select(audit.AuditEntry).where(audit.AuditEntry.action == "accounts.census_imported"))
    assert log.payload() == {"batch": "2026-01", "imported": 3, "duplicates": 0}


def test_nothing_raw_is_stored(app: Flask, quartiers: None) -> None:
    _import(GOOD)
    rows = db.session.execute(sa.select(CensusEntry.identity_hash, CensusEntry.check_hash, CensusEntry.batch)).all()
    stored = " ".join(" ".join(row) for row in rows)
    for raw in ("AB123456", "12CD34567", "1980", "14/07"):
        assert raw not in stored


def test_duplicates_are_skipped(app: Flask, quartiers: None) -> None:
    _import(GOOD)
    text = GOOD + "cni,AB 123 456,14/07/1980,\n"  # same person twice in the file
    report = _import(text)
    assert (report.imported, report.duplicates, report.errors) == (0, 4, [])
    assert _count() == 3


def test_semicolons_and_header_case(app: Flask) -> None:
    report = _import(" Document_Type ;Document_Number;BIRTH_DATE\ncni;ZZ998877;1960-02-29\n")
    assert report.ok and report.imported == 1


def test_bad_rows_are_listed_and_nothing_is_imported(app: Flask, quartiers: None) -> None:
    text = """document_type,document_number,birth_date,quartier
cni,AB123456,1980-07-14,
carte-vitale,1234567,1980-07-14,
cni,1,1980-07-14,
cni,XY987654,31/02/1980,
cni,XY987655,2999-01-01,
cni,XY987656,1980-01-01,Atlantide

cni,AB123456,1981-07-14,
"""
    report = _import(text)
    assert report.imported == 0 and not report.ok
    assert [(error.line, error.message.split(" ")[0]) for error in report.errors] == [
        (3, "unknown"),
        (4, "document_number"),
        (5, "birth_date"),
        (6, "birth_date"),
        (7, "unknown"),
        (9, "same"),
    ]
    assert "line 2" in report.errors[-1].message
    assert _count() == 0
    for error in report.errors:
        assert "XY98765" not in error.message and "1980" not in error.message


def test_conflict_with_an_earlier_import(app: Flask) -> None:
    _import("document_type,document_number,birth_date\ncni,AB123456,1980-07-14\n")
    report = _import("document_type,document_number,birth_date\ncni,AB123456,1980-07-15\ncni,NEW12345,1990-01-01\n")
    assert [error.line for error in report.errors] == [2]
    assert "different birth date" in report.errors[0].message
    assert _count() == 1


def test_missing_columns(app: Flask) -> None:
    with pytest.raises(census.CensusFileError, match="missing column"):
        _import("type,number\ncni,AB123456\n")


def test_batch_name_length(app: Flask) -> None:
    with pytest.raises(census.CensusFileError, match="batch"):
        _import(GOOD, batch="x" * 41)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1980-07-14", date(1980, 7, 14)), ("14/07/1980", date(1980, 7, 14)), ("07/14/1980", None), ("", None)],
)
def test_parse_birth_date(text: str, expected: date | None) -> None:
    assert census.parse_birth_date(text) == expected
