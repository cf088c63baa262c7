"""Deep zoom in Chromium: on a phone, the object page loads nothing of the viewer until
"Zoom in" is tapped; then it shows tiles of the IIIF service, zooms and moves, and closes.
Without JavaScript the page shows the ordinary photograph and no dead button."""

from __future__ import annotations

from typing import Any

import pytest

from .browser import PHONE, Recorder, Site

pytestmark = pytest.mark.browser

ZOOMED = "collection/qx-0005-bronze-mirror/"


def zoom_requests(recorder: Recorder) -> list[str]:
    return [url for url in recorder.requests if "zoom." in url or "-iiif/" in url]


def tiles(page: Any) -> list[str]:
    return list(
        page.eval_on_selector_all(
            ".zoom-tile",
            "images => images.filter(i => i.complete && i.naturalWidth > 0).map(i => i.getAttribute('src'))",
        )
    )


def test_the_viewer_loads_only_after_the_tap_and_shows_tiles(chromium: Any, site_url: Site) -> None:
    page = chromium.new_context(**PHONE).new_page()
    recorder = Recorder(page, site_url)
    page.goto(site_url.page(ZOOMED), wait_until="networkidle")
    assert zoom_requests(recorder) == [], "nothing of the viewer before the tap"
    button = page.locator("button[data-zoom]")
    assert button.is_visible()
    box = button.bounding_box()
    assert box is not None and box["height"] >= 44
    button.click()
    page.wait_for_function(
        "document.querySelectorAll('.zoom-tile').length > 0 && [...document.querySelectorAll('.zoom-tile')].every(i => i.complete)"
    )
    requested = zoom_requests(recorder)
    assert any(url.endswith(".js") for url in requested) and any(url.endswith("/info.json") for url in requested)
    first = tiles(page)
    assert first and all(src.endswith("/0/default.jpg") for src in first)
    assert any("full/300,300/" in src for src in first), "the whole image, coarse, under the rest"
    page.locator(".zoom-bar button").first.click()  # zoom in, three times: finer tiles come
    page.locator(".zoom-bar button").first.click()
    page.locator(".zoom-bar button").first.click()
    page.wait_for_function(
        "[...document.querySelectorAll('.zoom-tile')].some(i => /\\/\\d+,\\d+,\\d+,\\d+\\/\\d+,\\d+\\//.test(i.src) && i.complete)"
    )
    finer = tiles(page)
    assert any(",512,512/512,512/" in src or ",176/" in src or ",176," in src for src in finer), finer
    stage = page.locator(".zoom-stage").bounding_box()
    assert stage is not None
    page.mouse.move(stage["x"] + 200, stage["y"] + 400)
    page.mouse.down()
    page.mouse.move(stage["x"] + 100, stage["y"] + 300, steps=4)  # a drag moves the image
    page.mouse.up()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Escape")
    page.locator(".zoom-viewer").wait_for(state="detached")
    assert page.evaluate("document.activeElement.hasAttribute('data-zoom')"), "focus goes back to the button"
    assert recorder.problems == [] and recorder.elsewhere() == []
    page.context.close()


def test_without_javascript_the_photograph_and_its_alt_text_stay(chromium: Any, site_url: Site) -> None:
    page = chromium.new_context(**PHONE, java_script_enabled=False).new_page()
    recorder = Recorder(page, site_url)
    page.goto(site_url.page(ZOOMED), wait_until="networkidle")
    assert not page.locator("button[data-zoom]").is_visible(), "no button that would do nothing"
    photo = page.locator("figure img").first
    assert photo.is_visible() and (photo.get_attribute("alt") or "").startswith("圆形铜镜")
    assert zoom_requests(recorder) == [] and page.locator("h1").is_visible()
    page.context.close()
