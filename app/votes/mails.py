"""The receipt by email, on the voter's request.

The message holds the code, never the choice. Sending it is the voter's decision: the page says that
the mail then passes through the city's mail server.
"""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.core.mail import send_in_language
from app.votes.models import Vote


def _absolute(endpoint: str, **values: object) -> str:
    public = current_app.config.get("PUBLIC_URL", "")
    if public:
        return public.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def send_receipt(user: User, vote: Vote, code: str) -> bool:
    """False when the account has no address or the mail could not leave (nothing else depends on it)."""
    if not user.email:
        return False
    return send_in_language(
        user.email,
        user.locale,
        _l("Votre reçu de vote : %(title)s"),
        "votes/mail/receipt.txt",
        {"title": vote.title},
        user=user,
        vote=vote,
        code=code,
        check_url=_absolute("votes.check", vote_id=vote.id),
        replace_url=_absolute("votes.replace", vote_id=vote.id),
    )
