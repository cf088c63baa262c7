"""Make `outline.json`, the map's bundled outline, from Natural Earth's 1:50m countries as
the npm package `world-atlas` (2.0.2) ships them (`countries-50m.json`, TopoJSON).

Run once by hand when the outline should change, not at build time:
`python -m museumgen.data.make_outline PATH/TO/countries-50m.json`. The land of China
(with Taiwan, Hong Kong and Macao) is drawn apart from its neighbours; every ring is cut
to the drawn area (points outside are moved onto its edge), rounded to 0.05 degrees and
simplified (Douglas-Peucker), so the file stays a few tens of kilobytes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

AREA = (73.0, 17.0, 136.0, 54.0)  # west, south, east, north (degrees)
CHINA = {"156", "158", "344", "446"}  # China, Taiwan, Hong Kong, Macao
TOLERANCE = 0.08  # degrees
OUT = Path(__file__).with_name("outline.json")

Ring = list[tuple[float, float]]


def arcs(topology: dict[str, Any]) -> list[Ring]:
    """The arcs in degrees (TopoJSON quantizes them and writes each point as a delta)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def ring(indexes: list[int], decoded: list[Ring]) -> Ring:
    points: Ring = []
    for index in indexes:
        arc = decoded[index] if index >= 0 else decoded[~index][::-1]
        points += arc[1:] if points else arc
    return points


def polygons(geometry: dict[str, Any]) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    return geometry["arcs"] if geometry["type"] == "MultiPolygon" else []


def clamp(points: Ring) -> Ring:
    west, south, east, north = AREA
    return [(min(max(x, west), east), min(max(y, south), north)) for x, y in points]


def simplify_ring(points: Ring, tolerance: float) -> Ring:
    """A closed ring simplified as two lines: to its point farthest from the start, and back."""
    x0, y0 = points[0]
    far = max(range(len(points)), key=lambda i: (points[i][0] - x0) ** 2 + (points[i][1] - y0) ** 2)
    return simplify(points[: far + 1], tolerance)[:-1] + simplify(points[far:], tolerance)


def simplify(points: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker, iteratively."""
    if len(points) < 3:
        return points
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5 or 1e-12
        far, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            if distance > far:
                far, index = distance, i
        if index is not None and far > tolerance:
            keep.add(index)
            stack += [(first, index), (index, last)]
    return [points[i] for i in sorted(keep)]


def inside(points: Ring) -> bool:
    west, south, east, north = AREA
    return any(west < x < east and south < y < north for x, y in points)


def main(source: str) -> None:
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    decoded = arcs(topology)
    out: dict[str, list[list[list[float]]]] = {"china": [], "neighbours": []}
    for geometry in topology["objects"]["countries"]["geometries"]:
        group = "china" if geometry.get("id") in CHINA else "neighbours"
        for polygon in polygons(geometry):
            for indexes in polygon[:1]:  # outer rings only: lakes do not show at this size
                points = ring(indexes, decoded)
                if not inside(points):
                    continue
                small = simplify_ring(clamp(points), TOLERANCE)
                if len(small) >= 4:
                    out[group].append([[round(x, 2), round(y, 2)] for x, y in small])
    document = {
        "source": "Natural Earth 1:50m Admin 0 countries (version 4.1.0), via the npm package world-atlas 2.0.2",
        "licence": "Natural Earth: public domain; world-atlas: ISC",
        "area": list(AREA),
        **out,
    }
    OUT.write_text(json.dumps(document, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
