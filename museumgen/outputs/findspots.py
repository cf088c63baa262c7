"""The collection's map (`collection/map/`): a point for each object whose `find_spot`
the bundled outline covers, each a link to the object, drawn over the outline (one SVG
file for every language among the theme's assets, named by its contents, so it is kept) with no
tiles, no script and nothing from another host. Objects found outside the drawn area
are warned about when the content is loaded (`site.kinds`), and left off."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from functools import cache

from museumgen import geo
from museumgen.render.jobs import PageJob
from museumgen.site.entries import Doc, Site

COLLECTION = "collection"


# When the points take less than this share of the map's width, a close-up of them is drawn too.
CLOSE_UP = 0.1
KM_PER_DEGREE = 111.2  # of latitude


@dataclass(frozen=True)
class Spot:
    doc: Doc
    name: str
    lat: float
    lon: float
    x: float
    y: float


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


def close_up(found: list[Spot], width: int = geo.WIDTH) -> CloseUp | None:
    """A close-up of `found` when they crowd into a small part of the map (a county's sites)."""
    if len(found) < 2:
        return None
    xs, ys = [spot.x for spot in found], [spot.y for spot in found]
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
    points = [(round((spot.x - left) * zoom, 1), round((spot.y - top) * zoom, 1)) for spot in found]
    units_per_km = zoom * geo.outline().scale / KM_PER_DEGREE
    km = _nice(width * 0.3 / units_per_km)
    frame = _frame(left, top, width / zoom, height / zoom)
    return CloseUp(frame, width, height, points, km, round(km * units_per_km, 1))


@cache
def outline_file() -> str:
    """Where the outline goes: one for all languages, named by its contents like the theme's files."""
    return f"assets/map-outline.{hashlib.sha256(geo.svg()).hexdigest()[:10]}.svg"


def map_path(site: Site) -> str:
    return f"{site.prefix}collection/map/"


def spots(site: Site) -> list[Spot]:
    """The objects drawn on the map, from north to south (the order a reader meets them)."""
    shape = geo.outline()
    found = []
    for doc in site.entries.get(COLLECTION, []):
        spot = getattr(doc.entry, "find_spot", None)
        if spot is not None and shape.covers(spot.lat, spot.lon):
            x, y = shape.project(spot.lat, spot.lon)
            found.append(Spot(doc, spot.name or doc.title, spot.lat, spot.lon, x, y))
    return sorted(found, key=lambda spot: (spot.y, spot.x))


def wanted(site: Site) -> bool:
    return bool(spots(site))


def page_jobs(site: Site) -> list[PageJob]:
    shape = geo.outline()
    found = spots(site)
    values = {
        "section": COLLECTION,
        "spots": found,
        "close_up": close_up(found),
        "outline": outline_file(),
        "width": geo.WIDTH,
        "height": shape.height,
    }
    return [PageJob(map_path(site), "collection_map.html", values)]


def made() -> list[tuple[str, bytes]]:
    return [(outline_file(), geo.svg())]
