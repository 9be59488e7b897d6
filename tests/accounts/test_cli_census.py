"""`flask census import`: counts on success, refused rows by line number and exit 1 otherwise."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from app.accounts.models import CensusEntry
from app.extensions import db


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(CensusEntry)) or 0


def _file(tmp_path: Path, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / "recensement.csv"
    path.write_text(text, encoding=encoding)
    return str(path)


def test_import_reports_counts(app: Flask, tmp_path: Path) -> None:
    path = _file(
        tmp_path, "document_type,document_number,birth_date\ncni,AB123456,1980-07-14\ncni,AB123456,14/07/1980\n"
    )
    result = app.test_cli_runner().invoke(args=["census", "import", path, "--batch", "2026-01"])
    assert result.exit_code == 0, result.output
    assert "2 row(s) read, 1 imported, 1 duplicate(s) skipped" in result.output
    assert "(2026-01)" in result.output
    db.session.remove()
    assert _count() == 1
    again = app.test_cli_runner().invoke(args=["census", "import", path])
    assert again.exit_code == 0 and "0 imported, 2 duplicate(s)" in again.output


def test_refused_rows_import_nothing(app: Flask, tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "document_type,document_number,birth_date\ncni,AB123456,1980-07-14\ncni,SECRET99,pas une date\n",
    )
    result = app.test_cli_runner().invoke(args=["census", "import", path])
    assert result.exit_code == 1
    assert "line 3: birth_date is not a date" in result.output
    assert "Nothing imported: 1 row(s) refused out of 2" in result.output
    assert "SECRET99" not in result.output
    db.session.remove()
    assert _count() == 0


def test_spreadsheet_export_with_byte_order_mark(app: Flask, tmp_path: Path) -> None:
    path = _file(tmp_path, "document_type;document_number;birth_date\r\ncni;AB123456;14/07/1980\r\n", "utf-8-sig")
    result = app.test_cli_runner().invoke(args=["census", "import", path])
    assert result.exit_code == 0, result.output
    assert "1 imported" in result.output


def test_unreadable_file(app: Flask, tmp_path: Path) -> None:
    path = _file(tmp_path, "document_type;numéro;birth_date\ncni;é;1980-07-14\n", encoding="latin-1")
    result = app.test_cli_runner().invoke(args=["census", "import", path])
    assert result.exit_code == 1
    assert "UTF-8" in result.output


def test_missing_column(app: Flask, tmp_path: Path) -> None:
    path = _file(tmp_path, "document_type,birth_date\ncni,1980-07-14\n")
    result = app.test_cli_runner().invoke(args=["census", "import", path])
    assert result.exit_code == 1 and "missing column(s): document_number" in result.output
