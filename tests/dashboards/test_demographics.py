"""Who takes part: each person once whatever they did, by the answers they chose to give; a group
of fewer than 10 is hidden, and the next smallest with it."""

from __future__ import annotations

from app.dashboards.services.demographics import demographics
from tests.dashboards.conftest import BEFORE, YEAR, City


def test_each_person_counts_once_by_their_answers(city: City) -> None:
    q1 = city.quartiers[0]
    women = [city.resident(q1, gender="femme", age_band="25-34") for _ in range(12)]
    men = [city.resident(q1, gender="homme", age_band="25-34") for _ in range(11)]
    others = [city.resident(q1, gender="autre", age_band="65-79") for _ in range(3)]
    silent = [city.resident(q1) for _ in range(10)]
    for person in women:
        city.attend(person)
        city.report(q1, author=person)  # a second thing done: still one person
    for person in men:
        city.vote(person)
    for person in others:
        city.join_assembly(person)
    for person in silent:
        city.propose(q1, author=person)
    city.attend(city.resident(q1, gender="femme"), at=BEFORE)  # outside the period
    city.resident(q1, gender="femme")  # did nothing
    figures = demographics(YEAR)
    assert figures.people == 12 + 11 + 3 + 10
    genders = {line.key: line.people for line in figures.genders}
    # "autre" (3) is hidden; alone it would be given away by the total, so the next smallest goes too.
    assert genders == {"femme": 12, "homme": 11, "autre": None, "": None}
    ages = {line.key: line.people for line in figures.age_bands}
    assert ages["25-34"] == 23 and ages[""] == 10
    assert ages["65-79"] is None and ages["16-17"] is None  # under 10, among several hidden


def test_one_arrondissement(city: City) -> None:
    q1, q2, _ = city.quartiers
    for _ in range(10):
        city.attend(city.resident(q1, gender="femme"))
    city.attend(city.resident(q2, gender="femme"))
    from app.dashboards.services.scope import Scope

    assert demographics(Scope(YEAR.first, YEAR.last, city.districts[0].id)).people == 10
    assert demographics(Scope(YEAR.first, YEAR.last, city.districts[1].id)).people == 1
