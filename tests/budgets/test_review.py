"""Review decisions: reasons required and published, cost re-estimated, merges carrying supports
and authors, moves between envelopes; every decision audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.budgets.models import Support
from app.budgets.services import review, supports
from app.core import audit
from app.core.errors import DomainError
from app.extensions import db
from tests.budgets.conftest import DAY, World


def actions() -> list[str]:
    return list(db.session.scalars(sa.select(audit.AuditEntry.action).order_by(audit.AuditEntry.id)))


def test_unfeasible_needs_a_public_reason(world: World) -> None:
    edition = world.edition("review")
    proposal = world.proposal(edition)
    reviewer = world.make_user(roles=[("reviewer", edition.slug)])
    with pytest.raises(DomainError) as error:
        review.mark_unfeasible(reviewer, proposal, "  ", now=world.now)
    assert error.value.problems[0][0] == "reason"
    decision = review.mark_unfeasible(
        reviewer, proposal, "Le terrain appartient à l'État, pas à la ville.", now=world.now
    )
    assert proposal.status == "unfeasible" and proposal.status_reason.startswith("Le terrain")
    assert decision.actor_id == reviewer.id and actions()[-1] == "budgets.review_unfeasible"


def test_feasible_with_the_services_cost(world: World) -> None:
    edition = world.edition("review")
    proposal = world.proposal(edition)
    reviewer = world.staff()
    with pytest.raises(DomainError):
        review.mark_feasible(reviewer, proposal, cost=Decimal("2000000"), now=world.now)
    review.mark_feasible(
        reviewer, proposal, "Réalisable par la direction des parcs.", cost=Decimal("52000"), now=world.now
    )
    assert proposal.status == "feasible" and proposal.cost == Decimal("52000")
    assert proposal.estimated_cost == Decimal("45000")
    with pytest.raises(DomainError):
        review.reestimate(reviewer, proposal, Decimal("60000"), "", now=world.now)
    review.reestimate(reviewer, proposal, Decimal("60000"), "Il faut aussi raccorder l'eau.", now=world.now)
    assert proposal.cost == Decimal("60000") and [d.kind for d in proposal.decisions] == ["feasible", "cost"]
    assert actions()[-2:] == ["budgets.review_feasible", "budgets.review_cost"]


def test_review_closes_when_the_vote_opens(world: World) -> None:
    edition = world.edition("review")
    proposal = world.proposal(edition)
    with pytest.raises(DomainError):
        review.mark_feasible(world.staff(), proposal, now=edition.phase("voting").starts_at)


def test_merge_carries_supports_and_authors(world: World) -> None:
    edition = world.edition("support", support_leads_to="review")
    source, target = world.proposal(edition), world.proposal(edition, title="Un jardin rue Loubon")
    both, only_source, only_target = world.resident(), world.resident(), world.resident()
    moment = world.now
    for person in (both, only_source):
        supports.support(person, source, now=moment)
    for person in (both, only_target):
        supports.support(person, target, now=moment)
    db.session.commit()
    reviewer = world.staff()
    with pytest.raises(DomainError):
        review.merge(reviewer, source, source, "Le même projet, déposé deux fois.", now=moment)
    decision = review.merge(reviewer, source, target, "Le même projet, déposé deux fois.", now=moment)
    db.session.commit()
    assert source.status == "merged" and source.merged_into == target
    assert {a.id for a in target.authors} == {source.author_id, target.author_id}
    assert target.support_count == 3 and source.support_count == 0
    holders = set(db.session.scalars(sa.select(Support.user_id).where(Support.proposal_id == target.id)))
    assert holders == {both.id, only_source.id, only_target.id}
    assert decision.data["supports_moved"] == 1
    assert actions()[-2:] == ["budgets.review_merge", "budgets.review_merge"]


def test_move_to_another_envelope(world: World) -> None:
    edition = world.edition("review")
    proposal = world.proposal(edition)
    city, district = edition.envelopes
    with pytest.raises(DomainError):
        review.move(world.staff(), proposal, city, "Déjà dans celle-ci, rien à faire.", now=world.now)
    review.move(world.staff(), proposal, district, "Le projet ne concerne que le 3e arrondissement.", now=world.now)
    assert proposal.envelope == district and proposal.decisions[-1].data["before"] == city.id


def test_the_queue_lists_submitted_proposals(world: World) -> None:
    edition = world.edition("review")
    waiting = world.proposal(edition)
    world.proposal(edition, status="feasible")
    world.proposal(edition, status="draft")
    assert [p.id for p in review.queue(edition)] == [waiting.id]
    assert len(review.queue(edition, None)) == 2


def test_decisions_happen_in_time(world: World) -> None:
    edition = world.edition("review")
    proposal = world.proposal(edition, status="withdrawn")
    with pytest.raises(DomainError):
        review.mark_feasible(world.staff(), proposal, now=world.now + DAY)
