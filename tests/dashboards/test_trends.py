"""Month by month: counted in SQL per hour and placed in the city's month (its time zone and summer
time), the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.dashboards.services.scope import Scope, add_months, last_months
from app.dashboards.services.trends import trends
from tests.dashboards.conftest import YEAR, City


def test_months_of_the_city_calendar(city: City) -> None:
    q1 = city.quartiers[0]
    city.report(q1, at=datetime(2026, 3, 31, 23, 30, tzinfo=UTC))  # 1 April, 01:30 in Marseille
    city.report(q1, at=datetime(2026, 3, 31, 21, 30, tzinfo=UTC))  # still 31 March, 23:30
    city.report(q1, at=datetime(2026, 1, 1, 0, 30, tzinfo=UTC))
    city.report(q1, at=datetime(2025, 12, 31, 23, 15, tzinfo=UTC))  # already 2026 in the city (UTC+1)
    city.report(q1, at=datetime(2025, 12, 31, 23, 59, tzinfo=UTC))
    city.report(q1, at=datetime(2025, 12, 31, 22, 30, tzinfo=UTC))  # 23:30 on 31 December: outside
    resident = city.resident(q1, at=datetime(2026, 7, 10, 8, tzinfo=UTC))
    city.vote(resident, day=date(2026, 7, 11))
    city.attend(resident, "council", at=datetime(2026, 7, 12, 18, tzinfo=UTC))
    months = {month.month: month.counts for month in trends(YEAR)}
    assert list(months) == [date(2026, m, 1) for m in range(1, 13)]
    assert months[date(2026, 1, 1)]["feedback"] == 3
    assert months[date(2026, 3, 1)]["feedback"] == 1
    assert months[date(2026, 4, 1)]["feedback"] == 1
    assert sum(counts["feedback"] for counts in months.values()) == 5
    july = months[date(2026, 7, 1)]
    assert (july["accounts"], july["budget_voters"], july["council_attendance"], july["ciq_attendance"]) == (1, 1, 1, 0)


def test_one_arrondissement_leaves_voters_out(city: City) -> None:
    city.report(city.quartiers[0])
    city.report(city.quartiers[1])
    months = trends(Scope(YEAR.first, YEAR.last, city.districts[0].id))
    assert all("budget_voters" not in month.counts for month in months)
    assert sum(month.counts["feedback"] for month in months) == 1


def test_periods(city: City) -> None:
    assert add_months(date(2026, 11, 1), 3) == date(2027, 2, 1)
    assert add_months(date(2026, 1, 1), -1) == date(2025, 12, 1)
    scope = last_months(datetime(2026, 12, 31, 23, 30, tzinfo=UTC))  # already January in the city
    assert (scope.first, scope.last) == (date(2026, 2, 1), date(2027, 1, 1))
    assert Scope(date(2026, 1, 1), date(2026, 1, 1)).end == datetime(2026, 1, 31, 23, tzinfo=UTC)
