"""Casting from the vote's page, the receipt shown once, checking and replacing a ballot."""

from __future__ import annotations

import re

import sqlalchemy as sa

from app.extensions import db
from app.votes.models import Ballot
from app.votes.services import receipts, votes
from tests.votes.conftest import ids, text

CODE = re.compile(r"<code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})</code>")


def _cast(client, vote, data, headers=None):
    return client.post(f"/votes/{vote.id}/voter", data=data, headers=headers or {})


def test_anonymous_visitor_is_asked_to_sign_in(client, make_vote) -> None:
    vote = make_vote()
    page = text(client.get(f"/votes/{vote.id}"))
    assert "Connectez-vous pour voter." in page and "Déposer mon bulletin" not in page


def test_cast_then_receipt_shown_once(client, login_as, make_vote) -> None:
    vote = make_vote()
    login_as("resident")
    form = text(client.get(f"/votes/{vote.id}"))
    assert 'name="approve"' in form and "Déposer mon bulletin" in form
    response = _cast(client, vote, {"approve": [str(ids(vote)[1])]})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/votes/{vote.id}/recu")
    receipt_page = text(client.get(f"/votes/{vote.id}/recu"))
    code = CODE.search(receipt_page).group(1)
    assert receipts.check_receipt(vote, code) is not None
    assert code not in text(client.get(f"/votes/{vote.id}/recu"))  # once only
    page = text(client.get(f"/votes/{vote.id}"))
    assert "Vous avez voté" in page and "Déposer mon bulletin" not in page


def test_htmx_cast_with_a_broken_limit_gets_the_ballot_back_with_the_message(client, hx, login_as, make_vote) -> None:
    vote = make_vote("approval", max_choices=1)
    login_as("resident")
    a, b = ids(vote)[:2]
    response = _cast(client, vote, {"approve": [str(a), str(b)]}, hx)
    body = text(response)
    assert response.status_code == 422
    assert "<html" not in body and 'id="ballot"' in body
    assert "Choisissez au plus 1 option : retirez-en 1." in body
    assert body.count("checked") == 2  # what was ticked stays ticked
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)) == 0
    ok = _cast(client, vote, {"approve": [str(a)]}, hx)
    assert ok.status_code == 204 and ok.headers["HX-Redirect"].endswith(f"/votes/{vote.id}/recu")


def test_second_cast_is_refused_with_a_clear_message(client, login_as, make_vote) -> None:
    vote = make_vote()
    login_as("resident")
    _cast(client, vote, {"approve": [str(ids(vote)[0])]})
    again = _cast(client, vote, {"approve": [str(ids(vote)[1])]})
    assert again.status_code == 422 and "Vous avez voté" in text(again)


def test_ineligible_resident_sees_why(client, login_as, make_vote) -> None:
    vote = make_vote(eligibility="verified")
    login_as("resident")
    page = text(client.get(f"/votes/{vote.id}"))
    assert "résidence est vérifiée" in page and "Déposer mon bulletin" not in page
    refused = _cast(client, vote, {"approve": [str(ids(vote)[0])]})
    assert refused.status_code == 422 and "vérifiée" in text(refused)


def test_every_kind_renders_its_form_and_is_read_back(client, login_as, make_vote) -> None:
    login_as("resident")
    ranking = make_vote("ranking", max_ranked=2)
    a, b, c, _d = ids(ranking)
    assert f'name="rank-{a}"' in text(client.get(f"/votes/{ranking.id}"))
    duplicate = _cast(client, ranking, {f"rank-{a}": "1", f"rank-{b}": "1"})
    assert duplicate.status_code == 422 and "Deux options ont le rang 1" in text(duplicate)
    gap = _cast(client, ranking, {f"rank-{a}": "2"})
    assert gap.status_code == 422 and "Le rang 1 manque" in text(gap)
    assert _cast(client, ranking, {f"rank-{c}": "1", f"rank-{a}": "2"}).status_code == 303
    assert db.session.scalar(sa.select(Ballot.content)) == {"rank": [c, a]}

    points = make_vote("cumulative", points_total=3)
    a = ids(points)[0]
    assert f'name="points-{a}"' in text(client.get(f"/votes/{points.id}"))
    over = _cast(client, points, {f"points-{a}": "4"})
    assert over.status_code == 422 and "4 points pour 3 disponibles" in text(over)
    assert _cast(client, points, {f"points-{a}": "3"}).status_code == 303

    motion = make_vote("single")
    page = text(client.get(f"/votes/{motion.id}"))
    assert 'value="abstain"' in page and "Pour" in page and "Contre" in page
    assert _cast(client, motion, {"choice": "abstain"}).status_code == 303

    knapsack = make_vote("knapsack")
    page = text(client.get(f"/votes/{knapsack.id}"))
    assert "data-cost=" in page and "js/votes.js" in page


