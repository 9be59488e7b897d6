"""The receipt by email, on the voter's request.

The message holds the code, never the choice. Sending it is the voter's decision: the page says that
the mail then passes through the city's mail server.
"""

from __future__ import annotations

import logging

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from app.accounts.models import User
from app.core.mail import send_mail
from app.votes.models import Vote

log = logging.getLogger(__name__)


def _absolute(endpoint: str, **values: object) -> str:
    public = current_app.config.get("PUBLIC_URL", "")
    if public:
        return public.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def send_receipt(user: User, vote: Vote, code: str) -> bool:
    """False when the account has no address or the mail could not leave (nothing else depends on it)."""
    if not user.email:
        return False
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("Votre reçu de vote : %(title)s", title=vote.title)
        text = render_template(
            "votes/mail/receipt.txt",
            user=user,
            vote=vote,
            code=code,
            check_url=_absolute("votes.check", vote_id=vote.id),
            replace_url=_absolute("votes.replace", vote_id=vote.id),
        )
    try:
        send_mail(user.email, subject, text)
    except Exception:  # SMTP down: the vote is saved whatever happens to the mail
        log.exception("could not send a vote receipt to account %s", user.id)
        return False
    return True
