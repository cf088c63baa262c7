"""iCalendar files (RFC 5545): one of everything on the museum's calendar
(`events/calendar.ics`: events, and exhibitions' opening days) to subscribe to, and one per
entry for its page's "add to calendar" link, in every language.

Each entry keeps its UID from build to build and from language to language (its kind,
slug and the museum's host), so a calendar that subscribed updates it instead of adding
it twice. Times carry the museum's time zone, described in the file itself. The stamp of
every entry is the build day, so that the same content on the same day makes the same file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from urllib.parse import urlsplit

import icalendar

from museumgen import __version__
from museumgen.render.pages import SiteRenderer
from museumgen.site.entries import Doc, Happening, Site
from museumgen.site.kinds import KINDS
from museumgen.urls import absolute

CALENDAR = "events/calendar.ics"


def calendar_path(site: Site) -> str:
    return site.prefix + CALENDAR


def entry_path(doc: Doc) -> str:
    """The file of one entry's calendar, beside its page: `events/lantern-night/lantern-night.ics`."""
    return f"{doc.path}{doc.slug}.ics"


def happenings(doc: Doc) -> list[Happening]:
    made = KINDS[doc.kind].happenings
    return made(doc) if made is not None else []


def with_happenings(site: Site) -> list[Doc]:
    return [doc for doc in site.docs if happenings(doc)]


def paths(site: Site) -> list[str]:
    return [calendar_path(site)] + [entry_path(doc) for doc in with_happenings(site)]


def made(pages: SiteRenderer) -> list[tuple[str, bytes]]:
    site, strings = pages.site, pages.strings
    docs = with_happenings(site)
    name = f"{site.museum.name} · {strings.get('events', 'events')}"
    everything = sorted((h for doc in docs for h in happenings(doc)), key=lambda h: (_sort_key(h.start), h.uid))
    files = [(calendar_path(site), ical(everything, site, strings, name))]
    files += [(entry_path(doc), ical(happenings(doc), site, strings, doc.title)) for doc in docs]
    return files


def _sort_key(moment: dt.date | dt.datetime) -> dt.datetime:
    return moment if isinstance(moment, dt.datetime) else dt.datetime.combine(moment, dt.time(), dt.UTC)


def ical(items: list[Happening], site: Site, strings: dict[str, str], name: str) -> bytes:
    museum = site.museum
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//museumgen//museumgen {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", museum.timezone)
    stamp = dt.datetime.combine(site.today, dt.time(), dt.UTC)
    host = _host(site)
    for item in items:
        event = icalendar.Event()
        event.add("uid", f"{item.uid}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start)
        if item.end is not None:
            event.add("dtend", item.end)
        event.add("summary", _title(item, strings))
        place = item.location if item.online else ", ".join(part for part in (item.location, museum.name, museum.address) if part)
        if place:
            event.add("location", place)
        address = absolute(museum.base_url, item.path)
        description = "\n\n".join(part for part in (item.summary, address) if part)
        if description:
            event.add("description", description)
        if address:
            event.add("url", address)
        calendar.add_component(event)
    if items:
        first = min(_sort_key(item.start) for item in items).date()
        last = max(_sort_key(item.end or item.start) for item in items).date()
        calendar.add_missing_timezones(first_date=first - dt.timedelta(days=1), last_date=last + dt.timedelta(days=1))
    return bytes(calendar.to_ical())


def _title(item: Happening, strings: dict[str, str]) -> str:
    return strings.get(item.label, "{title}").replace("{title}", item.title) if item.label else item.title


def _host(site: Site) -> str:
    """The part of every UID after the `@`: the site's address without its scheme (museums
    may share a host), or, before it has one, a name made from the museum's."""
    base_url = site.museum.base_url
    if base_url:
        parts = urlsplit(base_url)
        return f"{parts.netloc}{parts.path}".rstrip("/")
    return hashlib.blake2b(site.museum.name.encode("utf-8"), digest_size=6).hexdigest() + ".museumgen.invalid"
