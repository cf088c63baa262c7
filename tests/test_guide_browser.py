"""The audio guide in a real Chromium on a small phone: the keypad with and without
script, and an object's player with its transcript."""

from __future__ import annotations

from typing import Any

import pytest

from .browser import SMALL_PHONE, Site
from .test_browser import fits_the_screen, open_phone, path_of

pytestmark = pytest.mark.browser


def key(page: Any, digit: str) -> Any:
    return page.get_by_role("group", name="数字键").get_by_text(digit, exact=True)


def test_without_script_the_keys_are_links_and_listen_goes_to_the_stop(chromium: Any, site_url: Site) -> None:
    page = open_phone(chromium, SMALL_PHONE, javascript=False)
    page.goto(site_url.page("stops/"))
    field = page.get_by_label("输入展签上的编号")
    assert field.is_visible() and field.input_value() == ""
    assert page.get_by_role("button", name="收听").is_disabled()  # nothing typed yet
    assert page.get_by_role("list").filter(has_text="兽面纹青铜鼎").get_by_role("link").count() == 10  # every stop, listed
    key(page, "1").click()
    page.wait_for_url("**/stops/1/")
    assert field.input_value() == "1"
    assert key(page, "3").is_disabled()  # no stop starts with 13
    key(page, "2").click()
    page.wait_for_url("**/stops/12/")
    assert page.get_by_role("status").inner_text().strip().endswith("木雕牡丹纹花板")
    page.get_by_role("button", name="收听").click()  # a plain GET form, sent to the stop's page
    page.wait_for_load_state("load")
    assert path_of(page, site_url) == "collection/qx-0011-carved-panel/"
    page.go_back()
    page.get_by_role("link", name="删除一位").click()
    page.wait_for_url("**/stops/1/")
    page.context.close()


def test_with_script_the_keypad_types_and_jumps_straight_to_the_stop(chromium: Any, site_url: Site) -> None:
    page = open_phone(chromium, SMALL_PHONE)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_url.page("stops/"))
    page.wait_for_load_state("load")
    field = page.get_by_label("输入展签上的编号")
    assert field.is_editable()  # the phone's own number keyboard can type too
    key(page, "1").click()
    key(page, "2").click()
    assert field.input_value() == "12" and path_of(page, site_url) == "stops/"  # no page was loaded for a key
    page.get_by_role("button", name="删除一位").click()
    assert field.input_value() == "1"
    assert page.get_by_role("status").get_by_role("link").text_content() == "1 序厅 · 溪流与人"  # stop 1, which 11 and 12 start with
    field.fill("")
    field.press_sequentially("1")
    assert field.input_value() == "1"
    page.get_by_role("button", name="删除一位").click()
    assert page.get_by_role("status").inner_text() == ""
    field.fill("9")
    assert page.get_by_role("status").inner_text() == "没有这个编号，请核对展签"
    field.fill("1x0")  # only digits are kept
    assert field.input_value() == "10" and page.get_by_role("status").inner_text() == "没有这个编号，请核对展签"
    assert page.get_by_role("button", name="收听").is_disabled()
    field.fill("4")
    field.press("Enter")
    page.wait_for_url("**/collection/qx-0001-bronze-ding/")
    assert not any("/stops/4/" in url for url in requests)  # straight to the object
    page.context.close()


def test_an_objects_stop_has_a_player_its_length_transcript_and_tour(chromium: Any, site_url: Site) -> None:
    page = open_phone(chromium, SMALL_PHONE)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_url.page("collection/qx-0001-bronze-ding/"))
    page.wait_for_load_state("load")
    assert fits_the_screen(page)
    player = page.locator("audio[controls][preload=none]")
    assert player.count() == 1 and player.get_attribute("aria-label") == "收听: 兽面纹青铜鼎"
    assert player.locator("source").get_attribute("type") == "audio/mpeg"
    assert not any(url.endswith(".mp3") for url in requests)  # nothing fetched before the visitor plays it
    guide = page.get_by_role("region", name="第 4 站 语音导览 · 0:12")
    assert guide.locator("time").get_attribute("datetime") == "PT12S"
    transcript = guide.get_by_role("heading", name="文字稿").locator("xpath=..")  # right under the player, on the page
    assert transcript.is_visible() and "第四站，兽面纹青铜鼎" in transcript.inner_text()
    # The browser can play it: its length, from the file, is the one shown.
    duration = page.evaluate("""() => new Promise(done => { const a = document.querySelector('audio');
        a.addEventListener('loadedmetadata', () => done(a.duration)); a.preload = 'metadata'; a.load(); })""")
    assert round(duration) == 12
    tour = page.get_by_role("navigation", name="语音导览 · 青溪千年")
    assert "第 4 站，共 10 站" in tour.inner_text()
    tour.get_by_role("link", name="下一站 第 5 站 彩绘陶侍俑").click()
    page.wait_for_url("**/collection/qx-0004-painted-figure/")
    page.get_by_role("link", name="上一站 第 4 站 兽面纹青铜鼎").click()
    page.wait_for_url("**/collection/qx-0001-bronze-ding/")
    page.context.close()


def test_the_keypad_fits_a_small_phone_with_large_keys(chromium: Any, site_url: Site) -> None:
    for javascript in (False, True):
        page = open_phone(chromium, SMALL_PHONE, javascript=javascript)
        page.goto(site_url.page("stops/"))
        page.wait_for_load_state("load")
        assert fits_the_screen(page)
        sizes = page.locator(".keys .key").evaluate_all("keys => keys.map(k => [k.getBoundingClientRect().width, k.getBoundingClientRect().height])")
        assert len(sizes) == 12 and all(width >= 60 and height >= 60 for width, height in sizes)
        page.context.close()
