"""The councils pages in a real browser on a 320 px phone: no horizontal scroll, a clean console,
and the resident's path (find the CIQ of one's quartier, join it, register for a session) by
keyboard-reachable controls."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from app.accounts.services.passwords import hash_password
from app.core.db import utcnow
from app.councils.services import agenda, bodies, sessions
from app.extensions import db
from tests.e2e.conftest import BrowserLog, LiveServer
from tests.factories import QuartierFactory, UserFactory

pytestmark = pytest.mark.e2e

PASSWORD = "une phrase de passe assez longue"


def _prepare(live_server: LiveServer) -> tuple[str, int]:
    with live_server.app.app_context(), live_server.app.test_request_context():
        quartier = QuartierFactory(name="La Belle de Mai", slug="la-belle-de-mai")
        UserFactory(email="lucie@example.org", password_hash=hash_password(PASSWORD), quartier=quartier)
        body = bodies.create_body(
            None,
            bodies.BodyInput(
                name="Comité d'intérêt de quartier de la Belle de Mai et de ses environs immédiats",
                kind="ciq",
                joining="open",
                purpose="Propreté, voirie, **espaces verts**.",
                quartier_ids=[quartier.id],
            ),
        )
        staff = UserFactory()
        db.session.flush()
        starts = utcnow() + timedelta(days=5)
        session = sessions.create_session(
            staff,
            body,
            sessions.SessionInput(
                title="Réunion publique sur la propreté des rues et le stationnement",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                mode="hybrid",
                place="Maison pour tous, 12 boulevard de la Révolution, 13003 Marseille",
                online_url="https://visio.example.org/salle-de-reunion-du-comite-belle-de-mai-tres-longue",
                seat_limit=30,
            ),
        )
        agenda.add_item(session, "Accueil", 10)
        db.session.commit()
        return body.slug, session.id


def _assert_fits(page: Page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide in a {widths[1]} px window"


def test_resident_path_on_a_phone(page: Page, live_server: LiveServer, browser_log: BrowserLog) -> None:
    slug, session_id = _prepare(live_server)
    page.set_viewport_size({"width": 320, "height": 640})
    for path in (
        "/conseils/",
        f"/conseils/{slug}",
        f"/conseils/seances/{session_id}",
        f"/conseils/seances/{session_id}/direct",
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        _assert_fits(page)

    page.goto(live_server.url + "/compte/connexion")
    page.get_by_label("Adresse e-mail").fill("lucie@example.org")
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    page.goto(live_server.url + "/conseils/")
    expect(page.get_by_role("main")).to_contain_text("Instances qui couvrent La Belle de Mai")
    page.get_by_role("link", name="Comité d'intérêt de quartier de la Belle de Mai", exact=False).first.click()
    page.get_by_role("button", name="Rejoindre").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#membership")).to_contain_text("Bienvenue")
    page.goto(f"{live_server.url}/conseils/seances/{session_id}")
    page.get_by_role("button", name="M'inscrire").click()
    expect(page.locator("#registration")).to_contain_text("Vous êtes inscrit·e.")
    _assert_fits(page)
    problems = browser_log.problems()
    assert not problems, "\n".join(problems)
