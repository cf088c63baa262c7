"""The portal: a card for each built museum, and the pages made from every card.

A card holds plain text and links only, so that a shard can carry its museums' cards in
its manifest and a merge render the same portal a one-machine build does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import jinja2

from museumgen import __version__, dates
from museumgen.languages import language_names, prefix
from museumgen.schema import WEEKDAYS, OpeningHours
from museumgen.schema.network import Network
from museumgen.site.entries import Doc, Site
from museumgen.urls import output_file

Card = dict[str, Any]
WEEK = 7  # "this week": events starting today and in the six days after


def card(sites: Sequence[Site], name: str, link: str, languages: Sequence[str]) -> Card:
    """What the portal shows of a museum: `sites` in each of its languages, `link` to its
    site from the portal's root (`county/` or `https://county.example.org/`)."""
    by_language = {site.language: site for site in sites}
    return {
        "name": name,
        "link": link,
        "logo": _logo(sites[0]),
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
    }


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
) -> list[tuple[str, bytes]]:
    """The portal's page in each of the network's languages, as `(path, bytes)`."""
    languages: list[str] = list(network.languages)
    template = env.get_template("portal.html")
    made = []
    for language in languages:
        here = prefix(language, languages[0])
        values = _values(cards, network, language, languages, strings[language], today, here)
        made.append((output_file(here), template.render(values).encode()))
    return made


def _values(
    cards: Sequence[Card],
    network: Network,
    language: str,
    languages: Sequence[str],
    strings: Mapping[str, str],
    today: dt.date,
    here: str,
) -> dict[str, Any]:
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
        "alternates": [
            (other, up + prefix(other, languages[0]), names[other]) for other in languages if other != language
        ],
        "logo": lambda museum: link(museum["link"], museum["logo"]) if museum["logo"] else None,
        "generator": f"museumgen {__version__}",
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
