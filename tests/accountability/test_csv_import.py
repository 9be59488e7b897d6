"""Bulk update by CSV: every row checked; a file with any bad row changes nothing and lists each bad
row with its reason; a good file changes each project as the form would (audited)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa

from app.accountability.forms import STATUS_LABELS
from app.accountability.services import csv_import
from app.accountability.services.csv_import import ImportRejected
from app.core.audit import AuditEntry
from app.core.errors import DomainError
from app.extensions import db
from tests.budgets.conftest import World

TODAY = date(2027, 6, 15)


def labels() -> dict[str, str]:
    return {key: str(label) for key, label in STATUS_LABELS.items()}


def run(world: World, text: str, may_change: Callable[[Any], bool] = lambda item: True) -> csv_import.ImportReport:
    return csv_import.import_file(world.staff(), text.encode(), may_change, labels(), TODAY)


def test_a_good_file_updates_every_row(world: World, make_project: Callable[..., Any]) -> None:
    first, second = make_project("Premier"), make_project("Second")
    text = (
        "\ufeffid;status;progress;budget_committed;budget_spent;started_on\n"
        f"{first.id};Travaux en cours;40;80 000,00;12 345,67;02/03/2027\n"
        f"{second.id};study;;;;\n"
    )
    report = run(world, text)
    db.session.commit()
    assert (report.rows, report.changed) == (2, 2)
    assert (first.status, first.progress, first.budget_spent) == ("works", 40, Decimal("12345.67"))
    assert first.started_on == date(2027, 3, 2) and first.budget_committed == Decimal("80000.00")
    assert (second.status, second.progress) == ("study", 0)  # empty cells leave values alone
    changed = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "accountability.changed")).all()
    assert len(changed) == 2


def test_a_file_with_bad_rows_changes_nothing_and_lists_each(world: World, make_project: Callable[..., Any]) -> None:
    good, other, locked = make_project("Bon"), make_project("Autre"), make_project("Pas le mien")
    text = (
        "id,status,progress,budget_spent,planned_end\n"
        f"{good.id},works,50,100.00,\n"
        f"{other.id},en pause,120,12.345,31/02/2027\n"
        "abc,works,,,\n"
        "99999,works,,,\n"
        f"{good.id},delivered,,,\n"
        f"{locked.id},works,,,\n"
    )
    with pytest.raises(ImportRejected) as rejected:
        run(world, text, may_change=lambda item: item.id != locked.id)
    db.session.rollback()
    rows = {row.line: row for row in rejected.value.rows}
    assert sorted(rows) == [3, 4, 5, 6, 7]
    assert len(rows[3].messages) == 4  # status, progress, amount and date are each reported
    assert "état inconnu" in rows[3].messages[0] and "31/02/2027" in rows[3].messages[3]
    assert "numéro" in rows[4].messages[0] and "aucun projet" in rows[5].messages[0]
    assert "déjà plus haut" in rows[6].messages[0] and "ne suivez pas" in rows[7].messages[0]
    db.session.expire_all()
    assert (good.status, good.progress, good.budget_spent) == ("planned", 0, Decimal("0.00"))  # the good row too
    assert db.session.scalar(sa.select(sa.func.count()).where(AuditEntry.action == "accountability.changed")) == 0


def test_a_rule_broken_in_a_row_is_reported_with_the_column(world: World, make_project: Callable[..., Any]) -> None:
    item = make_project()
    with pytest.raises(ImportRejected) as rejected:
        run(world, f"id,status\n{item.id},cancelled\n")
    assert rejected.value.rows[0].messages[0].startswith("status_reason : ")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"status,progress\nworks,10\n", "« id »"),
        (b"id,colour\n1,red\n", "Colonnes inconnues : colour"),
        (b"id,status\n", "aucune ligne"),
        ("id,status\n1,Livré\n".encode("latin-1"), "UTF-8"),
        (b"id\n" + b"1\n" * (csv_import.MAX_BYTES // 2 + 1), "1 Mo"),
    ],
)
def test_a_wrong_file_is_refused_whole(world: World, data: bytes, message: str) -> None:
    with pytest.raises(DomainError) as refused:
        csv_import.import_file(world.staff(), data, lambda item: True, labels(), TODAY)
    assert message in refused.value.messages[0]
