"""Directory, body page, membership forms (full page and htmx fragments), moderators' pages."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from app.councils.models import Membership
from app.councils.services import memberships
from app.extensions import db
from tests.councils.conftest import sign_in, text
from tests.factories import QuartierFactory


def test_directory_search_and_fragment(world: Any, client: FlaskClient, hx: dict[str, str]) -> None:
    world.body("CIQ Belle de Mai")
    world.body("CIQ Autre", quartiers=[QuartierFactory(name="Noailles", slug="noailles")])
    page = client.get("/conseils/?q=belle")
    assert page.status_code == 200 and "CIQ Belle de Mai" in text(page) and "CIQ Autre" not in text(page)
    fragment = client.get("/conseils/?q=autre", headers=hx)
    body = text(fragment)
    assert fragment.status_code == 200 and "<html" not in body and 'id="results"' in body and "CIQ Autre" in body
    assert "Vary" in fragment.headers and "HX-Request" in fragment.headers["Vary"]
    assert "Aucune instance" in text(client.get("/conseils/?q=introuvable"))
    assert client.get("/conseils/?district=abc&quartier=x").status_code == 200  # tampered filters: no 500


def test_which_bodies_cover_my_quartier(world: Any, client: FlaskClient) -> None:
    world.body("CIQ Belle de Mai")
    resident = world.make_user(quartier=world.quartier)
    sign_in(client, resident)
    page = text(client.get("/conseils/"))
    assert "Instances qui couvrent La Belle de Mai" in page and "CIQ Belle de Mai" in page
    assert "CIQ Belle de Mai" in text(client.get("/conseils/?mine=1"))


def test_member_names_are_shown_only_when_they_agreed(world: Any, client: FlaskClient) -> None:
    body = world.body(joining="open")
    world.member(body, show_name=True, display_name="Nadia Publique")
    world.member(body, show_name=False, display_name="Marc Discret")
    page = text(client.get(f"/conseils/{body.slug}"))
    assert "Nadia Publique" in page and "Marc Discret" not in page
    assert "1 membre a choisi de ne pas être nommé." in page


def test_join_on_request_then_the_moderator_answers(
    world: Any, client: FlaskClient, hx: dict[str, str], outbox: Any
) -> None:
    body = world.body()
    resident = world.make_user(display_name="Léa Candidate")
    sign_in(client, resident)
    response = client.post(f"/conseils/{body.slug}/adhesion", data={"message": "Voisine de la rue Loubon"}, headers=hx)
    assert response.status_code == 200 and "Votre demande est envoyée" in text(response)
    assert 'id="membership"' in text(response) and "<html" not in text(response)
    membership = db.session.scalar(db.select(Membership).where(Membership.user_id == resident.id))
    assert membership.status == "pending"

    moderator = world.moderator(body)
    sign_in(client, moderator)
    page = text(client.get(f"/conseils/{body.slug}/membres"))
    assert "Léa Candidate" in page and "Voisine de la rue Loubon" in page
    refused = client.post(
        f"/conseils/{body.slug}/membres/{membership.id}/reponse", data={"answer": "decline"}, headers=hx
    )
    assert refused.status_code == 422 and "Expliquez" in text(refused)
    accepted = client.post(
        f"/conseils/{body.slug}/membres/{membership.id}/reponse",
        data={"answer": "accept", "message": "Bienvenue Léa !"},
    )
    assert accepted.status_code == 303
    db.session.expire_all()
    assert membership.status == "active"
    [mail] = outbox()
    assert mail["To"] == resident.email and "acceptée" in mail["Subject"] and "Bienvenue Léa !" in mail.get_content()
    sign_in(client, resident)
    assert "Bienvenue Léa !" in text(client.get(f"/conseils/{body.slug}"))


def test_moderator_of_one_body_cannot_touch_another(world: Any, client: FlaskClient) -> None:
    mine, other = world.body("CIQ A"), world.body("CIQ B")
    session = world.session(other)
    request = memberships.join(world.make_user(), other)
    db.session.commit()
    sign_in(client, world.moderator(mine))
    assert client.get(f"/conseils/{mine.slug}/membres").status_code == 200
    for url in (
        f"/conseils/{other.slug}/membres",
        f"/conseils/{other.slug}/chiffres",
        f"/conseils/{other.slug}/actions",
        f"/conseils/{other.slug}/modifier",
        f"/conseils/{other.slug}/seances/nouvelle",
        f"/conseils/seances/{session.id}/pilotage",
        f"/conseils/seances/{session.id}/preparer",
        f"/conseils/seances/{session.id}/compte-rendu",
    ):
        assert client.get(url).status_code == 403, url
    for url in (
        f"/conseils/{other.slug}/membres/{request.id}/reponse",
        f"/conseils/seances/{session.id}/ouvrir",
        f"/conseils/seances/{session.id}/annuler",
        f"/conseils/seances/{session.id}/ordre-du-jour",
    ):
        assert client.post(url, data={"answer": "accept", "reason": "x", "title": "x"}).status_code == 403, url
    db.session.expire_all()
    assert request.status == "pending" and session.status == "planned"


def test_leave_and_show_name_toggle(world: Any, client: FlaskClient, hx: dict[str, str]) -> None:
    body = world.body(joining="open")
    member = world.member(body)
    sign_in(client, member)
    shown = client.post(f"/conseils/{body.slug}/nom-visible", data={"show_name": "y"}, headers=hx)
    assert "Votre nom apparaît dans la liste des membres." in text(shown)
    hidden = client.post(f"/conseils/{body.slug}/nom-visible", data={}, headers=hx)
    assert "Votre nom n'apparaît plus" in text(hidden)
    left = client.post(f"/conseils/{body.slug}/quitter", headers=hx)
    assert "Vous avez quitté" in text(left)
    again = client.post(f"/conseils/{body.slug}/quitter", headers=hx)
    assert again.status_code == 422 and "pas membre" in text(again)


def test_staff_create_a_body(world: Any, client: FlaskClient) -> None:
    sign_in(client, world.make_user(roles=[("staff", "")]))
    assert client.get("/conseils/nouvelle").status_code == 200
    missing = client.post("/conseils/nouvelle", data={"name": "CIQ Neuf", "kind": "ciq", "joining": "open"})
    assert missing.status_code == 422 and "au moins un quartier" in text(missing)
    created = client.post(
        "/conseils/nouvelle",
        data={"name": "CIQ Neuf", "kind": "ciq", "joining": "open", "quartier_ids": [str(world.quartier.id)]},
    )
    assert created.status_code == 303 and created.headers["Location"].endswith("/conseils/ciq-neuf")
    sign_in(client, world.moderator(world.body("CIQ Modéré")))
    assert client.get("/conseils/nouvelle").status_code == 403
