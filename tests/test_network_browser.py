"""The example network's portal in a real browser: valid, accessible, nothing from other hosts;
its filters, its map and its search across the museums."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from .browser import AXE, PHONE, Recorder, Site, require, serve_network
from .test_accessibility import _HEADING_LEVELS, _SMALL_TARGETS, TOUCH_TARGET
from .test_validity import html_errors

pytestmark = pytest.mark.browser
PORTAL_PAGES = ["", "en/", "map/", "en/map/", "search/", "en/search/"]


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Any:
    yield from serve_network(tmp_path_factory.mktemp("portal"))


def test_the_portal_pages_are_valid(portal: Site, tmp_path: Path) -> None:
    for path in PORTAL_PAGES:  # only the portal's own pages: the museums' are checked on their own
        (tmp_path / path).mkdir(parents=True, exist_ok=True)
        shutil.copy(portal.folder / path / "index.html", tmp_path / path / "index.html")
    assert html_errors(tmp_path) == []


@pytest.mark.parametrize("path", PORTAL_PAGES)
def test_the_portal_is_accessible_and_asks_no_other_host(chromium: Any, portal: Site, path: str) -> None:
    require(AXE.is_file(), "axe-core is not installed")
    context = chromium.new_context(**PHONE)
    page = context.new_page()
    recorder = Recorder(page, portal)
    page.goto(portal.page(path), wait_until="networkidle")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert [v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")] == []
    levels = page.evaluate(_HEADING_LEVELS)
    assert levels[:1] == [1] and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert page.evaluate(_SMALL_TARGETS, TOUCH_TARGET) == []
    assert [url for url in recorder.requests if not portal.is_local(url)] == []
    assert recorder.problems == []
    # Every museum's link leads to a page that is there (the domain's is published elsewhere).
    for href in page.eval_on_selector_all(".museum a", "links => links.map(a => a.href)"):
        if portal.is_local(href):
            assert page.request.get(href).ok, href
    context.close()


def test_the_filters_show_one_region_or_type(chromium: Any, portal: Site) -> None:
    context = chromium.new_context(**PHONE)
    page = context.new_page()
    page.goto(portal.page(""), wait_until="networkidle")
    visible = ".museum:visible a"
    assert page.locator(visible).count() == 3
    page.select_option("select[name=region]", "青溪县")
    assert page.locator(visible).all_inner_texts() == ["青溪县博物馆"]
    page.select_option("select[name=region]", "")
    page.select_option("select[name=type]", "纪念馆")
    assert page.locator(visible).all_inner_texts() == ["石桥村纪念馆"]
    assert page.locator(".region:visible").count() == 1
    context.close()
    without = chromium.new_context(**PHONE, java_script_enabled=False)
    plain = without.new_page()
    plain.goto(portal.page(""))
    assert plain.locator(".filters").is_hidden() and plain.locator(visible).count() == 3
    without.close()


DOMAIN = "https://shiqiao-memorial.example.org/"  # the museum published on a domain of its own


def _from_folder(route: Any, portal: Site) -> None:
    """A request to the museum on its own domain, answered from its folder of the output."""
    path = portal.folder / DOMAIN.split("//")[1] / route.request.url.removeprefix(DOMAIN)
    route.fulfill(path=str(path)) if path.is_file() else route.fulfill(status=404)


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        ("search/", "乾隆", ["qingxi/collection/qx-0012-county-gazetteer/", "lianshan/collection/ls-0003-road-stele/"]),
        ("search/", "乾隆年", ["lianshan/collection/ls-0003-road-stele/"]),  # three characters: in one museum only
        ("en/search/", "village", ["qingxi/en/", "https://shiqiao-memorial.example.org/en/"]),  # a word, its stem
    ],
)
def test_the_search_finds_in_every_museum_and_links_into_each(
    chromium: Any, portal: Site, path: str, query: str, expected: list[str]
) -> None:
    context = chromium.new_context(**PHONE)
    context.route(f"{DOMAIN}**", lambda route: _from_folder(route, portal))  # its thumbnails
    page = context.new_page()
    recorder = Recorder(page, portal)
    page.goto(portal.page(path) + "?q=" + query, wait_until="networkidle")
    page.wait_for_selector(".search-results a")
    links = page.eval_on_selector_all(".search-results a", "links => links.map(a => a.href)")
    wanted = [link if "://" in link else portal.page(link) for link in expected]
    for link in wanted:  # each museum's results lead into its site
        assert any(href.startswith(link) for href in links), (link, links)
    assert all(any(href.startswith(link) for link in wanted) for href in links), links
    for href in links:
        if portal.is_local(href):
            assert page.request.get(href).ok, href
    labels = page.locator(".search-kind").all_inner_texts()
    assert len(labels) == len(links) and all(" · " in label for label in labels)  # the museum, then the kind
    assert recorder.problems == []
    context.close()


def test_without_script_the_search_says_so_and_links_to_each_museum(chromium: Any, portal: Site) -> None:
    context = chromium.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(portal.page("search/"))
    assert page.locator(".search-needs-script").is_visible()
    lists = page.eval_on_selector_all(".search-browse .chips a", "links => links.map(a => a.href)")
    for museum in ("lianshan/", "qingxi/"):
        assert portal.page(museum + "collection/") in lists
        assert page.request.get(portal.page(museum + "collection/")).ok
    assert "https://shiqiao-memorial.example.org/collection/" in lists
    context.close()


def test_each_point_of_the_map_leads_to_its_museum(chromium: Any, portal: Site) -> None:
    context = chromium.new_context(**PHONE)
    page = context.new_page()
    page.goto(portal.page("map/"), wait_until="networkidle")
    assert page.locator(".map-frame img").evaluate("img => img.naturalWidth") > 0  # the outline is there
    points = page.eval_on_selector_all(
        ".map svg a", "links => links.map(a => new URL(a.href.baseVal, location.href).href)"
    )
    listed = page.eval_on_selector_all(".map-list a", "links => links.map(a => a.href)")
    assert len(listed) == 3 and sorted(points) == sorted(listed * 2)  # the map and its close-up
    for href in listed:
        if portal.is_local(href):
            assert page.request.get(href).ok, href
    context.close()
