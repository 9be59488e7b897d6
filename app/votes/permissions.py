"""Who may do what with votes: pure functions of the people and the vote, tested without HTTP.

"When" (open, closed) is the services' business; these answer "who". Anonymous visitors get False.
"""

from __future__ import annotations

from typing import Any


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and not getattr(user, "is_erased", False)


def _staff(user: Any) -> bool:
    return _signed_in(user) and bool(getattr(user, "is_staff", False) or getattr(user, "is_admin", False))


def can_manage_votes(user: Any) -> bool:
    """Create votes and see the staff list: city staff and admins."""
    return _staff(user)


def can_manage_vote(user: Any, vote: Any) -> bool:
    """Configure, open and close this vote. A vote owned by another area (a council's motion, a budget
    edition) is run from that area's pages, with that area's rules: not from here."""
    return _staff(user) and vote is not None and not getattr(vote, "owner", "")


def can_enter_paper_ballots(user: Any, vote: Any) -> bool:
    """Enter paper ballots for voters whose identity one checked: city staff, for any vote (the desk of a
    town hall takes ballots for every vote open there)."""
    return _staff(user) and vote is not None


def can_cast(user: Any) -> bool:
    """Reach a casting form at all (eligibility is then the vote's own rule)."""
    return _signed_in(user)


def can_see_open_choices(user: Any, vote: Any) -> bool:
    """Who chose what is public for an open vote, and for nobody — staff included — for a secret one."""
    return vote is not None and not getattr(vote, "secret", True)
