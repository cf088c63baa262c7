from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.etree import ElementTree

import pytest

from museumgen.build import Options, build, load
from museumgen.urls import base_path

from .conftest import EXAMPLE
from .links import broken_links, crawl, links_of, unbrowsed


@pytest.fixture(params=["starter", "example"])
def museum(request: pytest.FixtureRequest, starter: Path) -> Path:
    if request.param == "example":
        if not EXAMPLE.is_dir():
            pytest.skip("no example museum")
        return EXAMPLE
    return starter


def test_no_broken_links(museum: Path, tmp_path: Path) -> None:
    options = Options(date=dt.date(2026, 11, 25))
    build(museum, tmp_path / "site", options)
    assert broken_links(tmp_path / "site", base_path(load(museum, options).site.museum.base_url)) == []


@pytest.mark.parametrize("base_url", [None, "https://example.org/qingxi/"], ids=["its base_url", "under a sub-path"])
def test_the_crawl_covers_both_languages_of_the_example(tmp_path: Path, base_url: str | None) -> None:
    options = Options(date=dt.date(2026, 11, 25), base_url=base_url)
    build(EXAMPLE, tmp_path / "site", options)
    result = crawl(tmp_path / "site", base_path(load(EXAMPLE, options).site.museum.base_url))
    assert result.broken == []
    english = [page for page in result.pages if page.startswith("en/")]
    assert {"en/index.html", "en/collection/qx-0009-revolving-lantern/index.html", "en/news/春节开放安排/index.html"} <= set(english)
    # the same pages, but the one 404 page and the pages of values, which each language writes its own way
    assert len(unbrowsed(english)) == len(unbrowsed(result.pages)) - len(unbrowsed(english)) - 1
    # the links of the English pages were followed, and the switchers lead across both ways
    assert {page for page, _ in result.followed} == set(result.pages)
    across = {(page, target) for page, target in result.followed if page.startswith("en/") != target.startswith("en/") and target.endswith(".html")}
    assert ("collection/qx-0009-revolving-lantern/index.html", "en/collection/qx-0009-revolving-lantern/index.html") in across
    assert ("en/collection/qx-0009-revolving-lantern/index.html", "collection/qx-0009-revolving-lantern/index.html") in across


def test_under_a_sub_path(museum: Path, tmp_path: Path) -> None:
    build(museum, tmp_path / "site", Options(date=dt.date(2026, 11, 25), base_url="https://example.org/qingxi/"))
    assert broken_links(tmp_path / "site", base_path="/qingxi/") == []
    not_found = (tmp_path / "site" / "404.html").read_text(encoding="utf-8")
    local = [link for link in links_of(not_found) if not link.startswith(("http", "data:", "#"))]
    assert local and all(link.startswith("/qingxi/") for link in local)
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/qingxi/">' in home
    feed = ElementTree.parse(tmp_path / "site" / "news" / "feed.xml").getroot()
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert entries and all(e.find("{http://www.w3.org/2005/Atom}id").text.startswith("https://example.org/qingxi/news/") for e in entries)  # type: ignore[union-attr]
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/qingxi/</loc>" in sitemap and "404" not in sitemap


def test_opened_from_disk(starter: Path, tmp_path: Path) -> None:
    museum = starter / "museum.yaml"
    museum.write_text(museum.read_text(encoding="utf-8") + "directory_urls: false\n", encoding="utf-8")
    build(starter, tmp_path / "site", Options(date=dt.date(2026, 11, 25)))
    page = (tmp_path / "site" / "exhibitions" / "first-exhibition" / "index.html").read_text(encoding="utf-8")
    pages = [link for link in links_of(page) if not link.startswith(("http", "data:", "#", "tel:", "mailto:"))]
    assert "../../index.html" in pages and "../../visit/index.html" in pages
    assert all(not link.endswith("/") for link in pages)
    assert broken_links(tmp_path / "site") == []


def test_no_request_to_other_hosts(museum: Path, tmp_path: Path) -> None:
    """Only links a visitor taps may point elsewhere: nothing a page loads by itself."""
    build(museum, tmp_path / "site", Options(date=dt.date(2026, 11, 25), base_url="https://example.org/qingxi/"))
    for page in (tmp_path / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag in ("<script src=\"http", "<img src=\"http", "<link rel=\"stylesheet\" href=\"http", "<iframe", "<source src=\"http"):
            assert tag not in html, f"{page.name} loads from another host"
