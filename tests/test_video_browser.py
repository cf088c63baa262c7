"""The video channel in Chromium, on a small phone: captions and chapters that a player
loads, chapters that jump, the transcript, and nothing asked of another site."""

from __future__ import annotations

from typing import Any

import pytest

from .browser import ENGLISH, SMALL_PHONE, Recorder, Site

pytestmark = pytest.mark.browser

LOCAL = "videos/lantern-making/"  # a video file with captions in two languages and chapters


def open_phone(chromium: Any, javascript: bool = True) -> Any:
    page = chromium.new_context(**SMALL_PHONE, java_script_enabled=javascript).new_page()
    # Nothing may leave the machine: a request to another host is refused, and recorded.
    page.context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")) else route.abort())
    return page


def cues(page: Any, kind: str) -> list[list[Any]]:
    """The cues Chromium read of each track of `kind` (its text tracks, as a player has them)."""
    return page.evaluate(
        """kind => [...document.getElementById('player').textTracks].filter(t => t.kind === kind)
             .map(t => { if (t.mode === 'disabled') t.mode = 'hidden'; return t; })
             .map(t => [t.language, t.cues ? [...t.cues].map(c => [c.startTime, c.text]) : null, t.mode])""",
        kind,
    )


@pytest.mark.parametrize(("prefix", "own", "first"), [("", "zh-CN", "一盏灯的诞生"), (ENGLISH, "en", "The Making of a Lantern")])
def test_the_captions_of_the_page_language_are_shown_and_every_track_is_read(chromium: Any, site_url: Site, prefix: str, own: str, first: str) -> None:
    page = open_phone(chromium)
    recorder = Recorder(page, site_url)
    page.goto(site_url.page(prefix + LOCAL), wait_until="load")
    assert page.get_attribute("#player", "preload") == "none"
    cues(page, "captions"), cues(page, "chapters")  # Chromium fetches a track once it is not disabled
    page.wait_for_function("[...document.getElementById('player').textTracks].every(t => t.cues && t.cues.length > 0)")
    tracks = cues(page, "captions")
    assert [language for language, _cues, _mode in tracks] == ["zh-CN", "en"]
    showing = [language for language, _cues, mode in tracks if mode == "showing"]
    assert showing == [own]
    assert all(len(found) == 4 for _language, found, _mode in tracks)
    assert dict((language, found[0][1]) for language, found, _mode in tracks)[own] == first
    [(_language, chapters, _mode)] = cues(page, "chapters")
    assert [start for start, _title in chapters] == [0, 3, 9]
    assert recorder.problems == [] and recorder.elsewhere() == []
    page.context.close()


def test_a_chapter_jumps_the_player_to_its_time(chromium: Any, site_url: Site) -> None:
    page = open_phone(chromium)
    page.goto(site_url.page(LOCAL), wait_until="load")
    chapters = page.locator(".chapters a")
    assert chapters.all_inner_texts() == ["0:00\n片头", "0:03\n破篾扎架", "0:09\n糊纸点灯"]
    chapters.nth(1).click()
    page.wait_for_function("document.getElementById('player').currentTime >= 3")
    assert page.url.endswith(LOCAL), "the page stays; the player jumps"
    page.context.close()


def test_without_javascript_a_chapter_opens_the_file_at_its_time(chromium: Any, site_url: Site) -> None:
    page = open_phone(chromium, javascript=False)
    page.goto(site_url.page(LOCAL), wait_until="load")
    assert page.locator(".chapters a").nth(2).get_attribute("href") == "../../media/video/lantern-making.mp4#t=9"
    page.context.close()


def test_the_transcript_is_the_words_of_the_captions_and_opens(chromium: Any, site_url: Site) -> None:
    page = open_phone(chromium)
    page.goto(site_url.page(ENGLISH + LOCAL), wait_until="load")
    transcript = page.locator("details.transcript")
    assert not transcript.locator("p").is_visible()
    transcript.locator("summary").click()
    text = transcript.locator("p").inner_text()
    assert text.startswith("The Making of a Lantern First the bamboo is split") and text.endswith("the lantern comes to life.")
    page.context.close()


PLATFORM = "videos/bronze-ding-talk/"  # on Bilibili, which lets other sites show its player
LINK_ONLY = "videos/indigo-printing/"  # on WeChat Channels, which plays only in WeChat


