"""What feedback answers on the shared signals: a resident's data export, and account erasure
(reports stay in the figures, without what points at the person)."""

from __future__ import annotations

from flask import current_app

from app.core.signals import collect_user_data, user_erased
from app.extensions import db
from app.feedback.services import answers, photos, surveys
from tests.feedback.conftest import World, png


def test_export_lists_reports_answers_and_survey_answers(world: World) -> None:
    resident = world.resident()
    item = world.report(resident)
    answers.answer(world.agent(), item, "C'est noté.")
    (invitation,) = surveys.send(
        "budget_project", 1, "Des bancs", "", [surveys.Recipient(resident.email, resident)], None
    )
    surveys.answer(invitation, 5, "Merci")
    db.session.commit()
    sections = dict(
        answer for _receiver, answer in collect_user_data.send(current_app._get_current_object(), user=resident)
    )
    data = sections["feedback"]
    assert [(r["id"], r["status"], [a["body"] for a in r["answers"]]) for r in data["reports"]] == [
        (item.id, "acknowledged", ["C'est noté."])
    ]
    assert data["survey_answers"][0]["score"] == 5


def test_erasure_keeps_the_report_without_what_locates_the_person(world: World) -> None:
    resident = world.resident()
    item = world.report(resident, address="14 rue des Lices")
    photos.attach(item, png())
    path = photos.path_of(item)
    (invitation,) = surveys.send(
        "budget_project", 1, "Des bancs", "", [surveys.Recipient(resident.email, resident)], None
    )
    surveys.answer(invitation, 3, "Ma voisine m'a dit…")
    db.session.commit()
    user_erased.send(current_app._get_current_object(), user=resident)
    db.session.commit()
    assert (item.address, item.photo_name, item.service_id, item.quartier_id) == (
        "",
        None,
        world.voirie.id,
        world.quartier.id,
    )
    assert not path.exists()
    db.session.refresh(invitation)
    assert (invitation.email, invitation.user_id, invitation.response.score, invitation.response.comment) == (
        None, None, 3, "",
    )  # fmt: skip
