"""A live stream as a calendar entry (iCalendar, RFC 5545), written with the icalendar
library: a tap on the page adds it to the visitor's calendar, with the live room's address.

Deterministic: the entry's stamp is the build date, its id the live stream's file name,
so the same museum built on the same day gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import icalendar

from museumgen.site.entries import Doc, Site
from museumgen.urls import absolute


def entry(doc: Doc, site: Site) -> bytes:
    """The calendar file of one live stream."""
    page = absolute(site.museum.base_url, doc.path)
    event = icalendar.Event()
    # One id in every language, so a calendar that has the entry in one updates it rather than adding a second.
    event.add("uid", f"{doc.kind}-{doc.slug}@{urlsplit(site.museum.base_url or '').hostname or 'museumgen.invalid'}")
    event.add("dtstamp", dt.datetime.combine(site.today, dt.time(), dt.UTC))
    event.add("dtstart", doc.start_at.astimezone(dt.UTC))
    event.add("dtend", doc.end_at.astimezone(dt.UTC))
    event.add("summary", doc.title)
    event.add("location", doc.entry.link)
    description = "\n\n".join(part for part in (doc.summary, doc.entry.link, page) if part)
    event.add("description", description)
    if page:
        event.add("url", page)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//museumgen//live streams//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", site.museum.name)
    calendar.add_component(event)
    return bytes(calendar.to_ical())
