"""Paper ballots entered by staff at a town hall desk, for a voter whose identity they checked.

The vote engine validates the ballot under the same rules as on the web and keys the roll by the
person (their account, or the identity document, which answers for any account verified with it), so
a web vote then a paper one, or the other way round, is refused. Every entry is audited with the
staff member and the place; never with the choice."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from app.accounts.models import User
from app.budgets.models import Envelope
from app.budgets.services.voting import vote_of
from app.core import audit
from app.core.errors import DomainError
from app.votes.services import paper
from app.votes.services.paper import PaperVoter

__all__ = ["PaperVoter", "enter"]

MAX_PLACE = 120


def enter(
    staff: User, envelope: Envelope, voter: PaperVoter, content: dict[str, Any], place: str, now: datetime | None = None
) -> str:
    """Enter one paper ballot of `envelope` for `voter` at `place` (a town hall); returns the receipt
    code to hand to the voter."""
    where = " ".join(place.split())
    if not where:
        raise DomainError([("place", _("Indiquez le lieu de la saisie (par exemple la mairie de secteur)."))])
    if len(where) > MAX_PLACE:
        raise DomainError([("place", _("Le lieu tient en %(max)s caractères au plus.", max=MAX_PLACE))])
    vote = vote_of(envelope)
    if vote is None:
        raise DomainError(_("Le vote de cette enveloppe n'est pas encore ouvert."))
    code = paper.enter_paper_ballot(vote, staff, voter, content, channel="paper", now=now)
    audit.record(
        "budgets.paper_ballot",
        actor_id=staff.id,
        subject_type="budget_envelope",
        subject_id=envelope.id,
        data={"vote": vote.id, "place": where, "edition": envelope.edition.slug},
    )
    return code
