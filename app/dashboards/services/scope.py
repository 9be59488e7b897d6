"""What a dashboard covers: a period of whole months of the city's calendar and, optionally, one
arrondissement; and the one dialect-aware helper that counts rows per month in SQL."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from app.core.forms import city_zone, to_local
from app.extensions import db


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Scope:
    first: date  # first day of the first month
    last: date  # first day of the last month (included)
    district_id: int | None = None

    @property
    def start(self) -> datetime:
        """The first month's first instant in the city, in UTC."""
        return datetime(self.first.year, self.first.month, 1, tzinfo=city_zone()).astimezone(UTC)

    @property
    def end(self) -> datetime:
        """The instant after the last month (excluded), in UTC."""
        after = add_months(self.last, 1)
        return datetime(after.year, after.month, 1, tzinfo=city_zone()).astimezone(UTC)

    @property
    def months(self) -> list[date]:
        count = (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1
        return [add_months(self.first, index) for index in range(count)]

    def moment(self, column: Any) -> sa.ColumnElement[bool]:
        """`column` (an instant) falls within the period."""
        return sa.and_(column >= self.start, column < self.end)

    def day(self, column: Any) -> sa.ColumnElement[bool]:
        """`column` (a day of the city's calendar) falls within the period."""
        return sa.and_(column >= self.first, column < add_months(self.last, 1))


def last_months(now: datetime, count: int = 12, district_id: int | None = None) -> Scope:
    """The `count` months up to and including the current one: the dashboards' default."""
    today = to_local(now).date()
    current = date(today.year, today.month, 1)
    return Scope(add_months(current, 1 - count), current, district_id)


def _hour_of(column: Any) -> sa.ColumnElement[str]:
    # Instants are stored in UTC without a zone; the month they fall in depends on the city's zone
    # (and its summer time), so SQL groups by UTC hour and Python places each hour in its month.
    if db.session.get_bind().dialect.name == "postgresql":
        return sa.func.to_char(column, "YYYY-MM-DD HH24")
    return sa.func.strftime("%Y-%m-%d %H", column)


def count_by_month(column: Any, query: sa.Select[Any]) -> Counter[date]:
    """Rows of `query` (a select with its FROM and WHERE, no columns yet) counted per month of the
    city's calendar, in one grouped query: `column` is an instant, or a day (grouped as is)."""
    is_day = isinstance(getattr(column, "type", None), sa.Date)
    bucket = (column if is_day else _hour_of(column)).label("bucket")
    rows = db.session.execute(query.add_columns(bucket, sa.func.count()).group_by(bucket))
    zone = city_zone()
    months: Counter[date] = Counter()
    for value, number in rows:
        if value is None:
            continue
        if is_day:
            day = value if isinstance(value, date) else date.fromisoformat(str(value))
        else:
            day = datetime.strptime(value, "%Y-%m-%d %H").replace(tzinfo=UTC).astimezone(zone).date()
        months[date(day.year, day.month, 1)] += number
    return months
