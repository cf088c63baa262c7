"""Schema.org data for search engines, written into pages as JSON-LD.

It says in a form machines read what the pages already say to people: that this is a
museum, where it is and when it opens (dated closures included), what exhibitions and
events are on and when, and what its objects, videos and news are. Search engines show
it as opening hours, event listings and richer results. Every address in it must be
full, so it is only made for sites with a `base_url`.

Pure functions of the model: the same site gives the same data, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import Markup

from museumgen.dates import days_after
from museumgen.schema import WEEKDAYS, Museum, OpeningHours
from museumgen.site.entries import Doc, Figure, Site
from museumgen.urls import absolute

_DAY_NAMES = dict(zip(WEEKDAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True))
# Exceptions to the weekly hours this far ahead are given (search engines look weeks ahead).
EXCEPTIONS_AHEAD_DAYS = 366

Json = dict[str, Any]


def museum_node(site: Site) -> Json | None:
    """The museum itself: name, place, contact, weekly and special opening hours."""
    museum = site.museum
    home = absolute(museum.base_url, "")
    if home is None:
        return None
    node: Json = {"@type": "Museum", "@id": _museum_id(museum), "name": museum.name, "url": home}
    if museum.description:
        node["description"] = museum.description
    if site.logo is not None:
        node["logo"] = _image_urls(site.logo, museum)[-1]
    node.update(_place(museum))
    if museum.phone:
        node["telephone"] = museum.phone
    if museum.email:
        node["email"] = museum.email
    if museum.hours is not None:
        node.update(_opening_hours(museum.hours, site.today))
    if museum.tickets is not None and museum.tickets.free:
        node["isAccessibleForFree"] = True
    same_as = [s.url for s in museum.social if s.url]
    if same_as:
        node["sameAs"] = same_as
    return node


def page_node(doc: Doc, museum: Museum, make: Callable[[Doc, Museum], Json] | None) -> Json | None:
    """What one entry's page is about, by its kind's `make`r; None for kinds without one."""
    url = absolute(museum.base_url, doc.path)
    if make is None or url is None:
        return None
    made = make(doc, museum)
    node = {"@type": made.pop("@type"), "@id": f"{url}#{doc.kind}", "url": url, **made}
    if doc.summary:
        node["description"] = doc.summary
    return node


def script(node: Json | None) -> Markup:
    """A `<script type="application/ld+json">` holding `node`, or nothing without one.

    `<`, `>` and `&` are written as JSON escapes, so no text from the content can end the
    script element early; other characters are kept as they are (Chinese stays readable
    and three times smaller than `\\uXXXX`)."""
    if not node:
        return Markup("")
    text = json.dumps({"@context": "https://schema.org", **node}, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


# --- the museum --------------------------------------------------------------------


def _place(museum: Museum) -> Json:
    place: Json = {}
    if museum.address:
        place["address"] = museum.address
    if museum.geo is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": museum.geo.lat, "longitude": museum.geo.lng}
    return place


def _opening_hours(hours: OpeningHours, today: dt.date) -> Json:
    """Weekly hours, days with the same hours together; exceptions from today on.

    A closed day is one that is not listed (the weekly hours) or one whose special hours
    open and close at 00:00 (the exceptions), as schema.org and search engines expect."""
    by_hours: dict[str, list[str]] = {}
    for day in WEEKDAYS:
        value = hours.weekly.get(day, "closed")
        if value != "closed":
            by_hours.setdefault(value, []).append(_DAY_NAMES[day])
    result: Json = {}
    if by_hours:
        result["openingHoursSpecification"] = [
            {"@type": "OpeningHoursSpecification", "dayOfWeek": days, **_opens_closes(value)} for value, days in by_hours.items()
        ]
    horizon = days_after(today, EXCEPTIONS_AHEAD_DAYS)
    special = [
        {
            "@type": "OpeningHoursSpecification",
            "validFrom": exception.date.isoformat(),
            "validThrough": (exception.until or exception.date).isoformat(),
            **_opens_closes(exception.hours),
            **({"description": exception.note} if exception.note else {}),
        }
        for exception in sorted(hours.exceptions, key=lambda e: e.date)
        if (exception.until or exception.date) >= today and exception.date <= horizon
    ]
    if special:
        result["specialOpeningHoursSpecification"] = special
    return result


def _opens_closes(value: str) -> Json:
    if value == "closed":
        return {"opens": "00:00", "closes": "00:00"}
    opens, closes = value.split("-")
    return {"opens": opens, "closes": closes}


# --- entries -----------------------------------------------------------------------


def _museum_id(museum: Museum) -> str:
    return f"{absolute(museum.base_url, '')}#museum"


def _location(museum: Museum, room: str | None) -> Json:
    """Where an exhibition or event is: the museum, or a hall of it, with its address."""
    if room:
        return {"@type": "Place", "name": f"{museum.name} · {room}", **_place(museum), "containedInPlace": {"@id": _museum_id(museum)}}
    return {"@type": "Museum", "@id": _museum_id(museum), "name": museum.name, **_place(museum)}


def exhibition(doc: Doc, museum: Museum) -> Json:
    entry = doc.entry
    node: Json = {"@type": "ExhibitionEvent", "name": _title(entry.title, entry.subtitle)}
    if entry.start:
        node["startDate"] = entry.start.isoformat()
    if entry.end:
        node["endDate"] = entry.end.isoformat()
    node["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
    node["location"] = _location(museum, entry.venue)
    node["organizer"] = {"@id": _museum_id(museum)}
    _add_images(node, [doc.cover], museum)
    if doc.items:
        node["workFeatured"] = [{"@id": f"{absolute(museum.base_url, item.path)}#collection", "name": item.title} for item in doc.items]
    return node


def event(doc: Doc, museum: Museum) -> Json:
    entry = doc.entry
    node: Json = {"@type": "EducationEvent", "name": entry.title}
    if doc.start_at is not None:
        node["startDate"] = doc.start_at.isoformat(timespec="minutes")
    if doc.end_at is not None:
        node["endDate"] = doc.end_at.isoformat(timespec="minutes")
    node["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
    node["location"] = _location(museum, entry.location)
    node["organizer"] = {"@id": _museum_id(museum)}
    if entry.audience:
        node["audience"] = {"@type": "Audience", "audienceType": entry.audience}
    if entry.capacity:
        node["maximumAttendeeCapacity"] = entry.capacity
    if entry.fee or _is_web_address(entry.registration):
        offer: Json = {"@type": "Offer"}
        if entry.fee:
            offer["description"] = entry.fee
        if _is_web_address(entry.registration):
            offer["url"] = entry.registration
        node["offers"] = offer
    if doc.exhibition is not None:
        node["superEvent"] = {"@id": f"{absolute(museum.base_url, doc.exhibition.path)}#exhibitions"}
    _add_images(node, [doc.cover], museum)
    return node


def item(doc: Doc, museum: Museum) -> Json:
    entry = doc.entry
    node: Json = {"@type": "CreativeWork", "name": entry.title, "identifier": entry.id}
    optional = {
        "temporalCoverage": entry.period or entry.date,
        "material": entry.material,
        "size": entry.dimensions,
        "genre": entry.category,
        "creditText": entry.credit,
        "copyrightNotice": entry.rights,
        "keywords": ", ".join(entry.tags) or None,
    }
    node.update({key: value for key, value in optional.items() if value})
    if entry.origin:
        node["locationCreated"] = {"@type": "Place", "name": entry.origin}
    node["provider"] = {"@id": _museum_id(museum)}
    _add_images(node, doc.images, museum)
    return node


def video(doc: Doc, museum: Museum) -> Json:
    entry = doc.entry
    node: Json = {"@type": "VideoObject", "name": entry.title}
    if doc.cover is not None:  # the poster
        node["thumbnailUrl"] = _image_urls(doc.cover, museum)
    if entry.date:
        node["uploadDate"] = entry.date.isoformat()
    duration = _iso_duration(entry.duration)
    if duration:
        node["duration"] = duration
    if doc.video_file is not None:
        node["contentUrl"] = absolute(museum.base_url, doc.video_file.url)
    elif _is_web_address(entry.source):  # its page on a video platform: the same video
        node["sameAs"] = entry.source
    node["publisher"] = {"@id": _museum_id(museum)}
    return node


def person(doc: Doc, museum: Museum) -> Json:
    """A speaker's page: the person, who works for (or with) the museum."""
    entry = doc.entry
    node: Json = {"@type": "Person", "name": entry.title}
    if entry.role:
        node["jobTitle"] = entry.role
    node["affiliation"] = {"@id": _museum_id(museum)}
    if doc.cover is not None:
        node["image"] = _image_urls(doc.cover, museum)
    return node


