"""Who may vote: any account, verified residents, residents of some places, an explicit list."""

from __future__ import annotations

import pytest

from app.accounts.models import CensusEntry
from app.accounts.services.identity import identity_hash
from app.core.errors import DomainError
from app.extensions import db
from app.votes.services import casting, eligibility, paper, votes
from tests.factories import QuartierFactory
from tests.votes.conftest import ids

pytestmark = pytest.mark.usefixtures("request_context")


def test_signed_in_and_verified(make_vote, resident) -> None:
    anyone = make_vote(eligibility="signed_in")
    verified_only = make_vote(eligibility="verified")
    newcomer, known = resident(), resident(verified=True)
    assert eligibility.is_eligible(anyone, newcomer)
    assert "résidence est vérifiée" in eligibility.problem(verified_only, newcomer)
    assert eligibility.is_eligible(verified_only, known)
    assert eligibility.problem(anyone, None) == "Connectez-vous pour voter."
    with pytest.raises(DomainError, match="vérifiée"):
        casting.cast(verified_only, newcomer, {"approve": [ids(verified_only)[0]]})


def test_districts_and_quartiers(make_vote, resident) -> None:
    here = QuartierFactory()
    neighbour = QuartierFactory(district=here.district)
    elsewhere = QuartierFactory()
    db.session.commit()
    by_district = make_vote(eligibility="area", district_ids=[here.district_id])
    by_quartier = make_vote(eligibility="area", quartier_ids=[here.id])
    local = resident(verified=True, quartier=neighbour)
    far = resident(verified=True, quartier=elsewhere)
    homeless = resident(verified=True)
    assert eligibility.is_eligible(by_district, local)
    assert not eligibility.is_eligible(by_quartier, local)
    assert "autres quartiers" in eligibility.problem(by_district, far)
    assert "indiquez votre quartier" in eligibility.problem(by_district, homeless)
    assert "vérifiée" in eligibility.problem(by_district, resident(quartier=here))


def test_paper_voter_without_account_is_placed_by_the_census(make_vote, make_user) -> None:
    here, elsewhere = QuartierFactory(), QuartierFactory()
    db.session.add_all(
        [
            CensusEntry(identity_hash=identity_hash("cni", "LOCAL1"), check_hash="x", quartier_id=here.id),
            CensusEntry(identity_hash=identity_hash("cni", "FAR001"), check_hash="y", quartier_id=elsewhere.id),
        ]
    )
    db.session.commit()
    vote = make_vote(eligibility="area", quartier_ids=[here.id])
    staff = make_user(roles=[("staff", "")])
    assert paper.enter_paper_ballot(
        vote, staff, paper.PaperVoter(document_type="cni", document_number="local1"), {"approve": [ids(vote)[0]]}
    )
    with pytest.raises(DomainError, match="recensement"):
        paper.enter_paper_ballot(
            vote, staff, paper.PaperVoter(document_type="cni", document_number="FAR001"), {"approve": [ids(vote)[0]]}
        )


def test_explicit_list_by_every_key_of_the_person(make_vote, resident, make_user) -> None:
    vote = make_vote(eligibility="list")
    present = resident(verified=True, number="MEMBRE1")
    absent = resident()
    votes.set_eligible_voters(None, vote, [present])
    assert eligibility.is_eligible(vote, present)
    assert "liste de votants" in eligibility.problem(vote, absent)
    # Staff entering a ballot in session for the present member by their document: same person.
    staff = make_user(roles=[("staff", "")])
    paper.enter_paper_ballot(
        vote,
        staff,
        paper.PaperVoter(document_type="cni", document_number="membre1"),
        {"approve": [ids(vote)[0]]},
        "session",
    )
    assert casting.has_voted(vote, present)
    with pytest.raises(DomainError, match="ne figure pas"):
        paper.enter_paper_ballot(
            vote, staff, paper.PaperVoter(document_type="cni", document_number="INCONNU9"), {"approve": [ids(vote)[0]]}
        )
    votes.set_eligible_voters(None, vote, [absent])
    assert not eligibility.is_eligible(vote, present) and eligibility.is_eligible(vote, absent)
