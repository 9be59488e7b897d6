"""Paper ballots entered by staff: the same rules as on the web, one vote per person across the web and
paper (either order), the place in the audit entry, and the staff page."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from app.accounts.models import CensusEntry
from app.accounts.services.identity import identity_hash
from app.budgets.services import paper, voting
from app.core.audit import AuditEntry
from app.core.errors import DomainError
from app.extensions import db
from app.votes.models import Ballot
from tests.budgets.conftest import World, sign_in
from tests.budgets.voting_helpers import citizen, plain, voting_edition

PLACE = "Mairie des 2e et 3e arrondissements"


def test_web_then_paper_is_refused(world: World) -> None:
    setup = voting_edition(world)
    resident = citizen(world, "PP000001")
    chosen = setup.options(setup.local_vote, setup.local_projects[:1])
    voting.cast(resident, setup.local, {"approve": chosen}, now=world.now)
    db.session.commit()
    staff = world.staff()
    # By the identity document the resident verified their account with: the same person.
    by_document = paper.PaperVoter(document_type="cni", document_number="pp 000 001")
    with pytest.raises(DomainError) as refused:
        paper.enter(staff, setup.local, by_document, {"approve": chosen}, PLACE, now=world.now)
    assert "déjà voté" in refused.value.messages[0]
    db.session.rollback()
    with pytest.raises(DomainError):
        paper.enter(staff, setup.local, paper.PaperVoter(user=resident), {"approve": chosen}, PLACE, now=world.now)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)) == 1


def test_paper_then_web_is_refused(world: World) -> None:
    setup = voting_edition(world)
    resident = citizen(world, "PP000002")
    chosen = setup.options(setup.city_vote, setup.city_projects[:2])
    by_document = paper.PaperVoter(document_type="cni", document_number="PP000002")
    code = paper.enter(world.staff(), setup.city, by_document, {"approve": chosen}, PLACE, now=world.now)
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        voting.cast(resident, setup.city, {"approve": chosen}, now=world.now)
    assert "déjà voté" in refused.value.messages[0]
    db.session.rollback()
    found = voting.check_receipt(setup.edition, code)
    assert found is not None and found.check.channel == "paper"


def test_paper_ballots_follow_the_same_rules_and_the_audit_names_the_place(world: World) -> None:
    setup = voting_edition(world)
    staff = world.staff()
    voter = paper.PaperVoter(user=citizen(world, "PP000003"))
    four = setup.options(setup.local_vote, setup.local_projects)
    with pytest.raises(DomainError) as too_many:
        paper.enter(staff, setup.local, voter, {"approve": four}, PLACE, now=world.now)
    assert "au plus 3" in too_many.value.messages[0]
    db.session.rollback()
    with pytest.raises(DomainError) as no_place:
        paper.enter(staff, setup.local, voter, {"approve": four[:2]}, "  ", now=world.now)
    assert no_place.value.problems[0][0] == "place"
    paper.enter(staff, setup.local, voter, {"approve": four[:2]}, f"  {PLACE} ", now=world.now)
    db.session.commit()
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "budgets.paper_ballot"))
    data = json.loads(entry.data)
    assert entry.actor_id == staff.id and data["place"] == PLACE and data["vote"] == setup.local_vote.id
    assert "approve" not in entry.data and str(four[0]) not in json.dumps(data["place"])
    assert db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "votes.ballot_entered")) is not None


def test_a_census_resident_without_an_account_votes_on_paper_in_their_envelope_only(world: World) -> None:
    setup = voting_edition(world)
    db.session.add(
        CensusEntry(
            identity_hash=identity_hash("passeport", "CENS0001"), check_hash="x", quartier_id=world.other_quartier.id
        )
    )
    db.session.commit()
    staff = world.staff()
    voter = paper.PaperVoter(document_type="passeport", document_number="CENS0001")
    with pytest.raises(DomainError) as elsewhere:
        paper.enter(
            staff, setup.local, voter, {"approve": setup.options(setup.local_vote, setup.local_projects[:1])}, PLACE
        )
    assert "recensement" in elsewhere.value.messages[0]
    db.session.rollback()
    paper.enter(staff, setup.city, voter, {"approve": setup.options(setup.city_vote, setup.city_projects[:1])}, PLACE)
    db.session.commit()


def test_paper_page_for_staff(world: World, client) -> None:
    setup = voting_edition(world)
    resident = citizen(world, "PP000004", email="paper@example.org")
    staff = world.staff()
    sign_in(client, staff)
    url = f"/budget/{setup.edition.slug}/papier"
    assert "Toute la ville" in plain(client.get(url))
    form = plain(client.get(f"{url}?enveloppe={setup.local.id}"))
    assert "Projet local 1" in form and "Lieu de la saisie" in form
    chosen = setup.options(setup.local_vote, setup.local_projects[:2])
    entry = f"{url}?enveloppe={setup.local.id}"
    missing = client.post(entry, data={"place": PLACE, "approve": chosen})
    assert missing.status_code == 422 and "pièce d'identité" in plain(missing)
    unknown = client.post(
        entry,
        data={"place": PLACE, "voter_email": "nobody@example.org", "approve": chosen},
    )
    assert unknown.status_code == 422 and "Aucun compte" in plain(unknown)
    done = client.post(
        entry,
        data={"place": PLACE, "voter_email": "paper@example.org", "approve": chosen},
    )
    assert done.status_code == 303
    assert "Reçu à remettre au votant" in plain(client.get(done.headers["Location"]))
    again = client.post(
        entry,
        data={"place": PLACE, "voter_email": "paper@example.org", "approve": chosen},
    )
    assert again.status_code == 422 and "déjà voté" in plain(again)
    assert voting.check_receipt(setup.edition, "0000-0000-0000") is None and resident.email


def test_paper_page_is_for_staff_only(world: World, client) -> None:
    setup = voting_edition(world)
    sign_in(client, world.resident())
    assert client.get(f"/budget/{setup.edition.slug}/papier").status_code == 403
