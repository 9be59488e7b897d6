"""Staff and reviewers through HTTP: editions, phases and envelopes; the review queue and its
decisions, reasons required, authors mailed."""

from __future__ import annotations

import sqlalchemy as sa
from flask.testing import FlaskClient

from app.budgets.models import Edition
from app.core import audit
from app.extensions import db
from tests.budgets.conftest import World, sign_in, text


def test_staff_create_an_edition_with_phases_and_an_envelope(world: World, client: FlaskClient) -> None:
    sign_in(client, world.resident())
    assert client.get("/budget/nouvelle").status_code == 403
    sign_in(client, world.staff())
    created = client.post("/budget/nouvelle", data={"title": "Budget participatif 2028", "year": "2028",
                                                   "slug": "bp-2028", "support_leads_to": "vote",
                                                   "voting_scope": "own_and_city", "rule": "mes-add1"})  # fmt: skip
    assert created.status_code == 303 and created.headers["Location"].endswith("/budget/bp-2028/phases")
    edition = db.session.scalar(sa.select(Edition))
    assert edition.rule == "mes-add1"
    dates = {
        "submission_starts": "2028-01-10T09:00", "submission_ends": "2028-02-10T18:00",
        "review_starts": "2028-02-11T09:00", "review_ends": "2028-04-01T18:00",
        "voting_starts": "2028-05-01T09:00", "voting_ends": "01/06/2028 18:00",
        "results_starts": "2028-06-02T09:00",
    }  # fmt: skip
    missing = client.post("/budget/bp-2028/phases", data={k: v for k, v in dates.items() if not k.startswith("voting")})
    assert missing.status_code == 422 and "obligatoire" in text(missing)
    assert client.post("/budget/bp-2028/phases", data=dates).status_code == 303
    assert [p.kind for p in edition.phases] == ["submission", "review", "voting", "results"]
    assert edition.phase("submission").starts_at.hour == 8  # 9:00 in Paris, in winter
    assert client.post("/budget/bp-2028/phases", data={**dates, "voting_ends": "2028-06-01T20:00"}).status_code == 303
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(audit.AuditEntry)
            .where(audit.AuditEntry.action == "budgets.phases_changed")
        )
        == 2
    )
    envelope = client.post("/budget/bp-2028/enveloppes/nouvelle",
                           data={"name": "Toute la ville", "amount": "1 500 000,50", "scope": "city",
                                 "ballot_kind": "knapsack", "min_share": "70"})  # fmt: skip
    assert envelope.status_code == 303
    assert str(edition.envelopes[0].amount) == "1500000.50" and edition.envelopes[0].min_share == 70
    page = text(client.get("/budget/bp-2028"))
    assert "Toute la ville" in page and "Méthode des parts égales" in page


def test_review_decisions_need_reasons_and_mail_the_authors(world: World, client: FlaskClient, outbox) -> None:  # type: ignore[no-untyped-def]
    edition = world.edition("review")
    proposal = world.proposal(edition)
    sign_in(client, world.resident())
    assert client.get(f"/budget/{edition.slug}/instruction").status_code == 403
    sign_in(client, world.make_user(roles=[("reviewer", edition.slug)]))
    queue = text(client.get(f"/budget/{edition.slug}/instruction"))
    assert proposal.title in queue
    url = f"/budget/projets/{proposal.id}/instruction/faisabilite"
    refused = client.post(url, data={"decision": "unfeasible", "reason": ""})
    assert refused.status_code == 422 and "Expliquez la décision" in text(refused)
    assert outbox() == []
    reason = "Le terrain appartient au département, pas à la ville."
    assert client.post(url, data={"decision": "unfeasible", "reason": reason}).status_code == 303
    mails = outbox()
    assert len(mails) == 1 and mails[0]["To"] == proposal.authors[0].email
    assert reason in mails[0].get_content()
    page = text(client.get(f"/budget/projets/{proposal.id}"))
    assert "Non réalisable" in page and reason in page


def test_merge_and_move_through_the_review_page(world: World, client: FlaskClient) -> None:
    edition = world.edition("review")
    source, target = world.proposal(edition), world.proposal(edition, title="Le même jardin")
    sign_in(client, world.staff())
    assert client.get(f"/budget/projets/{source.id}/instruction").status_code == 200
    unknown = client.post(
        f"/budget/projets/{source.id}/instruction/fusion",
        data={"target_id": "99999", "reason": "Doublon évident du projet"},
    )
    assert unknown.status_code == 422 and "Aucun projet" in text(unknown)
    merged = client.post(
        f"/budget/projets/{source.id}/instruction/fusion",
        data={"target_id": str(target.id), "reason": "Doublon évident du projet"},
    )
    assert merged.status_code == 303
    db.session.refresh(source)
    assert source.status == "merged" and "Le même jardin" in text(client.get(f"/budget/projets/{source.id}"))
    data = {"envelope_id": str(edition.envelopes[1].id), "reason": "Ne concerne que le 3e."}
    moved = client.post(f"/budget/projets/{target.id}/instruction/enveloppe", data=data)
    assert moved.status_code == 303
    db.session.refresh(target)
    assert target.envelope_id == edition.envelopes[1].id
