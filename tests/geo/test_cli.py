"""`flask geo import`: the bundled file by default, any valid file, exit code 2 on a bad one."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from app.extensions import db
from app.geo.csvfile import COLUMNS, OPTIONAL_COLUMNS
from app.geo.models import District, Quartier, Sector


def counts() -> tuple[int, int, int]:
    return tuple(  # type: ignore[return-value]
        db.session.scalar(sa.select(sa.func.count()).select_from(model)) for model in (Sector, District, Quartier)
    )


def test_import_bundled_file_twice(app: Flask) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["geo", "import"])
    assert first.exit_code == 0, first.output
    assert "marseille.csv: loaded." in first.output and "quartiers: 111 created" in first.output
    assert counts() == (8, 16, 111)
    second = runner.invoke(args=["geo", "import"])
    assert second.exit_code == 0
    assert "already up to date" in second.output and "111 unchanged" in second.output
    assert counts() == (8, 16, 111)


def test_import_another_city(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "ajaccio.csv"
    path.write_text(",".join(COLUMNS) + "\nCENTRE VILLE,2A004,1,Ajaccio,70000,2021,,,\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["geo", "import", str(path)])
    assert result.exit_code == 0, result.output
    quartier = db.session.scalar(sa.select(Quartier))
    assert quartier.name == "Centre Ville" and quartier.district.sector is None


def test_reimport_updates_quartier_populations(app: Flask, tmp_path: Path) -> None:
    header = ",".join(COLUMNS + OPTIONAL_COLUMNS)
    path = tmp_path / "ajaccio.csv"
    runner = app.test_cli_runner()
    for figures in (",", "4200,2016", "4350,2021"):
        path.write_text(f"{header}\nCENTRE VILLE,2A004,1,Ajaccio,70000,2021,,,,{figures}\n", encoding="utf-8")
        result = runner.invoke(args=["geo", "import", str(path)])
        assert result.exit_code == 0, result.output
        quartier = db.session.scalar(sa.select(Quartier))
        db.session.refresh(quartier)
        expected = tuple(int(cell) if cell else None for cell in figures.split(","))
        assert (quartier.population, quartier.population_year) == expected
    assert "quartiers: 0 created, 1 updated" in result.output
    assert counts() == (0, 1, 1)


def test_bad_file_exits_2_and_changes_nothing(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        ",".join(COLUMNS) + "\nNoailles,13201,1,1er arrondissement,,,,,\nThiers,13X01,1,1er arrondissement,,,,,\n",
        encoding="utf-8",
    )
    result = app.test_cli_runner().invoke(args=["geo", "import", str(path)])
    assert result.exit_code == 2
    assert "not loaded, nothing changed" in result.output
    assert "line 3: district_code must be an INSEE code" in result.output
    assert counts() == (0, 0, 0)


def test_missing_file_is_a_usage_error(app: Flask, tmp_path: Path) -> None:
    result = app.test_cli_runner().invoke(args=["geo", "import", str(tmp_path / "absent.csv")])
    assert result.exit_code == 2
