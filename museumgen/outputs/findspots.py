"""The collection's map (`collection/map/`): a point for each object whose `find_spot`
the bundled outline covers, each a link to the object, drawn over the outline (one SVG
file for every language among the theme's assets, named by its contents, so it is kept) with no
tiles, no script and nothing from another host. Objects found outside the drawn area
are warned about when the content is loaded (`site.kinds`), and left off."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

from museumgen import geo
from museumgen.render.jobs import PageJob
from museumgen.site.entries import Doc, Site

COLLECTION = "collection"


@dataclass(frozen=True)
class Spot:
    doc: Doc
    name: str
    lat: float
    lon: float
    x: float
    y: float


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
        "close_up": geo.close_up([(spot.x, spot.y) for spot in found]),
        "outline": outline_file(),
        "width": geo.WIDTH,
        "height": shape.height,
    }
    return [PageJob(map_path(site), "collection_map.html", values)]


def made() -> list[tuple[str, bytes]]:
    return [(outline_file(), geo.svg())]
