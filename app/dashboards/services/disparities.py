"""Places where participation is far behind the rest of the city, so that the city can go and meet
people there. "Far behind" is explicit: a participation per 1,000 inhabitants below half
(FAR_BELOW) of the median of the places whose population is known. The median, not the mean: one
very active place must not make every other look behind.

Arrondissements are compared with arrondissements, and quartiers with quartiers, each against the
median of its own level: a quartier is not held to an arrondissement's figure. A place whose
population is unknown is neither compared nor counted in the median."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from statistics import median

from app.dashboards.services.participation import Participation, PlaceLine, rate

FAR_BELOW = Fraction(1, 2)


@dataclass(frozen=True)
class Disparities:
    median: Decimal | None  # per 1,000 inhabitants, over the places whose population is known
    threshold: Decimal | None  # below this a place is flagged
    flagged: list[PlaceLine]  # lowest first
    compared: int  # how many places had a known population


def _exact(line: PlaceLine) -> Fraction:
    assert line.population
    return Fraction(1000 * line.total, line.population)


def compare(lines: Sequence[PlaceLine], reference: Sequence[PlaceLine]) -> Disparities:
    """Flag the `lines` far below the median of the `reference` lines (places of the same level)."""
    known = [line for line in reference if line.population]
    if not known:
        return Disparities(None, None, [], 0)
    middle = Fraction(median(_exact(line) for line in known))
    cut = middle * FAR_BELOW
    flagged = sorted(
        (line for line in lines if line.population and _exact(line) < cut),
        key=lambda line: (_exact(line), line.district_number, line.name),
    )
    return Disparities(_decimal(middle), _decimal(cut), flagged, len(known))


def disparities(figures: Participation, city: Participation | None = None) -> Disparities:
    """Flag the arrondissements of `figures` that are far below the median of `city`'s (the whole
    city's figures for the same period: a filter on one arrondissement still compares it with the
    others)."""
    return compare(figures.districts, (city or figures).districts)


def quartier_disparities(figures: Participation, city: Participation | None = None) -> Disparities:
    """The same for quartiers, against the median of every quartier of the city whose population is
    known (with an arrondissement filter, its quartiers are still measured against the whole city)."""
    return compare(figures.quartiers, (city or figures).quartiers)


def _decimal(value: Fraction) -> Decimal | None:
    # Same rounding as the rates shown beside it (one decimal, half up).
    return rate(value.numerator, value.denominator * 1000) if value.denominator else None
