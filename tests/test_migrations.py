"""The Alembic history: one head, every revision reversible, and the models agree with it.

Each test runs on SQLite (a fresh file) and on PostgreSQL, in an empty schema of its own (not the
migrated one the other tests share), dropped at the end.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import downgrade, upgrade

from app import create_app
from app.config import ROOT
from app.extensions import db
from tests.conftest import (
    base_config,
    create_postgresql_schema,
    drop_postgresql_schema,
    postgresql_unavailable_reason,
    skip_or_fail,
)

VERSION_TABLE = "alembic_version"


@pytest.fixture
def empty_database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """An empty database: a new SQLite file, or a new PostgreSQL schema first on the search path."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    reason = postgresql_unavailable_reason()
    if reason:
        skip_or_fail(reason)
    schema = f"parvis_migrations_{os.getpid()}"
    try:
        yield create_postgresql_schema(schema)
    finally:
        drop_postgresql_schema(schema)


@pytest.fixture
def bare_app(empty_database_url: str, tmp_path: Path) -> Iterator[Flask]:
    application = create_app(base_config(tmp_path, empty_database_url))
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


def leftovers() -> set[str]:
    """Everything in the database besides Alembic's version table: tables, views, triggers,
    sequences, functions and types (a downgrade must remove them all)."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            rows = connection.execute(
                sa.text("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND tbl_name != :v"),
                {"v": VERSION_TABLE},
            )
            return {f"{kind} {name}" for kind, name in rows}
        queries = {
            "relation": "SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace"
            f" AND relname NOT IN ('{VERSION_TABLE}', '{VERSION_TABLE}_pkc')",
            "function": "SELECT proname FROM pg_proc WHERE pronamespace = current_schema()::regnamespace",
            # Composite types of tables are listed with the tables; this finds enums and the like.
            "type": "SELECT typname FROM pg_type WHERE typnamespace = current_schema()::regnamespace"
            " AND typrelid = 0 AND typname NOT LIKE '\\_%'",
        }
        found = set()
        for kind, query in queries.items():
            found |= {f"{kind} {name}" for (name,) in connection.execute(sa.text(query))}
        return found


def table_names() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names()) - {VERSION_TABLE}


def schema_differences() -> list[object]:
    """What `flask db migrate` would write: differences between the models and the database."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_downgrade_upgrade(bare_app: Flask) -> None:
    expected = set(db.metadata.tables)
    upgrade()
    assert table_names() == expected
    downgrade(revision="base")
    assert leftovers() == set(), "the downgrade to base left these behind"
    upgrade()
    assert table_names() == expected


def test_models_match_the_migrations(bare_app: Flask) -> None:
    upgrade()
    differences = schema_differences()
    assert differences == [], (
        "The models and the migrations disagree; write the migration "
        "(flask db migrate) or fix the model:\n" + "\n".join(map(str, differences))
    )


def _scripts() -> ScriptDirectory:
    return ScriptDirectory(str(ROOT / "migrations"))


def test_history_has_one_head() -> None:
    heads = _scripts().get_heads()
    assert len(heads) == 1, f"several heads {heads}: set one revision's down_revision to the other"


def test_revisions_are_named_after_their_area() -> None:
    """DESIGN.md, rule 1: a migration's message starts with its area's name, e.g. "budgets: ..."."""
    areas = {path.name for path in (ROOT / "app").iterdir() if (path / "__init__.py").exists()}
    wrong = []
    for script in _scripts().walk_revisions():
        match = re.match(r"(\w+):", script.doc or "")
        if not match or match.group(1) not in areas:
            wrong.append(f"{script.revision} ({Path(script.path).name}): {script.doc!r}")
    assert not wrong, f"revision messages must start with '<area>:' (one of {sorted(areas)}):\n" + "\n".join(wrong)
