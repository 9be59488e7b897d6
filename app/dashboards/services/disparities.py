"""Places where participation is far behind the rest of the city, so that the city can go and meet
people there. "Far behind" is explicit: a participation per 1,000 inhabitants below half
(FAR_BELOW) of the median of the places whose population is known. The median, not the mean: one
very active place must not make every other look behind.

The city's reference file gives populations per arrondissement only, so arrondissements are
compared; quartiers are listed beside them with their own figures (`participation`)."""

from __future__ import annotations

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


def disparities(figures: Participation, city: Participation | None = None) -> Disparities:
    """Flag the arrondissements of `figures` that are far below the median of `city`'s (the whole
    city's figures for the same period: a filter on one arrondissement still compares it with the
    others)."""
    reference = [line for line in (city or figures).districts if line.population]
    if not reference:
        return Disparities(None, None, [], 0)
    middle = Fraction(median(_exact(line) for line in reference))
    cut = middle * FAR_BELOW
    flagged = sorted(
        (line for line in figures.districts if line.population and _exact(line) < cut),
        key=lambda line: (_exact(line), line.district_number),
    )
    return Disparities(_decimal(middle), _decimal(cut), flagged, len(reference))


def _decimal(value: Fraction) -> Decimal | None:
    # Same rounding as the rates shown beside it (one decimal, half up).
    return rate(value.numerator, value.denominator * 1000) if value.denominator else None
