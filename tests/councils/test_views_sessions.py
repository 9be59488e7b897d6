"""Sessions through the views: planning with mails to members, registration, the live console,
the public "now" page polled with its version, raising a hand, motions and minutes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from app.core.db import utcnow
from app.core.forms import to_local
from app.councils.models import Session
from app.councils.services import agenda, live
from app.extensions import db
from tests.councils.conftest import sign_in, text


def _local(moment: Any) -> str:
    return to_local(moment).strftime("%Y-%m-%dT%H:%M")


def _form(starts: Any, **fields: Any) -> dict[str, Any]:
    data = {
        "title": "Séance de printemps",
        "starts_at": _local(starts),
        "ends_at": _local(starts + timedelta(hours=2)),
        "mode": "in_person",
        "place": "Maison pour tous",
    }
    data.update(fields)
    return data


def test_announce_move_and_cancel_tell_the_members(world: Any, client: FlaskClient, outbox: Any) -> None:
    body = world.body(joining="open")
    world.member(body, email="membre@example.org")
    moderator = world.moderator(body, email="moderatrice@example.org")
    sign_in(client, moderator)
    starts = (utcnow() + timedelta(days=10)).replace(second=0, microsecond=0)
    bad = client.post(f"/conseils/{body.slug}/seances/nouvelle", data=_form(starts, mode="online"))
    assert bad.status_code == 422 and "lien de la réunion" in text(bad) and outbox() == []
    created = client.post(f"/conseils/{body.slug}/seances/nouvelle", data=_form(starts))
    assert created.status_code == 303
    session = db.session.scalar(db.select(Session))
    assert session.starts_at == starts  # typed in Paris time, stored in UTC
    [announced] = outbox()
    assert announced["To"] == "membre@example.org" and "Nouvelle séance" in announced["Subject"]
    assert f"/conseils/seances/{session.id}" in announced.get_content()

    client.post(f"/conseils/seances/{session.id}/preparer", data=_form(starts, title="Nouveau titre"))
    assert len(outbox()) == 1  # a new title is not a move
    guest = world.make_user(email="voisine@example.org")  # registered, not a member
    from app.councils.services import sessions as session_service

    session_service.register(guest, session)
    db.session.commit()
    client.post(f"/conseils/seances/{session.id}/preparer", data=_form(starts + timedelta(days=1)))
    moved = outbox()[1:]
    assert {m["To"] for m in moved} == {"membre@example.org", "voisine@example.org"}
    assert all("Séance déplacée" in m["Subject"] for m in moved)
    refused = client.post(f"/conseils/seances/{session.id}/annuler", data={"reason": ""})
    assert refused.status_code == 422
    client.post(f"/conseils/seances/{session.id}/annuler", data={"reason": "Salle inondée"})
    last = outbox()[-1]
    assert "Séance annulée" in last["Subject"] and "Salle inondée" in last.get_content()


def test_bad_dates_get_a_message_not_a_500(world: Any, client: FlaskClient) -> None:
    body = world.body()
    sign_in(client, world.moderator(body))
    response = client.post(
        f"/conseils/{body.slug}/seances/nouvelle", data=_form(utcnow(), starts_at="demain", seat_limit="dix")
    )
    page = text(response)
    assert response.status_code == 422 and "Date et heure non valables" in page and "nombre entier" in page


def test_registration_with_waiting_list(world: Any, client: FlaskClient, hx: dict[str, str]) -> None:
    body = world.body()
    session = world.session(body, seat_limit=1)
    first, second = world.make_user(), world.make_user()
    sign_in(client, first)
    assert "Vous êtes inscrit·e." in text(client.post(f"/conseils/seances/{session.id}/inscription", headers=hx))
    sign_in(client, second)
    waiting = text(client.post(f"/conseils/seances/{session.id}/inscription", headers=hx))
    assert "liste d'attente" in waiting
    assert "rang 1" in text(client.get(f"/conseils/seances/{session.id}"))
    twice = client.post(f"/conseils/seances/{session.id}/inscription", headers=hx)
    assert twice.status_code == 422


@pytest.fixture
def running(world: Any) -> Any:
    body = world.body(joining="open")
    moderator = world.moderator(body)
    members = [world.member(body, display_name=f"Membre {n}") for n in range(2)]
    session = world.session(body, actor=moderator)
    for title in ("Accueil", "Propreté des rues"):
        agenda.add_item(session, title, 10)
    db.session.commit()
    return moderator, members, session


def test_console_attendance_and_agenda(running: Any, client: FlaskClient, hx: dict[str, str]) -> None:
    moderator, (a, b), session = running
    sign_in(client, moderator)
    assert client.post(f"/conseils/seances/{session.id}/ouvrir").status_code == 303
    console = text(client.get(f"/conseils/seances/{session.id}/pilotage"))
    assert "Membre 0" in console and "Point en cours" in console
    saved = client.post(
        f"/conseils/seances/{session.id}/presences",
        data={f"member-{a.id}": "present", f"member-{b.id}": "excused", "guests": "3"},
        headers=hx,
    )
    assert saved.status_code == 200 and 'id="attendance"' in text(saved) and "Présences enregistrées" in text(saved)
    bad = client.post(f"/conseils/seances/{session.id}/presences", data={"guests": "-2"}, headers=hx)
    assert bad.status_code == 422
    nxt = client.post(f"/conseils/seances/{session.id}/point/suivant", headers=hx)
    assert "Propreté des rues" in text(nxt) and 'id="agenda"' in text(nxt)
    end = client.post(f"/conseils/seances/{session.id}/point/suivant", headers=hx)
    assert end.status_code == 422 and "dernier point" in text(end)


def test_now_page_polls_with_its_version(running: Any, client: FlaskClient, hx: dict[str, str]) -> None:
    moderator, _, session = running
    live.open_session(moderator, session)
    db.session.commit()
    url = f"/conseils/seances/{session.id}/direct"
    page = client.get(url)
    assert page.status_code == 200 and "Accueil" in text(page) and "every 5s" in text(page)
    version = session.live_version
    assert page.headers["ETag"] == f'"{version}"'
    assert client.get(f"{url}?v={version}", headers=hx).status_code == 204
    live.step(session, 1)
    db.session.commit()
    changed = client.get(f"{url}?v={version}", headers=hx)
    assert changed.status_code == 200 and "Propreté des rues" in text(changed) and "<html" not in text(changed)
    assert f"v={session.live_version}" in text(changed)  # the next poll asks with the new version
    assert client.get(f"{url}?v={version}").status_code == 200  # a plain visit always gets the page


def test_raising_a_hand_from_a_phone(running: Any, client: FlaskClient, hx: dict[str, str]) -> None:
    moderator, (a, b), session = running
    live.open_session(moderator, session)
    live.record_attendance(moderator, session, {a.id: "present", b.id: "absent"}, 0)
    db.session.commit()
    sign_in(client, b)
    refused = client.post(f"/conseils/seances/{session.id}/main/lever", headers=hx)
    assert refused.status_code == 422
    sign_in(client, a)
    raised = client.post(f"/conseils/seances/{session.id}/main/lever", headers=hx)
    assert raised.status_code == 200 and "Votre main est levée" in text(raised)
    sign_in(client, moderator)
    queue = client.get(f"/conseils/seances/{session.id}/pilotage?bloc=queue&v=0", headers=hx)
    assert "Membre 0" in text(queue) and 'id="queue"' in text(queue)
    version = session.live_version
    assert client.get(f"/conseils/seances/{session.id}/pilotage?bloc=queue&v={version}", headers=hx).status_code == 204
    speaker = live.queue(session)[0]
    given = client.post(f"/conseils/seances/{session.id}/parole/{speaker.id}/donner", headers=hx)
    assert "a la parole depuis" in text(given) and 'class="elapsed"' in text(given)
    sign_in(client, a)
    assert "Vous avez la parole" in text(client.get(f"/conseils/seances/{session.id}"))


def test_motion_by_hands_then_minutes(running: Any, client: FlaskClient, hx: dict[str, str]) -> None:
    moderator, (a, _), session = running
    sign_in(client, moderator)
    client.post(f"/conseils/seances/{session.id}/ouvrir")
    created = client.post(
        f"/conseils/seances/{session.id}/motions", data={"title": "Balayeuse", "method": "hands"}, headers=hx
    )
    assert created.status_code == 200 and "Balayeuse" in text(created)
    motion = session.motions[0]
    bad = client.post(f"/conseils/seances/{session.id}/motions/{motion.id}/mains", data={"votes_for": "x"}, headers=hx)
    assert bad.status_code == 422 and "nombre entier" in text(bad)
    done = client.post(
        f"/conseils/seances/{session.id}/motions/{motion.id}/mains",
        data={"votes_for": "7", "votes_against": "2", "abstentions": "1", "decision": "Demander la balayeuse."},
        headers=hx,
    )
    assert "Motion adoptée" in text(done)
    client.post(f"/conseils/seances/{session.id}/cloturer")
    draft = client.post(
        f"/conseils/seances/{session.id}/compte-rendu",
        data={"text": "## Décisions\n\n<script>alert(1)</script> **Balayeuse** adoptée"},
        headers=hx,
    )
    assert draft.status_code == 200 and "Brouillon enregistré" in text(draft)
    assert "<script>" not in draft.get_data(as_text=True)  # the preview is sanitised
    client.post(f"/conseils/seances/{session.id}/compte-rendu/approuver")
    sign_in(client, a)
    assert "sera publié une fois approuvé" in text(client.get(f"/conseils/seances/{session.id}"))
    sign_in(client, moderator)
    client.post(f"/conseils/seances/{session.id}/compte-rendu/publier")
    sign_in(client, a)
    page = client.get(f"/conseils/seances/{session.id}").get_data(as_text=True)
    assert "<strong>Balayeuse</strong>" in page and "<script>alert" not in page


def test_electronic_vote_from_the_phone(running: Any, client: FlaskClient, hx: dict[str, str]) -> None:
    moderator, (a, b), session = running
    live.open_session(moderator, session)
    live.record_attendance(moderator, session, {a.id: "present", b.id: "absent"}, 0)
    db.session.commit()
    sign_in(client, moderator)
    client.post(
        f"/conseils/seances/{session.id}/motions", data={"title": "Fête", "method": "electronic", "secret": "y"}
    )
    motion = session.motions[0]
    opened = client.post(f"/conseils/seances/{session.id}/motions/{motion.id}/ouvrir", headers=hx)
    assert "Le vote est ouvert" in text(opened)
    sign_in(client, b)
    assert "Seuls les membres notés présents votent" in text(client.get(f"/conseils/seances/{session.id}"))
    assert (
        client.post(
            f"/conseils/seances/{session.id}/motions/{motion.id}/voter", data={"choice": "for"}, headers=hx
        ).status_code
        == 422
    )
    sign_in(client, a)
    voted = client.post(f"/conseils/seances/{session.id}/motions/{motion.id}/voter", data={"choice": "for"}, headers=hx)
    assert voted.status_code == 200 and "code de reçu" in text(voted) and "Vous avez voté" in text(voted)
    sign_in(client, moderator)
    tally = client.get(f"/conseils/seances/{session.id}/pilotage?bloc=tally&motion={motion.id}&v=0", headers=hx)
    assert "1 bulletin(s) reçu(s) sur 1 votants" in text(tally) and "<html" not in text(tally)
    closed = client.post(
        f"/conseils/seances/{session.id}/motions/{motion.id}/clore", data={"decision": "Fête le 21 juin"}, headers=hx
    )
    assert "motion adoptée" in text(closed)
    assert (motion.votes_for, motion.votes_against) == (1, 0)


def test_actions_and_figures_pages(running: Any, client: FlaskClient, hx: dict[str, str]) -> None:
    moderator, _, session = running
    sign_in(client, moderator)
    slug = session.body.slug
    bad = client.post(
        f"/conseils/{slug}/actions", data={"title": "Relancer", "status": "open", "due_on": "31/02/2027"}, headers=hx
    )
    assert bad.status_code == 422 and "Date non valable" in text(bad) and "qui s'en charge" in text(bad)
    created = client.post(
        f"/conseils/{slug}/actions",
        data={"title": "Relancer", "owner": "Bureau", "status": "open", "due_on": "01/01/2020"},
        headers=hx,
    )
    assert "Action ajoutée" in text(created)
    assert "En retard" in text(client.get(f"/conseils/{slug}"))
    action_id = session.body.id and db.session.scalar(db.text("select id from council_action"))
    updated = client.post(
        f"/conseils/{slug}/actions/{action_id}",
        data={f"a{action_id}-title": "Relancer", f"a{action_id}-owner": "Bureau", f"a{action_id}-status": "done"},
        headers=hx,
    )
    assert "Action mise à jour" in text(updated)
    figures = client.get(f"/conseils/{slug}/chiffres")
    assert figures.status_code == 200 and "<svg" in text(figures)


def test_the_public_page_names_a_speaker_only_with_their_agreement(
    running: Any, client: FlaskClient, world: Any
) -> None:
    moderator, (a, b), session = running
    live.open_session(moderator, session)
    live.record_attendance(moderator, session, {a.id: "present", b.id: "present"}, 0)
    live.give_floor(session, live.raise_hand(a, session))
    live.raise_hand(b, session)
    db.session.commit()
    page = text(client.get(f"/conseils/seances/{session.id}/direct"))
    assert "Une personne de la salle a la parole" in page and "Membre 0" not in page
    assert "1 demande de parole en attente" in page and "Membre 1" not in page
    from app.councils.services import memberships

    memberships.set_show_name(a, session.body, True)
    db.session.commit()
    assert "La parole est à Membre 0" in text(client.get(f"/conseils/seances/{session.id}/direct"))


def test_changes_are_journalled_for_the_now_stream(running: Any, client: FlaskClient, hx: dict[str, str]) -> None:
    moderator, _, session = running
    sign_in(client, moderator)
    client.post(f"/conseils/seances/{session.id}/ouvrir")
    client.post(f"/conseils/seances/{session.id}/point/suivant", headers=hx)
    replay = client.get(f"/conseils/seances/{session.id}/direct/flux?after=0")
    assert replay.status_code == 200 and replay.mimetype == "text/event-stream"
    events = replay.get_data(as_text=True)
    assert events.count("id: ") == 2  # opening, then the next item
    assert 'hx-swap-oob="true"' in events and "Propreté des rues" in events
    page = text(client.get(f"/conseils/seances/{session.id}/direct"))
    assert 'sse-connect="' in page and "after=2" in page  # a new screen starts after what it already shows
    registered = client.post(f"/conseils/seances/{session.id}/inscription", headers=hx)
    assert registered.status_code == 200
    again = client.get(f"/conseils/seances/{session.id}/direct/flux?after=2").get_data(as_text=True)
    assert "id: " not in again  # a registration changes nothing on the screen: nothing journalled
