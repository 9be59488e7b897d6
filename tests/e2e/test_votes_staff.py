"""City staff set up a vote on a phone-sized screen, open it, enter a paper ballot, close it; the
results page explains each project in French."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import BrowserLog, LiveServer

pytestmark = pytest.mark.e2e

EMAIL = "agent.budget@example.org"
PASSWORD = "une phrase de passe assez longue"


def _staff(live_server: LiveServer) -> None:
    from app.accounts.models import RoleGrant
    from app.accounts.services.passwords import hash_password
    from app.extensions import db
    from tests.factories import UserFactory

    with live_server.app.app_context():
        user = UserFactory(email=EMAIL, display_name="Agent", password_hash=hash_password(PASSWORD))
        db.session.add(RoleGrant(user=user, role="staff", scope_id=""))
        db.session.commit()


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{page.url} is {width}px wide on a 320px screen"


def test_staff_run_a_vote_end_to_end(page: Page, live_server: LiveServer, browser_log: BrowserLog) -> None:
    _staff(live_server)
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(f"{live_server.url}/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    expect(page.locator("#flash")).to_contain_text("connecté")

    page.goto(f"{live_server.url}/votes/gestion/nouveau")
    _fits(page)
    page.get_by_label("Titre").fill("Budget de quartier 2027")
    page.get_by_label("Type de bulletin").select_option("knapsack")
    page.get_by_label("Options, une par ligne").fill(
        "Aire de jeux ; 40000\nJardin partagé ; 25000\nPiste cyclable ; 60000"
    )
    page.get_by_label("Qui peut voter").select_option("signed_in")
    page.get_by_label("Budget (€)").fill("70000")
    page.get_by_role("button", name="Créer le vote").click()
    expect(page.locator("#flash")).to_contain_text("Le vote est créé")
    _fits(page)
    page.get_by_role("button", name="Ouvrir le vote maintenant").click()
    expect(page.locator("#flash")).to_contain_text("Le vote est ouvert")

    page.get_by_role("link", name="Saisir des bulletins papier").first.click()
    page.get_by_label("Pièce d'identité présentée").select_option("cni")
    page.get_by_label("Numéro de la pièce").fill("AB 12 34 56")
    page.get_by_label("Jardin partagé").check()
    page.get_by_label("Aire de jeux").check()
    page.get_by_role("button", name="Enregistrer le bulletin").click()
    expect(page.locator("#paper-form .receipt-code")).to_have_text(re.compile(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}"))
    expect(page.locator("#paper-form")).to_contain_text("1 bulletin déposé.")
    _fits(page)

    page.get_by_role("link", name="page du vote").click()
    page.get_by_role("link", name="Gérer ce vote").click()
    page.get_by_role("button", name="Clore le vote maintenant").click()
    expect(page.locator("#flash")).to_contain_text("Le vote est clos")
    page.goto(page.url.replace("/gestion", "/resultats"))
    main = page.get_by_role("main")
    expect(main).to_contain_text("1 bulletin dépouillé.")
    expect(main).to_contain_text("Retenu : avec 1 voix")
    expect(main).to_contain_text("Non retenu : personne n'a voté pour lui.")
    _fits(page)
    assert not browser_log.problems(), browser_log.problems()
