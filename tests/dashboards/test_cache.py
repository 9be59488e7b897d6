"""Figures are kept a short while per application when DASHBOARDS_CACHE_SECONDS is set: the same
scope is read back, another scope is computed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.dashboards.conftest import City


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"DASHBOARDS_CACHE_SECONDS": 60}


def test_the_same_scope_is_read_back(city: City, client: Any) -> None:
    def feedback_total(query: str) -> str:
        rows = client.get(f"/tableaux-de-bord/participation.csv?{query}").text.splitlines()
        return next(row for row in rows if row.startswith("city,,,feedback,")).rsplit(",", 1)[-1]

    city.report(city.quartiers[0])
    assert feedback_total("du=2026-01&au=2026-12") == "1"
    city.report(city.quartiers[0])
    assert feedback_total("du=2026-01&au=2026-12") == "1"  # kept for a minute
    assert feedback_total("du=2026-02&au=2026-12") == "2"  # another period: computed now
