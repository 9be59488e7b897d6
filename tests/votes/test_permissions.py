"""Who may do what with votes, without HTTP."""

from __future__ import annotations

from types import SimpleNamespace

from flask_login import AnonymousUserMixin

from app.votes import permissions as p


def person(**flags: bool) -> SimpleNamespace:
    base = {"is_authenticated": True, "is_erased": False, "is_staff": False, "is_admin": False, "id": 1}
    return SimpleNamespace(**{**base, **flags})


ANON = AnonymousUserMixin()
RESIDENT = person()
STAFF = person(is_staff=True)
ADMIN = person(is_admin=True)
ERASED_STAFF = person(is_staff=True, is_erased=True)
OWN_VOTE = SimpleNamespace(owner="", secret=True)
COUNCIL_VOTE = SimpleNamespace(owner="councils", secret=False)


def test_managing_votes_is_for_staff_and_admins() -> None:
    assert [p.can_manage_votes(u) for u in (ANON, RESIDENT, STAFF, ADMIN, ERASED_STAFF)] == [
        False,
        False,
        True,
        True,
        False,
    ]


def test_a_vote_owned_by_another_area_is_managed_there() -> None:
    assert p.can_manage_vote(STAFF, OWN_VOTE)
    assert not p.can_manage_vote(STAFF, COUNCIL_VOTE)
    assert not p.can_manage_vote(RESIDENT, OWN_VOTE)
    assert not p.can_manage_vote(STAFF, None)


def test_paper_ballots_are_entered_by_staff() -> None:
    assert p.can_enter_paper_ballots(STAFF, COUNCIL_VOTE)
    assert p.can_enter_paper_ballots(ADMIN, OWN_VOTE)
    assert not p.can_enter_paper_ballots(RESIDENT, OWN_VOTE)
    assert not p.can_enter_paper_ballots(ANON, OWN_VOTE)


def test_casting_needs_a_live_account() -> None:
    assert p.can_cast(RESIDENT) and not p.can_cast(ANON) and not p.can_cast(person(is_erased=True))


def test_who_chose_what_is_public_for_open_votes_only_and_never_for_secret_ones() -> None:
    assert p.can_see_open_choices(ANON, COUNCIL_VOTE)
    assert not p.can_see_open_choices(ADMIN, OWN_VOTE)
