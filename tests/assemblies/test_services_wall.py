"""The wall's rules: moderation, pace and number of notes, moves, and dot votes within a budget,
including under concurrent requests."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from flask import Flask

from app.assemblies.broadcast import room_channel, staff_channel
from app.assemblies.models import Dot, Note
from app.assemblies.services import sessions, wall
from app.core.errors import DomainError
from app.core.live.models import LiveEvent
from app.extensions import db
from tests.assemblies.conftest import World, build_world


def _events(channel: str) -> list[LiveEvent]:
    return list(db.session.scalars(sa.select(LiveEvent).where(LiveEvent.channel == channel).order_by(LiveEvent.id)))


def test_a_note_reaches_the_room_and_the_console(world: World) -> None:
    world.open(world.wall)
    person = world.participant()
    column = world.wall.columns[0]
    note = wall.post_note(person, world.wall, column.id, "Plus de bus le soir", "blue")
    db.session.commit()
    assert note.status == "visible"
    room = _events(room_channel(world.session.id))
    assert room[-1].kind == "note" and "Plus de bus le soir" in room[-1].html
    assert f"beforeend:#col-{column.id}-notes" in room[-1].html
    assert "csrf_token" not in room[-1].html  # shared bytes: never anyone's token
    assert "Plus de bus le soir" in _events(staff_channel(world.session.id))[-1].html


def test_a_pre_moderated_note_never_reaches_the_room_before_approval(app: Flask, request_ctx: None) -> None:
    world = build_world(moderation="pre", note_interval=0)
    world.open(world.wall)
    person = world.participant()
    before = len(_events(room_channel(world.session.id)))
    note = wall.post_note(person, world.wall, world.wall.columns[0].id, "Une idée à relire")
    db.session.commit()
    assert note.status == "pending"
    assert len(_events(room_channel(world.session.id))) == before  # nothing for the room
    assert "Une idée à relire" in _events(staff_channel(world.session.id))[-1].html
    assert note not in wall.visible_notes(world.wall)

    wall.moderate_note(None, note, "approve")
    db.session.commit()
    room = _events(room_channel(world.session.id))
    assert len(room) == before + 1 and "Une idée à relire" in room[-1].html


def test_a_filtered_word_holds_the_note_even_without_moderation(app: Flask, request_ctx: None) -> None:
    world = build_world(moderation="none", note_interval=0)
    world.open(world.wall)
    note = wall.post_note(world.participant(), world.wall, world.wall.columns[0].id, "Quel CONNARD ce projet")
    assert (note.status, note.held_reason) == ("pending", "words")
    english = wall.post_note(world.participant("Sam"), world.wall, world.wall.columns[0].id, "this is shit")
    assert english.status == "pending"


def test_private_writing_keeps_notes_from_the_room_until_revealed(world: World) -> None:
    private = sessions.add_activity(None, world.session, "wall", "En silence", columns=["A"], private_writing=True)
    world.open(private)
    before = len(_events(room_channel(world.session.id)))
    wall.post_note(world.participant(), private, private.columns[0].id, "Secret pour l'instant")
    db.session.commit()
    assert len(_events(room_channel(world.session.id))) == before
    sessions.set_activity_status(None, private, "reveal")
    db.session.commit()
    assert _events(room_channel(world.session.id))[-1].kind == "stage"


def test_pace_and_number_of_notes_are_limited(app: Flask, request_ctx: None) -> None:
    world = build_world(note_interval=60, max_notes=1)
    world.open(world.wall)
    person = world.participant()
    column = world.wall.columns[0].id
    wall.post_note(person, world.wall, column, "Première")
    with pytest.raises(DomainError) as error:
        wall.post_note(person, world.wall, column, "Deuxième")
    assert "maximum" in error.value.messages[0]
    world.session.max_notes = 5
    with pytest.raises(DomainError) as error:
        wall.post_note(person, world.wall, column, "Deuxième")
    assert "Patientez" in error.value.messages[0]


def test_bad_notes_are_refused_with_a_message(world: World) -> None:
    world.open(world.wall)
    person = world.participant()
    with pytest.raises(DomainError) as error:
        wall.post_note(person, world.wall, world.wall.columns[0].id, "   ")
    assert error.value.problems[0][0] == "text"
    with pytest.raises(DomainError):
        wall.post_note(person, world.wall, 999999, "Colonne inconnue")
    with pytest.raises(DomainError):
        wall.post_note(person, world.wall, world.wall.columns[0].id, "x" * 281)
    world.wall.status = "closed"
    with pytest.raises(DomainError):
        wall.post_note(person, world.wall, world.wall.columns[0].id, "Trop tard")


def test_moving_a_note_to_another_column_and_cluster(world: World) -> None:
    world.open(world.wall)
    person = world.participant()
    first, second = world.wall.columns
    a = wall.post_note(person, world.wall, first.id, "A")
    b = wall.post_note(person, world.wall, second.id, "B")
    cluster = wall.add_cluster(None, world.wall, second.id, "Mobilités douces")
    wall.move_note(None, a, second.id, cluster.id, 0)
    wall.move_note(None, b, second.id, cluster.id, 0)
    db.session.commit()
    assert (a.column_id, a.cluster_id, b.cluster_id) == (second.id, cluster.id, cluster.id)
    assert b.position < a.position  # b was put first
    last = _events(room_channel(world.session.id))[-1]
    assert last.kind == "moved" and f'id="col-{second.id}"' in last.html
    with pytest.raises(DomainError):
        wall.move_note(None, a, first.id, cluster.id, None)  # the cluster is not in that column


def test_one_dot_per_participant_per_note(world: World) -> None:
    world.open(world.wall)
    person = world.participant()
    note = wall.post_note(world.participant("Autre"), world.wall, world.wall.columns[0].id, "Une idée")
    wall.set_dot(person, note, True)
    db.session.commit()
    with pytest.raises(DomainError):
        wall.set_dot(person, note, True)
    db.session.rollback()
    assert note.dots == 1
    wall.set_dot(person, note, False)
    db.session.commit()
    assert note.dots == 0
    assert db.session.scalar(sa.select(sa.func.count(Dot.id))) == 0


def test_the_dot_budget_cannot_be_exceeded(world: World) -> None:
    world.session.dot_budget = 2
    world.open(world.wall)
    person = world.participant()
    author = world.participant("Autrice")
    notes = [wall.post_note(author, world.wall, world.wall.columns[0].id, f"Idée {n}") for n in range(3)]
    wall.set_dot(person, notes[0], True)
    wall.set_dot(person, notes[1], True)
    with pytest.raises(DomainError) as error:
        wall.set_dot(person, notes[2], True)
    assert "2 points" in error.value.messages[0]


def test_concurrent_dots_cannot_overspend_the_budget(app: Flask, request_ctx: None) -> None:
    """Ten requests at once, each in its own connection, for a budget of three."""
    world = build_world(dot_budget=3, note_interval=0)
    world.open(world.wall)
    person = world.participant()
    author = world.participant("Autrice")
    note_ids = [wall.post_note(author, world.wall, world.wall.columns[0].id, f"Idée {n}").id for n in range(10)]
    person_id = person.id
    db.session.commit()
    db.session.remove()
    barrier = threading.Barrier(len(note_ids))
    outcomes: list[str] = []

    def vote(note_id: int) -> None:
        with app.test_request_context():
            try:
                from app.assemblies.models import Participant

                voter = db.session.get(Participant, person_id)
                note = db.session.get(Note, note_id)
                barrier.wait(timeout=10)
                wall.set_dot(voter, note, True)
                db.session.commit()
                outcomes.append("ok")
            except DomainError:
                db.session.rollback()
                outcomes.append("refused")
            except sa.exc.OperationalError:  # SQLite: a writer that waited too long
                db.session.rollback()
                outcomes.append("busy")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=vote, args=(ident,)) for ident in note_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    spent = db.session.scalar(sa.select(sa.func.count(Dot.id)).where(Dot.participant_id == person_id))
    assert spent == 3
    assert outcomes.count("ok") == 3
    assert len(outcomes) == 10


def test_moving_a_cluster_takes_its_notes_along(world: World) -> None:
    world.open(world.wall)
    first, second = world.wall.columns
    person = world.participant()
    cluster = wall.add_cluster(None, world.wall, first.id, "Vélo")
    notes = [wall.post_note(person, world.wall, first.id, f"Vélo {n}") for n in range(2)]
    for note in notes:
        wall.move_note(None, note, first.id, cluster.id, None)
    loose = wall.post_note(person, world.wall, first.id, "Reste ici")
    wall.move_cluster(None, cluster, second.id)
    db.session.commit()
    assert cluster.column_id == second.id
    assert all(note.column_id == second.id and note.cluster_id == cluster.id for note in notes)
    assert loose.column_id == first.id
    assert cluster in second.clusters and cluster not in first.clusters
    with pytest.raises(DomainError):
        wall.move_cluster(None, cluster, 999999)
