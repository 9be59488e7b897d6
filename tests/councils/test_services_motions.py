"""Motions: counted hands, and electronic votes among the members present through app/votes
(an absent member cannot vote; a secret vote keeps no link between member and choice)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa

from app.core.errors import DomainError
from app.councils.services import live, motions
from app.extensions import db
from app.votes.models import Ballot, OpenChoice


@pytest.fixture
def room(world: Any) -> Any:
    body = world.body(joining="open")
    moderator = world.moderator(body)
    present = [world.member(body, display_name=f"Présente {n}") for n in range(3)]
    absent = world.member(body, display_name="Absent")
    session = world.session(body, actor=moderator)
    live.open_session(moderator, session)
    live.record_attendance(moderator, session, {**{p.id: "present" for p in present}, absent.id: "absent"}, 4)
    db.session.commit()
    return moderator, present, absent, session


def test_counted_hands_decide_by_simple_majority(room: Any) -> None:
    moderator, _, _, session = room
    motion = motions.create_motion(moderator, session, "Balayeuse le mardi", "", "hands")
    with pytest.raises(DomainError) as error:
        motions.record_hands(moderator, motion, None, -1, 0, "")
    assert {f for f, _ in error.value.problems} == {"votes_for", "votes_against"}
    with pytest.raises(DomainError, match="Aucune voix"):
        motions.record_hands(moderator, motion, 0, 0, 0, "")
    motions.record_hands(moderator, motion, 5, 5, 1, "Égalité : rejetée.")
    assert motion.result == "rejected" and motion.status == "closed"  # a tie rejects
    with pytest.raises(DomainError):
        motions.record_hands(moderator, motion, 6, 1, 0, "")
    other = motions.create_motion(moderator, session, "Jardin partagé", "", "hands")
    motions.record_hands(moderator, other, 6, 1, 0, "Le comité soutient le projet.")
    assert other.result == "adopted" and motions.decisions(session.body)[0] is other


def test_electronic_vote_among_members_present_only(room: Any, world: Any) -> None:
    moderator, (a, b, c), absent, session = room
    motion = motions.create_motion(moderator, session, "Passage piéton", "Devant l'école", "electronic", secret=True)
    with pytest.raises(DomainError, match="pas ouvert"):
        motions.cast(a, motion, "for")
    motions.open_vote(moderator, motion)
    assert motion.status == "voting" and motion.vote_ref
    motions.cast(a, motion, "for")
    motions.cast(b, motion, "for")
    with pytest.raises(DomainError):
        motions.cast(absent, motion, "for")  # absent members are not on the list
    with pytest.raises(DomainError):
        motions.cast(world.make_user(), motion, "for")  # nor are people who are not members
    with pytest.raises(DomainError, match="déjà voté"):
        motions.cast(a, motion, "against")
    with pytest.raises(DomainError):
        motions.cast(c, motion, "peut-être")
    motions.cast(c, motion, "against")
    assert motions.has_voted(a, motion) and not motions.has_voted(absent, motion)
    motions.close_vote(moderator, motion, "Le comité demande un passage piéton.")
    assert (motion.votes_for, motion.votes_against, motion.abstentions) == (2, 1, 0)
    assert motion.result == "adopted" and motion.status == "closed"


def test_members_marked_present_after_the_vote_opened_cannot_vote(room: Any, world: Any) -> None:
    moderator, _, absent, session = room
    motion = motions.create_motion(moderator, session, "Fête de quartier", "", "electronic")
    motions.open_vote(moderator, motion)
    live.record_attendance(moderator, session, {absent.id: "present"}, 4)
    with pytest.raises(DomainError):
        motions.cast(absent, motion, "for")


def test_a_secret_vote_keeps_no_link_between_member_and_choice(room: Any) -> None:
    moderator, (a, b, _), _, session = room
    motion = motions.create_motion(moderator, session, "Vote secret", "", "electronic", secret=True)
    motions.open_vote(moderator, motion)
    motions.cast(a, motion, "for")
    motions.cast(b, motion, "abstain")
    db.session.commit()
    vote_id = int(motion.vote_ref or 0)
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(OpenChoice).where(OpenChoice.vote_id == vote_id)) == 0
    )
    ballots = list(db.session.scalars(sa.select(Ballot).where(Ballot.vote_id == vote_id)))
    assert len(ballots) == 2
    for ballot in ballots:
        row = {column.name: getattr(ballot, column.name) for column in Ballot.__table__.columns}
        dumped = json.dumps(row, default=str)
        for user in (a, b):
            assert f'"user:{user.id}"' not in dumped and user.display_name not in dumped
        assert not any("user" in name for name in row)  # no column that could name a person
    from app.councils.services import electronic

    assert electronic.open_choices(motion) == []


def test_an_open_vote_records_who_chose_what(room: Any) -> None:
    moderator, (a, b, _), _, session = room
    motion = motions.create_motion(moderator, session, "Vote nominatif", "", "electronic", secret=False)
    motions.open_vote(moderator, motion)
    motions.cast(a, motion, "for")
    motions.cast(b, motion, "against")
    from app.councils.services import electronic

    assert sorted(electronic.open_choices(motion)) == [(a.display_name, "Pour"), (b.display_name, "Contre")]


def test_an_electronic_vote_needs_someone_present(world: Any) -> None:
    body = world.body(joining="open")
    moderator = world.moderator(body)
    session = world.session(body, actor=moderator)
    live.open_session(moderator, session)
    motion = motions.create_motion(moderator, session, "Sans personne", "", "electronic")
    with pytest.raises(DomainError, match="Aucun membre"):
        motions.open_vote(moderator, motion)
