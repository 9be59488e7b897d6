"""Who may do what with the participatory budget: pure functions of the people and things
involved, tested without HTTP. `user` may be an anonymous visitor: every function then answers
False. "When" (which phase is open, which status) is the services' business.

A reviewer's grant is scoped to one edition by its slug (`RoleGrant("reviewer", edition.slug)`;
an empty scope covers every edition); city staff and admins may review and moderate every edition."""

from __future__ import annotations

from typing import Any


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and not getattr(user, "is_erased", False)


def _staff(user: Any) -> bool:
    return _signed_in(user) and bool(getattr(user, "is_staff", False) or getattr(user, "is_admin", False))


def can_manage_editions(user: Any) -> bool:
    """Create editions, set their phases and envelopes: city staff and admins."""
    return _staff(user)


def can_review(user: Any, edition: Any) -> bool:
    """Decide on this edition's proposals: staff, or a reviewer of the edition."""
    if edition is None or not _signed_in(user):
        return False
    return _staff(user) or bool(user.has_role("reviewer", edition.slug))


def can_moderate(user: Any, edition: Any) -> bool:
    """Hide proposals and comments, handle reports: the same people as review."""
    return can_review(user, edition)


def can_propose(user: Any, edition: Any) -> bool:
    """Draft a proposal: a signed-in resident, verified unless the edition lets everyone propose."""
    if edition is None or not _signed_in(user):
        return False
    return bool(getattr(user, "is_verified", False) or edition.unverified_may_propose)


def can_support(user: Any, edition: Any) -> bool:
    if edition is None or not _signed_in(user):
        return False
    return bool(getattr(user, "is_verified", False) or edition.unverified_may_support)


def can_edit_proposal(user: Any, proposal: Any) -> bool:
    """Its authors (what they may still change depends on the phase and status)."""
    return proposal is not None and _signed_in(user) and proposal.is_author(user)


def can_view_proposal(user: Any, proposal: Any) -> bool:
    """Public once submitted; drafts and withdrawn proposals only for their authors and reviewers."""
    if proposal is None:
        return False
    if proposal.status not in ("draft", "withdrawn"):
        return True
    return can_edit_proposal(user, proposal) or can_review(user, proposal.edition)


def can_see_hidden(user: Any, proposal: Any) -> bool:
    """A hidden proposal's or comment's text: its moderators only (everyone sees the reason)."""
    return proposal is not None and can_moderate(user, proposal.edition)


def can_comment(user: Any, proposal: Any) -> bool:
    return proposal is not None and _signed_in(user)


def can_report(user: Any) -> bool:
    return _signed_in(user)


# The vote and its results: the ballot is for signed-in residents (the vote engine says who is
# eligible), paper ballots and the turnout for city staff, overrides for admins only.


def can_open_ballot(user: Any) -> bool:
    """The ballot page: anyone signed in (it says why they may not vote, if so)."""
    return _signed_in(user)


def can_enter_paper(user: Any, edition: Any) -> bool:
    """Enter paper ballots at a town hall desk: city staff."""
    return edition is not None and can_manage_editions(user)


def can_see_turnout(user: Any, edition: Any) -> bool:
    """How many have voted so far, during the vote: staff and the edition's reviewers."""
    return can_review(user, edition)


def can_run_tally(user: Any, edition: Any) -> bool:
    return edition is not None and can_manage_editions(user)


def can_override(user: Any) -> bool:
    """Fund a project the rule left out, or withdraw a winner: admins only."""
    return _signed_in(user) and bool(getattr(user, "is_admin", False))
