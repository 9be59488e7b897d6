"""Editions, their phases by date (and moving them, audited), their envelopes."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.budgets.services import editions
from app.core import audit
from app.core.errors import DomainError
from app.extensions import db
from tests.budgets.conftest import DAY, World, phase_dates


def audit_actions() -> list[str]:
    return list(db.session.scalars(sa.select(audit.AuditEntry.action).order_by(audit.AuditEntry.id)))


def test_phases_open_and_close_by_their_dates(world: World) -> None:
    edition = world.edition("submission")
    now = world.now
    assert editions.current_phase(edition, now).kind == "submission"
    assert editions.is_open(edition, "submission", now) and not editions.is_open(edition, "review", now)
    review = edition.phase("review")
    assert editions.current_phase(edition, review.starts_at).kind == "review"
    assert editions.current_phase(edition, review.starts_at - DAY / 24).kind == "submission"
    assert editions.has_ended(edition, "submission", review.starts_at)
    assert not editions.has_started(edition, "voting", now)
    results = edition.phase("results")
    assert results.ends_at is None and editions.current_phase(edition, results.starts_at + 900 * DAY).kind == "results"
    assert editions.current_phase(edition, edition.phase("submission").starts_at - DAY) is None


def test_open_editions_lists_those_residents_can_act_in(world: World) -> None:
    voting = world.edition("voting", title="BP 2026", year=2026)
    world.edition("review", title="BP 2025", year=2025)
    assert [(e.slug, p.kind) for e, p in editions.open_editions(world.now)] == [(voting.slug, "voting")]


def test_moving_a_phase_is_audited_with_old_and_new_dates(world: World) -> None:
    edition = world.edition("submission")
    admin = world.make_user(roles=[("admin", "")])
    dates = phase_dates("submission", world.now)
    old_end = dates["submission"][1]
    dates["submission"] = (dates["submission"][0], old_end - DAY)
    before = len(audit_actions())
    editions.set_phases(admin, edition, dates)
    db.session.commit()
    entries = list(db.session.scalars(sa.select(audit.AuditEntry).order_by(audit.AuditEntry.id)))[before:]
    assert [entry.action for entry in entries] == ["budgets.phases_changed"]
    change = entries[0].payload()["changes"]
    assert [item["kind"] for item in change] == ["submission"] and entries[0].actor_id == admin.id
    assert change[0]["old"][1] != change[0]["new"][1]
    editions.set_phases(admin, edition, dates)  # nothing moved: nothing audited
    assert len(audit_actions()) == before + 1
    assert audit.verify().intact


def test_phases_need_their_dates_in_order(world: World) -> None:
    edition = world.edition("submission")
    dates = phase_dates("submission", world.now)
    with pytest.raises(DomainError) as missing:
        editions.set_phases(None, edition, {k: v for k, v in dates.items() if k != "voting"})
    assert [field for field, _ in missing.value.problems] == ["voting_starts"]
    dates["review"] = (dates["submission"][0], dates["review"][1])
    with pytest.raises(DomainError) as overlap:
        editions.set_phases(None, edition, dates)
    assert [field for field, _ in overlap.value.problems] == ["review_starts"]
    dates = phase_dates("submission", world.now)
    dates["voting"] = (dates["voting"][1], dates["voting"][0])
    with pytest.raises(DomainError) as backwards:
        editions.set_phases(None, edition, dates)
    assert "voting_ends" in [field for field, _ in backwards.value.problems]


def test_dropping_the_optional_support_phase(world: World) -> None:
    edition = world.edition("submission")
    assert edition.has_support_phase
    editions.set_phases(None, edition, phase_dates("submission", world.now, support=False))
    assert edition.phase("support") is None and not edition.has_support_phase


def test_edition_settings_are_checked_and_the_rule_is_fixed_once_voting_starts(world: World) -> None:
    with pytest.raises(DomainError) as error:
        editions.create_edition(None, editions.EditionInput(title="", year=1900, rule="best", slug="nouvelle"))
    assert {field for field, _ in error.value.problems} == {"title", "year", "rule"}
    with pytest.raises(DomainError):
        editions.create_edition(None, editions.EditionInput(title="BP", year=2027, slug="nouvelle"))
    edition = world.edition("voting")
    staff = world.staff()
    data = editions.EditionInput(title=edition.title, year=edition.year, rule="mes-add1")
    with pytest.raises(DomainError) as fixed:
        editions.update_edition(staff, edition, data, now=world.now)
    assert fixed.value.problems[0][0] == "rule"
    editions.update_edition(staff, edition, data, now=edition.phase("voting").starts_at - DAY)
    assert edition.rule == "mes-add1"


def test_who_votes_in_which_envelope_is_fixed_once_voting_starts(world: World) -> None:
    edition = world.edition("voting")
    staff = world.staff()
    data = editions.EditionInput(title=edition.title, year=edition.year, rule=edition.rule, voting_scope="own")
    assert edition.voting_scope != "own"
    with pytest.raises(DomainError) as fixed:
        editions.update_edition(staff, edition, data, now=world.now)
    assert fixed.value.problems[0][0] == "voting_scope" and edition.voting_scope != "own"
    editions.update_edition(staff, edition, data, now=edition.phase("voting").starts_at - DAY)
    assert edition.voting_scope == "own"


def test_envelopes_are_checked_and_frozen_once_voting_starts(world: World) -> None:
    edition = world.edition("submission")
    bad = editions.EnvelopeInput("", Decimal("-5"), scope="district", district_id=None, ballot_kind="approval")
    with pytest.raises(DomainError) as error:
        editions.add_envelope(None, edition, bad, now=world.now)
    assert {field for field, _ in error.value.problems} == {"name", "amount", "district_id", "max_choices"}
    with pytest.raises(DomainError):
        editions.add_envelope(None, edition, editions.EnvelopeInput("Centimes", Decimal("10.001")), now=world.now)
    envelope = edition.envelopes[0]
    with pytest.raises(DomainError):
        editions.update_envelope(
            world.staff(), envelope, editions.EnvelopeInput("X", Decimal(5)), now=edition.phase("voting").starts_at
        )
    assert envelope.amount == Decimal("1000000.00")


def test_which_envelopes_a_resident_may_vote_in(world: World) -> None:
    edition = world.edition("submission")
    city, district = edition.envelopes
    assert editions.votable_envelopes(edition, world.quartier) == [district, city]
    assert editions.votable_envelopes(edition, world.other_quartier) == [city]
    assert editions.envelope_for(edition, world.quartier) == district
    edition.voting_scope = "own"
    assert editions.votable_envelopes(edition, world.quartier) == [district]
    assert editions.votable_envelopes(edition, world.other_quartier) == [city]
    edition.voting_scope = "all"
    assert editions.votable_envelopes(edition, world.other_quartier) == [city, district]


def test_supports_that_pick_what_is_reviewed_come_before_review(world: World) -> None:
    edition = world.edition("support", support_leads_to="review")
    assert [p.kind for p in edition.phases][:3] == ["submission", "support", "review"]
    with pytest.raises(DomainError) as wrong_order:
        editions.set_phases(None, edition, phase_dates("support", world.now))  # review first
    assert wrong_order.value.problems
    data = editions.EditionInput(title=edition.title, year=edition.year, support_leads_to="vote", support_limit=3)
    with pytest.raises(DomainError) as switch:
        editions.update_edition(world.staff(), edition, data, now=world.now)
    assert switch.value.problems[0][0] == "support_leads_to"
