"""What accountability does when budgets announce a winner or withdraw one, in the same transaction
as the decision (so a tally rolled back leaves no orphan follow-up): a winner gets its follow-up; a
winner an admin's override withdraws has it cancelled with the override's public reason, and gets it
back on track if a later override funds it again."""

from __future__ import annotations

from typing import Any

from app.accountability.services import followups
from app.accounts.models import User
from app.budgets.models import Envelope, Proposal
from app.budgets.signals import project_funded, project_withdrawn


def _on_project_funded(
    sender: Any,
    proposal: Proposal,
    envelope: Envelope,
    overridden: bool = False,
    actor: User | None = None,
    votes: int | None = None,
    **_: Any,
) -> None:
    item = followups.create_from_proposal(proposal, envelope, overridden, votes)
    if item.status == "cancelled" and actor is not None:  # withdrawn earlier, funded again
        followups.track(actor, item, {"status": "planned"})


def _on_project_withdrawn(sender: Any, proposal: Proposal, reason: str, actor: User, **_: Any) -> None:
    item = followups.of_proposal(proposal.id)
    if item is not None and item.status not in ("cancelled", "delivered"):  # what was delivered stays on record
        followups.track(actor, item, {"status": "cancelled", "status_reason": reason})


def connect() -> None:
    """Called from app.accountability.init_app (blinker keeps a weak reference: a module-level
    function stays alive)."""
    project_funded.connect(_on_project_funded)
    project_withdrawn.connect(_on_project_withdrawn)
