"""What every figures page shares: bar charts computed here and drawn as inline SVG by
`templates/_macros/chart.html` (the same numbers go in a table beside them), and the rule that
hides small groups of people. Integer arithmetic only."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

CHART_WIDTH = 600
CHART_HEIGHT = 160
TOP_MARGIN = 14

# Below this many people a demographic group is not shown: it could point at someone.
SMALL_GROUP = 10


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    label: str
    value: int


def bars(values: list[tuple[str, int]], width: int = CHART_WIDTH, height: int = CHART_HEIGHT) -> list[Bar]:
    """Vertical bars scaled to the largest value, leaving 20 px at the bottom for the labels and
    TOP_MARGIN px above the tallest bar for its value."""
    if not values:
        return []
    top = max(value for _, value in values) or 1
    slot = width // len(values)
    bar_width = max(2, slot * 3 // 4)
    usable = height - 20
    result = []
    for index, (label, value) in enumerate(values):
        bar_height = (usable - TOP_MARGIN) * max(value, 0) // top
        result.append(
            Bar(index * slot + (slot - bar_width) // 2, usable - bar_height, bar_width, bar_height, label, value)
        )
    return result


@dataclass(frozen=True)
class GroupLine:
    key: str
    people: int | None  # None: fewer than SMALL_GROUP, not shown


def group_lines(counts: Counter[str | None], keys: tuple[str, ...]) -> list[GroupLine]:
    """One line per answer and one ("") for people who did not answer. A group under SMALL_GROUP is
    hidden; when only one is, the next smallest is hidden too, or the total would give it away."""
    lines = {key: counts[key or None] for key in (*keys, "")}
    hidden = {key for key, count in lines.items() if count < SMALL_GROUP}
    if len(hidden) == 1 and len(lines) > 1:
        hidden.add(min((key for key in lines if key not in hidden), key=lambda key: (lines[key], key)))
    return [GroupLine(key, None if key in hidden else count) for key, count in lines.items()]
