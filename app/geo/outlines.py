"""Quartier outlines for maps drawn as SVG on the server: no tile server, no map library, no request
to another host.

`build_outlines` turns a GeoJSON file of quartier polygons (longitude/latitude) into one SVG path per
quartier slug: projected on a plane (equirectangular around the city's centre, which is exact enough
at a city's scale), fitted to a fixed width, simplified (Douglas-Peucker) and rounded, so the whole
city weighs a few tens of kilobytes. Marseille's file ships in `app/geo/data/`; `flask geo outlines`
builds another city's into the instance folder, which then wins.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.geo.names import display_name, slugify

BUNDLED_OUTLINES = Path(__file__).parent / "data" / "marseille-outlines.json"
INSTANCE_FILE = "geo-outlines.json"
WIDTH = 1000  # SVG user units across the city; the height follows the city's shape
TOLERANCE = 1.2  # simplification, in the same units: below what a phone screen can show
EARTH_METRES_PER_DEGREE = 111_320.0

Point = tuple[float, float]
Ring = list[Point]


class OutlineFileError(ValueError):
    """The GeoJSON file cannot be used; the message says why."""


@dataclass(frozen=True)
class Outlines:
    """Every quartier's SVG path (by slug) in a `0 0 width height` box."""

    width: int
    height: int
    paths: dict[str, str]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def _rings(geometry: dict) -> list[Ring]:
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        polygons = [coordinates]
    elif kind == "MultiPolygon":
        polygons = coordinates
    else:
        raise OutlineFileError(f"geometry {kind!r} is not a Polygon or MultiPolygon")
    return [[(float(x), float(y)) for x, y, *_ in ring] for polygon in polygons for ring in polygon]


def _perpendicular(point: Point, start: Point, end: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)


def _thin(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Drop points closer than `tolerance` to the last one kept: survey files have many more points
    than a screen shows, and Douglas-Peucker's cost grows with the square of their number."""
    kept = [points[0]]
    for point in points[1:-1]:
        if math.hypot(point[0] - kept[-1][0], point[1] - kept[-1][1]) >= tolerance:
            kept.append(point)
    kept.append(points[-1])
    return kept


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative (long coastlines would exhaust recursion)."""
    if len(points) < 3:
        return list(points)
    points = _thin(points, tolerance / 2)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, distance = first, 0.0
        for i in range(first + 1, last):
            d = _perpendicular(points[i], points[first], points[last])
            if d > distance:
                index, distance = i, d
        if distance > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _path(rings: Iterable[Ring]) -> str:
    parts = []
    for ring in rings:
        if len(ring) < 4:  # a closed ring needs three distinct corners
            continue
        points = [f"{_number(x)} {_number(y)}" for x, y in ring[:-1]]
        parts.append("M" + "L".join(points) + "Z")
    return "".join(parts)


def build_outlines(geojson: dict, name_field: str) -> Outlines:
    """Project, fit, simplify: `name_field` names the property holding the quartier's name, turned
    into the same slug `flask geo import` gives the quartier."""
    features = geojson.get("features")
    if not isinstance(features, list) or not features:
        raise OutlineFileError("no features: expected a GeoJSON FeatureCollection of quartiers")
    shapes: dict[str, list[Ring]] = {}
    for number, feature in enumerate(features, start=1):
        name = (feature.get("properties") or {}).get(name_field)
        if not name:
            raise OutlineFileError(f"feature {number}: no {name_field!r} property")
        try:
            rings = _rings(feature.get("geometry") or {})
        except (TypeError, ValueError) as error:
            raise OutlineFileError(f"feature {number} ({name}): {error}") from error
        shapes.setdefault(slugify(display_name(str(name))), []).extend(rings)
    xs = [x for rings in shapes.values() for ring in rings for x, _ in ring]
    ys = [y for rings in shapes.values() for ring in rings for _, y in ring]
    # Degrees of longitude shrink with the cosine of the latitude; north is up, so y is flipped.
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    squeeze = math.cos(math.radians((south + north) / 2))
    scale = WIDTH / ((east - west) * squeeze * EARTH_METRES_PER_DEGREE)
    height = math.ceil((north - south) * EARTH_METRES_PER_DEGREE * scale)

    def project(point: Point) -> Point:
        x = (point[0] - west) * squeeze * EARTH_METRES_PER_DEGREE * scale
        y = (north - point[1]) * EARTH_METRES_PER_DEGREE * scale
        return (x, y)

    paths = {
        slug: _path(simplify([project(point) for point in ring], TOLERANCE) for ring in rings)
        for slug, rings in sorted(shapes.items())
    }
    return Outlines(width=WIDTH, height=height, paths=paths)


def write_outlines(outlines: Outlines, path: Path) -> None:
    data = {"width": outlines.width, "height": outlines.height, "paths": outlines.paths}
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n")


@lru_cache(maxsize=4)
def _read(path: Path, modified: float) -> Outlines:
    data = json.loads(path.read_text())
    return Outlines(width=int(data["width"]), height=int(data["height"]), paths=dict(data["paths"]))


def load_outlines(instance_path: str | Path | None = None) -> Outlines:
    """The city's outlines: the instance folder's file if `flask geo outlines` wrote one, else
    Marseille's. Cached until the file changes."""
    path = BUNDLED_OUTLINES
    if instance_path is not None and (Path(instance_path) / INSTANCE_FILE).exists():
        path = Path(instance_path) / INSTANCE_FILE
    return _read(path, path.stat().st_mtime)
