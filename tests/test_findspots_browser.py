"""The map of find spots in Chromium: every point is a link that leads to its object, the
outline image loads from the site itself, and the page fits a 360 px phone."""

from __future__ import annotations

from typing import Any

import pytest

from .browser import SMALL_PHONE, Site

pytestmark = pytest.mark.browser

MAP = "collection/map/"


def test_each_point_is_a_link_to_its_object(chromium: Any, site_url: Site) -> None:
    page = chromium.new_context(**SMALL_PHONE).new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url.page(MAP), wait_until="load")
    points = page.locator(".map svg a")
    assert points.count() >= 6
    listed = page.eval_on_selector_all(".map-list a", "links => links.map(a => a.href)")
    drawn = page.eval_on_selector_all(
        ".map:not(.close-up) svg a",
        "links => links.map(a => a.href.baseVal ? new URL(a.href.baseVal, document.baseURI).href : a.href)",
    )
    assert sorted(drawn) == sorted(listed)
    assert page.evaluate("document.querySelector('.map-frame img').naturalWidth") > 0, "the outline loads"
    assert all(site_url.is_local(address) for address in requested)
    page.locator(".close-up svg a").first.click()
    page.wait_for_load_state("load")
    assert page.url == listed[0]
    assert page.locator("h1").count() == 1


def test_the_map_fits_a_small_phone(chromium: Any, site_url: Site) -> None:
    page = chromium.new_context(**SMALL_PHONE).new_page()
    page.goto(site_url.page(MAP), wait_until="load")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    box = page.locator(".map-frame").first.bounding_box()
    assert box is not None and box["width"] <= 360 and box["height"] > 150
    assert page.locator(".map-list a").first.bounding_box()["height"] >= 44  # type: ignore[index]
