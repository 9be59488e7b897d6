"""Budget projects delivered and money per arrondissement; feedback per service: both equal counts
made directly here."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from app.core.db import utcnow
from app.dashboards.services.delivery import delivery
from app.dashboards.services.scope import Scope
from app.dashboards.services.service_quality import service_quality
from tests.dashboards.conftest import BEFORE, YEAR, City


def test_delivery_per_arrondissement(city: City) -> None:
    first, second, _ = city.districts
    city.follow_up(first, "delivered", voted="1000.50", spent="900", delivered_on=date(2026, 5, 2))
    city.follow_up(first, "delivered", voted="2000", spent="2100", delivered_on=date(2025, 5, 2))  # before
    city.follow_up(first, "cancelled", voted="5000", spent="10")  # its money does not count
    city.follow_up(second, "works", voted="300", spent="100")
    city.follow_up(None, "study", voted="50")
    figures = delivery(YEAR)
    lines = {line.district_id: line for line in figures.lines}
    assert (lines[first.id].projects, lines[first.id].delivered) == (3, 1)
    assert (lines[first.id].voted, lines[first.id].spent) == (Decimal("3000.50"), Decimal("3000.00"))
    assert (lines[second.id].projects, lines[second.id].voted) == (1, Decimal("300.00"))
    assert lines[None].name == "" and lines[None].voted == Decimal("50.00")
    assert [line.district_id for line in figures.lines] == [first.id, second.id, None]
    assert (figures.projects, figures.delivered, figures.voted, figures.spent) == (
        5,
        1,
        Decimal("3350.50"),
        Decimal("3100.00"),
    )
    only_second = delivery(Scope(YEAR.first, YEAR.last, second.id))
    assert [line.district_id for line in only_second.lines] == [second.id]


def test_feedback_per_service(city: City) -> None:
    q1 = city.quartiers[0]
    now = utcnow()
    city.report(q1, at=datetime(2026, 2, 1, tzinfo=UTC), channel="phone")
    city.report(q1, at=datetime(2026, 2, 2, tzinfo=UTC))
    city.report(q1, at=BEFORE)
    city.report(q1, at=now - timedelta(days=40))  # past the 15 days target: late now
    february = Scope(date(2026, 2, 1), date(2026, 2, 1))
    figures = service_quality(february, now)
    (line,) = figures.services
    assert line.name == "Voirie"
    assert line.items == figures.items == line.cases == 2
    assert {row.key: row.count for row in figures.channels} == {"phone": 1, "web": 1}
    # Late now, whatever the period: every open case older than the service's 15 days.
    assert line.late_now == 4
