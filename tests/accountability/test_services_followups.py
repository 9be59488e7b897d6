"""Tracking a project: each change checked, applied and audited as the project's history; cancelled
needs a public reason; delivery completes the progress; amounts exact to the cent; a parent's
progress from its weighted sub-projects; milestones and the late flag."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa

from app.accountability.models import FollowUp
from app.accountability.services import followups, history, milestones, overview
from app.core.audit import AuditEntry
from app.core.errors import DomainError
from app.extensions import db
from tests.budgets.conftest import World

TODAY = date(2027, 6, 15)


def test_changes_are_checked_applied_and_kept_as_history(world: World, make_project: Callable[..., Any]) -> None:
    item = make_project()
    tracker = world.staff()
    diff = followups.track(
        tracker, item, {"status": "works", "progress": 35, "budget_committed": Decimal("80000.50")}, TODAY
    )
    db.session.commit()
    assert diff == {
        "status": ["planned", "works"],
        "progress": [0, 35],
        "budget_committed": [Decimal("0.00"), Decimal("80000.50")],
    }
    assert followups.track(tracker, item, {"status": "works"}, TODAY) == {}  # nothing changed, nothing written
    events = history.history(item)
    assert [e.action for e in events] == ["changed", "created"]
    assert events[0].actor.id == tracker.id and events[0].data["progress"] == [0, 35]
    assert events[0].data["budget_committed"] == ["0.00", "80000.50"]


def test_cancelling_needs_a_public_reason_and_delivery_completes(
    world: World, make_project: Callable[..., Any]
) -> None:
    item = make_project()
    staff = world.staff()
    with pytest.raises(DomainError) as short:
        followups.track(staff, item, {"status": "cancelled", "status_reason": "non"}, TODAY)
    assert short.value.problems[0][0] == "status_reason"
    db.session.rollback()
    followups.track(staff, item, {"status": "works", "progress": 60, "started_on": TODAY - timedelta(days=30)}, TODAY)
    followups.track(staff, item, {"status": "delivered"}, TODAY)
    assert (item.progress, item.delivered_on) == (100, TODAY)
    with pytest.raises(DomainError) as dates:
        followups.track(staff, item, {"delivered_on": TODAY - timedelta(days=60)}, TODAY)
    assert dates.value.problems == [("delivered_on", "La livraison ne peut précéder le début des travaux.")]
    db.session.rollback()
    reason = "Le terrain est finalement réservé à l'extension de l'école."
    followups.track(staff, item, {"status": "cancelled", "status_reason": reason}, TODAY)
    assert item.status_reason == reason
    followups.track(staff, item, {"status": "study"}, TODAY)
    assert item.status_reason == ""  # a reopened project no longer shows why it was abandoned
    with pytest.raises(DomainError):
        followups.track(staff, item, {"progress": 101}, TODAY)
    with pytest.raises(DomainError):
        followups.track(staff, item, {"title": "Autre chose"}, TODAY)


def test_amounts_are_exact_to_the_cent(world: World, make_project: Callable[..., Any]) -> None:
    staff = world.staff()
    first = make_project("Premier", budget_voted=Decimal("0.10"))
    second = make_project("Second", budget_voted=Decimal("0.20"))
    followups.track(staff, first, {"budget_spent": Decimal("1234567.89")}, TODAY)
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(FollowUp, first.id)
    assert stored.budget_spent == Decimal("1234567.89") and isinstance(stored.budget_spent, Decimal)
    totals = overview.overview(overview.Filters(), TODAY).totals
    assert totals.voted == Decimal("0.30")  # 0.1 + 0.2 as floats would not be 0.3
    assert totals.spent == Decimal("1234567.89")
    for wrong in (Decimal("10.001"), Decimal("-1"), Decimal("NaN"), Decimal("1e13")):
        with pytest.raises(DomainError):
            followups.track(staff, second, {"budget_spent": wrong}, TODAY)
        db.session.rollback()


def test_parent_progress_is_the_weighted_mean_of_its_children(world: World, make_project: Callable[..., Any]) -> None:
    staff = world.staff()
    parent = make_project("Requalification de la place")
    paving = make_project("Lot 1 : revêtement", parent_id=parent.id, weight=3)
    trees = make_project("Lot 2 : plantations", parent_id=parent.id, weight=1)
    followups.track(staff, paving, {"progress": 50}, TODAY)
    assert parent.progress == 38  # (50 × 3 + 0 × 1) / 4 = 37.5, rounded half up
    followups.track(staff, trees, {"progress": 100}, TODAY)
    assert parent.progress == 63  # (150 + 100) / 4 = 62.5
    db.session.commit()
    with pytest.raises(DomainError) as computed:
        followups.track(staff, parent, {"progress": 10}, TODAY)
    assert "sous-projets" in computed.value.messages[0]
    db.session.rollback()
    followups.track(
        staff, trees, {"status": "cancelled", "status_reason": "Les arbres sont plantés par la métropole."}, TODAY
    )
    assert parent.progress == 50  # a cancelled lot no longer counts
    assert history.history(parent)[0].action == "progress_computed"


def test_a_milestone_past_its_date_without_actual_date_makes_the_project_late(
    world: World, make_project: Callable[..., Any]
) -> None:
    staff = world.staff()
    item = make_project()
    study = milestones.add_milestone(staff, item, milestones.MilestoneInput("Étude de sol", TODAY - timedelta(days=3)))
    milestones.add_milestone(staff, item, milestones.MilestoneInput("Chantier", TODAY + timedelta(days=30)))
    db.session.commit()
    assert item.is_late(TODAY)
    assert overview.overview(overview.Filters(late=True), TODAY).items == [item]
    milestones.edit_milestone(
        staff, study, milestones.MilestoneInput("Étude de sol", study.planned_on, TODAY - timedelta(days=1))
    )
    assert not item.is_late(TODAY)
    assert overview.overview(overview.Filters(late=True), TODAY).items == []
    entries = db.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.action.like("accountability.milestone%"))
    )
    assert list(entries) == [
        "accountability.milestone_added",
        "accountability.milestone_added",
        "accountability.milestone_changed",
    ]
    with pytest.raises(DomainError):
        milestones.add_milestone(staff, item, milestones.MilestoneInput("  ", TODAY))


def test_overview_filters_and_totals(world: World, make_project: Callable[..., Any]) -> None:
    staff = world.staff()
    here = make_project("Ici", budget_voted=Decimal("1000.00"))
    there = make_project("Là-bas", quartier_id=world.other_quartier.id, theme="sport", budget_voted=Decimal("500.00"))
    followups.track(staff, there, {"status": "delivered", "budget_spent": Decimal("480.25")}, TODAY)
    gone = make_project("Abandonné", budget_voted=Decimal("9999.00"))
    followups.track(
        staff, gone, {"status": "cancelled", "status_reason": "Remplacé par un projet de la métropole."}, TODAY
    )
    db.session.commit()
    everything = overview.overview(overview.Filters(), TODAY)
    assert {i.id for i in everything.items} == {here.id, there.id, gone.id}
    assert everything.totals.voted == Decimal("1500.00") and everything.totals.delivered == Decimal("500.00")
    assert everything.totals.spent == Decimal("480.25") and everything.totals.delivered_count == 1
    assert [i.id for i in overview.overview(overview.Filters(theme="sport"), TODAY).items] == [there.id]
    assert [i.id for i in overview.overview(overview.Filters(status="delivered"), TODAY).items] == [there.id]
    by_district = overview.overview(overview.Filters(district_id=world.other_quartier.district_id), TODAY)
    assert [i.id for i in by_district.items] == [there.id]
    by_quartier = overview.overview(overview.Filters(quartier_id=world.quartier.id), TODAY)
    assert {i.id for i in by_quartier.items} == {here.id, gone.id}
    assert [(p.quartier.id, p.count) for p in by_quartier.places] == [(world.quartier.id, 2)]
    assert overview.map_level(1, 4) == 1 and overview.map_level(4, 4) == 4 and overview.map_level(0, 4) == 0
