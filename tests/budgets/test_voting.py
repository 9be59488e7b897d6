"""The vote of an edition: one app.votes vote per envelope, prepared from the projects put to the vote;
the ballot's rules checked on the server (too many projects, over the amount, under the minimum
share, an envelope that is not the resident's); receipts; the ballot page."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.budgets.services import editions, voting
from app.core.audit import AuditEntry
from app.core.errors import DomainError
from app.extensions import db
from app.votes.models import Ballot
from app.votes.services import casting, votes
from tests.budgets.conftest import DAY, World, sign_in
from tests.budgets.voting_helpers import citizen, outsider, plain, voting_edition
from tests.test_security_headers import page_problems


def test_each_envelope_gets_its_vote_from_the_projects_put_to_it(world: World) -> None:
    setup = voting_edition(world, rule="mes")
    city, local = setup.city_vote, setup.local_vote
    assert (city.owner, city.owner_ref) == ("budgets", f"envelope:{setup.city.id}")
    assert (city.kind, city.budget, city.rule, city.eligibility) == ("knapsack", Decimal("1000000"), "mes", "verified")
    assert sorted(o.ref for o in city.options) == sorted(str(p.id) for p in setup.city_projects)
    assert sorted(o.cost for o in city.options) == sorted(p.cost for p in setup.city_projects)
    # Only the 3rd arrondissement's residents vote in its envelope, for at most 3 projects.
    assert (local.kind, local.eligibility, local.district_ids) == ("approval", "area", [world.quartier.district_id])
    assert local.max_choices == 3
    phase = setup.edition.phase("voting")
    assert (city.opens_at, city.closes_at) == (phase.starts_at, phase.ends_at)
    assert votes.status(city, world.now) == "open"
    assert db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "budgets.voting_prepared"))
    # Preparing again changes nothing.
    assert voting.prepare_voting(None, setup.edition, now=world.now).prepared == []
    assert setup.city.vote_id == city.id


def test_the_votes_are_prepared_when_the_voting_phase_has_started(world: World) -> None:
    setup = voting_edition(world, prepare=False)
    assert setup.city.vote_id is None
    before = setup.edition.phase("voting").starts_at - DAY
    assert voting.ballot_for(setup.edition, world.resident(), now=before) == []
    assert setup.city.vote_id is None
    ballots = voting.ballot_for(setup.edition, world.resident(), now=world.now)
    assert [item.envelope for item in ballots] == [setup.local, setup.city]
    assert all(item.can_vote for item in ballots)


def test_feasible_projects_go_to_the_vote_when_no_preselection_ran(world: World) -> None:
    edition = world.edition("voting", support=False)
    projects = [world.proposal(edition, status="feasible", title=f"Faisable {n}") for n in range(2)]
    world.proposal(edition, status="unfeasible", title="Impossible")
    outcome = voting.prepare_voting(world.staff(), edition, now=world.now)
    assert outcome.prepared == [edition.envelopes[0]]
    assert outcome.skipped == [edition.envelopes[1]]  # no project in the arrondissement's envelope
    assert {p.status for p in projects} == {"selected"}
    assert len(voting.vote_of(edition.envelopes[0]).options) == 2


def test_too_many_projects_are_refused(world: World) -> None:
    setup = voting_edition(world)
    resident = citizen(world, "AA000001")
    four = setup.options(setup.local_vote, setup.local_projects)
    with pytest.raises(DomainError) as refused:
        voting.cast(resident, setup.local, {"approve": four}, now=world.now)
    assert "au plus 3" in refused.value.messages[0]
    voting.cast(resident, setup.local, {"approve": four[:3]}, now=world.now)


def test_over_the_amount_is_refused(world: World) -> None:
    setup = voting_edition(world)
    resident = citizen(world, "AA000002")
    over = setup.options(setup.city_vote, setup.city_projects[:3])  # 1,200,000 € for 1,000,000 €
    with pytest.raises(DomainError) as refused:
        voting.cast(resident, setup.city, {"approve": over}, now=world.now)
    assert "de plus que le budget" in refused.value.messages[0]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)) == 0


def test_under_the_minimum_share_is_refused(world: World) -> None:
    setup = voting_edition(world, min_share=50)
    resident = citizen(world, "AA000003")
    small = setup.options(setup.city_vote, setup.city_projects[3:])  # 200,000 € of the 500,000 € asked
    with pytest.raises(DomainError) as refused:
        voting.cast(resident, setup.city, {"approve": small}, now=world.now)
    assert "au moins" in refused.value.messages[0] and "50" in refused.value.messages[0]
    enough = setup.options(setup.city_vote, setup.city_projects[1:2] + setup.city_projects[3:])
    assert voting.cast(resident, setup.city, {"approve": enough}, now=world.now)


def test_an_envelope_that_is_not_the_residents_is_refused(world: World) -> None:
    setup = voting_edition(world)
    elsewhere = outsider(world)
    with pytest.raises(DomainError) as refused:
        voting.cast(elsewhere, setup.local, {"approve": setup.options(setup.local_vote, setup.local_projects[:1])})
    assert "3e arrondissement" in refused.value.messages[0]
    assert [item.envelope for item in voting.ballot_for(setup.edition, elsewhere, world.now)] == [setup.city]
    # The vote engine refuses too, whatever the door (a paper ballot, a direct call).
    with pytest.raises(DomainError):
        casting.cast(
            setup.local_vote, elsewhere, {"approve": setup.options(setup.local_vote, setup.local_projects[:1])}
        )


def test_an_envelope_of_another_edition_is_refused(world: World) -> None:
    setup = voting_edition(world)
    other = voting_edition(world, title="Autre édition", year=2028)
    resident = citizen(world, "AA000004")
    with pytest.raises(DomainError):
        voting._check_envelope(setup.edition, other.city, resident)


def test_a_second_ballot_is_refused_and_the_receipt_finds_and_replaces_it(world: World) -> None:
    setup = voting_edition(world)
    resident = citizen(world, "AA000005")
    first = setup.options(setup.local_vote, setup.local_projects[:2])
    code = voting.cast(resident, setup.local, {"approve": first}, now=world.now)
    db.session.commit()
    with pytest.raises(DomainError) as twice:
        voting.cast(resident, setup.local, {"approve": first[:1]}, now=world.now)
    assert "déjà voté" in twice.value.messages[0]
    db.session.rollback()
    found = voting.check_receipt(setup.edition, code.lower().replace("-", " "))
    assert found is not None and found.envelope == setup.local and found.check.channel == "web"
    assert voting.check_receipt(setup.edition, "0000-0000-0000") is None
    new_code = voting.replace(setup.local, code, {"approve": first[1:]}, now=world.now)
    db.session.commit()
    assert voting.check_receipt(setup.edition, code) is None
    assert voting.check_receipt(setup.edition, new_code).envelope == setup.local
    contents = db.session.scalars(sa.select(Ballot.content).where(Ballot.vote_id == setup.local_vote.id)).all()
    assert contents == [{"approve": first[1:]}]


def test_turnout_counts_ballots_by_channel_and_hides_counts_unless_the_edition_shows_them(world: World) -> None:
    setup = voting_edition(world)
    same = {"approve": setup.options(setup.local_vote, setup.local_projects[:1])}
    for number in ("AA000006", "AA000007"):  # two identical ballots: counted twice, not once
        voting.cast(citizen(world, number), setup.local, same)
    rows = {row.envelope.id: row for row in voting.turnout(setup.edition, world.now)}
    assert rows[setup.local.id].ballots == 2 and rows[setup.local.id].by_channel == {"web": 2}
    assert rows[setup.local.id].counts is None
    setup.edition.show_counts_during_vote = True
    rows = {row.envelope.id: row for row in voting.turnout(setup.edition, world.now)}
    assert rows[setup.local.id].counts[setup.local_projects[0].id] == 2
    assert rows[setup.local.id].counts[setup.local_projects[1].id] == 0


def test_the_votes_follow_the_voting_phase_when_it_moves(world: World) -> None:
    setup = voting_edition(world)
    dates = {p.kind: (p.starts_at, p.ends_at) for p in setup.edition.phases}
    starts, ends = dates["voting"]
    dates["voting"] = (starts, ends + DAY)
    dates["results"] = (ends + 2 * DAY, None)
    editions.set_phases(world.staff(), setup.edition, dates)
    voting.ensure_prepared(setup.edition, now=world.now)
    assert setup.city_vote.closes_at == ends + DAY


def test_votes_prepared_ahead_follow_the_edition_until_they_open(world: World) -> None:
    setup = voting_edition(world, prepare=False)
    voting_phase = setup.edition.phase("voting")
    ahead = voting_phase.starts_at - DAY
    voting.prepare_voting(world.staff(), setup.edition, now=ahead)
    assert votes.status(setup.city_vote, ahead) == "scheduled"
    late = world.proposal(setup.edition, status="selected", envelope=setup.city, title="Projet de ville 4")
    setup.edition.rule = "mes"
    voting.prepare_voting(world.staff(), setup.edition, now=ahead)
    assert len(setup.city_vote.options) == 5 and setup.city_vote.rule == "mes"
    labels = sorted(option.label for option in setup.city_vote.options)
    assert f"Projet de ville 4 (n° {late.id})" in labels  # two projects share a title: told apart


# The pages --------------------------------------------------------------------------------------------


def test_ballot_page_lists_the_residents_envelopes_with_the_rules(world: World, client) -> None:
    setup = voting_edition(world)
    resident = citizen(world, "AB000001")
    sign_in(client, resident)
    page = plain(client.get(f"/budget/{setup.edition.slug}/vote"))
    assert "3e arrondissement" in page and "Toute la ville" in page
    assert "Projet local 1" in page and "Projet de ville 4" in page
    assert "Choisissez de 1 à 3 options." in page
    assert "ne doit pas dépasser 1 000 000,00" in page
    assert "Les plus votés d'abord" in page
    assert 'src="/static/js/budgets-ballot.js"' in page and "<script>" not in page
    focus = plain(client.get(f"/budget/{setup.edition.slug}/vote?focus=1"))
    assert "Projet local 1" in focus and "site-header" not in focus and "Quitter le mode concentré" in focus
    assert page_problems(focus) == [] and page_problems(page) == []


def test_casting_from_the_page_shows_the_receipt_once(world: World, client) -> None:
    setup = voting_edition(world)
    resident = citizen(world, "AB000002")
    sign_in(client, resident)
    chosen = setup.options(setup.local_vote, setup.local_projects[:2])
    response = client.post(f"/budget/{setup.edition.slug}/vote/{setup.local.id}", data={"approve": chosen})
    assert response.status_code == 303
    receipt = plain(client.get(response.headers["Location"]))
    assert "3e arrondissement" in receipt and "Voici votre reçu" in receipt
    assert "Voici votre reçu" not in plain(client.get(response.headers["Location"]))
    assert casting.has_voted(setup.local_vote, resident)
    page = plain(client.get(f"/budget/{setup.edition.slug}/vote"))
    assert "Vous avez voté dans cette enveloppe" in page


def test_a_refused_ballot_comes_back_with_the_total_and_what_to_change(world: World, client) -> None:
    setup = voting_edition(world)
    sign_in(client, citizen(world, "AB000003"))
    over = setup.options(setup.city_vote, setup.city_projects[:3])
    response = client.post(f"/budget/{setup.edition.slug}/vote/{setup.city.id}", data={"approve": over})
    assert response.status_code == 422
    page = plain(response)
    assert "Total des projets cochés : 1 200 000,00" in page
    assert "retirez un ou plusieurs projets" in page
    assert page.count("checked") >= 3


def test_casting_in_an_envelope_that_is_not_the_residents_page(world: World, client) -> None:
    setup = voting_edition(world)
    sign_in(client, outsider(world))
    chosen = setup.options(setup.local_vote, setup.local_projects[:1])
    response = client.post(f"/budget/{setup.edition.slug}/vote/{setup.local.id}", data={"approve": chosen})
    assert response.status_code == 422
    assert "ne concerne pas votre secteur" in plain(response)
    other = voting_edition(world, title="Autre édition", year=2028)
    assert client.post(f"/budget/{setup.edition.slug}/vote/{other.city.id}", data={}).status_code == 404


def test_receipt_check_page(world: World, client) -> None:
    setup = voting_edition(world)
    code = voting.cast(
        citizen(world, "AB000004"), setup.city, {"approve": setup.options(setup.city_vote, setup.city_projects[:1])}
    )
    db.session.commit()
    url = f"/budget/{setup.edition.slug}/verifier-recu"
    assert client.get(url).status_code == 200
    found = client.post(url, data={"receipt": code})
    assert found.status_code == 200 and "Toute la ville" in plain(found)
    missing = client.post(url, data={"receipt": "ZZZZ-ZZZZ-ZZZZ"})
    assert missing.status_code == 422 and "Aucun bulletin" in plain(missing)


def test_replacing_from_the_page_with_the_receipt(world: World, client) -> None:
    setup = voting_edition(world)
    resident = citizen(world, "AB000005")
    chosen = setup.options(setup.local_vote, setup.local_projects)
    code = voting.cast(resident, setup.local, {"approve": chosen[:1]})
    db.session.commit()
    sign_in(client, resident)
    url = f"/budget/{setup.edition.slug}/vote/{setup.local.id}/remplacer"
    wrong = client.post(url, data={"receipt": "ZZZZ-ZZZZ-ZZZZ", "approve": chosen[1:2]})
    assert wrong.status_code == 422 and "ne correspond à aucun bulletin" in plain(wrong)
    response = client.post(url, data={"receipt": code, "approve": chosen[1:3]})
    assert response.status_code == 303
    assert voting.check_receipt(setup.edition, code) is None
