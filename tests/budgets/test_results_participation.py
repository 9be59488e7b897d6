"""Participation figures: people counted once across envelopes and channels, by arrondissement per
1,000 inhabitants, by gender and age band from opt-in answers with groups under 10 hidden (and a
second group hidden when one alone would be given away by the total), web against paper."""

from __future__ import annotations

from fractions import Fraction

import sqlalchemy as sa

from app.accounts.models import CensusEntry, User
from app.accounts.services.identity import identity_hash
from app.budgets.outcomes import ParticipationSnapshot
from app.budgets.services import paper, participation, voting
from app.core.db import utcnow
from app.extensions import db
from app.votes.models import RollEntry
from tests.budgets.conftest import World
from tests.budgets.voting_helpers import citizen, end_voting, outsider, plain, voting_edition


def test_participation_by_place_demographics_and_channel(world: World, client) -> None:
    setup = voting_edition(world)
    district = world.quartier.district
    district.population = 10_000
    local = {"approve": setup.options(setup.local_vote, setup.local_projects[:1])}
    city = {"approve": setup.options(setup.city_vote, setup.city_projects[:1])}
    answered = {"demographics_consent_at": utcnow()}
    for number in range(12):
        woman = citizen(world, f"FE{number:06d}", gender="femme", age_band="25-34", **answered)
        voting.cast(woman, setup.local, local, now=world.now)
        voting.cast(woman, setup.city, city, now=world.now)  # two envelopes, one person
    for number in range(3):
        man = citizen(world, f"HO{number:06d}", gender="homme", age_band="35-49", **answered)
        voting.cast(man, setup.local, local, now=world.now)
    voting.cast(outsider(world), setup.city, city, now=world.now)  # no answers given
    # A census resident without an account votes on paper: counted once, in their census quartier.
    db.session.add(
        CensusEntry(identity_hash=identity_hash("cni", "CENSUS01"), check_hash="x", quartier_id=world.quartier.id)
    )
    staff = world.staff()
    walk_in = paper.PaperVoter(document_type="cni", document_number="CENSUS01")
    paper.enter(staff, setup.local, walk_in, local, "Mairie de secteur", now=world.now)
    paper.enter(staff, setup.city, walk_in, city, "Mairie de secteur", now=world.now)
    db.session.commit()

    figures = participation.participation(setup.edition)
    assert figures.voters == 12 + 3 + 1 + 1
    lines = {line.district.id: line for line in figures.districts}
    assert lines[district.id].voters == 16
    assert lines[district.id].per_thousand == Fraction(16 * 1000, 10_000)
    assert lines[world.other_quartier.district_id].voters == 1
    assert lines[world.other_quartier.district_id].per_thousand is None  # population unknown
    genders = {line.key: line.people for line in figures.genders}
    assert genders["femme"] == 12
    assert genders["homme"] is None and genders["autre"] is None  # 3 and 0: under 10
    ages = {line.key: line.people for line in figures.age_bands}
    assert ages["25-34"] == 12 and ages["35-49"] is None
    assert figures.channels == {"web": 12 * 2 + 3 + 1, "paper": 2}

    url = f"/budget/{setup.edition.slug}/resultats"
    assert "publiés à la clôture" in plain(client.get(url))  # the figures come with the results
    end_voting(world, setup)
    page = plain(client.get(url))
    assert "17 personnes ont voté" in page and "1,6" in page  # 16 voters for 10,000 inhabitants
    assert '<th scope="row">Femmes</th>\n                  <td>12</td>' in page
    assert page.count("moins de 10 ou masqué") >= 3
    assert "Sur papier" in page and 'class="chart chart-channels"' in page
    # Once every envelope is tallied the figures are kept: later changes to accounts do not move them.
    assert db.session.get(ParticipationSnapshot, setup.edition.id) is not None
    db.session.execute(sa.update(User).values(gender=None))
    db.session.commit()
    kept = participation.final_participation(setup.edition)
    assert kept == figures
    assert participation.participation(setup.edition).genders != figures.genders


def test_a_single_small_group_is_not_given_away_by_the_total() -> None:
    from collections import Counter

    from app.core.figures import group_lines

    lines = group_lines(Counter({"femme": 30, "homme": 25, "autre": 4, None: 12}), ("femme", "homme", "autre"))
    shown = {line.key: line.people for line in lines}
    assert shown["autre"] is None
    assert shown[""] is None  # the next smallest goes too, or 71 - 30 - 25 - 12 would tell "autre"
    assert shown["femme"] == 30 and shown["homme"] == 25


def test_turnout_page_for_staff_only(world: World, client) -> None:
    from tests.budgets.conftest import sign_in

    setup = voting_edition(world)
    voting.cast(
        citizen(world, "TT000001"), setup.local, {"approve": setup.options(setup.local_vote, setup.local_projects[:1])}
    )
    db.session.commit()
    sign_in(client, world.resident())
    assert client.get(f"/budget/{setup.edition.slug}/participation").status_code == 403
    sign_in(client, world.staff())
    page = plain(client.get(f"/budget/{setup.edition.slug}/participation"))
    assert "1 personne a voté" in page and "3e arrondissement" in page
    assert "Projet local 1" not in page  # counts per project wait for the close


def test_a_city_sized_roll_is_matched_to_people_by_the_database(world: World) -> None:
    """More voters than one statement takes parameters (65,535 on PostgreSQL, 32,766 on SQLite): the
    results page of a city-wide vote gave a 500 when the roll's keys went to the database as a list."""
    setup = voting_edition(world)
    choice = {"approve": setup.options(setup.city_vote, setup.city_projects[:1])}
    voting.cast(citizen(world, "ROLL0001"), setup.city, choice, now=world.now)
    vote_id, day = setup.city_vote.id, world.now.date()
    rows = [
        {"vote_id": vote_id, "voter_key": f"user:{10_000_000 + n}", "channel": "web", "day": day} for n in range(70_000)
    ]  # keys of accounts that no longer exist: on the roll, and nobody to count
    db.session.execute(sa.insert(RollEntry), rows)
    db.session.commit()
    assert participation.participation(setup.edition).voters == 1  # its account and identity keys: one person
