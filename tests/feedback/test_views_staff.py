"""The staff pages: a service's staff see only their service's queue and cases (admins see all),
the queue shows late cases, the case page's actions post and redirect without JavaScript, staff
entry, the list of services, and surveys."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from app.extensions import db
from app.feedback.models import Item, Service, SurveyResponse
from app.feedback.services import surveys
from tests.feedback.conftest import World, sign_in, text


def test_a_service_sees_only_its_own_queue(client: FlaskClient, world: World) -> None:
    pothole = world.report(text="Nid-de-poule boulevard National, très profond")
    rubbish = world.report(service=world.proprete, category="", text="Dépôt sauvage de matelas rue Loubon")
    sign_in(client, world.agent())
    page = text(client.get("/signalements/file"))
    assert "Nid-de-poule boulevard National" in page and "Dépôt sauvage" not in page
    # Asking for the other service's queue by its id shows nothing of it either.
    assert "Dépôt sauvage" not in text(client.get(f"/signalements/file?service={world.proprete.id}"))
    assert client.get(f"/signalements/traiter/{rubbish.id}").status_code == 403
    assert client.get(f"/signalements/traiter/{pothole.id}").status_code == 200
    sign_in(client, world.make_user(roles=[("admin", "")]))
    page = text(client.get("/signalements/file"))
    assert "Nid-de-poule boulevard National" in page and "Dépôt sauvage" in page


def test_staff_of_another_area_see_no_queue(client: FlaskClient, world: World) -> None:
    world.report()
    sign_in(client, world.make_user(roles=[("staff", "budget")]))
    page = text(client.get("/signalements/file"))
    assert "Vous ne travaillez pour aucun service" in page and "0 dossier" in page


def test_the_queue_filters_and_flags_late_cases(client: FlaskClient, world: World, hx: dict[str, str]) -> None:
    late = world.report(text="Trottoir effondré depuis un mois", now=world.now - timedelta(days=20))
    world.report(text="Panneau stop tordu", criticality="high")
    sign_in(client, world.agent())
    page = text(client.get("/signalements/file"))
    assert "1 dossier en retard" in page and "Délai de traitement dépassé" in page
    fragment = text(client.get("/signalements/file?late=y", headers=hx))
    assert "<h1>" not in fragment and "Trottoir effondré" in fragment and "Panneau stop" not in fragment
    assert "Panneau stop" in text(client.get("/signalements/file?criticality=high"))
    assert f'href="/signalements/traiter/{late.id}"' in page


def test_the_case_page_actions(client: FlaskClient, world: World, outbox: Callable[[], list[Any]]) -> None:
    agent = world.agent()
    resident = world.resident()
    primary = world.report(resident, text="Danger : plaque d'égout soulevée devant l'école")
    duplicate = world.report(contact_email="voisin@example.org")
    sign_in(client, agent)
    page = text(client.get(f"/signalements/traiter/{primary.id}"))
    assert "Urgente — mots de danger : danger ; mots de risque : ecole" in page
    base = f"/signalements/traiter/{primary.id}"
    offered = text(client.get(f"/signalements/traiter/{duplicate.id}"))
    assert f"Joindre ce dossier au n° {primary.id}" in offered  # same address, same service
    assert (
        client.post(f"/signalements/traiter/{duplicate.id}/doublon", data={"primary_id": primary.id}).status_code == 303
    )
    assert client.post(f"{base}/criticite", data={"criticality": "urgent"}).status_code == 303
    assert client.post(f"{base}/attribuer", data={"assignee_id": agent.id}).status_code == 303
    answered = client.post(f"{base}/repondre", data={"body": "Une équipe sécurise la plaque dans l'heure."})
    assert answered.status_code == 303
    refused = client.post(f"{base}/etat", data={"status": "rejected", "reason": ""})
    assert refused.status_code == 422 and "pourquoi il est rejeté" in text(refused)
    assert client.post(f"{base}/etat", data={"status": "resolved"}).status_code == 303
    db.session.expire_all()
    assert (primary.status, primary.criticality, primary.assignee_id, duplicate.status) == (
        "resolved", "urgent", agent.id, "resolved",
    )  # fmt: skip
    sent = [(mail["To"], mail["Subject"]) for mail in outbox()]
    assert (resident.email, f"Réponse à votre signalement n° {primary.id}") in sent
    assert ("voisin@example.org", f"Réponse à votre signalement n° {duplicate.id}") in sent
    assert sum(subject.startswith("Votre avis") for _to, subject in sent) == 2  # the resolved case's survey


def test_an_unknown_duplicate_number_is_refused_in_the_form(client: FlaskClient, world: World) -> None:
    item = world.report()
    other_service = world.report(service=world.proprete, category="")
    sign_in(client, world.agent())
    for number in ("999", str(other_service.id)):
        response = client.post(f"/signalements/traiter/{item.id}/doublon", data={"primary_id": number})
        assert response.status_code == 422 and "Aucun signalement de votre service" in text(response)
    response = client.post(f"/signalements/traiter/{item.id}/doublon", data={"primary_id": "douze"})
    assert response.status_code == 422 and "Saisissez un nombre entier" in text(response)


def test_staff_enter_a_phone_call(client: FlaskClient, world: World) -> None:
    agent = world.agent()
    sign_in(client, agent)
    form = {
        "channel": "phone",
        "topic": f"{world.voirie.id}|Signalisation",
        "text": "Feu tricolore en panne au carrefour, appel de Mme Roux.",
        "quartier_id": str(world.quartier.id),
        "contact_name": "Mme Roux",
        "answer_by": "phone",
        "contact_phone": "",
    }
    refused = client.post("/signalements/saisie", data=form)
    assert refused.status_code == 422 and "numéro de téléphone" in text(refused)
    response = client.post("/signalements/saisie", data={**form, "contact_phone": "06 12 34 56 78"})
    item = db.session.scalar(sa.select(Item))
    assert response.headers["Location"].endswith(f"/signalements/traiter/{item.id}")
    assert (item.channel, item.recorded_by_id, item.contact_phone) == ("phone", agent.id, "06 12 34 56 78")
    page = text(client.get(response.headers["Location"]))
    assert "Mme Roux" in page and 'Par téléphone : <span class="text">06 12 34 56 78</span>' in page


def test_staff_enter_for_someone_with_an_account(client: FlaskClient, world: World) -> None:
    resident = world.resident(email="karim@example.org")
    sign_in(client, world.agent(world.proprete))
    form = {"channel": "counter", "topic": f"{world.proprete.id}|Tags", "text": "Tags sur la façade de l'école.",
            "resident_email": "unknown@example.org", "answer_by": "email"}  # fmt: skip
    assert "Aucun compte n'a cette adresse" in text(client.post("/signalements/saisie", data=form))
    client.post("/signalements/saisie", data={**form, "resident_email": "Karim@example.org"})
    assert db.session.scalar(sa.select(Item.author_id)) == resident.id


def test_admins_maintain_the_services(client: FlaskClient, world: World) -> None:
    sign_in(client, world.agent())
    assert client.get("/signalements/services").status_code == 403
    sign_in(client, world.make_user(roles=[("admin", "")]))
    assert "Voirie" in text(client.get("/signalements/services"))
    form = {"name": "Éclairage public", "slug": "voirie", "categories": "Lampadaire éteint\n\nLampadaire éteint",
            "target_days": "10", "urgent_ack_hours": "2", "active": "y"}  # fmt: skip
    refused = client.post("/signalements/services/nouveau", data=form)
    assert refused.status_code == 422 and "Un autre service a déjà cet identifiant." in text(refused)
    assert client.post("/signalements/services/nouveau", data={**form, "slug": "eclairage"}).status_code == 303
    service = db.session.scalar(sa.select(Service).where(Service.slug == "eclairage"))
    assert (service.category_list, service.target_days) == (["Lampadaire éteint"], 10)
    edit = client.post(f"/signalements/services/{service.id}", data={**form, "slug": "eclairage", "target_days": "0"})
    assert edit.status_code == 422 and "de 1 à 365 jours" in text(edit)


def test_a_survey_link_is_answered_once(client: FlaskClient, world: World, outbox: Callable[[], list[Any]]) -> None:
    invitations = surveys.send("budget_project", 4, "Le jardin partagé", "", [surveys.Recipient("a@example.org")], None)
    db.session.commit()
    surveys.deliver(invitations)
    path = re.search(r"(/signalements/enquete/\S+)", outbox()[0].get_content()).group(1)  # type: ignore[union-attr]
    page = text(client.get(path))
    assert "Le jardin partagé" in page and 'name="score"' in page
    assert client.post(path, data={"score": "9"}).status_code == 422
    assert "Merci pour votre réponse" in text(client.post(path, data={"score": "4", "comment": "Bien"}))
    again = text(client.post(path, data={"score": "1"}))
    assert "Vous avez déjà répondu" in again and 'name="score"' not in again
    assert db.session.scalars(sa.select(SurveyResponse.score)).all() == [4]
    assert client.get("/signalements/enquete/faux").status_code == 404
