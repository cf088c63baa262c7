"""Schema.org data (JSON-LD) in the pages: what it says, and that content cannot break out of it."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from museumgen.build import Options, build
from museumgen.site.structured import _iso_duration

from .conftest import EXAMPLE

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def data_of(page: Path) -> list[dict[str, Any]]:
    return [json.loads(text) for text in SCRIPT.findall(page.read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("structured") / "site"
    build(EXAMPLE, out, Options(date=dt.date(2027, 1, 2)))
    return out


def test_every_page_has_at_most_one_block_and_it_parses(site: Path) -> None:
    kinds = {}
    for page in site.rglob("*.html"):
        found = data_of(page)
        assert len(found) <= 1, page
        if found:
            assert found[0]["@context"] == "https://schema.org"
            kinds[page.relative_to(site).as_posix()] = found[0]["@type"]
    assert kinds["index.html"] == kinds["visit/index.html"] == "Museum"
    assert {kinds[p] for p in kinds if p.startswith(("exhibitions/", "events/", "collection/", "videos/", "news/"))} == {
        "ExhibitionEvent", "EducationEvent", "CreativeWork", "VideoObject", "NewsArticle"
    }  # fmt: skip
    assert "exhibitions/index.html" not in kinds and "about/index.html" not in kinds


def test_the_museum_says_when_it_opens_from_the_build_date_on(site: Path) -> None:
    (museum,) = data_of(site / "visit" / "index.html")
    assert museum["@id"] == "https://example.org/qingxi/#museum"
    assert museum["geo"] == {"@type": "GeoCoordinates", "latitude": 29.6051, "longitude": 119.0418}
    assert museum["openingHoursSpecification"] == [
        {"@type": "OpeningHoursSpecification", "dayOfWeek": ["Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"], "opens": "09:00", "closes": "17:00"}
    ]
    special = museum["specialOpeningHoursSpecification"]
    # built on 2027-01-02: the maintenance day and New Year's Day are past
    assert [(s["validFrom"], s["validThrough"], s["opens"], s["closes"]) for s in special] == [
        ("2027-02-05", "2027-02-07", "00:00", "00:00"),  # closed: opens and closes at midnight
        ("2027-02-08", "2027-02-13", "10:00", "16:00"),
    ]
    assert museum["isAccessibleForFree"] is True


def test_events_are_placed_and_timed_in_the_museums_timezone(site: Path) -> None:
    (event,) = data_of(site / "events" / "lantern-workshop" / "index.html")
    assert (event["startDate"], event["endDate"]) == ("2026-12-05T14:00+08:00", "2026-12-05T16:00+08:00")
    assert event["location"]["address"].startswith("浙江省青溪县")
    assert (event["location"]["name"], event["location"]["containedInPlace"]) == (
        "青溪县博物馆 · 二号展厅 · 社教活动室", {"@id": "https://example.org/qingxi/#museum"}
    )
    assert event["superEvent"] == {"@id": "https://example.org/qingxi/exhibitions/lanterns-of-qingxi/#exhibitions"}
    assert event["maximumAttendeeCapacity"] == 20
    (exhibition,) = data_of(site / "exhibitions" / "lanterns-of-qingxi" / "index.html")
    assert (exhibition["startDate"], exhibition["endDate"]) == ("2026-10-01", "2027-02-28")
    featured = {work["@id"] for work in exhibition["workFeatured"]}
    assert "https://example.org/qingxi/collection/qx-0009-revolving-lantern/#collection" in featured
    assert all(url.startswith("https://example.org/qingxi/media/") for url in exhibition["image"])


def test_objects_and_videos(site: Path) -> None:
    (item,) = data_of(site / "collection" / "qx-0001-bronze-ding" / "index.html")
    assert (item["identifier"], item["material"], item["temporalCoverage"]) == ("QX-0001", "青铜", "商代晚期")
    (english,) = data_of(site / "en" / "collection" / "qx-0001-bronze-ding" / "index.html")
    assert (english["identifier"], english["material"], english["temporalCoverage"]) == ("QX-0001", "Bronze", "Late Shang")
    assert item["image"][0].endswith("-share.jpg")
    (local,) = data_of(site / "videos" / "lantern-making" / "index.html")
    assert local["contentUrl"].startswith("https://example.org/qingxi/media/") and local["contentUrl"].endswith(".mp4")
    (platform,) = data_of(site / "videos" / "bronze-ding-talk" / "index.html")
    assert (platform["duration"], platform["sameAs"]) == ("PT3M12S", "https://www.bilibili.com/video/BV1Qx4y1a7Xm")


def test_content_cannot_end_the_script(starter: Path, tmp_path: Path) -> None:
    news = starter / "news" / "welcome.md"
    hostile = "</script><script>alert(1)</script><!-- & -->"
    text = news.read_text(encoding="utf-8")
    news.write_text(re.sub(r"^title: .*$", f"title: '{hostile}'", text, count=1, flags=re.M), encoding="utf-8")
    build(starter, tmp_path / "site", Options(date=dt.date(2026, 11, 25), base_url="https://example.org/m/"))
    page = tmp_path / "site" / "news" / "welcome" / "index.html"
    html = page.read_text(encoding="utf-8")
    (block,) = SCRIPT.findall(html)
    assert "<" not in block and ">" not in block and "&" not in block
    assert data_of(page)[0]["headline"] == hostile


def test_nothing_without_a_base_url(starter: Path, tmp_path: Path) -> None:
    build(starter, tmp_path / "site", Options(date=dt.date(2026, 11, 25)))
    assert not any(SCRIPT.search(p.read_text(encoding="utf-8")) for p in (tmp_path / "site").rglob("*.html"))


@pytest.mark.parametrize(
    ("text", "iso"),
    [("12:30", "PT12M30S"), ("1:02:03", "PT1H2M3S"), ("0:45", "PT45S"), ("3:00", "PT3M"), ("0:00", "PT0S"), ("about 5 minutes", None), (None, None)],
)
def test_durations(text: str | None, iso: str | None) -> None:
    assert _iso_duration(text) == iso
