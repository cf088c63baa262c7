"""Feeds of the kinds whose entries come out on a day (news, exhibitions, events, videos):
Atom (RFC 4287) and JSON Feed 1.1, one of each for the whole site (`feed.xml`,
`feed.json`) and one of each per kind (`news/feed.xml` …), in every language.

Feed readers need full addresses, so feeds are made only for a museum with a `base_url`.
Entries are newest first, the newest `FEED_LENGTH` of them; an entry with no day (a
permanent exhibition) is in no feed. Every time is written in the museum's time zone.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from dataclasses import dataclass
from xml.etree import ElementTree

from museumgen.render.pages import SiteRenderer, fallback_path
from museumgen.site.entries import Doc, Site
from museumgen.site.kinds import KINDS
from museumgen.urls import absolute

FEED_LENGTH = 30
ATOM = "http://www.w3.org/2005/Atom"
JSON_FEED = "https://jsonfeed.org/version/1.1"


@dataclass(frozen=True)
class Feed:
    """One feed, in both forms."""

    stem: str  # site path without the suffix: `feed`, `en/news/feed`
    title: str
    home: str  # site path of the page it follows: the home page, a kind's list
    docs: list[Doc]  # newest first

    @property
    def atom_path(self) -> str:
        return f"{self.stem}.xml"

    @property
    def json_path(self) -> str:
        return f"{self.stem}.json"


def dated_kinds(site: Site) -> list[str]:
    """The kinds with feeds that have entries in `site`."""
    return [kind.name for kind in KINDS if kind.dated is not None and site.entries.get(kind.name)]


def feeds(site: Site, strings: dict[str, str]) -> list[Feed]:
    """The site's feed, then each dated kind's."""
    kinds = dated_kinds(site)
    name = site.museum.name
    everything = Feed(f"{site.prefix}feed", name, site.prefix, _newest([d for kind in kinds for d in site.entries[kind]], site))
    own = [
        Feed(f"{site.prefix}{kind}/feed", f"{name} · {strings.get(kind, kind)}", f"{site.prefix}{KINDS[kind].list_url or ''}", _newest(site.entries[kind], site))
        for kind in kinds
    ]
    return [everything, *own]


def feed_paths(site: Site) -> list[str]:
    stems = [f"{site.prefix}feed"] + [f"{site.prefix}{kind}/feed" for kind in dated_kinds(site)]
    return [f"{stem}{suffix}" for stem in stems for suffix in (".xml", ".json")]


def made(pages: SiteRenderer) -> list[tuple[str, bytes]]:
    site = pages.site
    return [file for feed in feeds(site, pages.strings) for file in ((feed.atom_path, atom(feed, site)), (feed.json_path, json_feed(feed, site)))]


def moment(doc: Doc, site: Site) -> dt.datetime | None:
    """When `doc` came out, as a time in the museum's zone (a day: its start)."""
    dated = KINDS[doc.kind].dated
    value = dated(doc) if dated is not None else None
    return _aware(value, zoneinfo.ZoneInfo(site.museum.timezone)) if value is not None else None


def changed(doc: Doc, site: Site) -> dt.datetime | None:
    """When `doc` was last changed: its `updated` day, else when it came out (or its
    `publish` day); None for an entry that says neither."""
    zone = zoneinfo.ZoneInfo(site.museum.timezone)
    entry = doc.entry
    days = [moment(doc, site)] + [_aware(day, zone) for day in (entry.updated, entry.publish) if day is not None]
    known = [day for day in days if day is not None]
    return max(known) if known else None


def _aware(value: dt.date | dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=zone)
    return dt.datetime.combine(value, dt.time(), zone)


def _newest(docs: list[Doc], site: Site) -> list[Doc]:
    timed = [(when, doc) for doc in docs if (when := moment(doc, site)) is not None]
    timed.sort(key=lambda pair: (-pair[0].timestamp(), pair[1].uid))
    return [doc for _when, doc in timed[:FEED_LENGTH]]


def _address(site: Site, path: str) -> str:
    found = absolute(site.museum.base_url, path)
    assert found is not None  # feeds are only made with a base_url
    return found


def _image(doc: Doc, site: Site) -> str | None:
    return _address(site, fallback_path(doc.cover)) if doc.cover is not None else None


def _updated(feed: Feed, site: Site) -> dt.datetime:
    times = [when for doc in feed.docs if (when := changed(doc, site)) is not None]
    return max(times) if times else dt.datetime.combine(site.today, dt.time(), zoneinfo.ZoneInfo(site.museum.timezone))


def atom(feed: Feed, site: Site) -> bytes:
    root = ElementTree.Element("feed", {"xmlns": ATOM, "xml:lang": site.language})
    _text(root, "title", feed.title)
    _link(root, "alternate", "text/html", _address(site, feed.home))
    _link(root, "self", "application/atom+xml", _address(site, feed.atom_path))
    _text(root, "id", _address(site, feed.atom_path))
    _text(root, "updated", _updated(feed, site).isoformat())
    author = ElementTree.SubElement(root, "author")
    _text(author, "name", site.museum.name)
    _text(root, "generator", "museumgen")
    for doc in feed.docs:
        entry = ElementTree.SubElement(root, "entry")
        address = _address(site, doc.path)
        _text(entry, "title", doc.title)
        _link(entry, "alternate", "text/html", address)
        _text(entry, "id", address)
        published, updated = moment(doc, site), changed(doc, site)
        assert published is not None and updated is not None  # undated entries are in no feed
        _text(entry, "published", published.isoformat())
        _text(entry, "updated", updated.isoformat())
        if doc.summary:
            _text(entry, "summary", doc.summary)
        for tag in doc.entry.tags:
            ElementTree.SubElement(entry, "category", {"term": str(tag)})
        image = _image(doc, site)
        if image is not None:
            _link(entry, "enclosure", _image_type(image), image)
    ElementTree.indent(root, space="")
    text = ElementTree.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{text}\n'.encode()


def _text(parent: ElementTree.Element, tag: str, text: str) -> None:
    ElementTree.SubElement(parent, tag).text = text


def _link(parent: ElementTree.Element, rel: str, media_type: str, href: str) -> None:
    ElementTree.SubElement(parent, "link", {"rel": rel, "type": media_type, "href": href})


def _image_type(address: str) -> str:
    suffix = address.rsplit(".", 1)[-1].lower()
    return {"png": "image/png", "webp": "image/webp", "avif": "image/avif", "gif": "image/gif", "svg": "image/svg+xml"}.get(suffix, "image/jpeg")


def json_feed(feed: Feed, site: Site) -> bytes:
    items = []
    for doc in feed.docs:
        address = _address(site, doc.path)
        published, updated = moment(doc, site), changed(doc, site)
        assert published is not None and updated is not None
        item: dict[str, object] = {"id": address, "url": address, "title": doc.title}
        item["content_text"] = doc.summary or doc.title  # JSON Feed wants some content; the page has the rest
        if doc.summary:
            item["summary"] = doc.summary
        image = _image(doc, site)
        if image is not None:
            item["image"] = image
        item["date_published"] = published.isoformat()
        item["date_modified"] = updated.isoformat()
        if doc.entry.tags:
            item["tags"] = [str(tag) for tag in doc.entry.tags]
        items.append(item)
    data: dict[str, object] = {
        "version": JSON_FEED,
        "title": feed.title,
        "home_page_url": _address(site, feed.home),
        "feed_url": _address(site, feed.json_path),
        "language": site.language,
        "authors": [{"name": site.museum.name}],
    }
    if site.logo is not None:
        data["icon"] = _address(site, fallback_path(site.logo))
    data["items"] = items
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
