"""Reports from every channel: the web form (signed in or not) and staff entry of what came by
phone, at a counter, from the field or by post, with the channel and the staff member recorded,
and the criticality each suggests when it arrives."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.core.audit import AuditEntry
from app.core.errors import DomainError
from app.extensions import db
from app.feedback.services import items
from tests.feedback.conftest import World


def _data(world: World, **fields: object) -> items.ItemInput:
    values: dict[str, object] = {
        "service_id": world.voirie.id,
        "text": "Le trottoir est défoncé devant la boulangerie.",
        "category": "Trottoir abîmé",
        "quartier_id": world.quartier.id,
        "address": "3 boulevard National",
    }
    values.update(fields)
    return items.ItemInput(**values)  # type: ignore[arg-type]


def test_a_signed_in_resident_reports_on_the_web(world: World) -> None:
    resident = world.resident()
    item = items.report(resident, _data(world, contact_email="ignored@example.org"), now=world.now)
    assert (item.channel, item.status, item.author_id, item.recorded_by_id) == ("web", "received", resident.id, None)
    assert item.contact_email == ""  # the account is how to answer them
    assert items.reach(item) == ("email", resident.email)


def test_a_visitor_leaves_an_email_to_be_answered(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        items.report(None, _data(world), now=world.now)
    assert refused.value.problems[0][0] == "contact_email"
    item = items.report(None, _data(world, contact_email="Visiteuse@Example.org", contact_name="Inès"), now=world.now)
    assert (item.channel, item.author_id) == ("web", None)
    assert items.reach(item) == ("email", "visiteuse@example.org")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"text": "court"}, "text"),
        ({"service_id": None}, "service_id"),
        ({"category": "Pas une catégorie de la voirie"}, "category"),
        ({"quartier_id": 999999}, "quartier_id"),
    ],
)
def test_bad_input_is_refused_on_its_field(world: World, fields: dict[str, object], field: str) -> None:
    with pytest.raises(DomainError) as refused:
        items.report(world.resident(), _data(world, **fields), now=world.now)
    assert field in [name for name, _message in refused.value.problems]


def test_an_inactive_service_takes_no_reports(world: World) -> None:
    world.proprete.active = False
    with pytest.raises(DomainError):
        items.report(world.resident(), _data(world, service_id=world.proprete.id, category=""), now=world.now)


@pytest.mark.parametrize("channel", ["phone", "counter", "field", "mail"])
def test_staff_record_each_channel_with_their_name(world: World, channel: str) -> None:
    agent = world.agent()
    data = _data(world, channel=channel, answer_by="phone", contact_phone="04 91 00 00 00", contact_name="M. Blanc")
    item = items.record(agent, data, now=world.now)
    db.session.commit()
    assert (item.channel, item.recorded_by_id, item.author_id) == (channel, agent.id, None)
    assert items.reach(item) == ("phone", "04 91 00 00 00")
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "feedback.item_recorded"))
    assert entry is not None and entry.actor_id == agent.id and entry.payload()["channel"] == channel


def test_staff_entry_needs_the_contact_matching_how_to_answer(world: World) -> None:
    agent = world.agent()
    with pytest.raises(DomainError) as refused:
        items.record(agent, _data(world, channel="mail", answer_by="postal"), now=world.now)
    assert refused.value.problems == [("contact_postal", "Indiquez l'adresse postale où écrire.")]
    with pytest.raises(DomainError) as refused:
        items.record(agent, _data(world, channel="web", answer_by="email", contact_email="a@example.org"))
    assert refused.value.problems[0][0] == "channel"


def test_staff_entry_on_behalf_of_an_account(world: World) -> None:
    resident = world.resident()
    item = items.record(world.agent(), _data(world, channel="counter"), resident=resident, now=world.now)
    assert item.author_id == resident.id and items.of_author(resident) == [item]


def test_the_suggestion_counts_open_reports_of_the_same_place(world: World) -> None:
    for days in (1, 2, 3):
        world.report(now=world.now - timedelta(days=days))
    world.report(now=world.now - timedelta(days=30))  # too old to count
    world.report(service=world.proprete, category="", now=world.now)  # another service
    closed = world.report(now=world.now - timedelta(days=1))
    closed.status = "resolved"
    db.session.commit()
    item = items.report(world.resident(), _data(world, text="Encore un trou", address="12 RUE LOUBON"), now=world.now)
    assert item.suggested_criticality == "high"
    assert item.suggestion_reasons == "risk=trou\nrepeats=3"
    assert item.criticality == "normal"  # staff decide
