"""Milestones of a project: a title, a planned date and, once reached, the actual date. A milestone
past its planned date without an actual date makes the project late. Each change is audited on the
project, so its history shows it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from app.accountability.models import FollowUp, Milestone
from app.accountability.services.followups import SUBJECT
from app.accounts.models import User
from app.core import audit
from app.core.errors import DomainError, NotFound
from app.extensions import db


@dataclass
class MilestoneInput:
    title: str
    planned_on: date
    done_on: date | None = None
    description: str = ""


def get_milestone(milestone_id: int) -> Milestone:
    item = db.session.get(Milestone, milestone_id)
    if item is None:
        raise NotFound(_("Cette étape n'existe pas."))
    return item


def _check(data: MilestoneInput) -> None:
    problems: list[tuple[str | None, str]] = []
    if not data.title.strip():
        problems.append(("title", _("Donnez un titre à l'étape.")))
    elif len(data.title.strip()) > 200:
        problems.append(("title", _("200 caractères au plus.")))
    if data.planned_on is None:
        problems.append(("planned_on", _("Indiquez la date prévue.")))
    if problems:
        raise DomainError(problems)


def _record(actor: User, milestone: Milestone, action: str, **data: object) -> None:
    audit.record(
        f"accountability.milestone_{action}",
        actor_id=actor.id,
        subject_type=SUBJECT,
        subject_id=milestone.follow_up_id,
        data={"milestone": milestone.id, "title": milestone.title, **data},
    )


def add_milestone(actor: User, follow_up: FollowUp, data: MilestoneInput) -> Milestone:
    _check(data)
    item = Milestone(
        title=data.title.strip(), description=data.description.strip(), planned_on=data.planned_on,
        done_on=data.done_on,
    )  # fmt: skip
    follow_up.milestones.append(item)
    db.session.flush()
    _record(actor, item, "added", planned_on=item.planned_on, done_on=item.done_on)
    return item


def edit_milestone(actor: User, milestone: Milestone, data: MilestoneInput) -> Milestone:
    _check(data)
    changes = {
        name: [getattr(milestone, name), value]
        for name, value in (
            ("title", data.title.strip()), ("description", data.description.strip()),
            ("planned_on", data.planned_on), ("done_on", data.done_on),
        )
        if getattr(milestone, name) != value
    }  # fmt: skip
    if not changes:
        return milestone
    for name, (_old, new) in changes.items():
        setattr(milestone, name, new)
    db.session.flush()
    _record(actor, milestone, "changed", changes=changes)
    return milestone


def remove_milestone(actor: User, milestone: Milestone) -> None:
    _record(actor, milestone, "removed", planned_on=milestone.planned_on, done_on=milestone.done_on)
    milestone.follow_up.milestones.remove(milestone)
    db.session.flush()
