"""Residents through HTTP: the listing (plain GET and htmx), drafting and submitting, images,
comments, supports, reports; the home page's open phases."""

from __future__ import annotations

import io

from flask.testing import FlaskClient
from PIL import Image

from app.budgets.models import Proposal
from app.extensions import db
from tests.budgets.conftest import World, sign_in, text


def test_listing_filters_without_javascript_and_swaps_results_with_htmx(
    world: World, client: FlaskClient, hx: dict[str, str]
) -> None:
    edition = world.edition("submission")
    world.proposal(edition, title="Fontaine à eau", theme="cadre_de_vie")
    world.proposal(edition, title="Piste cyclable", theme="mobilite")
    page = client.get(f"/budget/{edition.slug}/projets?theme=mobilite&sort=title")
    assert page.status_code == 200 and "<html" in page.get_data(as_text=True)
    assert "Piste cyclable" in text(page) and "Fontaine à eau" not in text(page)
    fragment = client.get(f"/budget/{edition.slug}/projets?q=fontaine", headers=hx)
    body = text(fragment)
    assert "<html" not in body and 'id="results"' in body and "Fontaine à eau" in body
    assert client.get(f"/budget/{edition.slug}/projets?envelope=abc&quartier=x&page=-3").status_code == 200


def test_pagination_keeps_the_filters(world: World, client: FlaskClient) -> None:
    edition = world.edition("submission")
    for number in range(22):
        world.proposal(edition, title=f"Projet numéro {number:02d}")
    first = text(client.get(f"/budget/{edition.slug}/projets?sort=title"))
    assert "Projet numéro 19" in first and "Projet numéro 20" not in first
    assert f"/budget/{edition.slug}/projets?page=2&amp;sort=title" in client.get(
        f"/budget/{edition.slug}/projets?sort=title"
    ).get_data(as_text=True)
    assert "Projet numéro 21" in text(client.get(f"/budget/{edition.slug}/projets?sort=title&page=2"))


def test_a_resident_drafts_submits_and_sees_the_proposal(world: World, client: FlaskClient) -> None:
    edition = world.edition("submission")
    resident = world.resident()
    sign_in(client, resident)
    form = {
        "title": "Des bancs place Caffo",
        "description": "Six bancs à l'ombre des platanes pour les anciens.",
        "estimated_cost": "12 000,50 €",
        "theme": "cadre_de_vie",
        "envelope_id": str(edition.envelopes[1].id),
        "quartier_id": str(world.quartier.id),
    }
    bad = client.post(f"/budget/{edition.slug}/projets/nouveau", data={**form, "estimated_cost": "douze"})
    assert bad.status_code == 422 and "Écrivez un montant en euros" in text(bad)
    created = client.post(f"/budget/{edition.slug}/projets/nouveau", data=form)
    assert created.status_code == 303
    proposal = db.session.scalar(db.select(Proposal))
    assert proposal.status == "draft" and str(proposal.estimated_cost) == "12000.50"
    assert client.post(f"/budget/projets/{proposal.id}/deposer").status_code == 303
    db.session.refresh(proposal)
    assert proposal.status == "submitted"
    page = text(client.get(f"/budget/projets/{proposal.id}"))
    assert "Des bancs place Caffo" in page and "Retirer le projet" in page


def test_drafts_stay_private_and_unverified_residents_cannot_propose(world: World, client: FlaskClient) -> None:
    edition = world.edition("submission")
    draft = world.proposal(edition, status="draft")
    sign_in(client, world.resident(verified=False))
    assert client.get(f"/budget/projets/{draft.id}").status_code == 403
    assert client.get(f"/budget/{edition.slug}/projets/nouveau").status_code == 403
    assert client.post(f"/budget/projets/{draft.id}/deposer").status_code == 403


