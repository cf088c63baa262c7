"""Floor plans and the stamp passport in a real Chromium on a small phone: markers on the
drawing where the plan says, the list of places without script, and stamps collected by
visiting their page or entering their number, kept after a reload and without a network."""

from __future__ import annotations

from typing import Any

import pytest

from .browser import SMALL_PHONE, Site
from .test_browser import fits_the_screen, open_phone, path_of

pytestmark = pytest.mark.browser

# From examples/qingxi/plans/1f.md: the drawing is 800 × 560 pixels.
PLACES = {"1": (170, 420), "4": (310, 135), "12": (90, 245), "A": (550, 470), "7": (420, 430)}


def test_plan_markers_are_links_at_their_places_at_360_px(chromium: Any, site_url: Site) -> None:
    page = open_phone(chromium, SMALL_PHONE)
    page.goto(site_url.page("plans/1f/"))
    page.wait_for_load_state("load")
    assert fits_the_screen(page)
    image = page.locator(".plan-map img").bounding_box()
    assert image["width"] <= 360
    for label, (x, y) in PLACES.items():
        marker = page.locator(f'.plan-marker[data-label="{label}"]')
        box = marker.bounding_box()
        centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert centre[0] == pytest.approx(image["x"] + x / 800 * image["width"], abs=1.5)
        assert centre[1] == pytest.approx(image["y"] + y / 560 * image["height"], abs=1.5)
    boxes = [page.locator(".plan-marker").nth(i).bounding_box() for i in range(page.locator(".plan-marker").count())]
    assert all(box["width"] >= 44 and box["height"] >= 44 for box in boxes)  # each a finger's target
    ding = page.get_by_role("link", name="4 兽面纹青铜鼎")
    assert ding.count() == 1  # the marker, named by its number and what it marks
    ding.click()
    page.wait_for_load_state("load")
    assert path_of(page, site_url) == "collection/qx-0001-bronze-ding/"
    plan_link = page.get_by_role("link", name="1F, 第 4 站")
    assert plan_link.count() == 1
    page.context.close()


def test_without_script_the_plan_lists_its_places(chromium: Any, site_url: Site) -> None:
    page = open_phone(chromium, SMALL_PHONE, javascript=False)
    page.goto(site_url.page("plans/1f/"))
    places = page.locator("ol.plan-places li")
    assert places.count() == 11
    assert "序厅" in places.first.inner_text()
    assert page.locator(".plan-marker").count() == 11
    page.goto(site_url.page("stamps/lanterns/"))
    assert "JavaScript" in page.locator(".stamp-state").inner_text()  # says what it is and what it needs
    page.goto(site_url.page("stamps/"))
    assert page.locator(".stamp").count() == 3
    assert page.locator("noscript").count() == 1
    page.context.close()


def marks(page: Any) -> dict[str, str]:
    return {
        item.get_attribute("data-stamp"): item.locator(".stamp-mark").inner_text()
        for item in page.locator(".stamp").all()
    }


def test_stamps_are_collected_by_visit_and_by_number_and_kept(chromium: Any, site_url: Site) -> None:
    page = open_phone(chromium, SMALL_PHONE)
    requests: list[str] = []
    page.goto(site_url.page("stamps/lanterns/"))
    page.wait_for_load_state("load")
    assert page.locator(".stamp-state").inner_text() == "已集"
    page.goto(site_url.page("stamps/"))
    page.wait_for_load_state("load")
    assert marks(page) == {"history": "未集", "lanterns": "已集", "celadon": "未集"}
    page.on("request", lambda request: requests.append(request.url))
    page.context.set_offline(True)  # collecting asks for nothing
    page.get_by_label("输入印章二维码旁的编号").fill("3")
    page.get_by_role("button", name="集章").click()
    assert page.get_by_role("status").inner_text().startswith("已集")
    page.get_by_label("输入印章二维码旁的编号").fill("9")
    page.get_by_role("button", name="集章").click()
    assert page.get_by_role("status").inner_text() == "没有这个编号的印章"
    assert requests == []
    page.context.set_offline(False)
    page.reload()
    page.wait_for_load_state("load")
    assert marks(page) == {"history": "未集", "lanterns": "已集", "celadon": "已集"}
    assert page.locator("[data-count]").inner_text() == "2"
    assert fits_the_screen(page)
    page.context.close()
