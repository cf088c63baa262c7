"""The example network's portal in a real browser: valid, accessible, nothing from other hosts."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from .browser import AXE, PHONE, Recorder, Site, require, serve_network
from .test_accessibility import _HEADING_LEVELS, _SMALL_TARGETS, TOUCH_TARGET
from .test_validity import html_errors

pytestmark = pytest.mark.browser
PORTAL_PAGES = ["", "en/"]


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
