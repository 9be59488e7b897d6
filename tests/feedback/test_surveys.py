"""Satisfaction surveys: sent by email with a signed single-use link, answerable once (the unique
constraint holds even when the check in Python is bypassed), about a resolved case or a council
session (those recorded present), and open to other areas through `send`."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from app.core.errors import DomainError, NotFound
from app.councils.models import Attendance
from app.councils.services import bodies, sessions
from app.extensions import db
from app.feedback.models import Invitation, Survey, SurveyResponse
from app.feedback.services import cases, surveys
from tests.feedback.conftest import World


def _token(mail: Any) -> str:
    match = re.search(r"/signalements/enquete/(\S+)", mail.get_content())
    assert match, mail.get_content()
    return match.group(1)


def test_send_is_idempotent_per_person(world: World) -> None:
    resident = world.resident()
    recipients = [surveys.Recipient(resident.email, resident), surveys.Recipient("Autre@Example.org")]
    first = surveys.send("budget_project", 7, "Le jardin de la rue Loubon", "https://ville/p/7", recipients, None)
    again = surveys.send(
        "budget_project", 7, "Le jardin de la rue Loubon", "", [*recipients, surveys.Recipient("")], None
    )
    db.session.commit()
    assert [i.email for i in first] == [resident.email, "autre@example.org"] and again == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Survey)) == 1
    with pytest.raises(DomainError):
        surveys.send("petition", 1, "?", "", recipients, None)


def test_a_survey_is_answered_once(world: World, outbox: Callable[[], list[Any]]) -> None:
    (invitation,) = surveys.send("budget_project", 3, "Des bancs", "", [surveys.Recipient("a@example.org")], None)
    db.session.commit()
    assert surveys.deliver([invitation]) == 1
    token = _token(outbox()[0])
    assert surveys.invitation_from(token) is invitation
    with pytest.raises(DomainError) as refused:
        surveys.answer(invitation, 6, "")
    assert refused.value.problems[0][0] == "score"
    surveys.answer(invitation, 4, "  Bien fait.  ")
    db.session.commit()
    with pytest.raises(DomainError):
        surveys.answer(invitation, 5, "Encore")
    # Even past the check in Python (two tabs at once), the database refuses a second answer.
    db.session.expire_all()
    db.session.add(SurveyResponse(invitation_id=invitation.id, survey_id=invitation.survey_id, score=1))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()
    assert db.session.scalars(sa.select(SurveyResponse.comment)).all() == ["Bien fait."]


def test_a_broken_link_is_refused(world: World) -> None:
    with pytest.raises(NotFound):
        surveys.invitation_from("pas-un-jeton")


def test_resolving_a_case_asks_its_reporters(world: World, outbox: Callable[[], list[Any]]) -> None:
    agent = world.agent()
    resident = world.resident()
    primary, duplicate = world.report(resident), world.report(contact_email="visiteur@example.org")
    cases.link_duplicate(agent, duplicate, primary)
    cases.change_status(agent, primary, "resolved")
    invitations = surveys.for_resolved_case(agent, primary)
    db.session.commit()
    assert sorted(i.email for i in invitations) == sorted([resident.email, "visiteur@example.org"])
    survey = invitations[0].survey
    assert (survey.subject_kind, survey.subject_id, survey.service_id) == ("feedback_item", primary.id, world.voirie.id)
    assert surveys.deliver(invitations) == 2 and len(outbox()) == 2


def test_those_present_at_a_council_session_are_asked(world: World) -> None:
    body = bodies.create_body(
        None, bodies.BodyInput(name="CIQ Belle de Mai", kind="ciq", quartier_ids=[world.quartier.id])
    )
    agent = world.make_user(roles=[("staff", "")])
    starts = world.now + timedelta(hours=1)
    session = sessions.create_session(
        agent,
        body,
        sessions.SessionInput(
            title="Séance de rentrée", starts_at=starts, ends_at=starts + timedelta(hours=2), place="Maison pour tous"
        ),
    )
    present, excused = world.resident(), world.resident()
    db.session.add_all(
        [
            Attendance(session_id=session.id, user_id=present.id, status="present"),
            Attendance(session_id=session.id, user_id=excused.id, status="excused"),
        ]
    )
    db.session.commit()
    invitations = surveys.for_council_session(agent, session.id)
    db.session.commit()
    assert [(i.email, i.user_id) for i in invitations] == [(present.email, present.id)]
    assert invitations[0].survey.title == "CIQ Belle de Mai — Séance de rentrée"
    assert surveys.for_council_session(agent, session.id) == []  # asked once


def test_results_count_invited_and_answered(world: World) -> None:
    people = [surveys.Recipient(f"p{n}@example.org") for n in range(3)]
    invitations = surveys.send("council_session", 1, "Séance", "", people, None)
    surveys.answer(invitations[0], 5, "")
    surveys.answer(invitations[1], 2, "")
    db.session.commit()
    (result,) = surveys.results()
    assert (result.invited, result.answered, result.average) == (3, 2, 3.5)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 3
