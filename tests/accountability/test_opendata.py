"""Open data of the follow-up (app/opendata/accountability.py): every follow-up and milestone as CSV
and JSON saying the same thing, amounts exact, the late flag, listed in the catalog, no personal data."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

from flask.testing import FlaskClient

from app.accountability.services import follows, followups, milestones
from app.extensions import db
from tests.budgets.conftest import World


def test_follow_ups_and_milestones_as_csv_and_json(
    world: World, make_project: Callable[..., Any], client: FlaskClient
) -> None:
    staff = world.staff()
    item = make_project("Jardin partagé", budget_voted=Decimal("45000.10"))
    followups.track(
        staff, item, {"status": "works", "budget_spent": Decimal("0.20"), "service": "Parcs"}, world.now.date()
    )
    milestones.add_milestone(staff, item, milestones.MilestoneInput("Clôture", world.now.date() - timedelta(days=5)))
    follows.follow(world.resident(email="secret@example.org", display_name="Voisine Discrète"), item)
    db.session.commit()
    text = client.get("/open-data/v1/accountability/follow-ups.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    document = json.loads(client.get("/open-data/v1/accountability/follow-ups.json").get_data(as_text=True))
    assert [r["follow_up_id"] for r in rows] == [str(item.id)] and len(document["rows"]) == 1
    row, entry = rows[0], document["rows"][0]
    assert (row["budget_voted"], row["budget_spent"], row["status"], row["late"]) == (
        "45000.10",
        "0.20",
        "works",
        "true",
    )
    assert (entry["budget_voted"], entry["late"], entry["service"]) == ("45000.10", True, "Parcs")
    assert {c["name"] for c in document["columns"]} == set(rows[0])
    assert "secret@example.org" not in text and "Discrète" not in text
    milestones_doc = json.loads(client.get("/open-data/v1/accountability/milestones.json").get_data(as_text=True))
    assert [(m["title"], m["late"]) for m in milestones_doc["rows"]] == [("Clôture", True)]
    catalog = json.loads(client.get("/open-data/v1/catalog.json").get_data(as_text=True))
    assert {(f["dataset"], f["format"]) for f in catalog["accountability"]} == {
        ("follow-ups", "csv"), ("follow-ups", "json"), ("milestones", "csv"), ("milestones", "json"),
    }  # fmt: skip
    assert "Suivi des projets financés" in client.get("/open-data/v1/").get_data(as_text=True)
