"""The signals budgets announce (`project_funded` and `project_withdrawn`, which accountability
listens to), and what budgets
answer on the shared signals: the phases open now (submission, supports, vote) for the home page, a
resident's proposals, comments and supports in their data export, and what an erased account leaves
(proposals and comments stay, anonymised; supports go)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _

from app.budgets.models import Comment, Proposal, Support
from app.budgets.services import editions
from app.core.signals import OpenItem, collect_user_data, open_now, parvis_signals, user_erased
from app.extensions import db

#: Sent once per winning project, inside the transaction that records it: at the tally of its
#: envelope, or when an admin funds it by an override. Sender: the Flask app; kwargs: `proposal`
#: (app.budgets.models.Proposal), `envelope`, `overridden` (True when an admin's override funded it),
#: `actor` (the admin, for an override), `votes` (its votes at the tally; None for an override).
project_funded = parvis_signals.signal("project-funded")

#: Sent when an admin's override withdraws a winner, inside its transaction. Sender: the Flask app;
#: kwargs: `proposal`, `envelope`, `reason` (the public reason), `actor` (the admin).
project_withdrawn = parvis_signals.signal("project-withdrawn")


def phase_title(kind: str, title: str) -> str:
    labels = {
        "submission": _("%(edition)s : déposez vos projets"),
        "support": _("%(edition)s : soutenez les projets"),
        "voting": _("%(edition)s : votez"),
    }
    return labels[kind] % {"edition": title}


def _open_phases(sender: Any, now: datetime, user: Any = None, **_kwargs: Any) -> list[OpenItem]:
    return [
        OpenItem(
            kind="budget",
            title=phase_title(phase.kind, edition.title),
            url=url_for("budgets.edition", slug=edition.slug),
            until=phase.ends_at,
        )
        for edition, phase in editions.open_editions(now)
    ]


def _user_data(sender: Any, user: Any, **_kwargs: Any) -> tuple[str, Any]:
    proposals = db.session.scalars(sa.select(Proposal).where(Proposal.authors.any(id=user.id)))
    comments = db.session.scalars(sa.select(Comment).where(Comment.author_id == user.id))
    supports = db.session.scalars(sa.select(Support).where(Support.user_id == user.id))
    return (
        "budgets",
        {
            "proposals": [
                {"id": p.id, "edition": p.edition.slug, "title": p.title, "description": p.description,
                 "estimated_cost": str(p.estimated_cost), "status": p.status, "address": p.address,
                 "created_at": p.created_at.isoformat()}
                for p in proposals
            ],
            "comments": [
                {"proposal_id": c.proposal_id, "body": c.body, "alignment": c.alignment, "at": c.created_at.isoformat()}
                for c in comments
            ],
            "supports": [{"proposal_id": s.proposal_id, "at": s.at.isoformat()} for s in supports],
        },
    )  # fmt: skip


def _erased(sender: Any, user: Any, **_kwargs: Any) -> None:
    """Proposals and comments stay (their author then shows as an erased account); the address a
    resident typed may locate them, so it goes; supports go, and counts are redone."""
    proposals = list(db.session.scalars(sa.select(Proposal).where(Proposal.authors.any(id=user.id))))
    for proposal in proposals:
        proposal.address = ""
    supported = list(db.session.scalars(sa.select(Support.proposal_id).where(Support.user_id == user.id)))
    db.session.execute(sa.delete(Support).where(Support.user_id == user.id))
    for proposal_id in supported:
        count = db.session.scalar(
            sa.select(sa.func.count()).select_from(Support).where(Support.proposal_id == proposal_id)
        )
        db.session.execute(sa.update(Proposal).where(Proposal.id == proposal_id).values(support_count=count or 0))


def connect() -> None:
    open_now.connect(_open_phases)
    collect_user_data.connect(_user_data)
    user_erased.connect(_erased)
