"""What a visitor on a small phone sees of the example's pictures, videos and dates, in Chromium:
a photo gallery that swipes and opens large, cut-outs without a coloured box behind them,
a video without a poster that still looks like one, and dates that never break inside."""

from __future__ import annotations

from typing import Any

import pytest

from .browser import ENGLISH, SMALL_PHONE, Site

pytestmark = pytest.mark.browser

GALLERY = "collection/qx-0009-revolving-lantern/"  # two photographs
CUT_OUT = "collection/qx-0006-celadon-meiping/"  # a PNG with a transparent ground
NO_POSTER = "videos/indigo-printing/"  # a platform video without a poster


def open_phone(chromium: Any, javascript: bool = True) -> Any:
    return chromium.new_context(**SMALL_PHONE, java_script_enabled=javascript).new_page()


def test_several_photos_swipe_and_the_name_shows_on_the_first_screen(chromium: Any, site_url: Site) -> None:
    page = open_phone(chromium)
    page.goto(site_url.page(GALLERY), wait_until="load")
    track = page.locator(".gallery-track")
    assert page.evaluate("getComputedStyle(document.querySelector('.gallery-track')).scrollSnapType").startswith("x")
    assert track.evaluate("t => t.scrollWidth > t.clientWidth"), "the second photo is beside the first, not below it"
    heading = page.locator("h1").bounding_box()
    assert heading is not None and heading["y"] + heading["height"] < SMALL_PHONE["viewport"]["height"] - 60, "the name is above the tab bar"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page itself does not scroll sideways"
    page.context.close()


def test_a_photo_opens_large_over_the_page_and_closes(chromium: Any, site_url: Site) -> None:
    page = open_phone(chromium)
    page.goto(site_url.page(GALLERY), wait_until="load")
    first = page.locator(".gallery a").first
    large = first.get_attribute("href") or ""
    first.click()
    viewer = page.locator(".viewer")
    assert viewer.count() == 1 and page.url.endswith(GALLERY)
    assert (viewer.locator("img").get_attribute("src") or "").endswith(large.rsplit("/", 1)[-1])
    page.keyboard.press("Escape")
    viewer.wait_for(state="detached")
    assert page.url.endswith(GALLERY)
    first.click()
    assert viewer.count() == 1
    page.go_back()  # what a phone's back button does: the photo closes, the page stays
    viewer.wait_for(state="detached")
    assert page.url.endswith(GALLERY) and page.locator("h1").is_visible()
    page.context.close()


def test_without_javascript_a_photo_is_a_link_to_its_large_copy(chromium: Any, site_url: Site) -> None:
    page = open_phone(chromium, javascript=False)
    page.goto(site_url.page(GALLERY), wait_until="load")
    page.locator(".gallery a").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("-1200.jpg")
    page.context.close()


def test_a_cut_out_has_no_placeholder_colour_behind_it(chromium: Any, site_url: Site) -> None:
    page = open_phone(chromium, javascript=False)
    for path in (CUT_OUT, "collection/"):
        page.goto(site_url.page(path), wait_until="load")
        cut_outs = page.locator("img.cutout")
        assert cut_outs.count() >= 1, path
        colours = cut_outs.evaluate_all("images => images.map(i => getComputedStyle(i).backgroundColor)")
        assert set(colours) == {"rgb(255, 255, 255)"}, f"{path}: white behind a cut-out, as the page's paper"
    page.context.close()


@pytest.mark.parametrize("path", [NO_POSTER, "videos/"])
def test_a_video_without_a_poster_gets_a_cover_card(chromium: Any, site_url: Site, path: str) -> None:
    page = open_phone(chromium)
    page.goto(site_url.page(path), wait_until="load")
    card = page.locator(".no-poster").first
    box = card.bounding_box()
    assert box is not None and box["height"] >= 150, "as tall as a poster would be"
    assert "gradient" in card.evaluate("c => getComputedStyle(c).backgroundImage")
    assert card.locator(".poster-title").inner_text().startswith("蓝印花布")
    assert card.locator(".play").is_visible()
    page.context.close()


@pytest.mark.parametrize("prefix", ["", ENGLISH], ids=["zh-CN", "en"])
@pytest.mark.parametrize("path", ["events/", "exhibitions/", "news/", "events/lantern-workshop/", "visit/"])
def test_no_date_breaks_inside_itself_at_360_px(chromium: Any, site_url: Site, prefix: str, path: str) -> None:
    page = open_phone(chromium, javascript=False)
    page.goto(site_url.page(prefix + path), wait_until="load")
    spans = page.locator(".nowrap")
    assert spans.count() > 0
    # A span on one line has one box; one broken across lines has several.
    broken = spans.evaluate_all("spans => spans.filter(s => s.getClientRects().length > 1).map(s => s.textContent)")
    assert broken == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "and nothing sticks out"
    page.context.close()
