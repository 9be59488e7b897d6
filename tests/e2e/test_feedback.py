"""Citizen feedback in a real browser: a signed-in resident reports a pothole with a photo through
the nav link, the voirie agent finds it in the service queue (photo shown), answers and resolves it,
and the resident sees the answer on "Mes signalements" and receives it by email."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import BrowserLog, LiveServer
from tests.e2e.test_budgets import PASSWORD, _sign_in, new_page

__all__ = ["new_page"]
pytestmark = pytest.mark.e2e

RESIDENT = "nadia.habitante@example.org"
AGENT = "agent.voirie@example.org"
ANSWER = "Une équipe rebouche le trou jeudi matin. Merci de nous l'avoir signalé."


def _setup(live_server: LiveServer) -> None:
    """The voirie service with its categories, a resident of a quartier, and the voirie agent."""
    from app.accounts.models import RoleGrant
    from app.accounts.services.passwords import hash_password
    from app.extensions import db
    from app.feedback.services import catalog
    from tests.factories import QuartierFactory, UserFactory

    with live_server.app.app_context(), live_server.app.test_request_context():
        quartier = QuartierFactory(name="La Belle de Mai", slug="la-belle-de-mai")
        hashed = hash_password(PASSWORD)
        UserFactory(email=RESIDENT, display_name="Nadia", password_hash=hashed, quartier=quartier)
        agent = UserFactory(email=AGENT, display_name="Mathieu", password_hash=hashed)
        db.session.add(RoleGrant(user=agent, role="staff", scope_id="voirie"))
        catalog.save_service(
            None,
            catalog.ServiceInput("Voirie", "voirie", "Nid-de-poule\nTrottoir abîmé", 15, 4, "chef.voirie@example.org"),
        )
        catalog.save_service(None, catalog.ServiceInput("Propreté", "proprete", "Dépôt sauvage", 7, 2))
        db.session.commit()


def _photo(folder: Path) -> Path:
    from PIL import Image

    path = folder / "trou.png"
    Image.new("RGB", (640, 480), "darkgrey").save(path)
    return path


def test_report_with_a_photo_answered_by_the_service(
    page: Page, new_page: Callable[[], Page], live_server: LiveServer, browser_log: BrowserLog, tmp_path: Path
) -> None:
    _setup(live_server)
    staff = new_page()

    # The resident reports through the nav link, with a photo.
    _sign_in(page, live_server, RESIDENT)
    page.get_by_role("navigation").get_by_role("link", name="Signaler un problème").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signaler un problème")
    page.get_by_label("Service et sujet").select_option(label="Nid-de-poule")
    page.get_by_label("Ce qui ne va pas").fill("Un trou profond sur le passage piéton, une chute est vite arrivée.")
    expect(page.get_by_label("Quartier").locator("option:checked")).to_have_text("La Belle de Mai")  # theirs
    page.get_by_label("Adresse ou lieu précis (facultatif)").fill("8 place Cadenat")
    page.get_by_label("Photo (facultative : PNG, JPEG, GIF ou WebP, 5 Mo au plus)").set_input_files(_photo(tmp_path))
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.get_by_role("main")).to_contain_text("Merci : votre signalement est envoyé au service.")
    heading = page.get_by_role("heading", level=1).inner_text()
    number = heading.rsplit(" ", 1)[-1]
    photo = page.get_by_role("img", name="La photo jointe au signalement")
    expect(photo).to_be_visible()
    assert photo.evaluate("image => image.naturalWidth") == 640  # re-encoded, small enough to keep its size

    # The voirie agent finds it in the service's queue, sees the suggestion, answers and resolves it.
    _sign_in(staff, live_server, AGENT)
    staff.get_by_role("navigation").get_by_role("link", name="File des signalements").click()
    expect(staff.get_by_role("main")).not_to_contain_text("Propreté —")
    staff.get_by_role("link", name=number, exact=True).click()
    expect(staff.get_by_role("heading", level=1)).to_have_text(f"Dossier n° {number}")
    expect(staff.get_by_role("main")).to_contain_text("Haute — mots de risque : chute")
    staff.get_by_label("Criticité", exact=True).select_option(label="Haute")
    staff.get_by_role("button", name="Enregistrer la criticité").click()
    expect(staff.locator("#flash")).to_contain_text("Criticité enregistrée.")
    staff.get_by_label("Réponse aux personnes qui l'ont signalé").fill(ANSWER)
    staff.get_by_role("button", name="Répondre").click()
    expect(staff.locator("#flash")).to_contain_text("envoyée par courriel à 1 personne(s)")
    staff.get_by_label("Nouvel état").select_option(label="Résolu")
    staff.get_by_role("button", name="Changer l'état").click()
    expect(staff.locator("#flash")).to_contain_text("État enregistré.")
    expect(staff.get_by_role("main")).to_contain_text("Résolu")

    # The resident sees the answer on their page, and received it with a survey.
    page.goto(f"{live_server.url}/signalements/mes-signalements")
    expect(page.get_by_role("main")).to_contain_text("1 réponse")
    page.get_by_role("link", name=f"N° {number} — Voirie : Nid-de-poule").click()
    expect(page.get_by_role("main")).to_contain_text(ANSWER)
    expect(page.get_by_role("main")).to_contain_text("Résolu")
    subjects = [(mail["To"], mail["Subject"]) for mail in live_server.mails()]
    assert (RESIDENT, f"Réponse à votre signalement n° {number}") in subjects
    assert any(to == RESIDENT and subject.startswith("Votre avis") for to, subject in subjects)
    assert browser_log.problems() == []
