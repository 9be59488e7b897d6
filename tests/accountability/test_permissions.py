"""Who may track a project, without HTTP: staff everywhere; a tracker of one edition on that
edition's projects only; a tracker of one project on it and its sub-projects; nobody anonymous."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from app.accountability.permissions import can_follow, can_manage, can_rate, can_track


class Person:
    """A stand-in for an account: the permission functions only read these."""

    def __init__(self, grants: list[tuple[str, str]] = (), staff: bool = False, signed_in: bool = True) -> None:
        self.grants = list(grants)
        self.is_authenticated = signed_in
        self.is_staff = staff
        self.is_admin = False
        self.is_erased = False

    def has_role(self, role: str, scope_id: object = None) -> bool:
        return any(r == role and (scope_id is None or s in ("", str(scope_id))) for r, s in self.grants)


def project(number: int, edition: str | None = None, parent: Any = None, status: str = "works") -> Any:
    return SimpleNamespace(
        id=number, edition=SimpleNamespace(slug=edition) if edition else None, parent=parent, status=status
    )


def test_a_tracker_of_one_edition_cannot_change_another_editions_projects() -> None:
    tracker = Person([("tracker", "bp-2026")])
    assert can_track(tracker, project(1, "bp-2026"))
    assert not can_track(tracker, project(2, "bp-2027"))
    assert not can_track(tracker, project(3))  # funded outside the participatory budget
    assert not can_manage(tracker)


def test_a_tracker_of_one_project_tracks_it_and_its_sub_projects_only() -> None:
    tracker = Person([("tracker", "projet-7")])
    parent = project(7, "bp-2026")
    assert can_track(tracker, parent)
    assert can_track(tracker, project(8, "bp-2026", parent=parent))
    assert not can_track(tracker, project(9, "bp-2026"))


def test_staff_track_everything_and_visitors_nothing() -> None:
    assert can_track(Person(staff=True), project(1)) and can_manage(Person(staff=True))
    assert not can_track(Person(signed_in=False, grants=[("tracker", "")]), project(1))
    assert not can_track(Person([("reviewer", "bp-2026")]), project(1, "bp-2026"))
    assert can_track(Person([("tracker", "")]), project(1))  # an empty scope covers every project
    assert not can_track(Person(staff=True), None)


def test_following_and_rating() -> None:
    resident = Person()
    assert can_follow(resident) and not can_follow(Person(signed_in=False))
    assert can_rate(resident, project(1, status="delivered"))
    assert not can_rate(resident, project(1, status="works"))
    assert not can_rate(Person(signed_in=False), project(1, status="delivered"))
