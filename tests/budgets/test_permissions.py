"""Who may do what, without HTTP."""

from __future__ import annotations

from types import SimpleNamespace

from flask_login import AnonymousUserMixin

from app.budgets import permissions as perm
from tests.budgets.conftest import World


def test_reviewers_are_per_edition(world: World) -> None:
    edition = world.edition("review")
    other = SimpleNamespace(slug="bp-2030")
    reviewer = world.make_user(roles=[("reviewer", edition.slug)])
    every_edition = world.make_user(roles=[("reviewer", "")])
    assert perm.can_review(reviewer, edition) and not perm.can_review(reviewer, other)
    assert perm.can_review(every_edition, other)
    assert perm.can_review(world.staff(), other) and perm.can_moderate(world.staff(), edition)
    assert not perm.can_review(world.resident(), edition) and not perm.can_review(AnonymousUserMixin(), edition)
    assert not perm.can_manage_editions(reviewer) and perm.can_manage_editions(world.staff())


def test_proposing_and_supporting_follow_the_editions_verification_setting(world: World) -> None:
    edition = world.edition("submission")
    verified, unverified = world.resident(), world.resident(verified=False)
    assert perm.can_propose(verified, edition) and not perm.can_propose(unverified, edition)
    assert not perm.can_support(unverified, edition)
    edition.unverified_may_propose = edition.unverified_may_support = True
    assert perm.can_propose(unverified, edition) and perm.can_support(unverified, edition)
    assert not perm.can_propose(AnonymousUserMixin(), edition)


def test_drafts_are_seen_by_their_authors_and_reviewers_only(world: World) -> None:
    edition = world.edition("submission")
    draft = world.proposal(edition, status="draft")
    author, stranger = draft.authors[0], world.resident()
    assert perm.can_view_proposal(author, draft) and perm.can_edit_proposal(author, draft)
    assert not perm.can_view_proposal(stranger, draft) and not perm.can_edit_proposal(stranger, draft)
    assert perm.can_view_proposal(world.staff(), draft)
    assert not perm.can_view_proposal(AnonymousUserMixin(), draft)
    public = world.proposal(edition)
    assert perm.can_view_proposal(AnonymousUserMixin(), public)
    assert not perm.can_see_hidden(stranger, public) and perm.can_see_hidden(world.staff(), public)
