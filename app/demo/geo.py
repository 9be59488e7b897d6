"""Demo geography: Marseille's sectors, arrondissements and quartiers, unless a city is loaded."""

from __future__ import annotations

from app.demo.context import DemoContext
from app.geo.services import BUNDLED_CSV, has_geography, load_geography, read_csv


def load(ctx: DemoContext) -> str:
    if has_geography():
        return "geography: already loaded, kept"
    summary = load_geography(read_csv(BUNDLED_CSV))
    return (
        f"geography: {summary.sectors.created} sectors, {summary.districts.created} districts, "
        f"{summary.quartiers.created} quartiers"
    )
