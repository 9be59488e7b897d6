"""Participation per quartier and arrondissement equals counts made directly here; the period and
the arrondissement filters; rates per 1,000 inhabitants; disparities."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from statistics import median

import sqlalchemy as sa

from app.accounts.models import User
from app.dashboards.services.disparities import disparities, quartier_disparities
from app.dashboards.services.participation import SOURCES, participation, rate
from app.dashboards.services.scope import Scope
from app.extensions import db
from tests.dashboards.conftest import BEFORE, YEAR, City
from tests.factories import QuartierFactory


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


def quartier_city(city: City) -> dict[str, tuple[int | None, int]]:
    """Five quartiers with a population and one without, and their residents this year:
    name -> (inhabitants, accounts opened)."""
    wanted = {
        "Quartier 1": (1_000, 8),  # 8.0 per 1,000
        "Quartier 2": (2_000, 10),  # 5.0
        "Quartier 3": (4_000, 24),  # 6.0
        "Les Crottes": (3_000, 6),  # 2.0: under half the median
        "Saint-Mauront": (5_000, 7),  # 1.4: under half the median, and the lowest
        "Sans chiffre": (None, 0),  # population unknown: neither compared nor in the median
    }
    quartiers = {q.name: q for q in city.quartiers}
    quartiers["Les Crottes"] = QuartierFactory(district=city.districts[0], name="Les Crottes")
    quartiers["Saint-Mauront"] = QuartierFactory(district=city.districts[1], name="Saint-Mauront")
    quartiers["Sans chiffre"] = QuartierFactory(district=city.districts[2], name="Sans chiffre")
    for name, (population, accounts) in wanted.items():
        quartiers[name].population = population
        quartiers[name].population_year = 2012 if population else None
        db.session.commit()
        for _ in range(accounts):
            city.resident(quartiers[name])
    return wanted


def test_quartiers_far_below_half_their_median_are_flagged(city: City) -> None:
    wanted = quartier_city(city)
    figures = participation(YEAR)
    by_name = {line.name: line for line in figures.quartiers}
    for name, (population, accounts) in wanted.items():
        assert by_name[name].total == accounts
        assert by_name[name].population == population
        assert by_name[name].per_thousand == (rate(accounts, population) if population else None)
    # The rule computed directly: the median of the five known rates, half of it as the threshold.
    rates = {name: Fraction(1000 * count, people) for name, (people, count) in wanted.items() if people}
    middle = median(rates.values())
    expected = sorted((name for name, value in rates.items() if value < middle / 2), key=rates.__getitem__)
    gaps = quartier_disparities(figures)
    assert gaps.compared == 5
    assert gaps.median == rate(middle.numerator, middle.denominator * 1000) == Decimal("5.0")
    assert gaps.threshold == Decimal("2.5")
    assert [line.name for line in gaps.flagged] == expected == ["Saint-Mauront", "Les Crottes"]
    assert [line.per_thousand for line in gaps.flagged] == [Decimal("1.4"), Decimal("2.0")]


def test_one_arrondissement_compares_its_quartiers_with_the_whole_city(city: City) -> None:
    quartier_city(city)
    whole = participation(YEAR)
    second = participation(Scope(YEAR.first, YEAR.last, city.districts[1].id))
    gaps = quartier_disparities(second, whole)
    assert gaps.compared == 5 and gaps.median == Decimal("5.0")
    assert [line.name for line in gaps.flagged] == ["Saint-Mauront"]


def test_no_quartier_compared_without_populations(city: City) -> None:
    city.resident(city.quartiers[0])
    gaps = quartier_disparities(participation(YEAR))
    assert (gaps.median, gaps.threshold, gaps.flagged, gaps.compared) == (None, None, [], 0)


def test_every_source_is_listed(city: City) -> None:
    figures = participation(YEAR)
    assert set(figures.totals) == set(SOURCES)
    assert all(line.total == 0 for line in figures.districts)
