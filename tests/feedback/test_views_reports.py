"""The resident's pages: the report form (signed in or not, with a photo), "Mes signalements" with
the answers, and who may open an item's page and photo: never the public."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient
from PIL import Image

from app.extensions import db
from app.feedback.models import Item
from app.feedback.services import answers, photos
from tests.feedback.conftest import World, png, sign_in, text


def _form(world: World, **fields: Any) -> dict[str, Any]:
    return {
        "topic": f"{world.voirie.id}|Nid-de-poule",
        "text": "Un trou profond au milieu du passage piéton.",
        "quartier_id": str(world.quartier.id),
        "address": "8 place Cadenat",
        **fields,
    }


def test_the_form_offers_each_service_and_its_categories(client: FlaskClient, world: World) -> None:
    page = text(client.get("/signalements/"))
    assert '<optgroup label="Voirie">' in page and f'value="{world.voirie.id}|Trottoir abîmé"' in page
    assert "Autre (Propreté)" in page and 'name="contact_email"' in page


def test_a_visitor_reports_with_a_photo(client: FlaskClient, world: World) -> None:
    form = _form(world, contact_email="passante@example.org", photo=(png("red", (3000, 1000)), "trou.png"))
    response = client.post("/signalements/", data=form, content_type="multipart/form-data")
    item = db.session.scalar(sa.select(Item))
    assert response.status_code == 303 and response.headers["Location"].endswith(
        f"/signalements/merci?numero={item.id}"
    )
    assert (item.channel, item.category, item.contact_email) == ("web", "Nid-de-poule", "passante@example.org")
    with Image.open(photos.path_of(item)) as stored:
        assert (stored.format, stored.size) == ("JPEG", (1600, 533))  # re-encoded, resized
    assert f"numéro {item.id}" in text(client.get(response.headers["Location"]))


def test_a_signed_in_resident_follows_the_report_and_the_answer(
    client: FlaskClient, world: World, outbox: Callable[[], list[Any]]
) -> None:
    resident = world.resident()
    sign_in(client, resident)
    page = text(client.get("/signalements/"))
    assert 'name="contact_email"' not in page  # the account is how to answer
    response = client.post("/signalements/", data=_form(world))
    item = db.session.scalar(sa.select(Item))
    assert item.author_id == resident.id
    assert response.headers["Location"].endswith(f"/signalements/{item.id}?nouveau=1")
    reply = answers.answer(world.agent(), item, "Rebouché mardi.")
    db.session.commit()
    answers.notify(reply)
    assert "Rebouché mardi." in text(client.get(f"/signalements/{item.id}"))
    assert "1 réponse" in text(client.get("/signalements/mes-signalements"))
    assert outbox()[0]["To"] == resident.email


def test_bad_input_keeps_what_was_typed(client: FlaskClient, world: World) -> None:
    response = client.post("/signalements/", data=_form(world, topic="", contact_email="passante@example.org"))
    page = text(response)
    assert response.status_code == 422 and "Choisissez le service concerné." in page
    assert "Un trou profond au milieu du passage piéton." in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Item)) == 0


def test_a_file_that_is_not_an_image_is_refused(client: FlaskClient, world: World) -> None:
    sign_in(client, world.resident())
    form = _form(world, photo=(io.BytesIO(b"%PDF-1.4 not a picture"), "trou.png"))
    response = client.post("/signalements/", data=form, content_type="multipart/form-data")
    assert response.status_code == 422 and "Seules les images PNG" in text(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Item)) == 0


def test_htmx_gets_the_form_block(client: FlaskClient, world: World, hx: dict[str, str]) -> None:
    response = client.post("/signalements/", data=_form(world, text=""), headers=hx)
    assert response.status_code == 422 and "<h1>" not in text(response) and 'id="report-form"' in text(response)


def test_reports_are_rate_limited(client: FlaskClient, world: World) -> None:
    for _ in range(20):
        client.post("/signalements/", data=_form(world, contact_email="x@example.org"))
    response = client.post("/signalements/", data=_form(world, contact_email="x@example.org"))
    assert response.status_code == 429 and "Trop de signalements" in text(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Item)) == 20


def test_only_the_reporter_and_the_service_see_an_item(client: FlaskClient, world: World) -> None:
    item = world.report(world.resident())
    photos.attach(item, png())
    db.session.commit()
    for path in (f"/signalements/{item.id}", f"/signalements/{item.id}/photo"):
        assert client.get(path).status_code == 302  # the public: to the login page
        sign_in(client, world.resident())
        assert client.get(path).status_code == 403
        sign_in(client, world.agent(world.proprete))
        assert client.get(path).status_code == 403
        sign_in(client, world.agent())
        assert client.get(path).status_code == 200
        sign_in(client, item.author)
        assert client.get(path).status_code == 200
        with client.session_transaction() as session:
            session.clear()
