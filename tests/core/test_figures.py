from collections import Counter

from app.core.figures import SMALL_GROUP, TOP_MARGIN, bars, group_lines


def test_bars_scale_to_the_largest_value() -> None:
    drawn = bars([("a", 0), ("b", 5), ("c", 10)], width=300, height=134)
    assert [bar.height for bar in drawn] == [0, 50, 100]
    assert drawn[2].y == TOP_MARGIN  # room above the tallest bar for its value
    assert all(bar.y + bar.height == 114 for bar in drawn)
    assert bars([]) == []
    assert [bar.height for bar in bars([("a", 0)])] == [0]


def test_groups_of_ten_and_more_are_shown_whole() -> None:
    lines = group_lines(Counter({"a": SMALL_GROUP, "b": 40, None: 12}), ("a", "b"))
    assert [(line.key, line.people) for line in lines] == [("a", 10), ("b", 40), ("", 12)]


def test_two_small_groups_hide_each_other() -> None:
    lines = group_lines(Counter({"a": 3, "b": 9, None: 50}), ("a", "b"))
    assert [(line.key, line.people) for line in lines] == [("a", None), ("b", None), ("", 50)]
