"""Maps: the bundled outline (`data/outline.json`, made from Natural
Earth by `data/make_outline.py`), the area it draws, and the projection of a point onto it.

Equirectangular, with longitudes shortened by the cosine of the middle latitude so that
the country is not stretched sideways: at this scale it is as good as a conic, and a point
is two multiplications. When the points crowd into a small area (a county's), a close-up
draws them apart. Pure; `outputs.findspots` makes the collection's map from it, and
`network.portal` the map of a network's museums.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# When the points take less than this share of the map's width, a close-up of them is drawn too.
CLOSE_UP = 0.1
KM_PER_DEGREE = 111.2  # of latitude
OUTLINE = Path(__file__).parent / "data" / "outline.json"
WIDTH = 1000  # of the drawing, in SVG units; its height follows from the area


@dataclass(frozen=True)
class Outline:
    area: tuple[float, float, float, float]  # west, south, east, north (degrees)
    china: list[list[tuple[float, float]]]  # rings of (lon, lat)
    neighbours: list[list[tuple[float, float]]]
    source: str
    licence: str

    @property
    def scale(self) -> float:
        """SVG units per degree of latitude."""
        west, south, east, north = self.area
        return WIDTH / ((east - west) * math.cos(math.radians((south + north) / 2)))

    @property
    def height(self) -> int:
        west, south, east, north = self.area
        return round((north - south) * self.scale)

    def covers(self, lat: float, lon: float) -> bool:
        west, south, east, north = self.area
        return west <= lon <= east and south <= lat <= north

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        """Where a point is drawn, in SVG units from the top left."""
        west, south, east, north = self.area
        shrink = math.cos(math.radians((south + north) / 2))
        return round((lon - west) * shrink * self.scale, 1), round((north - lat) * self.scale, 1)


@cache
def outline() -> Outline:
    data = json.loads(OUTLINE.read_text(encoding="utf-8"))
    rings = {key: [[(lon, lat) for lon, lat in ring] for ring in data[key]] for key in ("china", "neighbours")}
    return Outline(tuple(data["area"]), rings["china"], rings["neighbours"], data["source"], data["licence"])


def path_data(rings: list[list[tuple[float, float]]]) -> str:
    """SVG path data of `rings`, in whole units (a unit is well under a pixel on a phone)."""
    shape = outline()
    parts = []
    for ring in rings:
        points = [shape.project(lat, lon) for lon, lat in ring]
        parts.append("M" + "L".join(f"{round(x)} {round(y)}" for x, y in points) + "Z")
    return "".join(parts)


def svg() -> bytes:
    """The outline as an SVG file: the neighbours pale, China darker, no text."""
    shape = outline()
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {shape.height}">'
        f"<!-- {shape.source}; {shape.licence} -->"
        f'<path fill="#ebe7e0" d="{path_data(shape.neighbours)}"/>'
        f'<path fill="#d9d2c5" stroke="#a79e8e" stroke-width="1.5" stroke-linejoin="round" d="{path_data(shape.china)}"/>'
        "</svg>\n"
    ).encode()


@dataclass(frozen=True)
class CloseUp:
    """The points' own area, drawn large: where it is on the map, and each point in it."""

    frame: tuple[float, float, float, float]  # on the map: x, y, width, height
    width: int
    height: int
    points: list[tuple[float, float]]  # of each spot, in the close-up's units
    scale_km: int  # the length its scale bar stands for
    scale_length: float  # in the close-up's units


def _nice(km: float) -> int:
    """The round length (1, 2 or 5 times a power of ten) at most `km`."""
    power: int = 10 ** math.floor(math.log10(max(km, 1)))
    return max(step * power for step in (1, 2, 5) if step * power <= max(km, 1))


def _frame(left: float, top: float, wide: float, high: float, least: float = 40.0) -> tuple[float, float, float, float]:
    """Where the close-up is on the map, at least `least` wide so that it shows around the points."""
    grow = max(least / wide, 1.0)
    middle_x, middle_y = left + wide / 2, top + high / 2
    wide, high = wide * grow, high * grow
    return round(middle_x - wide / 2, 1), round(middle_y - high / 2, 1), round(wide, 1), round(high, 1)


def close_up(found: list[tuple[float, float]], width: int = WIDTH) -> CloseUp | None:
    """A close-up of the points `found` (x, y on the map) when they crowd into a small part
    of it (a county's sites)."""
    if len(found) < 2:
        return None
    xs, ys = [x for x, _y in found], [y for _x, y in found]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    if span > width * CLOSE_UP:
        return None
    pad = span * 0.25
    left, top = min(xs) - pad, min(ys) - pad
    wide, high = max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad
    zoom = width / max(wide, high * 1.6)  # no taller than wide
    height = round(max(high * zoom, width / 1.6))
    left -= (width / zoom - wide) / 2
    top -= (height / zoom - high) / 2
    points = [(round((x - left) * zoom, 1), round((y - top) * zoom, 1)) for x, y in found]
    units_per_km = zoom * outline().scale / KM_PER_DEGREE
    km = _nice(width * 0.3 / units_per_km)
    frame = _frame(left, top, width / zoom, height / zoom)
    return CloseUp(frame, width, height, points, km, round(km * units_per_km, 1))
