"""Staff pages: create and configure a vote, open and close it, enter paper ballots; the export."""

from __future__ import annotations

import re

import sqlalchemy as sa

from app.extensions import db
from app.votes.models import Ballot, RollEntry, Vote
from app.votes.pabulib import parse_pb
from app.votes.services import votes
from app.votes.services.votes import MOTION_OPTIONS
from tests.votes.conftest import ids, text

CODE = re.compile(r"<code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})</code>")

FORM = {
    "title": "Budget du quartier",
    "description": "Choisissez les projets.",
    "kind": "knapsack",
    "options": "Aire de jeux ; 40 000\nJardin partagé ; 25000,50\nBancs ; 15000",
    "eligibility": "signed_in",
    "budget": "60000",
    "rule": "greedy",
    "majority": "absolute",
    "allow_abstain": "y",
}


def test_staff_create_a_vote_with_its_options_and_costs(client, login_as) -> None:
    login_as("staff")
    assert "Type de bulletin" in text(client.get("/votes/gestion/nouveau"))
    response = client.post("/votes/gestion/nouveau", data=FORM)
    assert response.status_code == 303
    vote = db.session.scalar(sa.select(Vote))
    assert vote.kind == "knapsack" and vote.secret and votes.status(vote) == "draft"
    assert [(o.label, str(o.cost)) for o in vote.options] == [
        ("Aire de jeux", "40000.00"),
        ("Jardin partagé", "25000.50"),
        ("Bancs", "15000.00"),
    ]
    assert "Budget du quartier" in text(client.get("/votes/gestion"))


def test_create_form_errors_say_what_to_change(client, hx, login_as) -> None:
    login_as("staff")
    bad = {**FORM, "budget": "", "options": "Seule ; douze"}
    response = client.post("/votes/gestion/nouveau", data=bad, headers=hx)
    body = text(response)
    assert response.status_code == 422 and "<html" not in body
    assert "« douze » n'est pas un montant" in body
    response = client.post("/votes/gestion/nouveau", data={**FORM, "budget": "", "options": "Seule ; 12"})
    body = text(response)
    assert "au moins deux options" in body and "Indiquez le budget disponible" in body
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Vote)) == 0


def test_edit_open_close_and_results(client, login_as, make_vote, resident, app) -> None:
    vote = make_vote("knapsack", opened=False)
    login_as("staff")
    page = text(client.get(f"/votes/{vote.id}/gestion"))
    assert "Aire de jeux ; 40000.00" in page
    changed = client.post(f"/votes/{vote.id}/gestion", data={**FORM, "title": "Nouveau titre"})
    assert changed.status_code == 303 and vote.title == "Nouveau titre"
    assert client.post(f"/votes/{vote.id}/ouvrir").status_code == 303
    db.session.refresh(vote)
    assert votes.status(vote) == "open"
    play = ids(vote)[0]
    with app.test_request_context():
        from app.votes.services import casting

        casting.cast(vote, resident(), {"approve": [play]})
    db.session.commit()
    assert "ne peuvent plus changer" in text(client.get(f"/votes/{vote.id}/gestion"))
    assert client.post(f"/votes/{vote.id}/fermer").status_code == 303
    db.session.refresh(vote)
    assert votes.status(vote) == "closed"
    page = text(client.get(f"/votes/{vote.id}/resultats"))
    assert "Retenu : avec 1 voix" in page and "Non retenu : personne n'a voté pour lui." in page


def test_council_votes_are_not_managed_here(client, login_as, make_vote) -> None:
    vote = make_vote("single", owner="councils", owner_ref="motion:1", options=list(MOTION_OPTIONS))
    login_as("staff")
    assert client.get(f"/votes/{vote.id}/gestion").status_code == 403
    assert client.post(f"/votes/{vote.id}/fermer").status_code == 403
    assert client.get(f"/votes/{vote.id}/papier").status_code == 200  # paper ballots: any staff desk


def test_paper_ballots_by_document_then_refused_online(client, login_as, make_vote, resident, hx) -> None:
    vote = make_vote()
    staff = login_as("staff")
    chosen = ids(vote)[1]
    data = {"document_type": "cni", "document_number": "PAP 123 456", "channel": "paper", "approve": [str(chosen)]}
    response = client.post(f"/votes/{vote.id}/papier", data=data)
    assert response.status_code == 200
    assert CODE.search(text(response))
    assert db.session.execute(sa.select(RollEntry.channel, RollEntry.entered_by_id)).all() == [("paper", staff.id)]
    again = client.post(f"/votes/{vote.id}/papier", data=data, headers=hx)
    assert again.status_code == 422 and "déjà voté" in text(again) and "<html" not in text(again)
    missing = client.post(f"/votes/{vote.id}/papier", data={"channel": "paper", "approve": [str(chosen)]})
    assert missing.status_code == 422 and "Indiquez le compte du votant" in text(missing)
    unknown = client.post(
        f"/votes/{vote.id}/papier",
        data={"voter_email": "personne@nulle.part", "channel": "paper", "approve": [str(chosen)]},
    )
    assert unknown.status_code == 422 and "Aucun compte n'a cette adresse" in text(unknown)
    # The same person, once verified online with that document, cannot vote on the web too.
    person = resident(verified=True, number="PAP123456")
    with client.session_transaction() as session:
        session["_user_id"] = str(person.id)
    refused = client.post(f"/votes/{vote.id}/voter", data={"approve": [str(chosen)]})
    assert refused.status_code == 422 and "déjà voté" in text(refused)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)) == 1


def test_export_pabulib_after_the_close(client, login_as, make_vote, resident, app) -> None:
    vote = make_vote("cumulative", points_total=5)
    a, b, _c, _d = ids(vote)
    from app.votes.services import casting

    with app.test_request_context():
        casting.cast(vote, resident(), {"points": {str(a): 2, str(b): 3}})
        casting.cast(vote, resident(), {"points": {str(b): 5}})
        votes.close_vote(None, vote)
    db.session.commit()
    response = client.get(f"/votes/{vote.id}/export.pb")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    pb = parse_pb(response.get_data(as_text=True))
    assert pb.meta["vote_type"] == "cumulative" and pb.meta["max_sum_points"] == "5"
    assert len(pb.votes) == 2
    totals = {}
    for row in pb.votes:
        for project, points in zip(row["vote"].split(","), row["points"].split(","), strict=True):
            totals[project] = totals.get(project, 0) + int(points)
    assert totals == {str(a): 2, str(b): 8}
    assert {row["voting_method"] for row in pb.votes} == {"internet"}


def test_create_a_vote_for_some_quartiers(client, login_as) -> None:
    from tests.factories import QuartierFactory

    here, other = QuartierFactory(name="Belsunce"), QuartierFactory(name="Noailles")
    db.session.commit()
    login_as("staff")
    page = text(client.get("/votes/gestion/nouveau"))
    assert "<optgroup" in page and "Belsunce" in page and "Noailles" in page
    assert 'value="list"' not in page  # an explicit list is set by the area that owns a vote
    data = {**FORM, "eligibility": "area", "quartier_ids": [str(here.id)]}
    assert client.post("/votes/gestion/nouveau", data=data).status_code == 303
    vote = db.session.scalar(sa.select(Vote))
    assert vote.eligibility == "area" and vote.quartier_ids == [here.id] and other.id not in vote.quartier_ids
    missing = client.post("/votes/gestion/nouveau", data={**FORM, "eligibility": "area"})
    assert missing.status_code == 422 and "au moins un arrondissement ou un quartier" in text(missing)
