"""The participatory budget in a real browser, from a resident's proposal to the published winner:
the resident proposes, city staff review and prepare the vote, the resident votes with the keyboard
only (Tab, Space, Enter) and gets a receipt, the vote closes and the results page shows the winner.
Phases are moved through the service, as an admin moving their dates would."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from tests.e2e.conftest import BrowserLog, LiveServer

pytestmark = pytest.mark.e2e

PASSWORD = "une phrase de passe assez longue"
RESIDENT = "lina.habitante@example.org"
AGENT = "agent.instruction@example.org"
SLUG = "budget-participatif-2027"
MINE = "Des bancs ombragés place Cadenat"
OTHER = "Une fontaine rue Belle de Mai"
DAY = timedelta(days=1)
ORDER = ("submission", "review", "voting", "results")


def _dates(current: str, now: datetime) -> dict[str, tuple[datetime | None, datetime | None]]:
    """Ten-day phases in order, `now` in the middle of `current` (the results phase has no end)."""
    start = now - 5 * DAY - ORDER.index(current) * 10 * DAY
    dates: dict[str, tuple[datetime | None, datetime | None]] = {}
    for number, kind in enumerate(ORDER):
        starts = start + number * 10 * DAY
        dates[kind] = (starts, None if kind == "results" else starts + 10 * DAY)
    return dates


def _setup(live_server: LiveServer) -> None:
    """An edition in its submission phase with one city-wide envelope (one project of two fits), a
    verified resident of a quartier, another resident's submitted project, and a staff member."""
    from app.accounts.models import RoleGrant
    from app.accounts.services.passwords import hash_password
    from app.budgets.services import editions, proposals
    from app.core.db import utcnow
    from app.extensions import db
    from tests.factories import QuartierFactory, UserFactory

    with live_server.app.app_context(), live_server.app.test_request_context():
        quartier = QuartierFactory(name="La Belle de Mai", slug="la-belle-de-mai")
        hashed = hash_password(PASSWORD)
        UserFactory(email=RESIDENT, display_name="Lina", password_hash=hashed, verified_at=utcnow(), quartier=quartier)
        neighbour = UserFactory(display_name="Karim", verified_at=utcnow(), quartier=quartier)
        agent = UserFactory(email=AGENT, display_name="Agent", password_hash=hashed)
        db.session.add(RoleGrant(user=agent, role="staff", scope_id=""))
        edition = editions.create_edition(None, editions.EditionInput(title="Budget participatif 2027", year=2027))
        editions.set_phases(None, edition, _dates("submission", utcnow()))
        city = editions.add_envelope(
            None,
            edition,
            editions.EnvelopeInput("Toute la ville", Decimal("100000"), ballot_kind="approval", max_choices=1),
        )
        draft = proposals.create_draft(
            neighbour,
            edition,
            proposals.ProposalInput(
                title=OTHER,
                description="Une fontaine d'eau potable pour les jours de chaleur, près de l'école.",
                estimated_cost=Decimal("70000"),
                theme="cadre_de_vie",
                envelope_id=city.id,
                quartier_id=quartier.id,
            ),
        )
        proposals.submit(neighbour, draft)
        db.session.commit()
        assert edition.slug == SLUG


def _move_to(live_server: LiveServer, phase: str) -> None:
    from app.budgets.services import editions
    from app.core.db import utcnow
    from app.extensions import db

    with live_server.app.app_context(), live_server.app.test_request_context():
        editions.set_phases(None, editions.get_edition(SLUG), _dates(phase, utcnow()))
        db.session.commit()


def _publish(live_server: LiveServer) -> None:
    """What the staff's "publish" button does once the vote is over."""
    import sqlalchemy as sa

    from app.accounts.models import User
    from app.budgets.services import editions, results
    from app.extensions import db

    with live_server.app.app_context(), live_server.app.test_request_context():
        agent = db.session.scalar(sa.select(User).where(User.email == AGENT))
        assert len(results.publish(agent, editions.get_edition(SLUG))) == 1
        db.session.commit()


def _sign_in(page: Page, live_server: LiveServer, email: str) -> None:
    page.goto(f"{live_server.url}/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    expect(page.locator("#flash")).to_contain_text("connecté")


def _tab_to(page: Page, target: Locator, limit: int = 120) -> None:
    """Press Tab until `target` has the focus: it must be reachable in the page's tab order."""
    expect(target).to_be_visible()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} was not reached after {limit} presses of Tab")


