"""The figures the dashboards will read equal counts made directly here, item by item."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from app.extensions import db
from app.feedback.services import cases, figures, items, surveys
from tests.factories import QuartierFactory
from tests.feedback.conftest import World

HOUR = timedelta(hours=1)


@pytest.fixture
def spread(world: World) -> list[items.Item]:
    """Items over services, quartiers (two in one arrondissement), channels and months."""
    agent = world.agent()
    neighbour = QuartierFactory(name="Saint-Mauront", slug="saint-mauront", district=world.quartier.district)
    places = [world.quartier, world.other_quartier, neighbour, None]
    made = []
    for number in range(24):
        when = datetime(2026, 1 + number % 6, 10, 9, tzinfo=UTC)
        place = places[number % 4]
        service = world.voirie if number % 3 else world.proprete
        data = items.ItemInput(
            service.id, f"Signalement numéro {number} à traiter", quartier_id=place.id if place else None,
            contact_email="v@example.org", answer_by="email", channel=("phone", "counter", "field")[number % 3],
        )  # fmt: skip
        made.append(items.record(agent, data, now=when) if number % 2 else items.report(None, data, now=when))
    db.session.commit()
    return made


def test_volume_per_dimension(world: World, spread: list[items.Item]) -> None:
    by_quartier = Counter(i.quartier_id for i in spread if i.quartier_id is not None)
    assert {row.key: row.count for row in figures.volume("quartier")} == dict(by_quartier)
    by_district = Counter(i.quartier.district_id for i in spread if i.quartier is not None)
    assert {row.key: row.count for row in figures.volume("district")} == dict(by_district)
    assert {row.key: row.count for row in figures.volume("service")} == dict(Counter(i.service_id for i in spread))
    assert {row.key: row.count for row in figures.volume("channel")} == dict(Counter(i.channel for i in spread))
    rows = figures.volume("service")
    assert [row.count for row in rows] == sorted((row.count for row in rows), reverse=True)
    with pytest.raises(ValueError):
        figures.volume("colour")


def test_volume_within_a_window(world: World, spread: list[items.Item]) -> None:
    start, end = datetime(2026, 2, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)
    expected = Counter(i.service_id for i in spread if start <= i.created_at < end)
    assert {row.key: row.count for row in figures.volume("service", start, end)} == dict(expected)


def test_monthly_in_the_city_calendar(world: World, spread: list[items.Item]) -> None:
    assert figures.monthly() == {f"2026-0{month}": 4 for month in range(1, 7)}
    assert figures.monthly(service_id=world.proprete.id) == dict(
        sorted(Counter(f"2026-0{i.created_at.month}" for i in spread if i.service_id == world.proprete.id).items())
    )
    # 23:30 UTC on 31 January is already February in Marseille.
    world.report(now=datetime(2026, 1, 31, 23, 30, tzinfo=UTC))
    assert figures.monthly()["2026-02"] == 5


def test_delays_per_service(world: World) -> None:
    agent = world.agent()
    start = world.now
    quick, slow, open_, duplicate = (world.report(now=start) for _ in range(4))
    cases.change_status(agent, quick, "acknowledged", now=start + 2 * HOUR)
    cases.change_status(agent, quick, "resolved", now=start + 10 * HOUR)
    cases.change_status(agent, slow, "resolved", now=start + 30 * HOUR)  # acknowledged on resolving
    cases.change_status(agent, open_, "in_progress", now=start + 6 * HOUR)
    cases.link_duplicate(agent, duplicate, open_)  # a voice, not a case
    db.session.commit()
    voirie, proprete = figures.delays()
    assert (voirie.cases, voirie.acknowledged, voirie.resolved) == (3, 3, 2)
    assert (voirie.median_hours_to_acknowledge, voirie.mean_hours_to_acknowledge) == (6.0, 12.7)
    assert (voirie.median_hours_to_resolve, voirie.mean_hours_to_resolve) == (20.0, 20.0)
    assert (proprete.cases, proprete.median_hours_to_resolve) == (0, None)


def test_satisfaction_per_service(world: World) -> None:
    agent = world.agent()
    scores = [5, 4, 2]
    for score in scores:
        item = world.report(contact_email=f"p{score}@example.org")
        cases.change_status(agent, item, "resolved")
        (invitation,) = surveys.for_resolved_case(agent, item)
        surveys.answer(invitation, score, "")
    surveys.send("council_session", 9, "Séance", "", [surveys.Recipient("x@example.org")], None)
    db.session.commit()
    voirie, proprete = figures.satisfaction()
    assert (voirie.responses, voirie.average) == (3, round(sum(scores) / 3, 2))
    assert (proprete.responses, proprete.average) == (0, None)
