"""The dashboards' public figures under /open-data/v1/figures/: CSV and JSON from the same rows,
in the catalog, aggregates only."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from app.core.db import utcnow
from tests.dashboards.conftest import City, city, request_context

__all__ = ["city", "request_context"]  # fixtures of the dashboards tests


def test_figures_as_csv_and_json(city: City, client: Any) -> None:
    q1 = city.quartiers[0]
    for _ in range(2):
        city.report(q1, at=utcnow(), text="Fuite d'eau chez M. Untel")
    rows = list(csv.DictReader(io.StringIO(client.get("/open-data/v1/figures/participation-districts.csv").text)))
    first = next(row for row in rows if row["district"] == "1er arrondissement")
    assert first["feedback"] == "2" and first["population"] == "10000" and first["per_thousand"] == "0.2"
    document = json.loads(client.get("/open-data/v1/figures/participation-districts.json").text)
    assert document["dataset"] == "participation-districts"
    assert {column["name"] for column in document["columns"]} >= {"feedback", "per_thousand", "far_below_median"}
    assert [row["feedback"] for row in document["rows"] if row["district"] == "1er arrondissement"] == [2]
    for name in ("participation-quartiers", "participation-months", "services", "delivery"):
        for kind in ("csv", "json"):
            response = client.get(f"/open-data/v1/figures/{name}.{kind}")
            assert response.status_code == 200 and "Untel" not in response.text
    catalog = json.loads(client.get("/open-data/v1/catalog.json").text)
    assert {entry["dataset"] for entry in catalog["figures"]} == {
        "participation-districts",
        "participation-quartiers",
        "participation-months",
        "services",
        "delivery",
    }
    assert "Participation en chiffres" in client.get("/open-data/v1/").text
