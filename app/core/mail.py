"""Outgoing mail: SMTP when `MAIL_SERVER` is set, otherwise a file per message in the outbox
folder, so that nothing is lost in the embedded mode and tests can read what was sent."""

from __future__ import annotations

import logging
import smtplib
import uuid
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app, render_template
from flask_babel import LazyString, force_locale

from app.core.db import utcnow

log = logging.getLogger(__name__)


def build_message(to: str, subject: str, text: str, html: str | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain="parvis.local")
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    return message


def send_mail(to: str, subject: str, text: str, html: str | None = None) -> None:
    message = build_message(to, subject, text, html)
    config = current_app.config
    if config["MAIL_SERVER"]:
        smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
        with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
            if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
        log.info("mail sent to %s: %s", to, subject)
        return
    outbox = Path(config["MAIL_OUTBOX"])
    outbox.mkdir(parents=True, exist_ok=True)
    name = f"{utcnow():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
    (outbox / name).write_bytes(bytes(message))
    log.info("mail to %s written to %s (no MAIL_SERVER set): %s", to, outbox / name, subject)


def send_in_language(
    to: str,
    locale: str | None,
    subject: str | LazyString,
    template: str,
    subject_fields: dict[str, object] | None = None,
    **context: object,
) -> bool:
    """Write the subject and ``template`` in the recipient's language (the default one when they
    chose none) and send. Called after the commit: a mail that cannot leave is logged and reported
    as False, and never undoes what was saved."""
    with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        title = str(subject) % subject_fields if subject_fields else str(subject)
        text = render_template(template, **context)
    try:
        send_mail(to, title, text)
    except Exception:  # SMTP down, outbox unwritable
        log.exception("could not send %s to %s", template, to)
        return False
    return True


def read_outbox(outbox: str | Path) -> list[EmailMessage]:
    """Messages in the outbox, oldest first (for tests and the demo)."""
    from email import policy
    from email.parser import BytesParser

    parser = BytesParser(policy=policy.default)
    folder = Path(outbox)
    if not folder.exists():
        return []
    return [parser.parsebytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))]  # type: ignore[misc]
