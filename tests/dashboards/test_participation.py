"""Participation per quartier and arrondissement equals counts made directly here; the period and
the arrondissement filters; rates per 1,000 inhabitants; disparities."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from app.accounts.models import User
from app.dashboards.services.disparities import disparities
from app.dashboards.services.participation import SOURCES, participation, rate
from app.dashboards.services.scope import Scope
from app.extensions import db
from tests.dashboards.conftest import BEFORE, YEAR, City


def fill(city: City) -> None:
    q1, q2, q3 = city.quartiers
    people = [city.resident(q1) for _ in range(3)] + [city.resident(q2), city.resident(None)]
    city.resident(q1, at=BEFORE)  # an account opened before the period
    city.attend(people[0], "ciq")
    city.attend(people[1], "council")
    city.attend(people[2], "ciq", status="excused")  # not present: not counted
    city.attend(people[3], "ciq", at=BEFORE)
    city.propose(q1)
    city.propose(q2)
    city.propose(q2, status="draft")  # never public: not counted
    city.propose(q3, at=BEFORE)
    city.vote(people[0])
    city.vote(people[3], channel="paper")
    city.vote(people[4])  # no quartier on the account
    city.join_assembly(people[1])
    city.join_assembly(None)  # a pseudonym without an account
    city.report(q1)
    city.report(q1, channel="phone")
    city.report(q3)
    city.report(None)
    city.report(q2, at=BEFORE)


def test_figures_equal_direct_counts(city: City) -> None:
    fill(city)
    figures = participation(YEAR)
    q1, q2, q3 = (line.id for line in figures.quartiers)
    by_quartier = {line.id: line.counts for line in figures.quartiers}
    assert by_quartier[q1] == {
        "accounts": 3,
        "council_attendance": 1,  # people[1], who lives in q1
        "ciq_attendance": 1,
        "proposals": 1,
        "budget_voters": 1,
        "assembly_participants": 1,
        "feedback": 2,
    }
    assert by_quartier[q2] == {
        "accounts": 1,
        "council_attendance": 0,
        "ciq_attendance": 0,
        "proposals": 1,
        "budget_voters": 1,
        "assembly_participants": 0,
        "feedback": 0,
    }
    assert by_quartier[q3]["feedback"] == 1
    # Totals: every row of the period, placed or not, counted directly in SQL.
    accounts = db.session.scalar(
        sa.select(sa.func.count()).select_from(User).where(User.created_at >= YEAR.start, User.created_at < YEAR.end)
    )
    assert figures.totals["accounts"] == accounts == 5
    assert figures.totals["feedback"] == 4
    assert figures.totals["proposals"] == 2
    assert figures.totals["budget_voters"] == 3
    assert figures.totals["assembly_participants"] == 2
    assert figures.unplaced == {
        "accounts": 1,
        "council_attendance": 0,
        "ciq_attendance": 0,
        "proposals": 0,
        "budget_voters": 1,
        "assembly_participants": 1,
        "feedback": 1,
    }
    assert figures.channels == {"paper": 1, "web": 2}
    assert figures.editions == 1
    districts = {line.district_number: line for line in figures.districts}
    assert districts[1].total == sum(by_quartier[q1].values())
    assert sum(line.total for line in figures.districts) + sum(figures.unplaced.values()) == sum(
        figures.totals.values()
    )


def test_rates_per_thousand_where_population_is_known(city: City) -> None:
    fill(city)
    districts = {line.district_number: line for line in participation(YEAR).districts}
    assert districts[1].per_thousand == rate(districts[1].total, 10_000)
    assert districts[1].per_thousand == Decimal(1000 * districts[1].total / 10_000).quantize(Decimal("0.1"))
    assert districts[3].population is None and districts[3].per_thousand is None
    assert rate(1, 3) == Decimal("333.3") and rate(1, 2000) == Decimal("0.5") and rate(5, None) is None


def test_the_period_moves_what_is_counted(city: City) -> None:
    fill(city)
    before = participation(Scope(date(2025, 1, 1), date(2025, 12, 1)))
    assert before.totals["accounts"] == 1
    assert before.totals["ciq_attendance"] == 1
    assert before.totals["proposals"] == 1
    assert before.totals["feedback"] == 1
    assert before.totals["budget_voters"] == 0


def test_one_arrondissement(city: City) -> None:
    fill(city)
    first = city.districts[0]
    figures = participation(Scope(YEAR.first, YEAR.last, first.id))
    assert [line.district_number for line in figures.districts] == [1]
    assert [line.name for line in figures.quartiers] == ["Quartier 1"]
    assert figures.totals["feedback"] == 2  # the unplaced ones belong to no arrondissement


def test_far_below_half_the_median_is_flagged(city: City) -> None:
    q1, q2, _q3 = city.quartiers
    for _ in range(20):
        city.resident(q1)  # 20 for 10,000 inhabitants: 2.0 per 1,000
    for _ in range(3):
        city.resident(q2)  # 3 for 20,000: 0.15 per 1,000
    figures = participation(YEAR)
    gaps = disparities(figures)
    # Two places with a known population: the median is their mean, 1.075; half of it, 0.5375.
    assert gaps.compared == 2
    assert gaps.median == Decimal("1.1") and gaps.threshold == Decimal("0.5")
    assert [line.district_number for line in gaps.flagged] == [2]
    assert all(line.per_thousand is not None for line in gaps.flagged)


def test_nothing_flagged_without_populations(city: City) -> None:
    for district in city.districts:
        district.population = None
    db.session.commit()
    gaps = disparities(participation(YEAR))
    assert gaps.median is None and gaps.flagged == []


def test_every_source_is_listed(city: City) -> None:
    figures = participation(YEAR)
    assert set(figures.totals) == set(SOURCES)
    assert all(line.total == 0 for line in figures.districts)
