"""Mails to a proposal's authors at each review decision. Sent after the view has committed; a mail
that cannot be sent is logged and never undoes what was saved."""

from __future__ import annotations

import logging

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.budgets.models import Decision
from app.core.mail import send_mail
from app.core.urls import absolute_url

log = logging.getLogger(__name__)

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
        with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
            subject = SUBJECTS[decision.kind] % {"title": proposal.title}
            text = render_template(
                "budgets/mail/decision.txt", user=user, decision=decision, proposal=proposal, link=link
            )
        try:
            send_mail(user.email, str(subject), text)
        except Exception:  # SMTP down, outbox unwritable: what was saved stays saved
            log.exception("could not send the review decision %s to account %s", decision.id, user.id)
            continue
        sent += 1
    return sent
