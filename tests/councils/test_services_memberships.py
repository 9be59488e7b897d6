"""Joining, answering requests, positions, leaving and joining again, names shown or not."""

from __future__ import annotations

from typing import Any

import pytest

from app.core.errors import DomainError
from app.councils.services import memberships


def test_an_open_body_takes_members_at_once(world: Any) -> None:
    body = world.body(joining="open")
    membership = memberships.join(world.make_user(), body)
    assert membership.status == "active" and membership.joined_at is not None


def test_a_body_on_request_waits_for_the_moderator(world: Any) -> None:
    body = world.body()
    resident, moderator = world.make_user(), world.moderator(body)
    membership = memberships.join(resident, body, "J'habite rue Loubon.")
    assert membership.status == "pending" and memberships.pending_requests(body) == [membership]
    with pytest.raises(DomainError, match="déjà en attente"):
        memberships.join(resident, body)
    memberships.decide(moderator, membership, True, "Bienvenue !")
    assert membership.is_active and membership.reply_message == "Bienvenue !"
    with pytest.raises(DomainError, match="déjà reçu une réponse"):
        memberships.decide(moderator, membership, False, "Non")


def test_declining_needs_a_message_the_person_will_read(world: Any) -> None:
    body = world.body()
    membership = memberships.join(world.make_user(), body)
    with pytest.raises(DomainError) as error:
        memberships.decide(world.moderator(body), membership, False, "  ")
    assert error.value.problems[0][0] == "message"
    memberships.decide(world.moderator(body), membership, False, "Réservé aux habitants du quartier.")
    assert membership.status == "declined"


def test_leaving_and_joining_again_reuses_the_row(world: Any) -> None:
    body = world.body(joining="open")
    resident = world.make_user()
    first = memberships.join(resident, body)
    memberships.set_position(world.moderator(body), first, "treasurer")
    left = memberships.leave(resident, body)
    assert left.status == "left" and left.left_at is not None and left.position == "member"
    again = memberships.join(resident, body)
    assert again.id == first.id and again.is_active and again.left_at is None
    with pytest.raises(DomainError):
        memberships.leave(world.make_user(), body)


def test_one_president_at_a_time(world: Any) -> None:
    body = world.body(joining="open")
    moderator = world.moderator(body)
    a = memberships.join(world.make_user(), body)
    b = memberships.join(world.make_user(), body)
    memberships.set_position(moderator, a, "president")
    memberships.set_position(moderator, b, "president")
    assert (a.position, b.position) == ("member", "president")
    assert memberships.active_members(body)[0] is b  # officers first
    with pytest.raises(DomainError):
        memberships.set_position(moderator, a, "roi")


def test_names_are_shown_only_with_the_members_agreement(world: Any) -> None:
    body = world.body(joining="open")
    resident = world.make_user()
    membership = memberships.join(resident, body)
    assert membership.show_name is False  # the default is not to be named
    memberships.set_show_name(resident, body, True)
    assert membership.show_name is True
