"""Bulk update of follow-ups from a CSV file (status, progress, amounts, dates per project id),
all or nothing: every row is checked, and a file with any bad row changes nothing and lists each bad
row with its reason. A good file changes each project through `followups.track`, so each change is
checked and audited exactly as if typed in the project's form.

Format: UTF-8 (a byte-order mark is accepted), comma- or semicolon-separated (as a spreadsheet saves
it in French), a header line naming the columns, `id` required, the others optional and in any
order; an empty cell leaves the value as it is. Amounts in euros with at most two decimals
("12500,50", "12 500.50"); dates JJ/MM/AAAA or AAAA-MM-JJ; status a key (`works`) or its French
name ("Travaux en cours")."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _

from app.accountability.models import STATUSES, FollowUp
from app.accountability.services import followups
from app.accounts.models import User
from app.core.errors import DomainError
from app.core.forms import parse_euros
from app.extensions import db

MAX_BYTES = 1024 * 1024
MAX_ROWS = 5000
COLUMNS = ("id", *followups.TRACKED)
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@dataclass(frozen=True)
class RowError:
    line: int  # in the file, the header being line 1
    project: str  # the id as written
    messages: list[str]


class ImportRejected(DomainError):
    """The file had bad rows: nothing was changed. `rows` says which and why."""

    def __init__(self, rows: list[RowError]) -> None:
        self.rows = rows
        super().__init__(_("%(count)s ligne(s) refusée(s) : le fichier n'a rien changé.", count=len(rows)))


@dataclass(frozen=True)
class ImportReport:
    rows: int
    changed: int  # projects where something really changed


def _status(text: str, labels: dict[str, str]) -> str:
    key = text.strip()
    if key in STATUSES:
        return key
    by_label = {str(label).casefold(): status for status, label in labels.items()}
    if key.casefold() in by_label:
        return by_label[key.casefold()]
    raise ValueError(_("état inconnu « %(value)s » (%(known)s)", value=key, known=", ".join(STATUSES)))


def _date(text: str) -> date:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(_("date non valable « %(value)s » : écrivez JJ/MM/AAAA", value=text.strip()))


def _progress(text: str) -> int:
    try:
        value = int(text.strip().removesuffix("%").strip())
    except ValueError:
        value = -1
    if not 0 <= value <= 100:
        raise ValueError(_("avancement non valable « %(value)s » : un nombre de 0 à 100", value=text.strip()))
    return value


def _amount(text: str) -> Any:
    value = parse_euros(text)
    assert value is not None  # empty cells never get here
    return value


def _parser(column: str, labels: dict[str, str]) -> Callable[[str], Any]:
    if column == "status":
        return lambda text: _status(text, labels)
    if column == "progress":
        return _progress
    if column in followups.AMOUNTS:
        return _amount
    if column in followups.DATES:
        return _date
    return lambda text: text.strip()


def read_rows(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and the (line number, row) pairs; DomainError on the `file` field when the file
    itself is wrong (too big, not UTF-8, no `id` column, unknown columns, no rows)."""
    if len(data) > MAX_BYTES:
        raise DomainError([("file", _("Ce fichier dépasse 1 Mo : découpez-le."))])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DomainError([("file", _("Ce fichier n'est pas en UTF-8 : enregistrez-le en « CSV UTF-8 »."))]) from error
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader, [])]
    if "id" not in header:
        raise DomainError([("file", _("La première ligne doit nommer les colonnes, dont « id »."))])
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        raise DomainError(
            [("file", _("Colonnes inconnues : %(names)s. Colonnes possibles : %(known)s.",
                        names=", ".join(unknown), known=", ".join(COLUMNS)))]
        )  # fmt: skip
    rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        rows.append((reader.line_num, dict(zip(header, cells, strict=False))))
        if len(rows) > MAX_ROWS:
            raise DomainError([("file", _("5 000 lignes au plus par fichier."))])
    if not rows:
        raise DomainError([("file", _("Ce fichier n'a aucune ligne de projet."))])
    return header, rows


def _row_changes(row: dict[str, str], labels: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    changes: dict[str, Any] = {}
    messages = []
    for column, cell in row.items():
        if column == "id" or not (cell or "").strip():
            continue
        try:
            changes[column] = _parser(column, labels)(cell)
        except ValueError as error:
            messages.append(f"{column} : {error}")
    return changes, messages


def import_file(
    actor: User, data: bytes, may_change: Callable[[FollowUp], bool], labels: dict[str, str], today: date
) -> ImportReport:
    """Check and apply the whole file, or nothing (ImportRejected lists the bad rows). `may_change`
    is the caller's permission check for each project; `labels` the status names read in French."""
    _header, rows = read_rows(data)
    errors: list[RowError] = []
    seen: set[int] = set()
    changed = 0
    savepoint = db.session.begin_nested()
    for line, row in rows:
        written = (row.get("id") or "").strip()
        messages: list[str] = []
        item = None
        if not written.isdigit():
            messages.append(_("id : un numéro de projet, par exemple 12"))
        elif int(written) in seen:
            messages.append(_("id : ce projet figure déjà plus haut dans le fichier"))
        else:
            seen.add(int(written))
            item = db.session.get(FollowUp, int(written))
            if item is None:
                messages.append(_("id : aucun projet suivi ne porte ce numéro"))
            elif not may_change(item):
                messages.append(_("id : vous ne suivez pas ce projet"))
        changes, problems = _row_changes(row, labels)
        messages += problems
        if item is not None and not messages:
            try:
                if followups.track(actor, item, changes, today):
                    changed += 1
            except DomainError as error:
                messages += [f"{name} : {message}" if name else message for name, message in error.problems]
        if messages:
            errors.append(RowError(line, written, messages))
    if errors:
        savepoint.rollback()
        raise ImportRejected(errors)
    savepoint.commit()
    return ImportReport(len(rows), changed)
