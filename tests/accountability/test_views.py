"""The follow-up's pages through HTTP: the overview (filters, htmx block, late flag, totals in French,
the map and its list), a tracker's update with a photo reaching the public page, its history and the
followers' mail, refusals of people who do not track the project, ratings after delivery, the
CSV upload page, staff's pages, and the Atom feeds."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree as ET

import sqlalchemy as sa
from flask.testing import FlaskClient
from PIL import Image

from app.accountability.models import FollowUp, Photo, Rating
from app.accountability.services import follows, followups, milestones
from app.accounts.models import RoleGrant
from app.extensions import db
from tests.budgets.conftest import World, sign_in, text
from tests.budgets.voting_helpers import plain

ATOM = "{http://www.w3.org/2005/Atom}"


def picture() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (2400, 1200), (30, 120, 60)).save(out, "PNG")
    out.seek(0)
    return out


def tracker_of(world: World, item: FollowUp) -> Any:
    return world.make_user(display_name="Inès Ziani", roles=[("tracker", f"projet-{item.id}")])


def test_overview_filters_totals_late_flag_and_map(
    world: World, make_project: Callable[..., Any], client: FlaskClient, hx: dict[str, str]
) -> None:
    staff = world.staff()
    late = make_project("Jardin en retard", budget_voted=Decimal("1234.56"))
    milestones.add_milestone(staff, late, milestones.MilestoneInput("Clôture", world.now.date() - timedelta(days=10)))
    make_project("Stade ailleurs", quartier_id=world.other_quartier.id, theme="sport", budget_voted=Decimal("1000.00"))
    db.session.commit()
    page = plain(client.get("/suivi/"))
    assert "Jardin en retard" in page and "Stade ailleurs" in page and "En retard" in page
    assert "2 234,56 €" in page and "1 234,56 €" in page  # totals and amounts as French writes them
    assert "<svg viewBox" in page and "La Belle de Mai : 1 projet(s)" in page
    filtered = client.get("/suivi/?theme=sport", headers=hx)
    body = plain(filtered)
    assert filtered.status_code == 200 and "<html" not in body and 'id="results"' in body
    assert "Stade ailleurs" in body and "Jardin en retard" not in body
    assert "Jardin en retard" in plain(client.get("/suivi/?late=y")) and "Stade" not in plain(
        client.get("/suivi/?late=y")
    )
    assert "Aucun projet" in plain(client.get(f"/suivi/?quartier={world.quartier.id}&status=delivered"))


def test_a_tracker_posts_an_update_with_a_photo_and_the_public_page_shows_it_with_history(
    world: World, make_project: Callable[..., Any], client: FlaskClient, outbox: Callable[[], list[Any]]
) -> None:
    item = make_project()
    milestone = milestones.add_milestone(
        world.staff(), item, milestones.MilestoneInput("Plantations", world.now.date())
    )
    follower, tracker = world.resident(email="voisine@example.org"), tracker_of(world, item)
    follows.follow(follower, item)
    follows.follow(tracker, item)  # the author of an update is not mailed their own words
    db.session.commit()
    sign_in(client, tracker)
    assert client.get(f"/suivi/projets/{item.id}/gestion").status_code == 200
    tracked = client.post(
        f"/suivi/projets/{item.id}/gestion",
        data={"status": "works", "progress": "45", "budget_voted": "120 000", "budget_committed": "80 000,50",
              "budget_spent": "12 345,67", "started_on": "02/03/2027", "service": "Direction des parcs et jardins"},
    )  # fmt: skip
    assert tracked.status_code == 303
    posted = client.post(
        f"/suivi/projets/{item.id}/actualites",
        data={"update-title": "Les arbres arrivent", "update-body": "Vingt **micocouliers** plantés cette semaine.",
              "update-photo": (picture(), "chantier.png"), "update-photo_alt": "Les arbres en place",
              "update-milestone_id": str(milestone.id)},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert posted.status_code == 303
    photo = db.session.scalar(sa.select(Photo))
    assert (photo.width, photo.height, photo.content_type, photo.milestone_id) == (
        1600,
        800,
        "image/jpeg",
        milestone.id,
    )
    page = plain(client.get(f"/suivi/projets/{item.id}"))
    assert "Les arbres arrivent" in page and "<strong>micocouliers</strong>" in page
    assert f'src="/suivi/photos/{photo.id}"' in page and 'alt="Les arbres en place"' in page
    assert "Travaux en cours" in page and "45 %" in page and "12 345,67 €" in page
    assert "Inès Ziani" in page and "Montant dépensé : 0,00 € → 12 345,67 €" in page
    assert "Avancement (%) : 0 % → 45 %" in page and "actualité publiée : Les arbres arrivent" in page
    assert client.get(f"/suivi/photos/{photo.id}").mimetype == "image/jpeg"
    mails = outbox()
    assert [m["To"] for m in mails] == ["voisine@example.org"]
    assert "Les arbres arrivent" in mails[0].get_content() and f"/suivi/projets/{item.id}" in mails[0].get_content()


def test_bad_input_is_shown_in_the_form_and_nothing_is_saved(
    world: World, make_project: Callable[..., Any], client: FlaskClient
) -> None:
    item = make_project()
    sign_in(client, tracker_of(world, item))
    response = client.post(
        f"/suivi/projets/{item.id}/gestion",
        data={"status": "cancelled", "progress": "abc", "budget_voted": "12,345", "budget_spent": "1 000"},
    )
    page = plain(response)
    assert response.status_code == 422
    assert "Saisissez un nombre entier" in page and "au centime près" in page
    unphotographed = client.post(
        f"/suivi/projets/{item.id}/actualites",
        data={
            "update-title": "Photo",
            "update-body": "Voici",
            "update-photo": (io.BytesIO(b"%PDF-1.4 rien"), "x.png"),
            "update-photo_alt": "x",
        },
        content_type="multipart/form-data",
    )
    assert unphotographed.status_code == 422 and "PNG, JPEG, GIF ou WebP" in plain(unphotographed)
    db.session.expire_all()
    assert (item.status, item.budget_spent, item.updates) == ("planned", Decimal("0.00"), [])


def test_only_trackers_of_the_project_may_change_it(
    world: World, make_project: Callable[..., Any], client: FlaskClient, voted: Any
) -> None:
    outside = make_project("Hors budget participatif")
    winner = db.session.scalar(sa.select(FollowUp).where(FollowUp.edition_id == voted.edition.id).limit(1))
    edition_tracker = world.make_user(roles=[("tracker", voted.edition.slug)])
    sign_in(client, edition_tracker)
    assert client.get(f"/suivi/projets/{winner.id}/gestion").status_code == 200
    assert client.get(f"/suivi/projets/{outside.id}/gestion").status_code == 403
    assert client.post(f"/suivi/projets/{outside.id}/gestion", data={"status": "works"}).status_code == 403
    assert (
        client.post(
            f"/suivi/projets/{outside.id}/actualites", data={"update-title": "x", "update-body": "y"}
        ).status_code
        == 403
    )
    mine = plain(client.get("/suivi/mes-projets"))
    assert winner.title in mine and "Hors budget participatif" not in mine
    assert client.get("/suivi/responsables").status_code == 403  # naming trackers is staff's


def test_residents_follow_and_rate_once_delivered(
    world: World, make_project: Callable[..., Any], client: FlaskClient, hx: dict[str, str]
) -> None:
    item = make_project()
    resident = world.resident()
    sign_in(client, resident)
    followed = client.post(f"/suivi/projets/{item.id}/suivre", headers=hx)
    assert followed.status_code == 200 and "Ne plus suivre" in text(followed) and "<html" not in text(followed)
    assert follows.is_following(resident, item)
    assert client.post(f"/suivi/projets/{item.id}/avis", data={"stars": "5"}).status_code == 403
    followups.track(world.staff(), item, {"status": "delivered"}, world.now.date())
    db.session.commit()
    rated = client.post(
        f"/suivi/projets/{item.id}/avis", data={"stars": "4", "comment": "Beau travail, ombre bienvenue."}
    )
    assert rated.status_code == 303
    client.post(f"/suivi/projets/{item.id}/avis", data={"stars": "5", "comment": "Encore mieux après l'été."})
    assert [(r.stars, r.comment) for r in db.session.scalars(sa.select(Rating))] == [(5, "Encore mieux après l'été.")]
    page = plain(client.get(f"/suivi/projets/{item.id}"))
    assert "1 avis" in page and "note moyenne 5 sur 5" in page and "Encore mieux" in page
    assert client.post(f"/suivi/projets/{item.id}/avis", data={"stars": "9"}).status_code == 422
    client.post(f"/suivi/projets/{item.id}/ne-plus-suivre")
    assert not follows.is_following(resident, item)


def test_csv_upload_lists_bad_rows_and_changes_nothing(
    world: World, make_project: Callable[..., Any], client: FlaskClient
) -> None:
    item = make_project()
    sign_in(client, world.staff())
    data = f"id;status;progress\n{item.id};works;50\n{item.id + 99};works;10\n".encode()
    response = client.post(
        "/suivi/import", data={"file": (io.BytesIO(data), "maj.csv")}, content_type="multipart/form-data"
    )
    page = plain(response)
    assert response.status_code == 422 and "1 ligne refusée" in page and "Ligne 3" in page and "aucun projet" in page
    db.session.expire_all()
    assert item.status == "planned"
    good = f"id;status;progress\n{item.id};works;50\n".encode()
    applied = client.post(
        "/suivi/import", data={"file": (io.BytesIO(good), "maj.csv")}, content_type="multipart/form-data"
    )
    assert applied.status_code == 303
    db.session.expire_all()
    assert (item.status, item.progress) == ("works", 50)


def test_staff_add_projects_and_name_trackers(
    world: World, make_project: Callable[..., Any], client: FlaskClient
) -> None:
    parent = make_project("Requalification de la place")
    sign_in(client, world.staff())
    created = client.post(
        "/suivi/nouveau",
        data={"title": "Lot 1 : fontaine", "budget_voted": "45 000,00", "parent_id": str(parent.id), "weight": "2",
              "theme": "cadre_de_vie", "quartier_id": str(world.quartier.id)},
    )  # fmt: skip
    assert created.status_code == 303
    child = db.session.scalar(sa.select(FollowUp).where(FollowUp.title == "Lot 1 : fontaine"))
    assert child.parent_id == parent.id and child.weight == 2 and child.budget_voted == Decimal("45000.00")
    assert client.post("/suivi/nouveau", data={"title": ""}).status_code == 422
    person = world.resident(email="agent.parcs@example.org")
    named = client.post(
        "/suivi/responsables", data={"email": "agent.parcs@example.org", "scope": f"projet-{parent.id}"}
    )
    assert named.status_code == 303 and person.has_role("tracker", f"projet-{parent.id}")
    unknown = client.post("/suivi/responsables", data={"email": "personne@example.org", "scope": f"projet-{parent.id}"})
    assert unknown.status_code == 422 and "Aucun compte" in plain(unknown)
    grant = db.session.scalar(sa.select(RoleGrant).where(RoleGrant.role == "tracker"))
    assert client.post(f"/suivi/responsables/{grant.id}/retirer").status_code == 303
    db.session.expire_all()
    assert not person.has_role("tracker")


def test_atom_feeds_per_project_and_for_all(
    world: World, make_project: Callable[..., Any], client: FlaskClient
) -> None:
    item = make_project()
    other = make_project("Autre projet")
    sign_in(client, world.staff())
    client.post(
        f"/suivi/projets/{item.id}/actualites",
        data={"update-title": "Début du chantier", "update-body": "Les *engins* arrivent."},
    )
    client.post(
        f"/suivi/projets/{other.id}/actualites",
        data={"update-title": "Étude lancée", "update-body": "Le bureau d’études commence."},
    )
    for url, count in ((f"/suivi/projets/{item.id}/flux.atom", 1), ("/suivi/flux.atom", 2)):
        response = client.get(url)
        assert response.mimetype == "application/atom+xml"
        feed = ET.fromstring(response.get_data())
        assert feed.tag == f"{ATOM}feed"
        for name in ("id", "title", "updated"):
            assert feed.find(f"{ATOM}{name}") is not None
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == count
        for entry in entries:
            for name in ("id", "title", "updated", "link", "content"):
                assert entry.find(f"{ATOM}{name}") is not None, name
    entry = ET.fromstring(client.get(f"/suivi/projets/{item.id}/flux.atom").get_data()).find(f"{ATOM}entry")
    assert "<em>engins</em>" in entry.find(f"{ATOM}content").text
    assert entry.find(f"{ATOM}id").text.startswith("tag:")
    assert client.get("/suivi/projets/999999/flux.atom").status_code == 404


def test_a_tracker_adds_edits_and_removes_milestones(
    world: World, make_project: Callable[..., Any], client: FlaskClient
) -> None:
    item = make_project()
    sign_in(client, tracker_of(world, item))
    missing = client.post(
        f"/suivi/projets/{item.id}/etapes", data={"new-title": "Études", "new-planned_on": "31/02/2027"}
    )
    assert missing.status_code == 422 and "Date non valable" in plain(missing)
    added = client.post(
        f"/suivi/projets/{item.id}/etapes", data={"new-title": "Études", "new-planned_on": "01/03/2027"}
    )
    assert added.status_code == 303
    milestone = item.milestones[0]
    prefix = f"m{milestone.id}-"
    refused = client.post(
        f"/suivi/etapes/{milestone.id}", data={prefix + "title": "", prefix + "planned_on": "01/03/2027"}
    )
    assert refused.status_code == 422 and "Donnez un titre" in plain(refused)
    edited = client.post(
        f"/suivi/etapes/{milestone.id}",
        data={prefix + "title": "Études", prefix + "planned_on": "01/03/2027", prefix + "done_on": "05/03/2027"},
    )
    assert edited.status_code == 303
    db.session.expire_all()
    assert str(milestone.done_on) == "2027-03-05"
    page = plain(client.get(f"/suivi/projets/{item.id}"))
    assert ">5 mars 2027</time>" in page and "Date réelle : — → 5 mars 2027" in page
    assert client.post(f"/suivi/etapes/{milestone.id}/retirer").status_code == 303
    assert "étape retirée : Études" in plain(client.get(f"/suivi/projets/{item.id}"))
