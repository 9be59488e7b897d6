"""Quartier outlines for SVG maps: simplification, the bundled file, `flask geo outlines`, the macro."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from flask import Flask, render_template_string

from app.geo.names import slugify
from app.geo.outlines import BUNDLED_OUTLINES, INSTANCE_FILE, build_outlines, load_outlines, simplify

SQUARE = [[[5.0, 43.0], [5.01, 43.0], [5.01, 43.01], [5.0, 43.01], [5.0, 43.0]]]


def _collection(*features: tuple[str, list]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"NOM_QUA": name}, "geometry": {"type": "Polygon", "coordinates": rings}}
            for name, rings in features
        ],
    }


def test_simplify_keeps_the_ends_and_drops_points_on_a_straight_line() -> None:
    line = [(float(x), 0.0) for x in range(50)] + [(49.0, 30.0)]
    assert simplify(line, 1.0) == [(0.0, 0.0), (49.0, 0.0), (49.0, 30.0)]


def test_simplify_keeps_a_corner_farther_than_the_tolerance() -> None:
    assert (5.0, 3.0) in simplify([(0.0, 0.0), (5.0, 3.0), (10.0, 0.0)], 1.0)
    assert simplify([(0.0, 0.0), (5.0, 0.5), (10.0, 0.0)], 1.0) == [(0.0, 0.0), (10.0, 0.0)]


def test_build_projects_north_up_and_names_paths_by_slug() -> None:
    north = [[[5.0, 43.01], [5.01, 43.01], [5.01, 43.02], [5.0, 43.02], [5.0, 43.01]]]
    outlines = build_outlines(_collection(("NOTRE DAME DU MONT", SQUARE), ("OPERA", north)), "NOM_QUA")
    assert set(outlines.paths) == {"notre-dame-du-mont", "opera"}
    assert outlines.width == 1000 and outlines.view_box == f"0 0 1000 {outlines.height}"
    # One degree of latitude is longer than one of longitude at 43°N: the box is taller than wide.
    assert outlines.height > 1000

    def ys(path: str) -> list[float]:
        return [float(y) for y in re.findall(r"[ML][\d.]+ ([\d.]+)", path)]

    assert max(ys(outlines.paths["opera"])) <= min(ys(outlines.paths["notre-dame-du-mont"]))


def test_bundled_outlines_cover_every_bundled_quartier() -> None:
    with (BUNDLED_OUTLINES.parent / "marseille.csv").open(encoding="utf-8") as handle:
        slugs = {slugify(row["quartier"]) for row in csv.DictReader(handle)}
    outlines = load_outlines()
    assert set(outlines.paths) == slugs and len(slugs) == 111
    assert all(path.startswith("M") and path.endswith("Z") for path in outlines.paths.values())
    assert BUNDLED_OUTLINES.stat().st_size < 100_000


def test_command_writes_the_instance_file_which_then_wins(app: Flask, tmp_path: Path) -> None:
    assert app.test_cli_runner().invoke(args=["geo", "import"]).exit_code == 0
    source = tmp_path / "city.geojson"
    source.write_text(json.dumps(_collection(("BELSUNCE", SQUARE), ("NULLE PART", SQUARE))))
    result = app.test_cli_runner().invoke(args=["geo", "outlines", str(source)])
    assert result.exit_code == 0, result.output
    assert "2 quartier outlines written" in result.output
    assert "nulle-part" in result.output  # not a loaded quartier
    assert "noailles" in result.output  # a loaded quartier without an outline
    assert set(load_outlines(app.instance_path).paths) == {"belsunce", "nulle-part"}
    (Path(app.instance_path) / INSTANCE_FILE).unlink()
    assert len(load_outlines(app.instance_path).paths) == 111


def test_command_refuses_a_bad_file_and_changes_nothing(app: Flask, tmp_path: Path) -> None:
    source = tmp_path / "bad.geojson"
    for content in ("{not json", json.dumps({"type": "FeatureCollection", "features": []}),
                    json.dumps(_collection(("X", SQUARE))).replace("Polygon", "Point")):  # fmt: skip
        source.write_text(content)
        result = app.test_cli_runner().invoke(args=["geo", "outlines", str(source)])
        assert result.exit_code == 2 and "nothing changed" in result.output
    assert not (Path(app.instance_path) / INSTANCE_FILE).exists()


def test_macro_draws_links_titles_and_levels(app: Flask) -> None:
    shapes = [
        {"slug": "belsunce", "label": "Belsunce : 3 projets", "url": "/q/belsunce", "level": 3},
        {"slug": "opera", "label": "Opéra : aucun projet"},
    ]
    with app.test_request_context():
        html = render_template_string(
            '{% from "_macros/map.html" import quartier_map %}{{ quartier_map(shapes, "Projets par quartier") }}',
            shapes=shapes,
        )
    assert '<a href="/q/belsunce">' in html and "<title>Belsunce : 3 projets</title>" in html
    assert "map-level-3" in html and "map-level-0" in html and "<title>Opéra : aucun projet</title>" in html
    assert html.count('class="map-shape map-blank"') == 109
    assert "Projets par quartier" in html and "style=" not in html
