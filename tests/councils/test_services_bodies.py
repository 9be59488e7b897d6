"""The directory's search, bodies covering a quartier, creating and editing bodies."""

from __future__ import annotations

from typing import Any

import pytest

from app.core.errors import DomainError
from app.councils.services import bodies
from app.extensions import db
from tests.factories import QuartierFactory


def test_search_by_name_quartier_kind_and_district(world: Any) -> None:
    other_quartier = QuartierFactory(name="Noailles", slug="noailles")
    ciq = world.body("CIQ Belle de Mai")
    council = world.body("Conseil citoyen Centre-Ville", kind="council", quartiers=[other_quartier])

    def names(**criteria: Any) -> list[str]:
        return [b.name for b in db.session.scalars(bodies.search(bodies.Search(**criteria)))]

    assert names(text="belle") == [ciq.name]
    assert names(text="noailles") == [council.name]  # a covered quartier's name finds the body
    assert names(kind="council") == [council.name]
    assert names(quartier_id=world.quartier.id) == [ciq.name]
    assert names(district_id=other_quartier.district_id) == [council.name]
    assert names(text="100%_") == []  # wildcards typed by people are taken literally
    assert [b.name for b in bodies.covering(world.quartier.id)] == [ciq.name]
    assert bodies.covering(None) == []


def test_create_body_makes_a_slug_usable_as_a_role_scope(world: Any) -> None:
    body = world.body("CIQ Saint-Lazare – Les Chartreux (3e)")
    assert body.slug == "ciq-saint-lazare-les-chartreux-3e"
    assert bodies.SLUG.match(body.slug)


def test_create_body_refuses_duplicates_and_missing_quartiers(world: Any) -> None:
    world.body("CIQ Belle de Mai")
    with pytest.raises(DomainError) as error:
        bodies.create_body(
            None, bodies.BodyInput(name="CIQ Belle de Mai", kind="ciq", quartier_ids=[world.quartier.id])
        )
    assert error.value.problems[0][0] == "name"
    with pytest.raises(DomainError) as error:
        bodies.create_body(None, bodies.BodyInput(name="CIQ X", kind="ciq", quartier_ids=[]))
    assert ("quartier_ids", "Choisissez au moins un quartier couvert.") in error.value.problems
    with pytest.raises(DomainError):
        bodies.create_body(None, bodies.BodyInput(name="Nouvelle", kind="ciq", quartier_ids=[world.quartier.id]))


def test_moderators_cannot_change_what_a_body_covers(world: Any) -> None:
    body = world.body()
    other = QuartierFactory()
    moderator = world.moderator(body)
    data = bodies.BodyInput(name="CIQ renommé", kind="council", purpose="Nouveau", quartier_ids=[other.id])
    bodies.update_body(moderator, body, data, may_change_cover=False)
    assert body.name == "CIQ renommé" and body.purpose == "Nouveau"
    assert body.kind == "ciq" and [q.id for q in body.quartiers] == [world.quartier.id]


def test_moderated_by_lists_the_bodies_of_the_grants(world: Any) -> None:
    a, b = world.body("CIQ A"), world.body("CIQ B")
    assert [x.slug for x in bodies.moderated_by(world.moderator(a))] == [a.slug]
    assert {x.slug for x in bodies.moderated_by(world.make_user(roles=[("staff", "")]))} == {a.slug, b.slug}
    assert bodies.moderated_by(world.make_user()) == []
