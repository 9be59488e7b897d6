"""The mails of the accounts area: French text, absolute links, failures reported not raised."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from app.accounts import mails
from app.core import mail

pytestmark = pytest.mark.usefixtures("request_context")


def test_reset_mail(app: Flask, make_user: Callable[..., Any], outbox: Callable[[], list[Any]]) -> None:
    user = make_user(display_name="Lou")
    assert mails.send_reset(user)
    [mail] = outbox()
    body = mail.get_content()
    assert mail["Subject"] == "Choisir un nouveau mot de passe"
    assert "Bonjour Lou," in body and "valable 1 heure(s)" in body
    assert "http://localhost/compte/mot-de-passe/nouveau/" in body
    assert "http://localhost/compte/mot-de-passe-oublie" in body


def test_display_name_is_not_escaped_in_text_mail(
    app: Flask, make_user: Callable[..., Any], outbox: Callable[[], list[Any]]
) -> None:
    mails.send_confirmation(make_user(display_name="Lou & Sam", email_confirmed_at=None))
    assert "Bonjour Lou & Sam," in outbox()[0].get_content()


def test_failure_is_reported(app: Flask, make_user: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError("SMTP down")

    monkeypatch.setattr(mail, "send_mail", broken)
    assert mails.send_confirmation(make_user(email_confirmed_at=None)) is False


def test_no_address_no_mail(app: Flask, make_user: Callable[..., Any], outbox: Callable[[], list[Any]]) -> None:
    assert mails.send_password_changed(make_user(email=None)) is False
    assert outbox() == []
