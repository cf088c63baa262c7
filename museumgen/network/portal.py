"""The portal: a card for each built museum, and the pages made from every card: the home
page, the map of the museums and the search across them, in each of the network's languages.

A card holds plain text, numbers and links only, so that a shard can carry its museums'
cards in its manifest and a merge render the same portal a one-machine build does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import jinja2
from markupsafe import Markup

from museumgen import __version__, dates, geo
from museumgen.content.load import MUSEUM_FILE
from museumgen.content.parse import read_source
from museumgen.errors import MuseumError
from museumgen.languages import language_names, prefix
from museumgen.messages import _
from museumgen.network.config import PORTAL_PAGES
from museumgen.outputs import findspots, search
from museumgen.schema import WEEKDAYS, OpeningHours
from museumgen.schema.network import Network
from museumgen.site.entries import Doc, Site
from museumgen.site.kinds import KINDS
from museumgen.urls import output_file

Card = dict[str, Any]
WEEK = 7  # "this week": events starting today and in the six days after
MAP, SEARCH = PORTAL_PAGES
# One outline for every language, beside the map page (named by its contents, so it is kept).
OUTLINE = MAP + findspots.outline_file().rsplit("/", 1)[1]


def card(sites: Sequence[Site], name: str, link: str, languages: Sequence[str]) -> Card:
    """What the portal shows of a museum: `sites` in each of its languages, `link` to its
    site from the portal's root (`county/` or `https://county.example.org/`)."""
    by_language = {site.language: site for site in sites}
    return {
        "name": name,
        "link": link,
        "logo": _logo(sites[0]),
        "location": _location(sites[0]),
        "texts": {
            language: _texts(by_language.get(language, sites[0]), language in by_language) for language in languages
        },
    }


def _texts(site: Site, translated: bool) -> dict[str, Any]:
    museum, today = site.museum, site.today
    hours = hours_on(museum.hours, today) if museum.hours else None
    return {
        "home": site.prefix,  # its pages in this language, from its root
        "translated": translated,  # whether the museum has its site in this language
        "title": museum.name,
        "short": museum.short_name or museum.name,
        "region": museum.region or "",
        "type": museum.type or "",
        "status": "unknown" if hours is None else "closed" if hours == "closed" else "open",
        "hours": hours or "",
        "exhibitions": [_exhibition(site, doc) for doc in site.exhibitions_with(dates.CURRENT)],
        "events": [_event(site, doc) for doc in this_week(site.upcoming_events, today)],
        "browse": [
            [kind.name, kind.list_name, _page(site, kind.list_url)]
            for kind in KINDS
            if kind.list_url and site.entries.get(kind.name)
        ],
    }


def _location(site: Site) -> list[float] | None:
    """The museum's `geo` as `[lat, lng]`, for the portal's map; one the map does not draw is
    an error (a network's museums are all meant to be on it)."""
    place = site.museum.geo
    if place is None:
        return None
    shape = geo.outline()
    if not shape.covers(place.lat, place.lng):
        numbers = (place.lat, place.lng, *shape.area)
        degrees = {
            name: format(value, "g")
            for name, value in zip(("lat", "lng", "west", "south", "east", "north"), numbers, strict=True)
        }
        message = _(
            "the museum's `geo` ({lat}, {lng}) is outside the portal's map, which draws {south}° to {north}° north and {west}° to {east}° east: correct it (`lat` is north, `lng` east) or leave it out",
            **degrees,
        )
        wrong = "lat" if not shape.area[1] <= place.lat <= shape.area[3] else "lng"
        line = read_source(site.root / MUSEUM_FILE, MUSEUM_FILE).line_of(("geo", wrong))
        raise MuseumError.single(MUSEUM_FILE, line, message)
    return [place.lat, place.lng]