def test_check_receipt_page_and_fragment(client, hx, login_as, make_vote) -> None:
    vote = make_vote()
    login_as("resident")
    _cast(client, vote, {"approve": [str(ids(vote)[0])]})
    code = CODE.search(text(client.get(f"/votes/{vote.id}/recu"))).group(1)
    client.get("/")  # the check is public: no session needed
    found = client.post(f"/votes/{vote.id}/verifier", data={"receipt": code.lower()}, headers=hx)
    assert found.status_code == 200 and "<html" not in text(found)
    assert "figure dans la liste publiée" in text(found)
    missing = client.post(f"/votes/{vote.id}/verifier", data={"receipt": "AAAA-BBBB-CCCC"})
    assert missing.status_code == 422 and "Aucun bulletin de ce vote" in text(missing)


def test_replace_page_swaps_the_ballot(client, login_as, make_vote) -> None:
    vote = make_vote()
    login_as("resident")
    a, b = ids(vote)[:2]
    _cast(client, vote, {"approve": [str(a)]})
    code = CODE.search(text(client.get(f"/votes/{vote.id}/recu"))).group(1)
    assert "Code du reçu" in text(client.get(f"/votes/{vote.id}/remplacer"))
    wrong = client.post(
        f"/votes/{vote.id}/remplacer",
        data={"receipt": "AAAA-BBBB-CCCC", "approve": [str(b)]},
        headers={"HX-Request": "true"},
    )
    assert wrong.status_code == 422 and "ne correspond à aucun bulletin" in text(wrong)
    assert "<html" not in text(wrong) and 'id="replace-form"' in text(wrong)
    assert f'id="approve-{b}" checked' in text(wrong)  # the new choice is kept for a second try
    done = client.post(f"/votes/{vote.id}/remplacer", data={"receipt": code, "approve": [str(b)]})
    assert done.status_code == 303
    new_code = CODE.search(text(client.get(f"/votes/{vote.id}/recu"))).group(1)
    assert new_code != code
    assert db.session.scalars(sa.select(Ballot.content)).all() == [{"approve": [b]}]


def test_email_receipt_sends_the_code_not_the_choice(client, login_as, make_vote, outbox) -> None:
    vote = make_vote()
    voter = login_as("resident")
    chosen = vote.options[2]
    _cast(client, vote, {"approve": [str(chosen.id)]})
    code = CODE.search(text(client.get(f"/votes/{vote.id}/recu"))).group(1)
    response = client.post(f"/votes/{vote.id}/recu/email", data={"receipt": code}, headers={"HX-Request": "true"})
    fragment = text(response)
    assert "Le reçu a été envoyé" in fragment and "<html" not in fragment and 'id="receipt-email"' in fragment
    (mail,) = outbox()
    body = mail.get_content()
    assert mail["To"] == voter.email and code in body and chosen.label not in body
    forged = client.post(f"/votes/{vote.id}/recu/email", data={"receipt": "AAAA-BBBB-CCCC"})
    assert "rien n'a été envoyé" in text(forged) and len(outbox()) == 1


def test_published_list_and_results_after_the_close(client, hx, login_as, make_vote, app) -> None:
    vote = make_vote()
    login_as("resident")
    _cast(client, vote, {"approve": [str(ids(vote)[0])]})
    listing = text(client.get(f"/votes/{vote.id}/bulletins"))
    assert "1 bulletin." in listing and "Aire de jeux" not in listing.split("<table")[-1]
    assert "Les résultats seront publiés à la clôture" in text(client.get(f"/votes/{vote.id}/resultats"))
    assert client.get(f"/votes/{vote.id}/export.pb").status_code == 404
    with app.test_request_context():
        votes.close_vote(None, vote)
    db.session.commit()
    fragment = text(client.get(f"/votes/{vote.id}/bulletins", headers=hx))
    assert "<html" not in fragment and "Aire de jeux" in fragment
    page = text(client.get(f"/votes/{vote.id}/resultats"))
    assert "1 bulletin dépouillé." in page and "1 voix" in page