def test_a_platform_player_is_asked_for_only_after_the_tap(chromium: Any, site_url: Site) -> None:
    page = open_phone(chromium)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(site_url.page(PLATFORM), wait_until="networkidle")
    page.mouse.wheel(0, 2000)  # everything lazy on the page is loaded too
    page.wait_for_load_state("networkidle")
    assert [url for url in asked if not site_url.is_local(url)] == [], "nothing is asked of another site before the tap"
    assert page.locator("iframe").count() == 0
    poster = page.locator(".platform-video a")
    assert poster.inner_text().strip() == "点击在本页播放（播放器来自哔哩哔哩）"
    poster.click()
    frame = page.locator(".platform-video iframe")
    assert frame.get_attribute("src") == "https://player.bilibili.com/player.html?bvid=BV1Qx4y1a7Xm&autoplay=1"
    assert frame.get_attribute("title") == "馆长说 · 兽面纹青铜鼎"
    page.wait_for_function("document.activeElement && document.activeElement.tagName === 'IFRAME'")
    assert page.url.endswith(PLATFORM)
    assert [url for url in asked if not site_url.is_local(url)] == ["https://player.bilibili.com/player.html?bvid=BV1Qx4y1a7Xm&autoplay=1"]
    page.context.close()


def test_without_javascript_and_on_a_platform_that_cannot_be_embedded_the_poster_is_a_link(chromium: Any, site_url: Site) -> None:
    page = open_phone(chromium, javascript=False)
    page.goto(site_url.page(PLATFORM), wait_until="load")
    link = page.locator(".platform-video a")
    assert link.get_attribute("href") == "https://www.bilibili.com/video/BV1Qx4y1a7Xm"
    assert "在哔哩哔哩观看" in link.inner_text()
    page.context.close()
    page = open_phone(chromium)
    page.goto(site_url.page(ENGLISH + LINK_ONLY), wait_until="load")
    box = page.locator(".platform-video")
    assert box.get_attribute("data-player") is None
    assert box.locator("a").get_attribute("href", timeout=1000).startswith("https://channels.weixin.qq.com/")
    assert "Watch on WeChat Channels" in box.inner_text()
    page.context.close()


UPCOMING_LIVE = "live/lantern-live/"  # 2026-12-12 19:30–20:30 in Shanghai; the site is built on 2026-11-25
PAST_LIVE = "live/ding-live/"  # 2026-06-10, with a recording


@pytest.mark.parametrize(
    ("clock", "state", "label"),
    [("2026-12-12T11:00:00Z", "upcoming", "直播预告"), ("2026-12-12T12:00:00Z", "now", "正在直播"), ("2026-12-12T12:31:00Z", "ended", "已结束")],
)
def test_a_live_streams_state_follows_the_visitors_clock(chromium: Any, site_url: Site, clock: str, state: str, label: str) -> None:
    page = open_phone(chromium)
    page.clock.set_fixed_time(clock)
    page.goto(site_url.page(UPCOMING_LIVE), wait_until="load")
    badge = page.locator("main .badge-live")
    assert badge.inner_text() == label and badge.get_attribute("class") == f"badge badge-live badge-live-{state}"
    assert page.locator(".live-room").is_visible(), "no recording: the room stays"
    page.goto(site_url.page(""), wait_until="load")
    assert page.locator("main .badge-live").first.inner_text() == label
    page.context.close()


def test_a_past_live_stream_offers_its_recording(chromium: Any, site_url: Site) -> None:
    page = open_phone(chromium)
    page.clock.set_fixed_time("2026-11-25T02:00:00Z")
    page.goto(site_url.page(PAST_LIVE), wait_until="load")
    assert page.locator("main .badge-live").inner_text() == "看回放"
    assert not page.locator(".live-room").is_visible()
    recording = page.locator(".live-recording")
    assert recording.get_attribute("href") == "../../videos/bronze-ding-talk/" and recording.get_attribute("class") == "button live-recording"
    page.context.close()


def test_without_javascript_a_live_stream_says_what_the_build_date_knew(chromium: Any, site_url: Site) -> None:
    page = open_phone(chromium, javascript=False)
    page.goto(site_url.page(ENGLISH + UPCOMING_LIVE), wait_until="load")
    assert page.locator("main .badge-live").inner_text() == "Upcoming live"
    assert page.locator(".live-room").inner_text() == "Watch live on Bilibili"
    page.goto(site_url.page(ENGLISH + PAST_LIVE), wait_until="load")
    assert page.locator("main .badge-live").inner_text() == "Watch the recording"
    assert page.locator(".live-recording").is_visible() and not page.locator(".live-room").is_visible()
    page.context.close()
