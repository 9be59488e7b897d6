"""Mail to a project's followers at each update. Sent after the view has committed; a mail that
cannot be sent is logged and never undoes what was saved."""

from __future__ import annotations

import logging

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.accountability.models import Update
from app.accountability.services import follows
from app.core.mail import send_mail
from app.core.urls import absolute_url

log = logging.getLogger(__name__)

SUBJECT = _l("Du nouveau sur « %(title)s »")


def notify_followers(update: Update) -> int:
    """Tell everyone following the project (but the author) of the update; returns how many mails went out."""
    project = update.follow_up
    link = absolute_url("accountability.project", follow_up_id=project.id)
    sent = 0
    for user in follows.followers(project):
        if user.id == update.author_id or not user.email:
            continue
        with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
            subject = SUBJECT % {"title": project.title}
            text = render_template(
                "accountability/mail/update.txt", user=user, update=update, project=project, link=link
            )
        try:
            send_mail(user.email, str(subject), text)
        except Exception:  # SMTP down, outbox unwritable: what was saved stays saved
            log.exception("could not send update %s to account %s", update.id, user.id)
            continue
        sent += 1
    return sent
