"""The map of find spots: the bundled outline (`data/outline.json`, made from Natural
Earth by `data/make_outline.py`), the area it draws, and the projection of a point onto it.

Equirectangular, with longitudes shortened by the cosine of the middle latitude so that
the country is not stretched sideways: at this scale it is as good as a conic, and a point
is two multiplications. Pure; `outputs.findspots` makes the map's files and page.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

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
