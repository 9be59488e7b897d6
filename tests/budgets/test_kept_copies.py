"""What the busy pages keep per process: the edition's envelopes for casting (`envelope_votes`) and
each envelope's drawn results section. Both must follow a change made after they were kept."""

from __future__ import annotations

import time
from typing import Any

import pytest

from app.budgets.services import envelope_votes, results
from app.extensions import db
from tests.budgets.conftest import World, sign_in
from tests.budgets.test_results import after_the_vote, cast_all
from tests.budgets.voting_helpers import citizen, plain, voting_edition


def _post(client: Any, setup: Any, envelope: Any, projects: list[Any], vote: Any) -> Any:
    return client.post(
        f"/budget/{setup.edition.slug}/vote/{envelope.id}", data={"approve": setup.options(vote, projects)}
    )


def test_casting_follows_a_change_of_the_envelopes_a_resident_may_vote_in(
    world: World, client, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup = voting_edition(world)
    sign_in(client, citizen(world, "KC000001"))
    assert _post(client, setup, setup.city, setup.city_projects[:1], setup.city_vote).status_code == 303
    # The edition now lets residents vote in their own area's envelope only (the service refuses this
    # once the vote has opened; here it is written straight into the row): once a process reads the
    # edition's version again, the copy made by the first ballot no longer holds.
    setup.edition.voting_scope = "own"
    db.session.commit()
    later = time.monotonic() + envelope_votes.CHECK_EVERY
    monkeypatch.setattr(envelope_votes, "monotonic", lambda: later)
    sign_in(client, citizen(world, "KC000002"))
    refused = _post(client, setup, setup.city, setup.city_projects[:1], setup.city_vote)
    assert refused.status_code == 422 and "ne concerne pas votre secteur" in plain(refused)
    assert _post(client, setup, setup.local, setup.local_projects[:2], setup.local_vote).status_code == 303


def test_casting_into_an_unknown_envelope_is_a_404(world: World, client) -> None:
    setup = voting_edition(world)
    sign_in(client, citizen(world, "KC000003"))
    assert client.post(f"/budget/{setup.edition.slug}/vote/999999", data={"approve": ["1"]}).status_code == 404
    assert client.post(f"/budget/pas-une-edition/vote/{setup.city.id}", data={}).status_code == 404


@pytest.fixture
def published(world: World) -> Any:
    setup = voting_edition(world)
    cast_all(world, setup)
    results.publish(world.staff(), setup.edition, now=after_the_vote(setup))
    db.session.commit()
    return setup


def test_a_drawn_results_section_follows_an_override(world: World, client, published: Any) -> None:
    url = f"/budget/{published.edition.slug}/resultats"
    assert "après arbitrage" not in plain(client.get(url))  # drawn and kept
    loser = next(p for p in published.local_projects if p.status == "not_funded")
    reason = "Une subvention régionale couvre la moitié du coût : le projet est financé en plus."
    results.override(world.make_user(roles=[("admin", "")]), loser, True, reason)
    db.session.commit()
    page = plain(client.get(url))
    assert reason in page and "après arbitrage" in page


def test_a_drawn_results_section_follows_a_project_title(world: World, client, published: Any) -> None:
    url = f"/budget/{published.edition.slug}/resultats"
    assert "Projet local 1" in plain(client.get(url))
    published.local_projects[0].title = "Bancs ombragés place Jean-Jaurès"
    db.session.commit()
    page = plain(client.get(url))
    assert "Bancs ombragés place Jean-Jaurès" in page and "Projet local 1" not in page


def test_the_override_links_are_drawn_for_admins_only(world: World, client, published: Any) -> None:
    url = f"/budget/{published.edition.slug}/resultats"
    assert "Arbitrer" not in plain(client.get(url))
    sign_in(client, world.make_user(roles=[("admin", "")]))
    assert "Arbitrer" in plain(client.get(url))
