"""The architecture rules of DESIGN.md, checked on every run.

Rule 2 (layers) is import-linter's job, with the contracts in pyproject.toml. Rule 3 (across areas,
import only `services`, `models` and `signals`) has no import-linter contract that tolerates modules
not written yet, so it is checked here on grimp's import graph. Each check is also run on a small
generated package with a forbidden import, to prove that it can fail.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
FAKE = "fakeparvis"
# What one area may import from another (DESIGN.md, rule 3). core is shared by all.
PUBLIC_PARTS = {"services", "models", "signals"}
SHARED = {"core"}


def lint_imports(cwd: Path, config: Path | None = None) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).parent / "lint-imports"
    command = [str(executable if executable.exists() else shutil.which("lint-imports") or "lint-imports")]
    command += ["--no-cache", "--no-logo"]
    if config is not None:
        command += ["--config", str(config)]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def test_import_contracts_are_kept() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, f"import-linter found broken contracts:\n{result.stdout}\n{result.stderr}"


def cross_area_violations(package: str) -> list[str]:
    """Imports from one area into another area's private modules (views, forms, permissions, ...)."""
    graph = grimp.build_graph(package)
    areas = {m.split(".")[1] for m in graph.modules if m.count(".") >= 1 and graph.find_children(m)} - SHARED
    problems = []
    for importer in sorted(graph.modules):
        parts = importer.split(".")
        if len(parts) < 2 or parts[1] not in areas:
            continue
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            target = imported.split(".")
            if len(target) < 2 or target[1] not in areas or target[1] == parts[1]:
                continue
            if len(target) >= 3 and target[2] in PUBLIC_PARTS:
                continue
            for detail in graph.get_import_details(importer=importer, imported=imported):
                problems.append(f"{importer}:{detail['line_number']} imports {imported} ({detail['line_contents']})")
    return problems


def test_areas_import_only_services_models_and_signals_of_other_areas() -> None:
    problems = cross_area_violations("app")
    assert not problems, (
        "Across areas, import only another area's services, models or signals (DESIGN.md, rule 3):\n"
        + "\n".join(problems)
    )


# --- The checks can fail -----------------------------------------------------------------------


def _renamed(value: Any) -> Any:
    """The contracts of pyproject.toml, pointed at the fake package."""
    if isinstance(value, str):
        return FAKE + value[3:] if value == "app" or value.startswith("app.") else value
    if isinstance(value, list):
        return [_renamed(item) for item in value]
    if isinstance(value, dict):
        return {key: _renamed(item) for key, item in value.items()}
    return value


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return json.dumps(value)  # a JSON string is a valid TOML basic string


def _write_config(path: Path) -> Path:
    settings = _renamed(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"])
    contracts = settings.pop("contracts")
    lines = ["[tool.importlinter]", *(f"{key} = {_toml_value(value)}" for key, value in settings.items())]
    for contract in contracts:
        lines += ["", "[[tool.importlinter.contracts]]"]
        lines += [f"{key} = {_toml_value(value)}" for key, value in contract.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


def _fake_tree(root: Path) -> Path:
    """Empty modules with the names of the real app's packages and modules (one level deep), so
    that every required layer exists and the exhaustive check has nothing unplaced."""
    package = root / FAKE
    package.mkdir()
    (package / "__init__.py").write_text("")
    for child in sorted((ROOT / "app").iterdir()):
        if child.is_dir() and (child / "__init__.py").exists():
            (package / child.name).mkdir()
            (package / child.name / "__init__.py").write_text("")
            for name in ("models", "services", "signals", "views", "forms"):
                (package / child.name / f"{name}.py").write_text("")
        elif child.suffix == ".py" and child.name != "__init__.py":
            (package / child.name).write_text("")
    return package


@pytest.fixture
def fake_project(tmp_path: Path) -> Path:
    _fake_tree(tmp_path)
    _write_config(tmp_path / "importlinter.toml")
    return tmp_path


def test_the_contracts_hold_on_a_clean_fake_package(fake_project: Path) -> None:
    result = lint_imports(fake_project, fake_project / "importlinter.toml")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "code", "expected"),
    [
        ("geo/models.py", f"from {FAKE}.accounts import models\n", f"{FAKE}.geo is not allowed to import"),
        ("core/__init__.py", f"import {FAKE}.home.views\n", f"{FAKE}.core is not allowed to import"),
        ("admin/views.py", f"from {FAKE}.demo import services\n", f"{FAKE}.admin is not allowed to import"),
        ("newarea/__init__.py", "", f"not listed as layers:\n\n- {FAKE}.newarea"),
    ],
    ids=["lower-imports-higher", "core-imports-an-area", "peers", "unplaced-area"],
)
def test_import_linter_reports_a_forbidden_import(fake_project: Path, module: str, code: str, expected: str) -> None:
    path = fake_project / FAKE / module
    path.parent.mkdir(exist_ok=True)
    path.write_text(code)
    result = lint_imports(fake_project, fake_project / "importlinter.toml")
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert expected in result.stdout


def test_cross_area_check_reports_a_private_import(fake_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(fake_project))
    assert cross_area_violations(FAKE) == []
    (fake_project / FAKE / "admin" / "views.py").write_text(
        f"from {FAKE}.accounts import services\nfrom {FAKE}.accounts.views import thing\n"
    )
    assert cross_area_violations(FAKE) == [
        f"{FAKE}.admin.views:2 imports {FAKE}.accounts.views (from {FAKE}.accounts.views import thing)"
    ]