@pytest.fixture
def new_page(browser: Browser, browser_log: BrowserLog) -> Iterator[Callable[[], Page]]:
    """Pages of other people (own cookies), watched like `page`; closed at the end."""
    contexts: list[BrowserContext] = []

    def make() -> Page:
        contexts.append(browser.new_context())
        other = contexts[-1].new_page()
        other.on("console", browser_log.on_console)
        other.on("pageerror", lambda error: browser_log.errors.append(f"script error: {error}"))
        other.on("request", browser_log.on_request)
        return other

    yield make
    for context in contexts:
        context.close()


def test_propose_review_vote_with_the_keyboard_and_see_the_winner(
    page: Page, new_page: Callable[[], Page], live_server: LiveServer, browser_log: BrowserLog
) -> None:
    _setup(live_server)
    edition_url = f"{live_server.url}/budget/{SLUG}"
    staff, visitor = new_page(), new_page()

    # The resident drafts a proposal, then submits it.
    _sign_in(page, live_server, RESIDENT)
    page.goto(edition_url)
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Voter")).to_have_count(0)  # not before the vote
    expect(main.get_by_role("link", name="Résultats")).to_have_count(0)
    main.get_by_role("link", name="Proposer un projet").click()
    page.get_by_label("Titre").fill(MINE)
    page.get_by_label("Description").fill("Six bancs sous des arbres, pour se reposer à l'ombre en été.")
    page.get_by_label("Coût estimé (€)").fill("60000")
    page.get_by_label("Thème").select_option("cadre_de_vie")
    page.get_by_label("Enveloppe").select_option(label="Toute la ville")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#flash")).to_contain_text("Votre brouillon est enregistré")
    page.get_by_role("button", name="Déposer le projet").click()
    expect(page.locator("#flash")).to_contain_text("Votre projet est déposé")
    expect(page.get_by_role("main")).to_contain_text("Déposé")

    # Staff review both projects in the review phase, then prepare the vote ahead of its opening.
    _move_to(live_server, "review")
    _sign_in(staff, live_server, AGENT)
    staff.goto(edition_url)
    expect(staff.get_by_role("link", name="Bulletins papier")).to_have_count(0)  # not before the vote
    staff.get_by_role("link", name="File d'instruction").click()
    for title in (MINE, OTHER):
        staff.get_by_role("link", name=title).click()
        staff.get_by_label("Décision").select_option("feasible")
        staff.get_by_role("button", name="Enregistrer la décision").click()
        expect(staff.locator("#flash")).to_contain_text("La décision est enregistrée")
        staff.get_by_role("link", name="File d'instruction").click()
    expect(staff.get_by_role("link", name="Réalisable (2)")).to_be_visible()
    staff.goto(edition_url)
    staff.get_by_role("button", name="Préparer le vote").click()
    expect(staff.locator("#flash")).to_contain_text(re.compile(r"1 enveloppes? prêtes? pour le vote"))

    # The vote opens. An anonymous visitor is sent to sign in; the resident votes with the keyboard.
    _move_to(live_server, "voting")
    visitor.goto(edition_url)
    visitor.get_by_role("link", name="Se connecter pour voter").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Se connecter")

    page.goto(edition_url)
    _tab_to(page, page.get_by_role("main").get_by_role("link", name="Voter", exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Votez pour les projets de votre choix")
    mine = page.get_by_label(MINE)
    _tab_to(page, mine)
    page.keyboard.press("Space")
    expect(mine).to_be_checked()
    expect(page.get_by_label(OTHER)).not_to_be_checked()
    expect(page.locator(".ballot-count")).to_have_text("1 / 1 projets cochés")  # budgets-ballot.js
    _tab_to(page, page.get_by_role("button", name="Valider mon bulletin pour « Toute la ville »"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre reçu")
    code = page.locator(".receipt-code code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code), code

    # Staff follow the turnout during the vote; no result is shown yet.
    staff.goto(edition_url)
    expect(staff.get_by_role("link", name="Bulletins papier")).to_be_visible()
    staff.get_by_role("link", name="Participation", exact=True).click()  # the nav has "Participation en chiffres"
    expect(staff.get_by_role("main")).to_contain_text("1 personne a voté jusqu'ici")

    # The vote closes, the results are published: the resident's project is the winner.
    _move_to(live_server, "results")
    _publish(live_server)
    visitor.goto(edition_url)
    visitor.get_by_role("main").get_by_role("link", name="Résultats").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Résultats du vote")
    expect(visitor.get_by_role("heading", name="1 projet lauréat")).to_be_visible()
    winner = visitor.locator("tr.is-funded")
    expect(winner).to_have_count(1)
    expect(winner).to_contain_text(MINE)
    expect(winner).to_contain_text("Lauréat")
    expect(visitor.locator("tr.is-not-funded")).to_contain_text(OTHER)

    problems = browser_log.problems()
    assert not problems, "\n".join(problems)
