"""What accountability does when budgets announce a winner: the project gets its follow-up, in the
same transaction as the win (so a tally rolled back leaves no orphan follow-up)."""

from __future__ import annotations

from typing import Any

from app.accountability.services import followups
from app.budgets.models import Envelope, Proposal
from app.budgets.signals import project_funded


def _on_project_funded(sender: Any, proposal: Proposal, envelope: Envelope, overridden: bool = False, **_: Any) -> None:
    followups.create_from_proposal(proposal, envelope, overridden)


def connect() -> None:
    """Called from app.accountability.init_app (blinker keeps a weak reference: a module-level
    function stays alive)."""
    project_funded.connect(_on_project_funded)
