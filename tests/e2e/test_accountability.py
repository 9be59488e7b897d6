"""The follow-up of a funded project in a real browser: a tracker (no admin rights) signs in, moves
the project to "works under way", publishes an update with a photo; a visitor then sees the update,
the photo and the project's history on the public page, and the project in the overview."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.conftest import BrowserLog, LiveServer

pytestmark = pytest.mark.e2e

PASSWORD = "une phrase de passe assez longue"
TRACKER = "ines.suivi@example.org"
TITLE = "Jardin partagé du square Cadenat"


def _setup(live_server: LiveServer) -> int:
    """A project funded by the city, tracked by one agent who has no other role, and a follower."""
    from app.accountability.services import follows, followups
    from app.accounts.models import RoleGrant
    from app.accounts.services.passwords import hash_password
    from app.extensions import db
    from tests.factories import QuartierFactory, UserFactory

    with live_server.app.app_context(), live_server.app.test_request_context():
        quartier = QuartierFactory(name="La Belle de Mai", slug="la-belle-de-mai")
        staff = UserFactory(display_name="Service des parcs")
        db.session.add(RoleGrant(user=staff, role="staff", scope_id=""))
        item = followups.create_project(
            staff, followups.ProjectInput(TITLE, quartier_id=quartier.id, budget_voted=Decimal("85000.00"))
        )
        tracker = UserFactory(email=TRACKER, display_name="Inès Ziani", password_hash=hash_password(PASSWORD))
        db.session.add(RoleGrant(user=tracker, role="tracker", scope_id=f"projet-{item.id}"))
        follows.follow(UserFactory(email="voisine@example.org", display_name="Voisine"), item)
        db.session.commit()
        return item.id


def test_a_tracker_posts_an_update_with_a_photo_and_the_public_page_shows_it(
    page: Page, live_server: LiveServer, browser_log: BrowserLog, tmp_path: Path
) -> None:
    project_id = _setup(live_server)
    photo = tmp_path / "chantier.png"
    Image.new("RGB", (1200, 800), (60, 140, 70)).save(photo)

    page.goto(f"{live_server.url}/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(TRACKER)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    expect(page.locator("#flash")).to_contain_text("connecté")

    page.goto(f"{live_server.url}/suivi/mes-projets")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)

    tracking = page.get_by_role("region", name="État, avancement, budget et dates")
    tracking.get_by_label("État", exact=True).select_option(label="Travaux en cours")
    tracking.get_by_label("Avancement (%)").fill("40")
    tracking.get_by_label("Montant dépensé (€)").fill("12 500,50")
    tracking.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator("#flash")).to_contain_text("enregistrés")

    news = page.get_by_role("region", name="Publier une actualité")
    news.get_by_label("Titre").fill("Les bacs sont posés")
    news.get_by_label("Texte (Markdown").fill("Douze **bacs** de plantation sont en place.")
    news.get_by_label("Photo (facultatif)").set_input_files(str(photo))
    news.get_by_label("Ce que montre la photo").fill("Les bacs de plantation")
    news.get_by_role("button", name="Publier l'actualité").click()
    expect(page.locator("#flash")).to_contain_text("1 abonné(s) prévenu(s)")

    # The public page, as a visitor sees it.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/suivi/projets/{project_id}")
    update = page.locator(".feed li").first
    expect(update.get_by_role("heading")).to_have_text("Les bacs sont posés")
    expect(update.locator("strong")).to_have_text("bacs")
    image = update.get_by_role("img", name="Les bacs de plantation")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") == 1200  # served, decoded (under the 1600 px limit)
    expect(page.get_by_text("Travaux en cours").first).to_be_visible()
    history = page.locator("ol.history")
    expect(history).to_contain_text("Inès Ziani")
    expect(history).to_contain_text("État : Prévu → Travaux en cours")
    expect(history).to_contain_text("Montant dépensé : 0,00 € → 12 500,50 €")
    expect(history).to_contain_text("actualité publiée : Les bacs sont posés")

    page.goto(f"{live_server.url}/suivi/")
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("40 %")
    assert [mail["To"] for mail in live_server.mails()] == ["voisine@example.org"]
    problems = browser_log.problems()
    assert not problems, "\n".join(problems)
