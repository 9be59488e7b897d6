"""Assemblies in real browsers: a phone and the projector (or console) side by side, updates
arriving through Server-Sent Events without any reload."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from app.core.db import utcnow
from app.extensions import db
from tests.e2e.conftest import BrowserLog, LiveServer

pytestmark = pytest.mark.e2e

EMAIL = "animatrice@example.org"
PASSWORD = "un mot de passe assez long"


@dataclass
class Room:
    session_id: int
    code: str
    wall_id: int
    debate_id: int


def _prepare(live_server: LiveServer, open_kind: str) -> Room:
    from app.accounts.models import RoleGrant, User
    from app.accounts.services.passwords import hash_password
    from app.assemblies.services import sessions

    app = live_server.app
    with app.test_request_context():
        assembly = sessions.create_assembly(None, "Assemblée citoyenne du futur")
        now = utcnow()
        session = sessions.create_session(
            None,
            assembly,
            sessions.SessionInput(
                title="Séance d'essai",
                starts_at=now - timedelta(hours=1),
                ends_at=now + timedelta(hours=2),
                note_interval=0,
            ),
        )
        sessions.set_session_status(None, session, "open")
        board = sessions.add_activity(None, session, "wall", "Nos idées", columns=["Transports", "Logement"])
        argument = sessions.add_activity(None, session, "debate", "Débat", statement="Fermer le centre aux voitures.")
        sessions.set_activity_status(None, board if open_kind == "wall" else argument, "open")
        user = User(
            email=EMAIL, display_name="Animatrice", email_confirmed_at=now, password_hash=hash_password(PASSWORD)
        )
        user.roles.append(RoleGrant(role="facilitator", scope_id=str(assembly.id)))
        db.session.add(user)
        db.session.commit()
        room = Room(session.id, session.join_code, board.id, argument.id)
        db.session.remove()
    return room


@pytest.fixture
def contexts(browser: Browser) -> Iterator[tuple[BrowserContext, BrowserContext]]:
    phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    screen = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        yield phone, screen
    finally:
        phone.close()
        screen.close()


def _watch(page: Page) -> BrowserLog:
    """Console errors (CSP refusals among them), script errors and requests to other hosts."""
    log = BrowserLog()
    page.on("console", log.on_console)
    page.on("pageerror", lambda error: log.errors.append(f"script error: {error}"))
    page.on("request", log.on_request)
    return log


def _sign_in(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    expect(page.locator("#flash")).to_contain_text("connecté")


def _join(page: Page, live_server: LiveServer, room: Room, name: str) -> None:
    page.goto(live_server.url + "/assemblees/rejoindre")
    page.get_by_label("Code de la séance").fill(room.code.lower())
    page.get_by_role("main").get_by_role("button", name="Rejoindre").click()
    page.get_by_label("Votre pseudonyme").fill(name)
    page.get_by_role("button", name="Entrer dans la séance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Séance d'essai")


def _wait_for_stream(page: Page) -> None:
    """The page's EventSource is open (htmx-ext-sse keeps it in the element's internal data)."""
    page.wait_for_function(
        "() => { const el = document.getElementById('live'); const data = el && el['htmx-internal-data'];"
        " return !!(data && data.sseEventSource && data.sseEventSource.readyState === 1); }"
    )


def test_a_note_posted_from_a_phone_appears_on_the_projector(
    live_server: LiveServer, contexts: tuple[BrowserContext, BrowserContext]
) -> None:
    room = _prepare(live_server, "wall")
    phone_context, screen_context = contexts
    projector = screen_context.new_page()
    projector_log = _watch(projector)
    _sign_in(projector, live_server)
    projector.goto(f"{live_server.url}/assemblees/seance/{room.session_id}/projection")
    expect(projector.locator(".join-code")).to_have_text(room.code)
    expect(projector.locator(".qr svg")).to_have_count(1)
    _wait_for_stream(projector)
    projector.evaluate("window.__notReloaded = true")

    phone = phone_context.new_page()
    phone_log = _watch(phone)
    _join(phone, live_server, room, "Camille")
    phone.get_by_label("Colonne").select_option(label="Logement")
    phone.get_by_label("Votre idée").fill("Des jardins partagés au pied des immeubles")
    phone.get_by_role("button", name="Envoyer la note").click()
    expect(phone.get_by_label("Votre idée")).to_have_value("")

    column = projector.locator(".wall-column", has=projector.get_by_role("heading", name="Logement"))
    expect(column.locator(".note")).to_contain_text("Des jardins partagés au pied des immeubles")
    assert projector.evaluate("window.__notReloaded") is True  # same page: it came by the stream
    # And the phone's own wall got it too, while what it types is kept.
    phone.get_by_label("Votre idée").fill("Une idée en cours d'écriture")
    projector_note = projector.locator(".note").first
    expect(projector_note).to_be_visible()
    expect(phone.locator("#wall .note")).to_have_count(1)
    expect(phone.get_by_label("Votre idée")).to_have_value("Une idée en cours d'écriture")
    problems = projector_log.problems() + phone_log.problems()
    assert not problems, "\n".join(problems)


def test_the_phone_screen_fits_320_px(live_server: LiveServer, contexts: tuple[BrowserContext, BrowserContext]) -> None:
    room = _prepare(live_server, "wall")
    phone = contexts[0].new_page()
    phone.set_viewport_size({"width": 320, "height": 640})
    _join(phone, live_server, room, "Lina")
    phone.get_by_label("Votre idée").fill("Une note assez longue pour passer à la ligne sur un petit écran")
    phone.get_by_role("button", name="Envoyer la note").click()
    expect(phone.locator("#wall .note")).to_have_count(1)
    widths = phone.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"the page is {widths[0]} px wide in a {widths[1]} px window"


def test_switching_sides_moves_the_gauge(
    live_server: LiveServer, contexts: tuple[BrowserContext, BrowserContext]
) -> None:
    room = _prepare(live_server, "debate")
    phone_context, screen_context = contexts
    projector = screen_context.new_page()
    _sign_in(projector, live_server)
    projector.goto(f"{live_server.url}/assemblees/seance/{room.session_id}/projection")
    _wait_for_stream(projector)
    agree = projector.locator("#gauge .gauge-count[data-side=agree]")
    disagree = projector.locator("#gauge .gauge-count[data-side=disagree]")
    expect(agree).to_contain_text("0")

    phone = phone_context.new_page()
    _join(phone, live_server, room, "Bo")
    phone.get_by_role("button", name="D'accord", exact=True).click()
    expect(phone.get_by_role("button", name="D'accord", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(agree).to_have_text("1 (100 %)")
    phone.get_by_role("button", name="Pas d'accord").click()
    expect(disagree).to_have_text("1 (100 %)")
    expect(agree).to_have_text("0 (0 %)")
    expect(projector.locator("#gauge")).to_contain_text("1 personne a changé d'avis")


def test_a_note_is_moved_with_the_keyboard_only(
    live_server: LiveServer, contexts: tuple[BrowserContext, BrowserContext]
) -> None:
    room = _prepare(live_server, "wall")
    phone_context, screen_context = contexts
    phone = phone_context.new_page()
    _join(phone, live_server, room, "Camille")
    phone.get_by_label("Votre idée").fill("Un tram la nuit")
    phone.get_by_role("button", name="Envoyer la note").click()
    expect(phone.get_by_label("Votre idée")).to_have_value("")

    console = screen_context.new_page()
    _sign_in(console, live_server)
    console.goto(f"{live_server.url}/assemblees/seance/{room.session_id}/console")
    _wait_for_stream(console)
    transports = console.locator(".wall-column", has=console.get_by_role("heading", name="Transports"))
    housing = console.locator(".wall-column", has=console.get_by_role("heading", name="Logement"))
    expect(transports.locator(".note")).to_contain_text("Un tram la nuit")

    # Keyboard only: Tab to the note's "Move…" control, open it, choose, submit.
    console.locator("body").focus()
    for _ in range(200):
        console.keyboard.press("Tab")
        if console.evaluate("document.activeElement && document.activeElement.textContent.trim()") == "Déplacer…":
            break
    else:
        raise AssertionError("the Move… control cannot be reached with Tab")
    console.keyboard.press("Enter")
    console.keyboard.press("Tab")  # the "To" list
    expect(console.locator(":focus")).to_have_attribute("name", "to")
    console.keyboard.press("ArrowDown")
    console.keyboard.press("Tab")  # position
    console.keyboard.press("Tab")  # the button
    console.keyboard.press("Enter")
    expect(housing.locator(".note")).to_contain_text("Un tram la nuit")
    expect(transports.locator(".note")).to_have_count(0)


def test_a_phone_without_streams_follows_the_wall_by_polling(
    live_server: LiveServer, contexts: tuple[BrowserContext, BrowserContext], browser: Browser
) -> None:
    room = _prepare(live_server, "wall")
    old_phone = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        old_phone.add_init_script("delete window.EventSource;")  # a browser or proxy without SSE
        watcher = old_phone.new_page()
        _join(watcher, live_server, room, "Sans flux")
        watcher.get_by_label("Votre idée").fill("Je tape pendant ce temps")
        author = contexts[0].new_page()
        _join(author, live_server, room, "Autrice")
        author.get_by_label("Votre idée").fill("Une idée vue par sondage")
        author.get_by_role("button", name="Envoyer la note").click()
        expect(watcher.locator("#wall .note")).to_contain_text("Une idée vue par sondage", timeout=10_000)
        expect(watcher.get_by_label("Votre idée")).to_have_value("Je tape pendant ce temps")
    finally:
        old_phone.close()
