"""A case: duplicates linked into one case with many voices, what staff decide applying to every
voice, and the answer reaching every reporter (by email, and on their page)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from app.core.errors import DomainError
from app.extensions import db
from app.feedback.models import Item
from app.feedback.services import answers, cases, items
from tests.feedback.conftest import World


def test_ten_reports_of_one_pothole_are_one_case_with_ten_voices(world: World) -> None:
    agent = world.agent()
    reports = [world.report(world.resident()) for _ in range(10)]
    primary = reports[0]
    for report in reports[1:]:
        cases.link_duplicate(agent, report, primary)
    db.session.commit()
    assert primary.voices == 10
    assert all(report.case is primary for report in reports)
    queue = db.session.scalars(cases.queue(cases.QueueFilter((world.voirie.id,)))).all()
    assert queue == [primary]


def test_linking_a_case_brings_its_own_duplicates(world: World) -> None:
    agent = world.agent()
    a, b, c = (world.report() for _ in range(3))
    cases.link_duplicate(agent, b, a)
    cases.link_duplicate(agent, a, c)  # a's case (a and b) joins c
    db.session.commit()
    assert c.voices == 3 and {a.primary_id, b.primary_id} == {c.id}


def test_duplicates_stay_within_one_service(world: World) -> None:
    agent = world.agent()
    pothole = world.report()
    rubbish = world.report(service=world.proprete, category="")
    with pytest.raises(DomainError):
        cases.link_duplicate(agent, rubbish, pothole)
    with pytest.raises(DomainError):
        cases.link_duplicate(agent, pothole, pothole)


def test_status_and_criticality_apply_to_every_voice(world: World) -> None:
    agent = world.agent()
    primary, duplicate = world.report(), world.report()
    cases.link_duplicate(agent, duplicate, primary)
    cases.set_criticality(agent, duplicate, "urgent", now=world.now)
    cases.change_status(agent, primary, "in_progress", now=world.now)
    db.session.commit()
    assert [(i.status, i.criticality) for i in (primary, duplicate)] == [("in_progress", "urgent")] * 2
    assert primary.acknowledged_at == duplicate.acknowledged_at == world.now


def test_rejection_needs_a_reason_and_may_be_reopened(world: World) -> None:
    agent = world.agent()
    item = world.report()
    with pytest.raises(DomainError) as refused:
        cases.change_status(agent, item, "rejected", "  ")
    assert refused.value.problems[0][0] == "reason"
    cases.change_status(agent, item, "rejected", "Cette voie est privée : voyez le syndic.", now=world.now)
    assert (item.status, item.closed_at) == ("rejected", world.now)
    with pytest.raises(DomainError):
        cases.change_status(agent, item, "resolved")
    cases.change_status(agent, item, "in_progress", now=world.now)
    assert (item.status, item.closed_at, item.status_reason) == ("in_progress", None, "")


def test_unlinking_makes_a_case_of_its_own(world: World) -> None:
    agent = world.agent()
    primary, duplicate = world.report(), world.report()
    cases.link_duplicate(agent, duplicate, primary)
    cases.unlink_duplicate(agent, duplicate)
    db.session.commit()
    assert duplicate.primary_id is None and primary.voices == 1
    with pytest.raises(DomainError):
        cases.unlink_duplicate(agent, duplicate)


def test_assignment_only_to_the_service_staff(world: World) -> None:
    agent, colleague, other = world.agent(), world.agent(), world.agent(world.proprete)
    item = world.report()
    cases.assign(agent, item, colleague)
    assert item.assignee_id == colleague.id
    with pytest.raises(DomainError):
        cases.assign(agent, item, other)
    assert cases.staff_of(world.voirie) == sorted([agent, colleague], key=lambda u: (u.display_name, u.id))


def test_an_answer_reaches_every_reporter(world: World, outbox: Callable[[], list[Any]]) -> None:
    agent = world.agent()
    resident = world.resident(email="lina@example.org")
    primary = world.report(resident)
    visitor = world.report(contact_email="visiteur@example.org")
    by_phone = items.record(
        agent,
        items.ItemInput(
            world.voirie.id, "Trou dangereux rue Loubon", channel="phone", answer_by="phone", contact_phone="0491"
        ),
    )
    for duplicate in (visitor, by_phone):
        cases.link_duplicate(agent, duplicate, primary)
    reply = answers.answer(agent, visitor, "L'équipe rebouche le trou jeudi matin.", now=world.now)
    db.session.commit()
    assert reply.item_id == primary.id and primary.status == "acknowledged"
    assert answers.notify(reply) == 2
    mails = {mail["To"]: mail for mail in outbox()}
    assert set(mails) == {"lina@example.org", "visiteur@example.org"}
    body = mails["lina@example.org"].get_content()
    assert "L'équipe rebouche le trou jeudi matin." in body and f"/signalements/{primary.id}" in body
    assert "/signalements/" not in mails["visiteur@example.org"].get_content()  # no account, no page to follow
    assert [r.channel for r in answers.recipients(primary)] == ["email", "email", "phone"]


def test_an_empty_answer_is_refused(world: World) -> None:
    with pytest.raises(DomainError):
        answers.answer(world.agent(), world.report(), "   ")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Item)) == 1


def test_similar_open_cases_are_offered_for_linking(world: World) -> None:
    agent = world.agent()
    item = world.report(address="12 rue Loubon")
    same_place = world.report(address="12 RUE LOUBON", now=world.now - timedelta(days=3))
    world.report(address="12 rue Loubon", now=world.now - timedelta(days=30))  # long before
    world.report(address="40 rue Loubon")  # elsewhere
    world.report(service=world.proprete, category="", address="12 rue Loubon")  # another service
    closed = world.report(address="12 rue Loubon")
    cases.change_status(agent, closed, "resolved")
    in_quartier = world.report(address="")
    db.session.commit()
    assert cases.similar(item) == [same_place]
    assert same_place in cases.similar(in_quartier) and item in cases.similar(in_quartier)
    cases.link_duplicate(agent, item, same_place)
    assert cases.similar(item) == []  # its case is the one that was offered
