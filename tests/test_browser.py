"""A visitor's walk through the example museum on a phone, in a real Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from .browser import PAGE_TYPES, PHONE, SMALL_PHONE, Recorder, Site
from .links import broken_links

pytestmark = pytest.mark.browser

TABS = ["展览", "藏品", "活动", "参观", "首页"]


def open_phone(chromium: Any, profile: dict[str, Any], javascript: bool = True) -> Any:
    return chromium.new_context(**profile, java_script_enabled=javascript).new_page()


def fits_the_screen(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def tab(page: Any, label: str) -> Any:
    return page.get_by_role("navigation", name="主导航").get_by_role("link", name=label, exact=True)


def walk(page: Any, site: Site) -> list[str]:
    """Home, every tab, then one exhibition, object, event and video, and back each time.
    Returns the titles of the pages seen."""
    seen: list[str] = []

    def arrive() -> None:
        # A click returns once the next page starts: measured before its stylesheet is in,
        # a page would be laid out without it (photographs at their full width).
        page.wait_for_load_state("load")
        seen.append(page.locator("h1").first.inner_text())
        assert fits_the_screen(page), f"{page.url} scrolls sideways"

    page.goto(site.page(""))
    arrive()
    for label in TABS:
        tab(page, label).click()
        assert tab(page, label).get_attribute("aria-current") == "page"
        arrive()
    for section, card in [("展览", ".card a"), ("藏品", ".tile a"), ("活动", ".row a")]:
        tab(page, section).click()
        list_url = page.url
        page.locator(f"main {card}").first.click()
        arrive()
        page.go_back()
        assert page.url == list_url
    page.goto(site.page("videos/"))
    page.get_by_role("link", name="一盏灯的诞生").click()
    arrive()
    assert page.locator("video track[srclang=en]").count() == 1
    page.go_back()
    page.get_by_role("link", name="馆长说 · 兽面纹青铜鼎").click()
    arrive()
    assert (page.locator("a.external-video").get_attribute("href") or "").startswith("https://www.bilibili.com/")
    return seen


@pytest.mark.parametrize("profile", [PHONE, SMALL_PHONE], ids=["390x844", "360x640"])
def test_visitor_journey(chromium: Any, site_url: Site, profile: dict[str, Any]) -> None:
    page = open_phone(chromium, profile)
    recorder = Recorder(page, site_url)
    seen = walk(page, site_url)
    assert seen[:6] == ["青溪县博物馆", "展览", "藏品", "社教活动", "参观指南", "青溪县博物馆"]
    assert recorder.problems == []
    assert recorder.elsewhere() == []
    page.context.close()


def test_the_same_journey_without_javascript(chromium: Any, site_url: Site) -> None:
    page = open_phone(chromium, PHONE, javascript=False)
    recorder = Recorder(page, site_url)
    walk(page, site_url)
    assert recorder.problems == []
    assert recorder.elsewhere() == []
    page.context.close()


def test_every_page_type_under_a_sub_path(chromium: Any, sub_path_site: Site) -> None:
    assert broken_links(sub_path_site.folder, "/qingxi/") == []
    page = open_phone(chromium, PHONE)
    recorder = Recorder(page, sub_path_site)
    for path in PAGE_TYPES.values():
        page.goto(sub_path_site.page(path))
        page.wait_for_load_state("networkidle")
    assert recorder.problems == []
    missing = sub_path_site.url + "no/such/page"
    page.goto(missing)  # the host answers with 404.html: deep below the site, it still finds its assets
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "页面不存在"
    assert page.evaluate("getComputedStyle(document.querySelector('.tabbar')).position") == "fixed"
    assert sorted(recorder.problems) == [
        "404: " + missing,
        "console: Failed to load resource: the server responded with a status of 404 (Not Found)",
    ]
    assert recorder.elsewhere() == []
    page.context.close()


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-11-23T10:00:00+08:00", "今日闭馆"),  # a Monday
        ("2026-11-24T10:00:00+08:00", "今日开放 09:00–17:00"),  # a Tuesday
        ("2026-11-23T23:30:00Z", "今日开放 09:00–17:00"),  # Monday in London is Tuesday in Shanghai
        ("2027-02-06T10:00:00+08:00", "今日闭馆"),  # the Spring Festival closure
        ("2027-01-01T10:00:00+08:00", "今日开放 09:00–20:00"),  # a late opening
    ],
)
def test_script_shows_todays_hours(chromium: Any, site_url: Site, moment: str, expected: str) -> None:
    page = open_phone(chromium, PHONE)
    page.add_init_script(f"Date = class extends Date {{ constructor(...a) {{ super(...(a.length ? a : ['{moment}'])); }} }};")
    page.goto(site_url.page("visit/"))
    assert page.locator(".panel .today-text").inner_text() == expected
    page.context.close()
