"""The shifting debate and the Q&A."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask

from app.assemblies.broadcast import room_channel, staff_channel
from app.assemblies.models import StanceChange
from app.assemblies.services import debate, qa
from app.core.errors import DomainError
from app.core.live.models import LiveEvent
from app.extensions import db
from tests.assemblies.conftest import World, build_world


def _last(channel: str) -> LiveEvent:
    return db.session.scalars(
        sa.select(LiveEvent).where(LiveEvent.channel == channel).order_by(LiveEvent.id.desc())
    ).first()  # type: ignore[return-value]


def test_switching_sides_moves_the_gauge_and_is_recorded(world: World) -> None:
    world.open(world.debate)
    ana, bo = world.participant("Ana"), world.participant("Bo")
    debate.take_side(ana, world.debate, "agree")
    debate.take_side(bo, world.debate, "disagree")
    debate.take_side(ana, world.debate, "undecided")
    debate.take_side(ana, world.debate, "undecided")  # no change: not recorded twice
    db.session.commit()
    tally = debate.gauge(world.debate)
    assert tally.counts == {"agree": 0, "undecided": 1, "disagree": 1}
    assert tally.moves == {("agree", "undecided"): 1} and tally.moved == 1
    assert tally.percent("undecided") == 50
    assert db.session.scalar(sa.select(sa.func.count(StanceChange.id))) == 3
    gauge = _last(room_channel(world.session.id))
    assert gauge.kind == "gauge" and 'id="gauge"' in gauge.html


def test_a_side_must_be_one_of_three_and_the_debate_open(world: World) -> None:
    person = world.participant()
    with pytest.raises(DomainError):
        debate.take_side(person, world.debate, "agree")  # not open yet
    world.open(world.debate)
    with pytest.raises(DomainError):
        debate.take_side(person, world.debate, "maybe")


def test_questions_are_upvoted_once_each(world: World) -> None:
    world.open(world.qa)
    asker, fan = world.participant("Ana"), world.participant("Bo")
    question = qa.ask(asker, world.qa, "Quand rouvre la piscine ?")
    qa.upvote(fan, question)
    db.session.commit()
    with pytest.raises(DomainError):
        qa.upvote(fan, question)
    db.session.rollback()
    assert question.votes == 1
    with pytest.raises(DomainError):
        qa.ask(fan, world.qa, "quand rouvre la piscine ?")  # duplicate


def test_pre_moderated_questions_are_edited_then_approved(app: Flask, request_ctx: None) -> None:
    world = build_world(moderation="pre")
    world.open(world.qa)
    question = qa.ask(world.participant(), world.qa, "pourquoi le tram s'arrete ?")
    db.session.commit()
    assert question.status == "pending"
    assert "pourquoi le tram" not in _last(room_channel(world.session.id)).html
    assert "pourquoi le tram" in _last(staff_channel(world.session.id)).html
    qa.moderate(None, question, "approve", "Pourquoi le tram s'arrête-t-il à 23 h ?")
    db.session.commit()
    assert question.status == "visible"
    assert "23 h" in _last(room_channel(world.session.id)).html


def test_highlight_then_answer_keeps_the_answer_on_the_record(world: World, make_user) -> None:  # type: ignore[no-untyped-def]
    world.open(world.qa)
    elected = make_user(roles=[("elected", "")])
    question = qa.ask(world.participant(), world.qa, "Et les pistes cyclables ?")
    qa.highlight(elected, question)
    assert world.qa.highlighted_question_id == question.id
    qa.answer(elected, question, "Vingt kilomètres de plus en 2027.")
    db.session.commit()
    assert question.answered_at is not None and question.answered_by_id == elected.id
    assert world.qa.highlighted_question_id is None
    assert "Vingt kilomètres" in _last(room_channel(world.session.id)).html
    with pytest.raises(DomainError):
        qa.upvote(world.participant("Tard"), question)
