"""Read and write Pabulib ``.pb`` files (pabulib.org): META, PROJECTS and VOTES sections of
semicolon-separated fields, optionally double-quoted.

Every vote type of the format is read: ``approval`` and ``choose-1`` (a set of project ids),
``cumulative`` and ``scoring`` (ids with a parallel ``points`` column), ``ordinal`` (ids in
preference order). Decimal costs and budgets (with a point or a comma), ``None`` for a missing
value, extra columns in any order and a leading BOM are accepted. Anything else that does not make
sense raises ``PbError`` naming the line.

    pb = read_pb("Poland_Warszawa_2017_Las.pb")       # or parse_pb(text)
    election = pb.election()                            # app.votes.tally.Election
    text = write_pb(meta, projects, votes)              # rows as mappings; lists are joined by commas
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from app.votes.tally.types import Election, Number, Project, TallyInputError, exact

SECTIONS = ("meta", "projects", "votes")
VOTE_TYPES = ("approval", "choose-1", "cumulative", "scoring", "ordinal")
POINTS_TYPES = ("cumulative", "scoring")


class PbError(ValueError):
    """A malformed Pabulib file; ``line`` is the 1-based line of the problem (None: the whole file)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass
class PbFile:
    """A parsed file: rows keep every column as text (``None`` fields dropped), plus their line numbers."""

    meta: dict[str, str]
    project_columns: list[str]
    projects: list[dict[str, str]]
    vote_columns: list[str]
    votes: list[dict[str, str]]
    project_lines: list[int] = field(default_factory=list)
    vote_lines: list[int] = field(default_factory=list)
    meta_lines: dict[str, int] = field(default_factory=dict)

    @property
    def vote_type(self) -> str:
        return self.meta["vote_type"]

    @property
    def budget(self) -> Fraction:
        return _number(self.meta["budget"], "budget", self.meta_lines.get("budget"))

    def election(self, *, step: Number = 1, points: Sequence[int] | None = None) -> Election:
        """The file as an Election (costs and budget in the file's unit; ``step`` for add1)."""
        projects = [
            Project(row["project_id"], _number(row["cost"], "cost", line), row.get("name", ""))
            for row, line in zip(self.projects, self.project_lines, strict=True)
        ]
        ballots = [_ballot(self.vote_type, row, line) for row, line in zip(self.votes, self.vote_lines, strict=True)]
        try:
            if self.vote_type in ("approval", "choose-1"):
                return Election.approval(projects, self.budget, ballots, step=step)
            if self.vote_type in POINTS_TYPES:
                return Election.cumulative(projects, self.budget, ballots, step=step)
            max_rank = self.meta.get("max_length")
            longest = max((len(b) for b in ballots), default=0)
            rank = max(int(max_rank), longest) if max_rank and max_rank.isdigit() else None
            return Election.ordinal(projects, self.budget, ballots, points=points, max_rank=rank, step=step)
        except TallyInputError as error:
            raise PbError(str(error)) from None


def _number(text: str, what: str, line: int | None) -> Fraction:
    try:
        value = exact(text, what)
    except TallyInputError:
        raise PbError(f"{what} {text!r} is not a number", line) from None
    if value < 0:
        raise PbError(f"{what} {text!r} is negative", line)
    return value


def _ballot(vote_type: str, row: Mapping[str, str], line: int) -> object:
    ids = [pid.strip() for pid in row.get("vote", "").split(",") if pid.strip()]
    if vote_type in ("approval", "choose-1"):
        return set(ids)
    if vote_type == "ordinal":
        return ids
    points = [p.strip() for p in row.get("points", "").split(",") if p.strip()]
    if len(points) != len(ids):
        raise PbError(f"{len(ids)} projects but {len(points)} points", line)
    ballot: dict[str, int] = {}
    for pid, text in zip(ids, points, strict=True):
        value = _number(text, "points", line)
        if value.denominator != 1:
            raise PbError(f"points {text!r} must be a whole number", line)
        ballot[pid] = ballot.get(pid, 0) + int(value)
    return ballot


