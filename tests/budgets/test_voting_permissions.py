"""Who may do what around the vote, without HTTP: the ballot for anyone signed in, paper ballots for
staff, the turnout for staff and the edition's reviewers, overrides for admins only."""

from __future__ import annotations

from flask_login import AnonymousUserMixin

from app.budgets.permissions import (
    can_enter_paper,
    can_open_ballot,
    can_override,
    can_run_tally,
    can_see_turnout,
)
from tests.budgets.conftest import World


def test_voting_permissions(world: World) -> None:
    edition = world.edition("voting", support=False)
    resident, staff = world.resident(), world.staff()
    admin = world.make_user(roles=[("admin", "")])
    reviewer = world.make_user(roles=[("reviewer", edition.slug)])
    other_reviewer = world.make_user(roles=[("reviewer", "une-autre-edition")])
    anonymous = AnonymousUserMixin()
    assert can_open_ballot(resident) and not can_open_ballot(anonymous)
    assert can_enter_paper(staff, edition) and can_enter_paper(admin, edition)
    assert not can_enter_paper(resident, edition) and not can_enter_paper(reviewer, edition)
    assert not can_enter_paper(staff, None)
    assert can_see_turnout(staff, edition) and can_see_turnout(reviewer, edition)
    assert not can_see_turnout(other_reviewer, edition) and not can_see_turnout(resident, edition)
    assert can_run_tally(staff, edition) and not can_run_tally(reviewer, edition)
    assert can_override(admin)
    assert not any(can_override(person) for person in (staff, reviewer, resident, anonymous))
