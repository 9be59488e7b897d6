"""Who may do what with feedback, without HTTP."""

from __future__ import annotations

from flask_login import AnonymousUserMixin

from app.feedback.permissions import (
    can_manage_services,
    can_record_for_someone,
    can_view_item,
    can_work_on,
)
from tests.feedback.conftest import World


def test_service_staff_work_only_on_their_service(world: World) -> None:
    agent = world.agent()
    city_wide = world.make_user(roles=[("staff", "")])
    budget = world.make_user(roles=[("staff", "budget")])
    admin = world.make_user(roles=[("admin", "")])
    assert can_work_on(agent, world.voirie) and not can_work_on(agent, world.proprete)
    assert can_work_on(city_wide, world.proprete) and can_work_on(admin, world.proprete)
    assert not can_work_on(budget, world.voirie) and not can_work_on(AnonymousUserMixin(), world.voirie)
    assert can_record_for_someone(budget) and not can_record_for_someone(world.resident())
    assert can_manage_services(admin) and not can_manage_services(city_wide)


def test_an_item_is_seen_by_its_reporter_and_its_service_only(world: World) -> None:
    author = world.resident()
    item = world.report(author)
    assert can_view_item(author, item) and can_view_item(world.agent(), item)
    assert not can_view_item(world.resident(), item)
    assert not can_view_item(world.agent(world.proprete), item)
    assert not can_view_item(AnonymousUserMixin(), item)
    anonymous_report = world.report()
    assert not can_view_item(AnonymousUserMixin(), anonymous_report)  # author_id None matches nobody