def test_images_upload_and_are_served_reencoded(world: World, client: FlaskClient) -> None:
    edition = world.edition("submission")
    proposal = world.proposal(edition)
    sign_in(client, proposal.authors[0])
    picture = io.BytesIO()
    Image.new("RGB", (50, 40), "blue").save(picture, "PNG")
    picture.seek(0)
    sent = client.post(f"/budget/projets/{proposal.id}/images", data={"file": (picture, "photo.png"), "alt": "Le lieu"})
    assert sent.status_code == 303
    image = proposal.images[0]
    served = client.get(f"/budget/images/{image.id}")
    assert served.mimetype == "image/jpeg" and served.data[:2] == b"\xff\xd8"
    fake = client.post(f"/budget/projets/{proposal.id}/images", data={"file": (io.BytesIO(b"<html>"), "x.png")})
    assert fake.status_code == 422 and "Seules les images" in text(fake)


def test_comments_reply_and_report_over_htmx(world: World, client: FlaskClient, hx: dict[str, str]) -> None:
    edition = world.edition("submission")
    proposal = world.proposal(edition)
    sign_in(client, world.resident())
    posted = client.post(
        f"/budget/projets/{proposal.id}/commentaires", data={"body": "J'adore", "alignment": "for"}, headers=hx
    )
    body = text(posted)
    assert posted.status_code == 200 and "<html" not in body and "J'adore" in body and "Pour : 1" in body
    empty = client.post(
        f"/budget/projets/{proposal.id}/commentaires", data={"body": "", "alignment": "for"}, headers=hx
    )
    assert empty.status_code == 422 and "Écrivez votre commentaire" in text(empty)
    assert client.get(f"/budget/projets/{proposal.id}/signaler").status_code == 200
    reported = client.post(f"/budget/projets/{proposal.id}/signaler", data={"reason": "spam", "details": ""})
    assert reported.status_code == 303


def test_staff_hide_a_comment_and_its_reason_shows(world: World, client: FlaskClient) -> None:
    from app.budgets.services import comments

    edition = world.edition("submission")
    proposal = world.proposal(edition)
    comment = comments.add_comment(world.resident(), proposal, "Propos injurieux", "against")
    db.session.commit()
    sign_in(client, world.resident())
    assert client.post(f"/budget/commentaires/{comment.id}/masquer", data={"reason": "Insultes"}).status_code == 403
    sign_in(client, world.staff())
    assert (
        client.post(
            f"/budget/commentaires/{comment.id}/masquer", data={"reason": "Insultes envers un voisin"}
        ).status_code
        == 303
    )
    page = text(client.get(f"/budget/projets/{proposal.id}"))
    assert "Insultes envers un voisin" in page and "Propos injurieux" not in page


def test_support_over_htmx(world: World, client: FlaskClient, hx: dict[str, str]) -> None:
    edition = world.edition("support", support_limit=2)
    proposal = world.proposal(edition, status="feasible")
    sign_in(client, world.resident())
    given = client.post(f"/budget/projets/{proposal.id}/soutenir", headers=hx)
    assert given.status_code == 200 and "Vous soutenez ce projet" in text(given) and "1 soutien" in text(given)
    again = client.post(f"/budget/projets/{proposal.id}/soutenir")
    assert again.status_code == 303
    assert "déjà" in text(client.get(f"/budget/projets/{proposal.id}"))


def test_home_lists_the_open_phase_and_the_nav_links_the_area(world: World, client: FlaskClient) -> None:
    edition = world.edition("voting")
    home = text(client.get("/"))
    assert f"{edition.title} : votez" in home and 'href="/budget/"' in home


def test_a_hidden_proposal_shows_its_reason_not_its_content(world: World, client: FlaskClient) -> None:
    from app.budgets.services import moderation

    edition = world.edition("submission")
    proposal = world.proposal(edition, description="Un texte publicitaire pour une entreprise de travaux.")
    moderation.hide_proposal(world.staff(), proposal, "Publicité pour une entreprise.")
    db.session.commit()
    page = text(client.get(f"/budget/projets/{proposal.id}"))
    assert "Publicité pour une entreprise." in page and "texte publicitaire" not in page
    assert proposal.title not in text(client.get(f"/budget/{edition.slug}/projets"))
    sign_in(client, world.staff())
    assert "texte publicitaire" in text(client.get(f"/budget/projets/{proposal.id}"))
