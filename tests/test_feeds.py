"""Feeds (Atom and JSON Feed), calendars (iCalendar), the sitemap's `lastmod` and the
Dublin Core and Open Graph data in pages, each read back with a parser of its format."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import icalendar
import jsonschema
import pytest

from museumgen.build import Options, build

from .conftest import EXAMPLE

BASE_URL = "https://museum.example.org/qingxi/"
OPTIONS = Options(date=dt.date(2026, 11, 25), base_url=BASE_URL)
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

# JSON Feed 1.1 (https://jsonfeed.org/version/1.1) as a schema: what it requires and the
# types of what it names. Feed readers that read JSON Feed have no parser in Python.
_ADDRESS = {"type": "string", "pattern": "^https?://"}
_TIME = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z)$"}
JSON_FEED_SCHEMA = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"},
        "home_page_url": _ADDRESS,
        "feed_url": _ADDRESS,
        "language": {"type": "string"},
        "icon": _ADDRESS,
        "authors": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}}}},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
                "properties": {
                    "id": {"type": "string"},
                    "url": _ADDRESS,
                    "title": {"type": "string"},
                    "content_text": {"type": "string"},
                    "summary": {"type": "string"},
                    "image": _ADDRESS,
                    "date_published": _TIME,
                    "date_modified": _TIME,
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("feeds") / "site"
    build(EXAMPLE, out, OPTIONS)
    return out


def atom(site: Path, path: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((site / path).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def calendar(site: Path, path: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((site / path).read_bytes())


def test_the_site_feed_has_every_dated_kind_newest_first(site: Path) -> None:
    parsed = atom(site, "feed.xml")
    links = [entry.link for entry in parsed.entries]
    assert {link.removeprefix(BASE_URL).split("/")[0] for link in links} == {"news", "exhibitions", "events", "videos", "live"}
    published = [entry.published_parsed for entry in parsed.entries]
    assert published == sorted(published, reverse=True)
    assert all(entry.published.endswith("+08:00") for entry in parsed.entries)  # the museum's time zone
    assert parsed.feed.title == "青溪县博物馆" and parsed.feed.language == "zh-CN"


def test_each_kind_has_its_own_feed_in_each_language(site: Path) -> None:
    news = atom(site, "news/feed.xml")
    assert news.feed.title == "青溪县博物馆 · 展讯"
    assert news.entries and all(entry.link.startswith(BASE_URL + "news/") for entry in news.entries)
    english = atom(site, "en/events/feed.xml")
    assert english.entries and all(entry.link.startswith(BASE_URL + "en/events/") for entry in english.entries)
    assert not any(re.search(r"[\u4e00-\u9fff]", entry.title) for entry in english.entries)
    lantern = next(entry for entry in english.entries if entry.link.endswith("/lantern-night/"))
    assert lantern.published == "2027-02-20T18:30:00+08:00"
    assert any(link.rel == "enclosure" and link.type == "image/jpeg" for link in lantern.links)  # its cover


def test_json_feeds_say_what_the_atom_ones_say(site: Path) -> None:
    for stem in ("feed", "news/feed", "en/exhibitions/feed"):
        data = json.loads((site / f"{stem}.json").read_text(encoding="utf-8"))
        assert data["version"] == "https://jsonfeed.org/version/1.1"
        assert data["feed_url"] == f"{BASE_URL}{stem}.json"
        jsonschema.validate(data, JSON_FEED_SCHEMA)
        times = [item[key] for item in data["items"] for key in ("date_published", "date_modified")]
        assert times and all(dt.datetime.fromisoformat(time).utcoffset() == dt.timedelta(hours=8) for time in times)  # RFC 3339, with the zone
        assert [item["url"] for item in data["items"]] == [entry.link for entry in atom(site, f"{stem}.xml").entries]


def test_pages_name_the_feeds_and_lists_offer_them(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml" title="青溪县博物馆" href="feed.xml">' in home
    assert '<link rel="alternate" type="application/feed+json" title="青溪县博物馆" href="feed.json">' in home
    events = (site / "events" / "index.html").read_text(encoding="utf-8")
    assert 'href="../events/feed.xml" type="application/atom+xml"' in events and 'href="../events/calendar.ics" type="text/calendar"' in events


def test_without_a_base_url_there_are_no_feeds_but_there_are_calendars(museum: Path, tmp_path: Path) -> None:
    settings = museum / "museum.yaml"
    settings.write_text(re.sub(r"(?m)^base_url: .*\n", "", settings.read_text(encoding="utf-8")), encoding="utf-8")
    build(museum, tmp_path / "site", Options(date=dt.date(2026, 11, 25)))
    assert not (tmp_path / "site" / "feed.xml").exists() and not (tmp_path / "site" / "news" / "feed.json").exists()
    events = calendar(tmp_path / "site", "events/calendar.ics")
    assert all("URL" not in event for event in events.walk("VEVENT"))  # no full address to give
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "application/atom+xml" not in home


def test_the_calendar_has_every_event_and_opening_day_in_the_museums_time_zone(site: Path) -> None:
    parsed = calendar(site, "events/calendar.ics")
    events = list(parsed.walk("VEVENT"))
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    lantern = next(e for e in events if str(e["UID"]).startswith("events/lantern-night@"))
    assert lantern.decoded("DTSTART") == dt.datetime(2027, 2, 20, 18, 30, tzinfo=lantern.decoded("DTSTART").tzinfo)
    assert lantern["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert lantern.decoded("DTSTART").utcoffset() == dt.timedelta(hours=8)
    assert str(lantern["URL"]) == BASE_URL + "events/lantern-night/"
    assert str(lantern["LOCATION"]).startswith("博物馆广场及老街, 青溪县博物馆")
    opening = next(e for e in events if str(e["UID"]).startswith("exhibitions/celadon-dialogue/opening@"))
    assert str(opening["SUMMARY"]).startswith("开幕：") and opening.decoded("DTSTART") == dt.date(2026, 3, 20)
    assert opening.decoded("DTEND") == dt.date(2026, 3, 21)
    assert all("DTSTAMP" in e for e in events) and len({str(e["UID"]) for e in events}) == len(events)


def test_uids_stay_the_same_across_builds_and_languages(site: Path, tmp_path: Path) -> None:
    build(EXAMPLE, tmp_path / "later", Options(date=dt.date(2027, 1, 10), base_url=BASE_URL))

    def uids(folder: Path, path: str) -> set[str]:
        return {str(e["UID"]) for e in calendar(folder, path).walk("VEVENT")}

    assert uids(site, "events/calendar.ics") == uids(tmp_path / "later", "events/calendar.ics") == uids(site, "en/events/calendar.ics")
    assert all(uid.endswith("@museum.example.org/qingxi") for uid in uids(site, "events/calendar.ics"))


def test_an_upcoming_event_page_links_its_own_calendar_file(site: Path) -> None:
    page = (site / "events" / "lantern-night" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../events/lantern-night/lantern-night.ics" type="text/calendar" download>添加到日历</a>' in page
    own = list(calendar(site, "events/lantern-night/lantern-night.ics").walk("VEVENT"))
    assert [str(e["UID"]) for e in own] == ["events/lantern-night@museum.example.org/qingxi"]
    ended = next(p for p in (site / "events").glob("*/index.html") if "badge-past" in p.read_text(encoding="utf-8"))
    assert "text/calendar" not in ended.read_text(encoding="utf-8")


def test_what_a_calendar_and_a_feed_say_is_read_back_as_it_was_written(museum: Path, tmp_path: Path) -> None:
    event = museum / "events" / "lantern-night.md"
    hostile = 'Lanterns, <script>alert(1)</script>; "quotes" & ]]> \\n'
    text = event.read_text(encoding="utf-8").replace("title: 元宵灯会夜游", f"title: '{hostile}'")
    event.write_text(text, encoding="utf-8")
    build(museum, tmp_path / "site", OPTIONS)
    [own] = calendar(tmp_path / "site", "events/lantern-night/lantern-night.ics").walk("VEVENT")
    assert str(own["SUMMARY"]) == hostile
    entry = next(e for e in atom(tmp_path / "site", "events/feed.xml").entries if e.link.endswith("/lantern-night/"))
    assert entry.title == hostile
    raw = (tmp_path / "site" / "events" / "feed.xml").read_text(encoding="utf-8")
    assert "<script>" not in raw
    items = json.loads((tmp_path / "site" / "feed.json").read_text(encoding="utf-8"))["items"]
    assert next(item for item in items if item["url"].endswith("/lantern-night/"))["title"] == hostile


def test_the_sitemap_says_when_each_page_last_changed_from_its_content(museum: Path, tmp_path: Path) -> None:
    news = museum / "news" / "lanterns-opening.md"
    news.write_text(news.read_text(encoding="utf-8").replace("date: 2026-10-01", "date: 2026-10-01\nupdated: 2026-10-05"), encoding="utf-8")
    build(museum, tmp_path / "site", OPTIONS)
    root = ET.parse(tmp_path / "site" / "sitemap.xml").getroot()
    lastmod = {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root}
    assert lastmod[BASE_URL + "news/lanterns-opening/"] == "2026-10-05"
    assert lastmod[BASE_URL + "visit/"] is None  # nothing in the content says
    assert all(day is None or day <= "2026-11-25" for day in lastmod.values())  # an exhibition yet to open is no change yet
    assert lastmod[BASE_URL] == max(day for day in lastmod.values() if day)
    entry = next(e for e in atom(tmp_path / "site", "news/feed.xml").entries if e.link.endswith("/lanterns-opening/"))
    assert (entry.published, entry.updated) == ("2026-10-01T00:00:00+08:00", "2026-10-05T00:00:00+08:00")


def test_entry_pages_carry_dublin_core_and_the_open_graph_type_of_their_kind(site: Path) -> None:
    item = (site / "collection" / "qx-0001-bronze-ding" / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:type" content="article">' in item
    assert '<meta name="DC.type" content="PhysicalObject">' in item and '<meta name="DC.identifier" content="QX-0001">' in item
    assert '<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">' in item
    video = next((site / "videos").glob("*/index.html")).read_text(encoding="utf-8")
    assert '<meta property="og:type" content="video.other">' in video and '<meta name="DC.type" content="MovingImage">' in video
    assert '<meta property="og:type" content="website">' in (site / "index.html").read_text(encoding="utf-8")
    assert "DC.title" not in (site / "index.html").read_text(encoding="utf-8")
