"""The assemblies screens over HTTP: joining, taking part with and without htmx, the console's
actions, exports and the summary, and the home page's "open now"."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask, g
from flask.testing import FlaskClient

from app.assemblies.models import Note, Participant
from app.assemblies.services import tokens
from app.extensions import db
from tests.assemblies.conftest import World

HX = {"HX-Request": "true"}


def _join(client: FlaskClient, world: World, name: str = "Camille") -> Participant:
    response = client.post(f"/assemblees/c/{world.session.join_code}", data={"pseudonym": name})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/seance/{world.session.id}")
    return db.session.query(Participant).filter_by(pseudonym=name).one()


@pytest.fixture
def facilitator(login_as: Callable[..., Any], world: World) -> Any:
    from app.accounts.models import RoleGrant

    user = login_as("resident")
    db.session.add(RoleGrant(user=user, role="facilitator", scope_id=str(world.assembly.id)))
    db.session.commit()
    return user


def test_joining_by_code_then_by_the_qr_link(client: FlaskClient, world: World) -> None:
    response = client.post("/assemblees/rejoindre", data={"code": world.session.join_code.lower()})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/c/{world.session.join_code}")
    unknown = client.post("/assemblees/rejoindre", data={"code": "ZZZZZZ"}, headers=HX)
    assert unknown.status_code == 422 and "Aucune séance ne correspond" in unknown.get_data(as_text=True)
    page = client.get(f"/assemblees/c/{world.session.join_code}")
    assert page.status_code == 200 and "Votre pseudonyme" in page.get_data(as_text=True)
    empty = client.post(f"/assemblees/c/{world.session.join_code}", data={"pseudonym": "  "}, headers=HX)
    assert empty.status_code == 422 and "Choisissez un pseudonyme" in empty.get_data(as_text=True)
    _join(client, world)
    again = client.get(f"/assemblees/c/{world.session.join_code}")
    assert again.status_code == 303  # already in: straight to the room


def test_joining_with_htmx_answers_with_the_room_itself(client: FlaskClient, world: World) -> None:
    """One request less for a phone entering: the room's whole page comes back, swapped into the
    join page's body at the room's address; without JavaScript the form still ends on the room."""
    world.open(world.wall)
    join = f"/assemblees/c/{world.session.join_code}"
    landing = _page(client, join)
    assert "js/assemblies.js" in landing  # the room's scripts are there before the swap
    answer = client.post(join, data={"pseudonym": "Camille"}, headers=HX)
    body = answer.get_data(as_text=True)
    room = f"/assemblees/seance/{world.session.id}"
    assert answer.status_code == 200 and answer.headers["HX-Push-Url"] == room
    assert answer.headers["HX-Retarget"] == "body" and answer.headers["HX-Reswap"] == "innerHTML"
    assert "<html" in body and f'sse-connect="{room}/flux?after=' in body and "« Camille »" in body
    assert 'id="composer"' in body and "\ue000" not in body and "hx-swap-oob" not in body  # none out of band
    assert client.get(f"{room}/flux").status_code == 200  # the cookie names the newcomer
    refused = client.post(join, data={"pseudonym": " "}, headers=HX)  # already in: to the room
    assert refused.status_code == 204 and refused.headers["HX-Redirect"].endswith(room)


def test_an_account_session_sends_visitors_to_sign_in(client: FlaskClient, world: World) -> None:
    world.session.identity = "account"
    db.session.commit()
    response = client.get(f"/assemblees/c/{world.session.join_code}")
    assert response.status_code == 302 and "/compte/connexion" in response.headers["Location"]


def test_the_room_sends_strangers_to_the_join_page(client: FlaskClient, world: World) -> None:
    response = client.get(f"/assemblees/seance/{world.session.id}")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/c/{world.session.join_code}")


def test_posting_a_note_with_htmx_and_without(client: FlaskClient, world: World) -> None:
    world.open(world.wall)
    _join(client, world)
    column = world.wall.columns[1].id
    answer = client.post(
        f"/assemblees/seance/{world.session.id}/notes", data={"column_id": column, "text": "Des bancs"}, headers=HX
    )
    body = answer.get_data(as_text=True)
    assert answer.status_code == 200 and 'id="composer"' in body and "Des bancs" in body  # in "my notes"
    assert "<html" not in body
    plain = client.post(f"/assemblees/seance/{world.session.id}/notes", data={"column_id": column, "text": "Arbres"})
    assert plain.status_code == 303
    page = client.get(f"/assemblees/seance/{world.session.id}").get_data(as_text=True)
    assert "Arbres" in page and "sse-connect" in page
    bad = client.post(
        f"/assemblees/seance/{world.session.id}/notes", data={"column_id": column, "text": "x" * 300}, headers=HX
    )
    assert bad.status_code == 422 and "280 caractères au plus" in bad.get_data(as_text=True)
    assert db.session.query(Note).count() == 2


def test_dots_answer_with_the_note_and_the_remaining_budget(client: FlaskClient, world: World) -> None:
    world.open(world.wall)
    _join(client, world)
    client.post(
        f"/assemblees/seance/{world.session.id}/notes", data={"column_id": world.wall.columns[0].id, "text": "Bus"}
    )
    note = db.session.query(Note).one()
    url = f"/assemblees/seance/{world.session.id}/notes/{note.id}/point"
    answer = client.post(url, data={"on": "1"}, headers=HX).get_data(as_text=True)
    assert "Retirer mon point" in answer and 'id="dots-left"' in answer and "Il vous reste 4 points" in answer
    twice = client.post(url, data={"on": "1"}, headers=HX)
    assert twice.status_code == 200 and "déjà mis un point" in twice.get_data(as_text=True)
    assert twice.headers["HX-Retarget"] == "#dots-left"


def test_taking_a_side_and_asking_a_question(client: FlaskClient, world: World) -> None:
    world.open(world.debate)
    _join(client, world)
    side = client.post(f"/assemblees/seance/{world.session.id}/position", data={"side": "agree"}, headers=HX)
    assert side.status_code == 200 and 'aria-pressed="true"' in side.get_data(as_text=True)
    world.open(world.qa)
    asked = client.post(f"/assemblees/seance/{world.session.id}/questions", data={"text": "Et le port ?"}, headers=HX)
    assert asked.status_code == 200 and "Votre question est posée." in asked.get_data(as_text=True)


def test_the_console_runs_the_session(client: FlaskClient, world: World, facilitator: Any) -> None:
    page = client.get(f"/assemblees/seance/{world.session.id}/console")
    assert page.status_code == 200 and world.session.join_code in page.get_data(as_text=True)
    opened = client.post(f"/assemblees/activite/{world.debate.id}/etat", data={"action": "open"}, headers=HX)
    assert opened.status_code == 200 and world.debate.status == "open"
    timer = client.post(f"/assemblees/seance/{world.session.id}/minuteur", data={"minutes": "abc"}, headers=HX)
    assert timer.status_code == 422 and "nombre entier" in timer.get_data(as_text=True)
    client.post(f"/assemblees/seance/{world.session.id}/minuteur", data={"minutes": "5"}, headers=HX)
    assert world.session.timer_ends_at is not None
    added = client.post(
        f"/assemblees/seance/{world.session.id}/activites",
        data={"kind": "debate", "title": "Sans affirmation", "statement": ""},
        headers=HX,
    )
    assert added.status_code == 422 and "Écrivez l&#39;affirmation" in added.get_data(as_text=True)
    projector = client.get(f"/assemblees/seance/{world.session.id}/projection").get_data(as_text=True)
    assert "<svg" in projector and world.session.join_code in projector and "style=" not in projector


def test_moving_a_note_through_the_form(client: FlaskClient, world: World, facilitator: Any, app: Flask) -> None:
    world.open(world.wall)
    person = world.participant()
    from app.assemblies.services import wall

    note = wall.post_note(person, world.wall, world.wall.columns[0].id, "À déplacer")
    db.session.commit()
    target = world.wall.columns[1].id
    moved = client.post(f"/assemblees/note/{note.id}/deplacer", data={"to": f"{target}:0", "index": "1"}, headers=HX)
    assert moved.status_code == 204 and note.column_id == target
    wrong = client.post(f"/assemblees/note/{note.id}/deplacer", data={"to": "n'importe", "index": ""}, headers=HX)
    assert wrong.status_code == 422 and wrong.headers["HX-Retarget"] == "#flash"


def test_exports_and_summary(client: FlaskClient, world: World, facilitator: Any) -> None:
    world.open(world.wall)
    from app.assemblies.services import wall

    wall.post_note(world.participant(), world.wall, world.wall.columns[0].id, "Une idée exportée")
    db.session.commit()
    csv = client.get(f"/assemblees/seance/{world.session.id}/export/notes.csv")
    assert csv.status_code == 200 and "Une idée exportée" in csv.get_data(as_text=True)
    assert csv.get_data(as_text=True).lstrip("\ufeff").startswith("activity_id,note_id,column")
    data = json.loads(client.get(f"/assemblees/seance/{world.session.id}/export.json").get_data(as_text=True))
    assert data["notes"][0]["text"] == "Une idée exportée" and set(data) >= {"votes", "positions", "questions"}
    assert client.get(f"/assemblees/seance/{world.session.id}/export/autre.csv").status_code == 404
    summary = client.get(f"/assemblees/seance/{world.session.id}/resume")
    assert summary.status_code == 200 and "Une idée exportée" in summary.get_data(as_text=True)


def test_strangers_see_no_console_and_no_summary_before_the_end(
    client: FlaskClient, world: World, login_as: Any
) -> None:
    login_as("resident")
    assert client.get(f"/assemblees/seance/{world.session.id}/console").status_code == 404
    assert client.get(f"/assemblees/seance/{world.session.id}/resume").status_code == 404
    world.session.status = "closed"
    db.session.commit()
    assert client.get(f"/assemblees/seance/{world.session.id}/resume").status_code == 200


def test_the_home_page_lists_the_session_open_now(client: FlaskClient, world: World) -> None:
    body = client.get("/").get_data(as_text=True)
    assert "Assemblée citoyenne du futur" in body and f"/assemblees/c/{world.session.join_code}" in body


def test_polling_answers_204_when_nothing_changed(client: FlaskClient, world: World) -> None:
    _join(client, world)
    first = client.get(f"/assemblees/seance/{world.session.id}/etat", headers=HX)
    assert first.status_code == 200
    from app.assemblies.broadcast import room_channel
    from app.core.live import latest_id

    version = latest_id(room_channel(world.session.id))
    assert client.get(f"/assemblees/seance/{world.session.id}/etat?v={version}", headers=HX).status_code == 204
    world.open(world.wall)
    assert client.get(f"/assemblees/seance/{world.session.id}/etat?v={version}", headers=HX).status_code == 200


def test_supporting_twice_answers_with_the_reason(client: FlaskClient, world: World) -> None:
    world.open(world.qa)
    from app.assemblies.services import qa

    question = qa.ask(world.participant("Ana"), world.qa, "Et la plage ?")
    db.session.commit()
    _join(client, world)
    url = f"/assemblees/seance/{world.session.id}/questions/{question.id}/soutien"
    first = client.post(url, headers=HX)
    assert first.status_code == 200 and "Vous la soutenez" in first.get_data(as_text=True)
    second = client.post(url, headers=HX)
    assert second.status_code == 422 and "Vous soutenez déjà cette question." in second.get_data(as_text=True)


def test_csv_cells_are_never_formulas(client: FlaskClient, world: World, facilitator: Any) -> None:
    world.open(world.wall)
    from app.assemblies.services import wall

    wall.post_note(world.participant("=cmd"), world.wall, world.wall.columns[0].id, '=HYPERLINK("x")')
    db.session.commit()
    csv = client.get(f"/assemblees/seance/{world.session.id}/export/notes.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in csv and "'=cmd" in csv


def _csrf(body: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', body)
    assert found is not None
    return found.group(1)


@contextmanager
def _statements() -> Iterator[list[str]]:
    """The SQL statements run inside the block."""
    statements: list[str] = []

    def listen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", listen)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listen)


def _page(client: FlaskClient, url: str, **kwargs: Any) -> str:
    # The test's own request context shares `g` with the client's requests: forget the token
    # Flask-WTF keeps there, as a real request (its own context) would.
    g.pop("csrf_token", None)
    return client.get(url, **kwargs).get_data(as_text=True)


def test_a_join_page_read_moments_ago_costs_no_query_and_a_change_shows_after_the_delay(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.assemblies.views import pages

    join = f"/assemblees/c/{world.session.join_code}"
    assert "Votre pseudonyme" in _page(app.test_client(), join)
    with _statements() as statements:
        assert "Votre pseudonyme" in _page(app.test_client(), join)
    assert statements == []
    world.session.status = "closed"
    db.session.commit()
    assert "Votre pseudonyme" in _page(app.test_client(), join)  # within the delay
    monkeypatch.setattr(pages, "LANDING_SECONDS", 0.0)
    app.extensions.pop(pages.LANDINGS)  # as when the delay has passed
    assert "pas ouverte" in _page(app.test_client(), join)


def test_newcomers_share_one_drawing_of_each_page_with_their_own_token_and_name(app: Flask, world: World) -> None:
    """A room filling up costs one drawing of the join page and of the room page per version of
    the room; each phone still gets its own CSRF token and pseudonym, and nothing stale."""
    world.open(world.wall)
    first, second = app.test_client(), app.test_client()
    join = f"/assemblees/c/{world.session.join_code}"
    landing = [_page(client, join) for client in (first, second)]
    tokens = [_csrf(body) for body in landing]
    assert tokens[0] != tokens[1] and landing[0].replace(tokens[0], "") == landing[1].replace(tokens[1], "")
    assert "Votre pseudonyme" in landing[0] and "\ue000" not in landing[0]
    _join(first, world, "Camille <b>")
    _join(second, world, "Lina")
    room = f"/assemblees/seance/{world.session.id}"
    pages = [_page(client, room) for client in (first, second)]
    tokens = [_csrf(body) for body in pages]
    assert "« Camille &lt;b&gt; »" in pages[0] and "« Lina »" in pages[1] and "Camille" not in pages[1]
    assert tokens[0] != tokens[1] and f'"X-CSRFToken": "{tokens[1]}"' in pages[1]
    assert pages[0].replace(tokens[0], "").replace("Camille &lt;b&gt;", "") == pages[1].replace(tokens[1], "").replace(
        "Lina", ""
    )
    drawn = app.extensions["assemblies_pages"].items
    assert sorted(key[0] for key in drawn) == ["join", "room"]
    # A note changes the room's version: newcomers see it; its author gets a page of their own.
    first.post(f"{room}/notes", data={"column_id": world.wall.columns[0].id, "text": "Des bancs"})
    assert "Des bancs" in _page(second, room)
    own = _page(first, room)
    assert 'class="my-notes"' in own and "Des bancs" in own
    assert sorted(key[0] for key in drawn) == ["join", "room", "room"]
    fragment = _page(second, room, headers=HX)
    assert "<html" not in fragment and 'id="stage"' in fragment and "Des bancs" in fragment


def test_the_stream_of_a_phone_checks_its_token(client: FlaskClient, world: World) -> None:
    world.open(world.wall)
    stream = f"/assemblees/seance/{world.session.id}/flux"
    assert client.get(stream).status_code == 303  # no token: to the join page
    _join(client, world)
    answer = client.get(stream)
    assert answer.status_code == 200 and answer.mimetype == "text/event-stream"
    with _statements() as statements:
        assert client.get(stream).status_code == 200
    assert not [s for s in statements if "assembly_participant" in s]  # a sealed token: no query
    with client.session_transaction() as cookie:
        cookie["assemblies"] = {str(world.session.id): "not-a-token"}
    assert client.get(stream).status_code == 303
    with client.session_transaction() as cookie:  # sealed, but for another session
        cookie["assemblies"] = {str(world.session.id): tokens.new_token(world.session.id + 1)}
    assert client.get(stream).status_code == 303
    # A token from before the seals is still good: the database says so.
    db.session.add(Participant(session=world.session, pseudonym="Ancien", token="from-before-the-seals"))
    db.session.commit()
    with client.session_transaction() as cookie:
        cookie["assemblies"] = {str(world.session.id): "from-before-the-seals"}
    assert client.get(stream).status_code == 200
    assert client.get("/assemblees/seance/999999/flux").status_code == 404


def test_a_phone_joining_from_a_recent_join_page_runs_one_insert_and_a_closed_session_still_refuses(
    app: Flask, world: World
) -> None:
    """The join form reuses the join page's reading of the session (a couple of seconds old at
    most): its INSERT requires that the session is still open, and a session closed meanwhile
    is refused with the reason, no one let in."""
    world.open(world.wall)
    join = f"/assemblees/c/{world.session.join_code}"
    first = app.test_client()
    _page(first, join)
    with _statements() as statements:
        answer = first.post(join, data={"pseudonym": "Camille"}, headers=HX)
    assert answer.status_code == 200 and "« Camille »" in answer.get_data(as_text=True)
    assert [s.split()[0] for s in statements if not s.startswith(("SAVEPOINT", "RELEASE"))][:1] == ["INSERT"]
    assert not [s for s in statements if s.startswith("SELECT") and "assembly_session" in s.split("FROM")[1][:40]]
    second = app.test_client()
    _page(second, join)  # drawn from the reading just made
    world.session.status = "closed"
    db.session.commit()
    refused = second.post(join, data={"pseudonym": "Lina"}, headers=HX)
    assert refused.status_code == 422 and "pas ouverte" in refused.get_data(as_text=True)
    assert db.session.query(Participant).filter_by(pseudonym="Lina").count() == 0


def test_a_note_reads_the_person_the_session_and_the_open_wall_in_one_query(client: FlaskClient, world: World) -> None:
    """Before its commit a note runs the fewest statements the room waits on: the participant, the
    session and the open wall with its columns and their groups come in one; then the person's
    row lock, the pace check, the note and the live events."""
    world.open(world.wall)
    _join(client, world)
    url, column = f"/assemblees/seance/{world.session.id}/notes", world.wall.columns[0].id
    with _statements() as statements:
        answer = client.post(url, data={"column_id": column, "text": "Des bancs"}, headers=HX)
    assert answer.status_code == 200 and "Des bancs" in answer.get_data(as_text=True)
    ours = [s for s in statements if not s.startswith(("SAVEPOINT", "RELEASE"))]
    tables = ("assembly_participant", "assembly_session", "assembly_activity", "assembly_column", "assembly_cluster")
    assert all(f"FROM {table}" in ours[0] or f"JOIN {table}" in ours[0] for table in tables), ours[:4]
    note = next(index for index, s in enumerate(ours) if s.startswith("INSERT INTO assembly_note"))
    assert note == 3 and ours[note + 1].startswith("INSERT INTO core_live_event")