def hours_on(hours: OpeningHours, day: dt.date) -> str:
    """`closed` or `HH:MM-HH:MM` on `day`: a dated exception, else the weekly hours."""
    for exception in hours.exceptions:
        if exception.date <= day <= (exception.until or exception.date):
            return exception.hours
    return hours.weekly.get(WEEKDAYS[day.weekday()], "closed") if hours.weekly else "closed"


def this_week(events: Sequence[Doc], today: dt.date) -> list[Doc]:
    """The events under way or starting from today to six days after it."""
    last = today + dt.timedelta(days=WEEK - 1)
    return [doc for doc in events if doc.start_at.date() <= last]


def _exhibition(site: Site, doc: Doc) -> dict[str, str]:
    when = dates.format_date_range(doc.entry.start, doc.entry.end, site.language)
    return {"title": doc.title, "link": _page(site, doc.path), "when": when, "sort": f"{doc.entry.end or '9999'}"}


def _event(site: Site, doc: Doc) -> dict[str, str]:
    when = dates.format_event_time(doc.start_at, doc.end_at, site.language)
    return {"title": doc.title, "link": _page(site, doc.path), "when": when, "sort": doc.start_at.isoformat()}


def _page(site: Site, path: str) -> str:
    """A page's link from the museum site's root."""
    full = site.prefix + path
    return full if site.museum.directory_urls else output_file(full)


def _logo(site: Site) -> str | None:
    """The logo's smallest image in a format every browser shows, from the site's root."""
    logo = site.logo
    if logo is None or logo.plan is None or not logo.plan.responsive:
        return None
    fallback = list(logo.plan.responsive.values())[-1]
    return min(fallback, key=lambda variant: variant.width).path


# The pages


def pages(
    cards: Sequence[Card],
    network: Network,
    strings: Mapping[str, Mapping[str, str]],
    today: dt.date,
    env: jinja2.Environment,
    static: Callable[[str], str],
) -> list[tuple[str, bytes]]:
    """The portal's pages in each of the network's languages, as `(path, bytes)`: its home
    page, map and search page (`static` gives the text of a theme's static file, for the pages to
    hold their own styles and script: the theme's files go into every museum's site)."""
    languages: list[str] = list(network.languages)
    made = [(OUTLINE, geo.svg())]
    for language in languages:
        here = prefix(language, languages[0])
        values = _values(cards, network, language, languages, strings[language], today, here)
        for page, template, own in (
            ("", "portal.html", {}),
            (MAP, "portal_map.html", _map_values(values["museums"], here, static)),
            (SEARCH, "portal_search.html", _search_values(values["museums"], here, static)),
        ):
            made.append((output_file(here + page), _render(env, template, values, own, page)))
    return made


def _render(env: jinja2.Environment, template: str, values: dict[str, Any], own: dict[str, Any], page: str) -> bytes:
    """`page` (`""`, `map/`, `search/`) in the language at `values["here"]`, with its links to
    the portal's other pages and to itself in the other languages from where it is."""
    here = values["here"]
    up = "../" * (here + page).count("/")
    links = {"home": up + here, "map": up + here + MAP, "search": up + here + SEARCH}
    alternates = [(other, up + at + page, name) for other, at, name in values["alternates"]]
    page_name = {"": "home", MAP: "map", SEARCH: "search"}[page]
    shown = {**values, **own, "up": up, "links": links, "alternates": alternates, "page": page_name}
    return env.get_template(template).render(shown).encode()


