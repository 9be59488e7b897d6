"""Signing in through an OpenID Connect provider in a real browser: the test provider (with a
consent page) and Parvis each on their own 127.0.0.1 port. A first sign-in creates the account,
sign-out ends the provider's session too, a refused consent ends on the explanation page."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from app.accounts.services.oidc_client import clear_caches
from tests.accounts.oidc_provider import CLIENT_ID, CLIENT_SECRET, ProviderForTests, serve
from tests.e2e.conftest import BrowserLog, LiveServer

pytestmark = pytest.mark.e2e


@pytest.fixture
def provider() -> Iterator[ProviderForTests]:
    clear_caches()
    with serve(ProviderForTests(interactive=True)) as running:
        yield running
    clear_caches()


@pytest.fixture
def oidc_environment(monkeypatch: pytest.MonkeyPatch, provider: ProviderForTests) -> None:
    """The provider configured as a city's IT team would: through the environment."""
    for name, value in {
        "PARVIS_OIDC_PROVIDERS": "ville",
        "PARVIS_OIDC_VILLE_ISSUER": provider.url,
        "PARVIS_OIDC_VILLE_CLIENT_ID": CLIENT_ID,
        "PARVIS_OIDC_VILLE_CLIENT_SECRET": CLIENT_SECRET,
        "PARVIS_OIDC_VILLE_LABEL": "Compte Ville",
    }.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def parvis(oidc_environment: None, live_server: LiveServer) -> LiveServer:
    """The e2e live server, started once the environment names the provider."""
    return live_server


def test_sign_in_through_the_provider(
    page: Page, parvis: LiveServer, provider: ProviderForTests, browser_log: BrowserLog
) -> None:
    page.goto(parvis.url + "/compte/connexion")
    page.get_by_role("link", name="Se connecter avec Compte Ville").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fournisseur de test")
    page.get_by_role("button", name="Autoriser").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Finaliser votre compte")
    expect(page.get_by_label("Nom affiché")).to_have_value("Camille Martin")
    page.get_by_label("Nom affiché").fill("Camille")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.locator("#flash")).to_contain_text("Bienvenue Camille")

    page.get_by_role("link", name="Mon compte").click()
    providers = page.locator("#providers")
    expect(providers).to_contain_text("Compte Ville")
    expect(providers).to_contain_text("votre seule façon de vous connecter")

    page.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(parvis.url + "/")  # back from the provider's sign-out
    assert len(provider.logouts) == 1 and provider.logouts[0]["id_token_hint"]
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()

    # Once more, refusing consent this time: the explanation page, with the other ways in.
    page.goto(parvis.url + "/compte/connexion")
    page.get_by_role("link", name="Se connecter avec Compte Ville").click()
    page.get_by_role("button", name="Refuser").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("La connexion n'a pas abouti")
    expect(page.get_by_role("main")).to_contain_text("Vous n'avez pas accepté de partager vos informations")
    expect(page.get_by_role("link", name="Avec votre adresse e-mail et votre mot de passe")).to_be_visible()

    # Signing in again goes straight through (the account is linked).
    page.get_by_role("link", name="Se connecter avec Compte Ville").click()
    page.get_by_role("button", name="Autoriser").click()
    expect(page.locator("#flash")).to_contain_text("vous êtes connecté avec Compte Ville")
    assert re.match(rf"{re.escape(parvis.url)}/", page.url)
    problems = browser_log.problems()
    assert not problems, "\n".join(problems)
