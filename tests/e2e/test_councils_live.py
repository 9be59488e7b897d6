"""A council session run live in real browsers: the moderator opens the session, takes
attendance and moves through the agenda from the console; a second browser showing the public
"now" page sees the current item change without reloading (pushed by Server-Sent Events, with a
slower poll as the safety net)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from app.accounts.services.passwords import hash_password
from app.core.db import utcnow
from app.councils.services import agenda, bodies, memberships, sessions
from app.extensions import db
from tests.e2e.conftest import BrowserLog, LiveServer
from tests.factories import QuartierFactory, UserFactory

pytestmark = pytest.mark.e2e

PASSWORD = "une phrase de passe assez longue"


def _prepare(live_server: LiveServer) -> dict[str, Any]:
    with live_server.app.app_context(), live_server.app.test_request_context():
        quartier = QuartierFactory(name="La Belle de Mai", slug="la-belle-de-mai")
        body = bodies.create_body(
            None, bodies.BodyInput(name="CIQ Belle de Mai", kind="ciq", joining="open", quartier_ids=[quartier.id])
        )
        moderator = UserFactory(email="moderatrice@example.org", password_hash=hash_password(PASSWORD))
        db.session.flush()
        from app.accounts.models import RoleGrant

        db.session.add(RoleGrant(user_id=moderator.id, role="moderator", scope_id=body.slug))
        members = [UserFactory(display_name=name) for name in ("Amina Haddad", "Paul Rossi")]
        db.session.flush()
        for member in members:
            memberships.join(member, body)
        starts = utcnow() + timedelta(minutes=30)
        session = sessions.create_session(
            moderator,
            body,
            sessions.SessionInput(
                title="Séance de novembre",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                place="Maison pour tous",
            ),
        )
        for title in ("Accueil des habitants", "Propreté des rues", "Questions diverses"):
            agenda.add_item(session, title, 15)
        db.session.commit()
        return {"session_id": session.id, "members": [m.id for m in members]}


def test_moderator_runs_the_session_and_the_projector_follows(
    page: Page, browser: Browser, live_server: LiveServer, browser_log: BrowserLog
) -> None:
    data = _prepare(live_server)
    session_url = f"{live_server.url}/conseils/seances/{data['session_id']}"

    page.goto(live_server.url + "/compte/connexion")
    page.get_by_label("Adresse e-mail").fill("moderatrice@example.org")
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    expect(page.locator("#flash")).to_contain_text("connecté")

    page.goto(session_url + "/pilotage")
    page.get_by_role("button", name="Ouvrir la séance").click()
    expect(page.locator("#console-current")).to_have_text("Accueil des habitants")

    # The projector: another browser, nobody signed in.
    projector_context = browser.new_context()
    projector = projector_context.new_page()
    streams: list[str] = []
    projector.on("request", lambda request: streams.append(request.url) if "/direct/flux" in request.url else None)
    projector.goto(session_url + "/direct")
    expect(projector.locator("#now-current")).to_have_text("Accueil des habitants")
    projector.evaluate("window.__notReloaded = true")

    # Attendance: one present, one excused, three people from the neighbourhood.
    first, second = data["members"]
    page.locator(f'input[name="member-{first}"][value="present"]').check()
    page.locator(f'input[name="member-{second}"][value="excused"]').check()
    page.get_by_label("Personnes non membres présentes").fill("3")
    page.get_by_role("button", name="Enregistrer les présences").click()
    expect(page.locator("#attendance")).to_contain_text("Présences enregistrées")
    expect(page.locator("#attendance")).to_contain_text("1 membre présent")

    page.get_by_role("button", name="Point suivant →").click()
    expect(page.locator("#console-current")).to_have_text("Propreté des rues")

    # The projected page follows by itself, without a reload.
    expect(projector.locator("#now-current")).to_have_text("Propreté des rues", timeout=10_000)
    assert projector.evaluate("window.__notReloaded === true")
    assert streams, "the projected page opened its Server-Sent Events stream"
    expect(projector.locator("#now")).to_contain_text("1 membre présent")

    projector_context.close()
    problems = browser_log.problems()
    assert not problems, "\n".join(problems)
