"""Mail to a project's followers at each update. Sent after the view has committed; a mail that
cannot be sent is logged and never undoes what was saved."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.accountability.models import Update
from app.accountability.services import follows
from app.core.mail import send_in_language
from app.core.urls import absolute_url

SUBJECT = _l("Du nouveau sur « %(title)s »")


def notify_followers(update: Update) -> int:
    """Tell everyone following the project (but the author) of the update; returns how many mails went out."""
    project = update.follow_up
    link = absolute_url("accountability.project", follow_up_id=project.id)
    sent = 0
    for user in follows.followers(project):
        if user.id == update.author_id or not user.email:
            continue
        sent += send_in_language(
            user.email,
            user.locale,
            SUBJECT,
            "accountability/mail/update.txt",
            {"title": project.title},
            user=user,
            update=update,
            project=project,
            link=link,
        )
    return sent
