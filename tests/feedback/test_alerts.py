"""Late cases: an urgent case not acknowledged within its service's delay, any open case past its
service's target. The queue shows them, and `flask feedback alerts` mails the service's manager once
per case and kind. Time is passed in: nothing sleeps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import Flask

from app.extensions import db
from app.feedback.services import alerts, cases
from tests.feedback.conftest import World

HOUR = timedelta(hours=1)


def test_urgent_not_acknowledged_in_time(world: World) -> None:
    agent = world.agent()
    item = world.report(criticality="urgent")
    assert alerts.lateness(item, world.now + 3 * HOUR) == []
    assert alerts.lateness(item, world.now + 5 * HOUR) == ["not_acknowledged"]
    cases.change_status(agent, item, "acknowledged", now=world.now + 5 * HOUR)
    assert alerts.lateness(item, world.now + 6 * HOUR) == []


def test_any_case_past_its_service_target(world: World) -> None:
    item = world.report()
    assert alerts.lateness(item, world.now + timedelta(days=14)) == []
    assert alerts.lateness(item, world.now + timedelta(days=16)) == ["past_target"]
    cases.change_status(world.agent(), item, "resolved", now=world.now + timedelta(days=16))
    assert alerts.lateness(item, world.now + timedelta(days=17)) == []


def test_the_sql_condition_agrees_with_lateness(world: World) -> None:
    urgent = world.report(criticality="urgent")
    old = world.report(now=world.now - timedelta(days=20))
    fresh_rubbish = world.report(service=world.proprete, category="", now=world.now - timedelta(days=5))
    old_rubbish = world.report(service=world.proprete, category="", now=world.now - timedelta(days=8))
    duplicate = world.report(now=world.now - timedelta(days=20))
    cases.link_duplicate(world.agent(), duplicate, urgent)
    db.session.commit()
    at = world.now + 5 * HOUR
    late = dict(alerts.late_cases(at))
    assert {item.id: kinds for item, kinds in late.items()} == {
        urgent.id: ["not_acknowledged"],
        old.id: ["past_target"],
        old_rubbish.id: ["past_target"],
    }
    assert fresh_rubbish not in late
    assert [item for item, _ in alerts.late_cases(at, [world.proprete.id])] == [old_rubbish]


def test_the_manager_is_mailed_once_per_late_case(world: World, outbox: Callable[[], list[Any]]) -> None:
    item = world.report(criticality="urgent")
    at = world.now + 5 * HOUR
    due = alerts.record_due(at)
    db.session.commit()
    assert [(d.item_id, d.kind) for d in due] == [(item.id, "not_acknowledged")]
    assert alerts.deliver(due) == 1
    assert alerts.record_due(at + HOUR) == []  # already sent
    later = alerts.record_due(world.now + timedelta(days=16))
    assert [(d.item_id, d.kind) for d in later] == [(item.id, "past_target")]
    (mail,) = outbox()
    assert mail["To"] == "chef.voirie@example.org"
    assert f"n° {item.id}" in mail["Subject"] and "Urgence non prise en compte" in mail.get_content()


def test_the_scheduled_command(app: Flask, world: World, outbox: Callable[[], list[Any]]) -> None:
    world.report(now=world.now - timedelta(days=20))
    world.report(service=world.proprete, category="", now=world.now - timedelta(days=20))
    world.proprete.manager_email = ""  # nobody to tell: recorded, not mailed
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["feedback", "alerts"])
    assert result.exit_code == 0, result.output
    assert "2 late items, 1 alert mails sent" in result.output
    assert "0 late items" in runner.invoke(args=["feedback", "alerts"]).output
    assert [mail["To"] for mail in outbox()] == ["chef.voirie@example.org"]
