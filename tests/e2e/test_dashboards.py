"""The issue's scenario to its end in a real browser: a resident reports a problem with a photo,
the service answers and resolves it, the resident sees the answer, and the dashboards count it —
the staff version by service, the public version in its totals, with no trace of the report
itself."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import BrowserLog, LiveServer
from tests.e2e.test_budgets import _sign_in, new_page
from tests.e2e.test_feedback import AGENT, RESIDENT, _photo, _setup

__all__ = ["new_page"]
pytestmark = pytest.mark.e2e

TEXT = "Le lampadaire devant l'école est tombé, des câbles dépassent du trottoir."
ANSWER = "Le périmètre est sécurisé, le lampadaire sera remplacé mardi."


def test_a_report_answered_then_counted_on_the_dashboards(
    page: Page, new_page: Callable[[], Page], live_server: LiveServer, browser_log: BrowserLog, tmp_path: Path
) -> None:
    _setup(live_server)
    staff = new_page()

    _sign_in(page, live_server, RESIDENT)
    page.get_by_role("navigation").get_by_role("link", name="Signaler un problème").click()
    page.get_by_label("Service et sujet").select_option(label="Trottoir abîmé")
    page.get_by_label("Ce qui ne va pas").fill(TEXT)
    page.get_by_label("Photo (facultative : PNG, JPEG, GIF ou WebP, 5 Mo au plus)").set_input_files(_photo(tmp_path))
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.get_by_role("main")).to_contain_text("Merci : votre signalement est envoyé au service.")
    number = page.get_by_role("heading", level=1).inner_text().rsplit(" ", 1)[-1]

    _sign_in(staff, live_server, AGENT)
    staff.goto(f"{live_server.url}/signalements/traiter/{number}")
    staff.get_by_label("Réponse aux personnes qui l'ont signalé").fill(ANSWER)
    staff.get_by_role("button", name="Répondre").click()
    expect(staff.locator("#flash")).to_contain_text("envoyée par courriel à 1 personne(s)")
    staff.get_by_label("Nouvel état").select_option(label="Résolu")
    staff.get_by_role("button", name="Changer l'état").click()
    expect(staff.locator("#flash")).to_contain_text("État enregistré.")

    page.goto(f"{live_server.url}/signalements/mes-signalements")
    page.get_by_role("link", name=f"N° {number} — Voirie : Trottoir abîmé").click()
    expect(page.get_by_role("main")).to_contain_text(ANSWER)

    # The staff dashboard counts it for the voirie service: received, acknowledged, resolved.
    staff.get_by_role("navigation").get_by_role("link", name="Tableaux de bord").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Tableau de bord de la participation")
    staff.get_by_role("link", name="Services de la ville").click()
    row = staff.get_by_role("row").filter(has=staff.get_by_role("rowheader", name="Voirie"))
    cells = row.get_by_role("cell").all_inner_texts()
    assert cells[:5] == ["1", "1", "1", "1", "1"]  # row number, reports, cases, acknowledged, resolved

    # The public figures count it in their totals, and show nothing of the report itself.
    page.get_by_role("navigation").get_by_role("link", name="Participation en chiffres").click()
    totals = page.locator(".dashboard-totals li").filter(has_text="Signalements et avis")
    expect(totals.locator("strong")).to_have_text("1")
    page.get_by_role("link", name="Services de la ville").click()
    expect(page.get_by_role("main")).to_contain_text("1 signalement ou avis reçu")
    expect(page.get_by_role("main")).not_to_contain_text("lampadaire")
    expect(page.get_by_role("main")).not_to_contain_text(f"Dossier n° {number}")

    # The filters work as a plain form: a month with nothing in it shows nothing.
    page.get_by_label("Du mois").fill("2020-01")
    page.get_by_label("Au mois (inclus)").fill("2020-01")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("main")).to_contain_text("Période : de janvier 2020 à janvier 2020 inclus")
    expect(page.get_by_role("main")).to_contain_text("0 signalements et avis reçus")
    assert "du=2020-01" in page.url  # pushed: the address can be bookmarked or shared
    # A mistake is told in the form.
    page.get_by_label("Au mois (inclus)").fill("2019-12")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("main")).to_contain_text("Le dernier mois doit venir après le premier.")
    assert browser_log.problems() == []