def read_pb(path: str | Path) -> PbFile:
    """Read a ``.pb`` file (UTF-8, with or without BOM)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise PbError(f"the file is not UTF-8 text ({error.reason} at byte {error.start})") from None
    return parse_pb(text)


def parse_pb(text: str) -> PbFile:
    """Parse the text of a ``.pb`` file; raises PbError naming the first bad line."""
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"', strict=True)
    section: str | None = None
    header: list[str] | None = None
    seen: list[str] = []
    pb = PbFile({}, [], [], [], [])
    project_ids: set[str] = set()
    line = 0
    try:
        for row in reader:
            line = reader.line_num
            cells = [cell.strip() for cell in row]
            if not any(cells):
                continue
            if len(cells) == 1 and cells[0].lower() in SECTIONS:
                name = cells[0].lower()
                expected = SECTIONS[len(seen)] if len(seen) < len(SECTIONS) else None
                if name != expected:
                    raise PbError(
                        f"section {cells[0]} where {expected.upper() if expected else 'nothing'} was expected", line
                    )
                if name == "projects":
                    _check_meta(pb)
                seen.append(name)
                section, header = name, None
                continue
            if section is None:
                raise PbError("the file must start with a META line", line)
            if header is None:
                header = _header(section, cells, line)
                if section == "projects":
                    pb.project_columns = header
                elif section == "votes":
                    pb.vote_columns = header
                continue
            if section == "meta":
                if len(cells) < 2 or not cells[0]:
                    raise PbError("a META line is 'key;value'", line)
                if cells[0] in pb.meta:
                    raise PbError(f"META key {cells[0]!r} appears twice", line)
                pb.meta[cells[0]] = cells[1]
                pb.meta_lines[cells[0]] = line
                continue
            record = _record(header, cells, line)
            if section == "projects":
                pid = record.get("project_id", "")
                if not pid:
                    raise PbError("a project has no project_id", line)
                if pid in project_ids:
                    raise PbError(f"project {pid!r} appears twice", line)
                if "cost" not in record:
                    raise PbError(f"project {pid!r} has no cost", line)
                _number(record["cost"], "cost", line)
                project_ids.add(pid)
                pb.projects.append(record)
                pb.project_lines.append(line)
            else:
                _check_vote(pb.vote_type, record, project_ids, line)
                pb.votes.append(record)
                pb.vote_lines.append(line)
    except csv.Error as error:  # reported where the bad record starts: the line after the last good one
        if "unexpected end of data" in str(error):
            raise PbError("a quoted field is never closed", line + 1) from None
        raise PbError(f"unreadable field ({error})", line + 1) from None
    if seen != list(SECTIONS):
        missing = [s.upper() for s in SECTIONS if s not in seen]
        raise PbError(f"missing section {missing[0]}")
    if header is None:
        raise PbError("the VOTES section has no header line")
    return pb


def _check_meta(pb: PbFile) -> None:
    for key in ("budget", "vote_type"):
        if key not in pb.meta:
            raise PbError(f"META has no {key!r}")
    if pb.vote_type not in VOTE_TYPES:
        raise PbError(
            f"unknown vote_type {pb.vote_type!r} (expected {', '.join(VOTE_TYPES)})", pb.meta_lines["vote_type"]
        )
    _number(pb.meta["budget"], "budget", pb.meta_lines["budget"])


def _header(section: str, cells: list[str], line: int) -> list[str]:
    if len(set(cells)) != len(cells):
        raise PbError("a column name appears twice", line)
    required = {"meta": (), "projects": ("project_id", "cost"), "votes": ("vote",)}[section]
    for column in required:
        if column not in cells:
            raise PbError(f"the {section.upper()} header has no {column!r} column", line)
    return cells


def _record(header: list[str], cells: list[str], line: int) -> dict[str, str]:
    while len(cells) > len(header) and not cells[-1]:
        cells = cells[:-1]  # a trailing semicolon
    if len(cells) > len(header):
        raise PbError(f"{len(cells)} fields for {len(header)} columns", line)
    return {key: value for key, value in zip(header, cells, strict=False) if value.lower() != "none"}


def _check_vote(vote_type: str, record: dict[str, str], project_ids: set[str], line: int) -> None:
    ballot = _ballot(vote_type, record, line)
    ids = list(ballot)
    for pid in ids:
        if pid not in project_ids:
            raise PbError(f"vote names project {pid!r}, which is not in PROJECTS", line)
    if vote_type == "ordinal" and len(set(ids)) != len(ids):
        raise PbError("a ranking names the same project twice", line)
    if vote_type == "choose-1" and len(ids) > 1:
        raise PbError(f"a choose-1 vote names {len(ids)} projects", line)


def _cell(value: object) -> str:
    if value is None:
        return "None"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, Fraction):
        return decimal_text(value)
    if isinstance(value, Decimal | int | str):
        return str(value)
    if isinstance(value, Iterable):
        return ",".join(_cell(v) for v in value)
    raise TypeError(f"cannot write {value!r} in a .pb file")


def decimal_text(value: Fraction) -> str:
    """An exact decimal string; refuses fractions with no finite decimal form (e.g. 1/3)."""
    if value.denominator == 1:
        return str(value.numerator)
    denominator, digits = value.denominator, 0
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        raise ValueError(f"{value} has no exact decimal form")
    while (value * 10**digits).denominator != 1:
        digits += 1
    sign = "-" if value < 0 else ""
    scaled = abs(value.numerator * 10**digits // value.denominator)
    whole, fraction = divmod(scaled, 10**digits)
    return f"{sign}{whole}.{fraction:0{digits}d}"


def write_pb(
    meta: Mapping[str, object],
    projects: Sequence[Mapping[str, object]],
    votes: Sequence[Mapping[str, object]],
    *,
    project_columns: Sequence[str] | None = None,
    vote_columns: Sequence[str] | None = None,
) -> str:
    """The text of a ``.pb`` file. ``meta`` needs at least ``budget`` and ``vote_type``; project rows
    need ``project_id`` and ``cost``, vote rows ``voter_id`` and ``vote`` (a list of ids, in rank order
    for ordinal votes) and, for cumulative votes, ``points`` (a parallel list). Columns default to
    the keys met in the rows, required ones first; missing values are written ``None``."""
    for key in ("budget", "vote_type"):
        if key not in meta:
            raise ValueError(f"meta needs {key!r}")
    first_votes = ("voter_id", "vote", "points") if str(meta["vote_type"]) in POINTS_TYPES else ("voter_id", "vote")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quotechar='"', lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key, value in meta.items():
        writer.writerow([key, _cell(value)])
    for name, rows, columns, first in (
        ("PROJECTS", projects, project_columns, ("project_id", "cost")),
        ("VOTES", votes, vote_columns, first_votes),
    ):
        columns = list(columns) if columns is not None else _columns(rows, first)
        writer.writerow([name])
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(column)) for column in columns])
    return out.getvalue()


def _columns(rows: Sequence[Mapping[str, object]], first: Sequence[str]) -> list[str]:
    columns = list(first)
    for row in rows:
        columns.extend(key for key in row if key not in columns)
    return columns


def dump_pb(pb: PbFile) -> str:
    """Write back a parsed file (same sections, columns and values)."""
    return write_pb(pb.meta, pb.projects, pb.votes, project_columns=pb.project_columns, vote_columns=pb.vote_columns)
