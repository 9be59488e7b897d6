"""Supports: only during the support phase, up to the edition's N, once per proposal; the
pre-selection that follows."""

from __future__ import annotations

import pytest

from app.budgets.services import supports
from app.core.errors import DomainError
from app.extensions import db
from tests.budgets.conftest import DAY, World


def test_supports_up_to_the_limit(world: World) -> None:
    edition = world.edition("support", support_limit=2)
    first, second, third = (world.proposal(edition, status="feasible") for _ in range(3))
    resident = world.resident()
    supports.support(resident, first, now=world.now)
    with pytest.raises(DomainError) as twice:
        supports.support(resident, first, now=world.now)
    assert "déjà" in twice.value.messages[0]
    supports.support(resident, second, now=world.now)
    with pytest.raises(DomainError) as limit:
        supports.support(resident, third, now=world.now)
    assert "2" in limit.value.messages[0]
    supports.withdraw_support(resident, first, now=world.now)
    supports.support(resident, third, now=world.now)
    db.session.commit()
    assert (first.support_count, second.support_count, third.support_count) == (0, 1, 1)
    assert supports.supported_ids(resident, edition) == {second.id, third.id}


def test_supports_only_while_the_phase_is_open_and_on_supportable_proposals(world: World) -> None:
    edition = world.edition("support")
    proposal = world.proposal(edition, status="feasible")
    with pytest.raises(DomainError):
        supports.support(world.resident(), proposal, now=edition.phase("support").ends_at)
    unfeasible = world.proposal(edition, status="unfeasible")
    with pytest.raises(DomainError):
        supports.support(world.resident(), unfeasible, now=world.now)
    no_phase = world.edition("voting", support=False, title="Sans soutiens", year=2026)
    with pytest.raises(DomainError):
        supports.support(world.resident(), world.proposal(no_phase, status="feasible"), now=world.now)


def test_preselection_keeps_the_most_supported_of_each_envelope(world: World) -> None:
    edition = world.edition("support", support_limit=3, support_pass_count=2)
    ranked = [world.proposal(edition, status="feasible", title=f"Projet numéro {n}") for n in range(3)]
    people = [world.resident() for _ in range(3)]
    for count, proposal in zip((3, 1, 2), ranked, strict=True):
        for person in people[:count]:
            supports.support(person, proposal, now=world.now)
    staff = world.staff()
    with pytest.raises(DomainError):
        supports.preselect(staff, edition, now=world.now)
    outcome = supports.preselect(staff, edition, now=edition.phase("support").ends_at + DAY)
    assert outcome == {"passed": 2, "set_aside": 1}
    assert [p.status for p in ranked] == ["selected", "not_preselected", "selected"]
    assert "1" in ranked[1].status_reason


def test_without_a_support_phase_every_feasible_proposal_goes_to_the_vote(world: World) -> None:
    edition = world.edition("review", support=False)
    feasible = world.proposal(edition, status="feasible")
    refused = world.proposal(edition, status="unfeasible")
    assert supports.preselect(world.staff(), edition, now=world.now) == {"passed": 1, "set_aside": 0}
    assert (feasible.status, refused.status) == ("selected", "unfeasible")
