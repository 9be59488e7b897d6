"""Mails to a proposal's authors at each review decision. Sent after the view has committed; a mail
that cannot be sent is logged and never undoes what was saved."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.budgets.models import Decision
from app.core.mail import send_in_language
from app.core.urls import absolute_url

SUBJECTS = {
    "feasible": _l("Votre projet « %(title)s » est jugé réalisable"),
    "unfeasible": _l("Votre projet « %(title)s » n'est pas retenu"),
    "cost": _l("Le coût de votre projet « %(title)s » a été réévalué"),
    "merge": _l("Votre projet « %(title)s » a été regroupé avec un autre"),
    "move": _l("Votre projet « %(title)s » change d'enveloppe"),
}


def notify_decision(decision: Decision) -> int:
    """Tell every author of the proposal the decision and its reason; returns how many mails went out."""
    proposal = decision.proposal
    link = absolute_url("budgets.proposal", proposal_id=proposal.id)
    sent = 0
    for user in proposal.authors:
        if not user.email or user.is_erased:
            continue
        sent += send_in_language(
            user.email,
            user.locale,
            SUBJECTS[decision.kind],
            "budgets/mail/decision.txt",
            {"title": proposal.title},
            user=user,
            decision=decision,
            proposal=proposal,
            link=link,
        )
    return sent