def series(doc: Doc, museum: Museum) -> Json:
    """A series page: its episodes, in order."""
    node: Json = {"@type": "CreativeWorkSeries", "name": doc.entry.title}
    _add_images(node, [doc.cover], museum)
    if doc.episodes:
        node["hasPart"] = [{"@id": f"{absolute(museum.base_url, video.path)}#videos", "name": video.title} for video in doc.episodes]
    return node


def live_stream(doc: Doc, museum: Museum) -> Json:
    """A live stream: an event online, at the live room's address."""
    entry = doc.entry
    node: Json = {"@type": "Event", "name": entry.title, "startDate": doc.start_at.isoformat(timespec="minutes"), "endDate": doc.end_at.isoformat(timespec="minutes")}
    node["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
    node["location"] = {"@type": "VirtualLocation", "url": entry.link}
    node["organizer"] = {"@id": _museum_id(museum)}
    if doc.exhibition is not None:
        node["superEvent"] = {"@id": f"{absolute(museum.base_url, doc.exhibition.path)}#exhibitions"}
    if doc.recording is not None:
        node["recordedIn"] = {"@id": f"{absolute(museum.base_url, doc.recording.path)}#videos"}
    _add_images(node, [doc.cover], museum)
    return node


def news(doc: Doc, museum: Museum) -> Json:
    entry = doc.entry
    museum_id = _museum_id(museum)
    node: Json = {"@type": "NewsArticle", "headline": entry.title, "datePublished": entry.date.isoformat()}
    node["author"] = {"@id": museum_id}
    node["publisher"] = {"@id": museum_id}
    _add_images(node, [doc.cover], museum)
    return node



# --- helpers -----------------------------------------------------------------------


def _title(title: str, subtitle: str | None) -> str:
    return f"{title} {subtitle}" if subtitle else title


def _add_images(node: Json, figures: Sequence[Figure | None], museum: Museum) -> None:
    urls = [url for figure in figures if figure is not None for url in _image_urls(figure, museum)]
    if urls:
        node["image"] = urls


def _image_urls(figure: Figure, museum: Museum) -> list[str]:
    """The 1200×630 share image and the largest JPEG or PNG made, else the file as given."""
    paths = [figure.url]
    if figure.plan is not None:
        largest = list(figure.plan.responsive.values())[-1][-1].path
        paths = [figure.plan.share.path, largest] if figure.plan.share else [largest]
    return [url for path in paths if (url := absolute(museum.base_url, path))]


def _is_web_address(text: str | None) -> bool:
    return bool(text) and str(text).startswith(("https://", "http://"))


_DURATION = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")


def _iso_duration(text: str | None) -> str | None:
    """`12:30` or `1:02:03` as ISO 8601 (`PT12M30S`); None when it is not such a time."""
    match = _DURATION.match(text.strip()) if text else None
    if match is None:
        return None
    hours, minutes, seconds = (int(part) if part else 0 for part in match.groups())
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + (f"{seconds}S" if seconds or not (hours or minutes) else "")
