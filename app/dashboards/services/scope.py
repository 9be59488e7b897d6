"""What a dashboards page covers: a period of whole months of the city's calendar and, optionally,
one arrondissement; and the one helper that counts rows per month in SQL."""

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
        return _instant(self.first)

    @property
    def end(self) -> datetime:
        """The instant after the last month (excluded), in UTC."""
        return _instant(add_months(self.last, 1))

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


def count_by_month(column: Any, query: sa.Select[Any], scope: Scope) -> Counter[date]:
    """Rows of `query` (a select with its FROM and WHERE, no columns yet) counted per month of the
    scope, in one grouped query: `column` is an instant or a day. Each row gets the number of its
    month from a CASE over the months' ends, computed here in the city's time zone (summer time
    included) — plain SQL, the same on SQLite and PostgreSQL, with no date function of either."""
    months = scope.months
    is_day = isinstance(getattr(column, "type", None), sa.Date)
    ends = [add_months(month, 1) for month in months]
    bucket = sa.case(
        *((column < (end if is_day else _instant(end)), index) for index, end in enumerate(ends)),
        else_=None,
    ).label("month")
    rows = db.session.execute(query.add_columns(bucket, sa.func.count()).group_by(bucket))
    return Counter({months[index]: number for index, number in rows if index is not None})


def _instant(month: date) -> datetime:
    return datetime(month.year, month.month, 1, tzinfo=city_zone()).astimezone(UTC)