def _values(
    cards: Sequence[Card],
    network: Network,
    language: str,
    languages: Sequence[str],
    strings: Mapping[str, str],
    today: dt.date,
    here: str,
) -> dict[str, Any]:
    """What every page of the portal in `language` shows; links are from its home page."""
    up = "../" * here.count("/")
    link = _linker(up)
    names = language_names(tuple(languages))
    first = languages[0]
    museums = sorted(
        (
            {
                **c,
                **c["texts"][language],
                "href": link(c["link"], c["texts"][language]["home"]),
                "by": c["texts"][first],
            }
            for c in cards
        ),
        key=lambda m: (m["by"]["region"], m["name"]),
    )
    own = network.translations.get(language)
    return {
        "lang": language,
        "here": here,
        "network": network,
        "title": own.name if own and own.name else network.name,
        "description": own.description if own and own.description else network.description,
        "t": _translator(strings),
        "today": dates.format_date(today, language),
        "museums": museums,
        "regions": _grouped(museums, "region"),
        "types": _grouped(museums, "type"),
        "exhibitions": _across(museums, "exhibitions", link),
        "events": _across(museums, "events", link),
        "alternates": [(other, prefix(other, languages[0]), names[other]) for other in languages if other != language],
        "logo": lambda museum: link(museum["link"], museum["logo"]) if museum["logo"] else None,
        "generator": f"museumgen {__version__}",
    }


def _map_values(museums: list[dict[str, Any]], here: str, static: Callable[[str], str]) -> dict[str, Any]:
    """The map's points (links from the map page), north to south, and the museums not on it."""
    shape = geo.outline()
    up = "../" * (here + MAP).count("/")
    spots: list[dict[str, Any]] = []
    for museum in museums:
        if museum.get("location"):
            x, y = shape.project(*museum["location"])
            spots.append({"museum": museum, "href": _one_down(museum["href"]), "x": x, "y": y})
    spots.sort(key=lambda spot: (spot["y"], spot["x"]))
    return {
        "spots": spots,
        "close_up": geo.close_up([(spot["x"], spot["y"]) for spot in spots]),
        "elsewhere": [{"museum": m, "href": _one_down(m["href"])} for m in museums if not m.get("location")],
        "outline": up + OUTLINE,
        "width": geo.WIDTH,
        "height": shape.height,
        "style": Markup(static("map.css")),
    }


def _one_down(href: str) -> str:
    """A link from the home page, made one from the map or search page (a folder below it)."""
    return href if "://" in href else "../" + href


def _search_values(museums: list[dict[str, Any]], here: str, static: Callable[[str], str]) -> dict[str, Any]:
    """The index the page reads, and each museum's lists, to browse without script."""
    up = "../" * (here + SEARCH).count("/")
    link = _linker(up)
    return {
        "index_path": f"{here}{SEARCH}{search.FORMAT}/",
        "browse": [
            {
                "title": m["title"],
                "href": _one_down(m["href"]),
                "lists": [(kind, other, link(m["link"], path)) for kind, other, path in m.get("browse", [])],
            }
            for m in museums
        ],
        "style": Markup(static("search.css")),
        "script": Markup(static("search.js")),
    }


def _linker(up: str) -> Callable[[str, str], str]:
    """A link from a portal page `up` from the root to `path` in the museum at `base`."""
    return lambda base, path: (base if "://" in base else up + base) + path


def _translator(strings: Mapping[str, str]) -> Callable[[str], str]:
    return lambda key: strings.get(key, key)


def _grouped(museums: list[dict[str, Any]], key: str) -> list[tuple[str, list[dict[str, Any]]]]:
    """Museums by region (or type) as written in the network's first language, in its
    order, those without one last; each group named in the page's language where one of
    its museums has it (a museum without an English site keeps its Chinese region)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for museum in museums:
        groups.setdefault(museum["by"][key], []).append(museum)
    ordered = sorted(groups.items(), key=lambda group: (not group[0], group[0]))
    return [(next((m[key] for m in group if m["translated"]), name), group) for name, group in ordered]


def _across(museums: list[dict[str, Any]], what: str, link: Callable[[str, str], str]) -> list[dict[str, Any]]:
    """Every museum's exhibitions (or events), soonest first, each with its museum."""
    found = [
        {**item, "museum": museum["short"], "href": link(museum["link"], item["link"])}
        for museum in museums
        for item in museum[what]
    ]
    return sorted(found, key=lambda item: (item["sort"], item["museum"], item["title"]))
