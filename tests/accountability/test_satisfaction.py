"""A delivered project asks its followers and its proposal's authors how it turned out, through
feedback's satisfaction surveys: once per person, mailed only after the delivery is committed, and
answerable once."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from app.accountability.models import FollowUp
from app.accountability.services import follows, followups, satisfaction
from app.accounts.models import User
from app.extensions import db
from app.feedback.models import Invitation, Survey, SurveyResponse
from tests.budgets.conftest import World, sign_in
from tests.budgets.voting_helpers import Voting


def survey_links(mails: list[Any]) -> list[str]:
    return [re.search(r"https?://\S+", mail.get_content()).group(0) for mail in mails]  # type: ignore[union-attr]


def test_delivery_through_the_tracking_page_mails_one_survey_to_each_follower(
    world: World, make_project: Callable[..., Any], client: FlaskClient, outbox: Callable[[], list[Any]]
) -> None:
    item = make_project()
    first, second = world.resident(email="une@example.org"), world.resident(email="deux@example.org")
    for user in (first, second):
        follows.follow(user, item)
    db.session.commit()
    sign_in(client, world.staff())
    client.post(f"/suivi/projets/{item.id}/gestion", data={"status": "works", "progress": "60"})
    assert outbox() == []  # works under way: nobody is asked yet
    delivered = client.post(f"/suivi/projets/{item.id}/gestion", data={"status": "delivered", "progress": "100"})
    assert delivered.status_code == 303
    mails = outbox()
    assert sorted(mail["To"] for mail in mails) == ["deux@example.org", "une@example.org"]
    survey = db.session.scalar(sa.select(Survey))
    assert (survey.subject_kind, survey.subject_id, survey.title) == ("budget_project", item.id, item.title)
    assert survey.url.endswith(f"/suivi/projets/{item.id}")

    # Reopened then delivered again: nobody is asked twice.
    followups.track(world.staff(), item, {"status": "works"}, world.now.date())
    followups.track(world.staff(), item, {"status": "delivered"}, world.now.date())
    db.session.commit()
    assert satisfaction.deliver_pending() == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 2

    # The link answers once.
    link = survey_links([m for m in mails if m["To"] == "une@example.org"])[0]
    path = link.split("://", 1)[1].split("/", 1)[1]
    answered = client.post(f"/{path}", data={"score": "4", "comment": "Enfin de l'ombre."})
    assert answered.status_code in (200, 303)
    client.post(f"/{path}", data={"score": "1", "comment": "Deuxième réponse"})
    responses = list(db.session.scalars(sa.select(SurveyResponse)))
    assert [(r.score, r.comment) for r in responses] == [(4, "Enfin de l'ombre.")]


def test_the_proposals_authors_are_asked_too(world: World, voted: Voting) -> None:
    item = db.session.scalar(sa.select(FollowUp).where(FollowUp.proposal_id.is_not(None)).order_by(FollowUp.id))
    authors = [author for author in item.proposal.authors if author.email]
    assert authors, "the budgets world's proposals have authors with addresses"
    followups.track(world.staff(), item, {"status": "delivered"}, world.now.date())
    db.session.commit()
    invited = set(db.session.scalars(sa.select(Invitation.user_id)))
    assert {author.id for author in authors} <= invited


def test_a_rolled_back_delivery_mails_nobody(
    world: World, make_project: Callable[..., Any], outbox: Callable[[], list[Any]]
) -> None:
    item = make_project()
    follows.follow(world.resident(email="trois@example.org"), item)
    db.session.commit()
    followups.track(world.staff(), item, {"status": "delivered"}, world.now.date())
    db.session.rollback()
    assert satisfaction.deliver_pending() == 0
    assert outbox() == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 0


def test_a_delivery_outside_a_request_still_names_the_projects_page(
    world: World, make_project: Callable[..., Any], app: Any
) -> None:
    item = make_project()
    follows.follow(world.resident(email="quatre@example.org"), item)
    staff = world.staff()
    db.session.commit()
    ids, errors = (item.id, staff.id), []

    def job() -> None:  # a command or a job: a thread of its own has no request to build links from
        try:
            with app.app_context():
                project, actor = db.session.get(FollowUp, ids[0]), db.session.get(User, ids[1])
                followups.track(actor, project, {"status": "delivered"}, world.now.date())
                db.session.commit()
        except Exception as error:  # reported to the test below
            errors.append(error)

    worker = threading.Thread(target=job)
    worker.start()
    worker.join()
    assert errors == []
    survey = db.session.scalar(sa.select(Survey))
    assert survey.url == f"/suivi/projets/{item.id}"
