"""Mail goes to SMTP when configured, else to the outbox folder, never lost."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from app.core import mail


def test_without_smtp_mail_lands_in_the_outbox(app: Flask, outbox: Any) -> None:
    mail.send_mail("habitant@example.org", "Objet é", "Bonjour\nLien : https://x/y", "<p>Bonjour</p>")
    (message,) = outbox()
    assert message["To"] == "habitant@example.org"
    assert message["Subject"] == "Objet é"
    assert "https://x/y" in message.get_body(("plain",)).get_content()
    assert "<p>Bonjour</p>" in message.get_body(("html",)).get_content()


def test_with_smtp_the_message_is_sent(app: Flask, outbox: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[Any] = []

    class FakeSMTP:
        def __init__(self, host: str, port: int, timeout: int) -> None:
            sent.append(("connect", host, port))

        def __enter__(self) -> FakeSMTP:
            return self

        def __exit__(self, *_: object) -> None:
            pass

        def starttls(self) -> None:
            sent.append(("starttls",))

        def login(self, user: str, password: str) -> None:
            sent.append(("login", user))

        def send_message(self, message: Any) -> None:
            sent.append(("send", message["To"]))

    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    app.config.update(MAIL_SERVER="smtp.example.org", MAIL_PORT=587, MAIL_USERNAME="parvis", MAIL_USE_TLS=True)
    mail.send_mail("elu@example.org", "Objet", "Texte")
    assert sent == [
        ("connect", "smtp.example.org", 587),
        ("starttls",),
        ("login", "parvis"),
        ("send", "elu@example.org"),
    ]
    assert outbox() == []
