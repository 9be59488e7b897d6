"""An account from start to end in a real browser: register, confirm the address from the mail,
sign out, sign in, see the profile, sign out."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import BrowserLog, LiveServer

pytestmark = pytest.mark.e2e

EMAIL = "camille.durand@example.org"
PASSWORD = "une phrase de passe assez longue"


def _confirmation_link(live_server: LiveServer) -> str:
    mails = [mail for mail in live_server.mails() if mail["To"] == EMAIL]
    assert len(mails) == 1, f"expected one mail to {EMAIL}, found {len(mails)}"
    text = mails[0].get_body(preferencelist=("plain",)).get_content()
    match = re.search(r"https?://\S+/compte/confirmer/\S+", text)
    assert match, f"no confirmation link in:\n{text}"
    assert match.group().startswith(live_server.url), "the link points at the site that sent it"
    return match.group()


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()


def test_register_confirm_sign_in_and_out(page: Page, live_server: LiveServer, browser_log: BrowserLog) -> None:
    page.goto(live_server.url + "/")
    page.get_by_role("navigation").get_by_role("link", name="Créer un compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer un compte")

    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_label("Nom affiché").fill("Camille")
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("Mot de passe, une seconde fois").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.locator("#flash")).to_contain_text(EMAIL)

    page.goto(_confirmation_link(live_server))
    expect(page.locator("#flash")).to_contain_text("adresse e-mail est confirmée")
    _sign_out(page)

    page.get_by_role("link", name="Se connecter").click()
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    expect(page.locator("#flash")).to_contain_text("vous êtes connecté")

    page.get_by_role("link", name="Mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")
    expect(page.get_by_role("main")).to_contain_text(EMAIL)
    expect(page.get_by_role("main")).to_contain_text("confirmée le")

    _sign_out(page)
    page.goto(live_server.url + "/compte/")
    expect(page).to_have_url(re.compile(r"/compte/connexion"))
    problems = browser_log.problems()
    assert not problems, "\n".join(problems)
