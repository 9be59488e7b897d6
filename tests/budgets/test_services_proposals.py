"""A proposal's life: drafted and edited during the submission phase, submitted, withdrawn; the
listing's filters and sorts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.budgets.services import proposals
from app.core.errors import DomainError
from app.extensions import db
from tests.budgets.conftest import DAY, World


def data(edition, world: World, **fields) -> proposals.ProposalInput:  # type: ignore[no-untyped-def]
    values = {
        "title": "Des bancs place Caffo",
        "description": "Six bancs à l'ombre des platanes pour les anciens du quartier.",
        "estimated_cost": Decimal("12000.50"),
        "theme": "cadre_de_vie",
        "envelope_id": edition.envelopes[1].id,
        "quartier_id": world.quartier.id,
    }
    values.update(fields)
    return proposals.ProposalInput(**values)


def test_draft_edit_submit_then_frozen_when_the_phase_closes(world: World) -> None:
    edition = world.edition("submission")
    author = world.resident()
    proposal = proposals.create_draft(author, edition, data(edition, world), now=world.now)
    assert (
        proposal.status == "draft" and proposal.authors == [author] and proposal.estimated_cost == Decimal("12000.50")
    )
    proposals.update_proposal(author, proposal, data(edition, world, title="Huit bancs place Caffo"), now=world.now)
    proposals.submit(author, proposal, now=world.now)
    assert proposal.status == "submitted" and proposal.submitted_at == world.now
    with pytest.raises(DomainError):
        proposals.submit(author, proposal, now=world.now)
    proposals.update_proposal(author, proposal, data(edition, world, title="Dix bancs place Caffo"), now=world.now)
    closed = edition.phase("submission").ends_at
    with pytest.raises(DomainError) as late:
        proposals.update_proposal(author, proposal, data(edition, world, title="Vingt bancs"), now=closed)
    assert "dépôt" in late.value.messages[0]
    db.session.rollback()
    assert proposal.title == "Dix bancs place Caffo"


def test_no_draft_outside_the_submission_phase(world: World) -> None:
    edition = world.edition("review")
    with pytest.raises(DomainError):
        proposals.create_draft(world.resident(), edition, data(edition, world), now=world.now)


def test_bad_input_names_each_field(world: World) -> None:
    edition = world.edition("submission")
    bad = data(edition, world, title="abc", description="court", estimated_cost=Decimal(0), theme="x", envelope_id=None)
    with pytest.raises(DomainError) as error:
        proposals.create_draft(world.resident(), edition, bad, now=world.now)
    assert {field for field, _ in error.value.problems} == {
        "title",
        "description",
        "estimated_cost",
        "theme",
        "envelope_id",
    }


def test_the_envelope_must_cover_the_quartier_and_afford_the_cost(world: World) -> None:
    edition = world.edition("submission")
    with pytest.raises(DomainError) as elsewhere:
        proposals.create_draft(
            world.resident(), edition, data(edition, world, quartier_id=world.other_quartier.id), now=world.now
        )
    assert elsewhere.value.problems[0][0] == "quartier_id"
    with pytest.raises(DomainError) as dear:
        proposals.create_draft(
            world.resident(), edition, data(edition, world, estimated_cost=Decimal("200000.01")), now=world.now
        )
    assert dear.value.problems[0][0] == "estimated_cost"


def test_withdraw_until_the_vote_opens(world: World) -> None:
    edition = world.edition("submission")
    proposal = world.proposal(edition, status="feasible")
    proposals.withdraw(proposal.authors[0], proposal, now=world.now)
    assert proposal.status == "withdrawn"
    with pytest.raises(DomainError):
        proposals.withdraw(proposal.authors[0], proposal, now=world.now)
    other = world.proposal(edition, status="feasible")
    with pytest.raises(DomainError):
        proposals.withdraw(other.authors[0], other, now=edition.phase("voting").starts_at + DAY)


def test_listing_filters_and_sorts(world: World) -> None:
    edition = world.edition("submission")
    district = edition.envelopes[1]
    cheap = world.proposal(edition, title="Fontaine à eau", estimated_cost=Decimal("3000"), theme="cadre_de_vie")
    dear = world.proposal(edition, title="Piste cyclable", estimated_cost=Decimal("90000"), theme="mobilite",
                          envelope=district, support_count=7)  # fmt: skip
    world.proposal(edition, title="Brouillon caché", status="draft")
    world.proposal(edition, title="Projet retiré", status="withdrawn")
    hidden = world.proposal(edition, title="Injurieux")
    hidden.hidden_at = world.now
    db.session.commit()

    def titles(**criteria) -> list[str]:  # type: ignore[no-untyped-def]
        return [p.title for p in db.session.scalars(proposals.search(edition, proposals.Search(**criteria)))]

    assert sorted(titles()) == ["Fontaine à eau", "Piste cyclable"]
    assert titles(envelope_id=district.id) == ["Piste cyclable"]
    assert titles(theme="cadre_de_vie") == ["Fontaine à eau"]
    assert titles(text="cyclable") == ["Piste cyclable"]
    assert titles(sort="cost_asc") == ["Fontaine à eau", "Piste cyclable"]
    assert titles(sort="supports")[0] == "Piste cyclable"
    assert titles(status="feasible") == []
    assert "Injurieux" in titles(include_hidden=True)
    assert {p.id for p in proposals.of_author(cheap.authors[0], edition)} == {cheap.id}
    assert dear.cost == Decimal("90000")
