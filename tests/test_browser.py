"""A visitor's walk through the example museum on a phone, in a real Chromium."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import pytest

from .browser import ENGLISH, PAGE_TYPES, PHONE, SMALL_PHONE, Recorder, Site, serve_example
from .conftest import EXAMPLE
from .links import broken_links

pytestmark = pytest.mark.browser

@dataclass(frozen=True)
class Language:
    """What a visitor reads on the example's pages in one of its languages."""

    prefix: str  # where its pages are: "" or "en/"
    main_nav: str  # the accessible name of the tab bar (the theme's `main_nav`)
    tabs: list[str]  # in the order the journey taps them
    titles: list[str]  # the h1 of home and of each tab's page, in that order
    local_video: str
    platform_video: str


CHINESE = Language(
    "",
    "主导航",
    ["展览", "藏品", "活动", "参观", "首页"],
    ["青溪县博物馆", "展览", "藏品", "社教活动", "参观指南", "青溪县博物馆"],
    "一盏灯的诞生",
    "馆长说 · 兽面纹青铜鼎",
)
ENGLISH_PAGES = Language(
    ENGLISH,
    "Main",
    ["Exhibitions", "Collection", "Events", "Visit", "Home"],
    ["Qingxi County Museum", "Exhibitions", "Collection", "Events", "Visit", "Qingxi County Museum"],
    "The Making of a Lantern",
    "Curator's Talk: The Bronze Ding with Animal Masks",
)
LANGUAGES = pytest.mark.parametrize("language", [CHINESE, ENGLISH_PAGES], ids=["zh-CN", "en"])


def open_phone(chromium: Any, profile: dict[str, Any], javascript: bool = True) -> Any:
    return chromium.new_context(**profile, java_script_enabled=javascript).new_page()


def fits_the_screen(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def tab(page: Any, language: Language, label: str) -> Any:
    return page.get_by_role("navigation", name=language.main_nav).get_by_role("link", name=label, exact=True)


def path_of(page: Any, site: Site) -> str:
    """The page's address within the site, without its query and fragment."""
    return unquote(urlsplit(page.url).path).removeprefix(urlsplit(site.url).path)


def walk(page: Any, site: Site, language: Language) -> list[str]:
    """Home, every tab, then one exhibition, object, event and video, and back each time,
    all in one language. Returns the titles of the pages seen."""
    seen: list[str] = []

    def arrive() -> None:
        # A click returns once the next page starts: measured before its stylesheet is in,
        # a page would be laid out without it (photographs at their full width).
        page.wait_for_load_state("load")
        seen.append(page.locator("h1").first.inner_text())
        assert fits_the_screen(page), f"{page.url} scrolls sideways"
        assert path_of(page, site).startswith(language.prefix), f"{page.url} left the language"
        assert page.locator("html").get_attribute("lang") == ("en" if language.prefix else "zh-CN")

    page.goto(site.page(language.prefix))
    arrive()
    for label in language.tabs:
        tab(page, language, label).click()
        assert tab(page, language, label).get_attribute("aria-current") == "page"
        arrive()
    for section, card in [(language.tabs[0], ".card a"), (language.tabs[1], ".tile a"), (language.tabs[2], ".row a")]:
        tab(page, language, section).click()
        list_url = page.url
        page.locator(f"main {card}").first.click()
        arrive()
        page.go_back()
        assert page.url == list_url
    page.goto(site.page(language.prefix + "videos/"))
    page.get_by_role("link", name=language.local_video).click()
    arrive()
    assert page.locator("video track[kind=captions][srclang=en]").count() == 1
    page.go_back()
    page.get_by_role("link", name=language.platform_video).click()
    arrive()
    assert (page.locator("a.external-video").get_attribute("href") or "").startswith("https://www.bilibili.com/")
    return seen


@LANGUAGES
@pytest.mark.parametrize("profile", [PHONE, SMALL_PHONE], ids=["390x844", "360x640"])
def test_visitor_journey(chromium: Any, site_url: Site, profile: dict[str, Any], language: Language) -> None:
    page = open_phone(chromium, profile)
    recorder = Recorder(page, site_url)
    seen = walk(page, site_url, language)
    assert seen[:6] == language.titles
    assert recorder.problems == []
    assert recorder.elsewhere() == []
    page.context.close()


@LANGUAGES
def test_the_same_journey_without_javascript(chromium: Any, site_url: Site, language: Language) -> None:
    page = open_phone(chromium, PHONE, javascript=False)
    recorder = Recorder(page, site_url)
    seen = walk(page, site_url, language)
    assert seen[:6] == language.titles
    assert recorder.problems == []
    assert recorder.elsewhere() == []
    page.context.close()


def test_every_page_type_under_a_sub_path(chromium: Any, sub_path_site: Site) -> None:
    assert broken_links(sub_path_site.folder, "/qingxi/") == []
    context = chromium.new_context(**PHONE)
    # A few tabs at a time: each page's wait for a quiet network then overlaps the others'.
    paths = list(PAGE_TYPES.values())
    for start in range(0, len(paths), 8):
        tabs = [(context.new_page(), path) for path in paths[start : start + 8]]
        recorders = [Recorder(tab, sub_path_site) for tab, _ in tabs]
        for tab, path in tabs:
            tab.goto(sub_path_site.page(path), wait_until="commit")
        for tab, path in tabs:
            tab.wait_for_load_state("networkidle")
            assert unquote(tab.url) == sub_path_site.page(path)
        assert [problem for recorder in recorders for problem in recorder.problems] == []
        assert [address for recorder in recorders for address in recorder.elsewhere()] == []
        for tab, _ in tabs:
            tab.close()
    page = context.new_page()
    recorder = Recorder(page, sub_path_site)
    missing = [sub_path_site.url + "no/such/page", sub_path_site.url + ENGLISH + "no/such/page"]
    for address in missing:
        # the host answers with 404.html: deep below the site, it still finds its assets
        page.goto(address)
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").inner_text() == "页面不存在"  # hosts serve one 404 page, the first language's
        assert page.evaluate("getComputedStyle(document.querySelector('.tabbar')).position") == "fixed"
        assert switcher(page, "English").get_attribute("href") == "/qingxi/en/"
    assert sorted(recorder.problems) == sorted(
        [f"404: {address}" for address in missing]
        + ["console: Failed to load resource: the server responded with a status of 404 (Not Found)"] * 2
    )
    assert recorder.elsewhere() == []
    tap(page, switcher(page, "English"))
    assert page.url == sub_path_site.url + ENGLISH and page.locator("html").get_attribute("lang") == "en"
    page.context.close()


ALTERNATES = "() => Object.fromEntries([...document.querySelectorAll('link[rel=alternate][hreflang]')].map(l => [l.hreflang, l.href]))"


def switcher(page: Any, name: str) -> Any:
    """The link to `name` (as the switcher writes it) in the title bar's language switcher."""
    return page.locator("header.titlebar nav.languages").get_by_role("link", name=name, exact=True)


def tap(page: Any, link: Any) -> None:
    """Tap a link as a thumb would (Playwright first checks it is visible, enabled and not
    covered by anything) and wait for the page it leads to."""
    with page.expect_navigation(wait_until="load"):
        link.tap()


def language_of(page: Any) -> dict[str, str | None]:
    return {
        "lang": page.locator("html").get_attribute("lang"),
        "og:locale": page.locator('meta[property="og:locale"]').get_attribute("content"),
        "h1": page.locator("h1").first.inner_text(),
    }


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_the_switcher_leads_to_the_same_object_in_the_other_language(chromium: Any, site_url: Site, javascript: bool) -> None:
    page = open_phone(chromium, SMALL_PHONE, javascript=javascript)
    recorder = Recorder(page, site_url)
    page.goto(site_url.page("collection/qx-0009-revolving-lantern/"))
    assert language_of(page) == {"lang": "zh-CN", "og:locale": "zh_CN", "h1": "走马灯"}
    assert page.get_by_role("navigation", name="语言").count() == 1
    english = switcher(page, "English")
    assert english.get_attribute("hreflang") == "en" and english.get_attribute("lang") == "en"
    tap(page, english)
    assert path_of(page, site_url) == "en/collection/qx-0009-revolving-lantern/"
    assert language_of(page) == {"lang": "en", "og:locale": "en", "h1": "Revolving lantern"}
    assert page.get_by_role("navigation", name="Languages").count() == 1
    assert fits_the_screen(page)
    chinese = switcher(page, "中文")
    assert chinese.get_attribute("hreflang") == "zh-CN" and chinese.get_attribute("lang") == "zh-CN"
    tap(page, chinese)
    assert path_of(page, site_url) == "collection/qx-0009-revolving-lantern/"
    assert language_of(page)["h1"] == "走马灯"
    assert recorder.problems == []
    assert recorder.elsewhere() == []
    page.context.close()


@pytest.mark.parametrize(
    ("path", "other", "expected"),
    [
        ("", "en/", {"lang": "en", "og:locale": "en", "h1": "Qingxi County Museum"}),
        ("visit/", "en/visit/", {"lang": "en", "og:locale": "en", "h1": "Visit"}),
        ("en/events/lantern-workshop/", "events/lantern-workshop/", {"lang": "zh-CN", "og:locale": "zh_CN", "h1": "亲子灯笼工作坊"}),
    ],
    ids=["home", "visit", "event"],
)
def test_the_switcher_on_other_page_types(chromium: Any, site_url: Site, path: str, other: str, expected: dict[str, str]) -> None:
    page = open_phone(chromium, PHONE)
    page.goto(site_url.page(path))
    tap(page, switcher(page, "中文" if path.startswith(ENGLISH) else "English"))
    assert path_of(page, site_url) == other
    assert language_of(page) == expected
    page.context.close()


@pytest.fixture(scope="module")
def untranslated_site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The example with one object left untranslated: no qx-0002-stamped-jar.en.md."""
    museum = tmp_path_factory.mktemp("untranslated") / "museum"
    shutil.copytree(EXAMPLE, museum)
    (museum / "collection" / "qx-0002-stamped-jar.en.md").unlink()
    yield from serve_example(museum.parent, "", museum)


def test_the_switcher_of_an_untranslated_entry_leads_to_the_nearest_english_page(chromium: Any, untranslated_site: Site) -> None:
    page = open_phone(chromium, PHONE)
    recorder = Recorder(page, untranslated_site)
    page.goto(untranslated_site.page("collection/qx-0002-stamped-jar/"))
    assert language_of(page)["h1"] == "几何印纹硬陶罐"
    # no English version is claimed to search engines: the page names only itself
    itself = "https://example.org/collection/qx-0002-stamped-jar/"
    assert page.evaluate(ALTERNATES) == {"zh-CN": itself, "x-default": itself}
    english = switcher(page, "English")
    assert english.get_attribute("rel") == "nofollow"
    tap(page, english)
    assert path_of(page, untranslated_site) == "en/collection/"
    assert language_of(page) == {"lang": "en", "og:locale": "en", "h1": "Collection"}
    assert page.locator('main a[href*="qx-0002-stamped-jar"]').count() == 0  # the English list leaves it out
    tap(page, switcher(page, "中文"))
    assert path_of(page, untranslated_site) == "collection/"
    assert page.locator('main a[href*="qx-0002-stamped-jar"]').count() == 1
    page.goto(untranslated_site.page("en/collection/qx-0002-stamped-jar/"))  # it really is not there
    assert page.locator("h1").inner_text() == "页面不存在"
    assert recorder.problems[-2:] == [
        "404: " + untranslated_site.page("en/collection/qx-0002-stamped-jar/"),
        "console: Failed to load resource: the server responded with a status of 404 (Not Found)",
    ]
    assert recorder.problems[:-2] == []
    page.context.close()


@pytest.mark.parametrize("path", ["", "collection/qx-0009-revolving-lantern/", "visit/", "news/春节开放安排/"])
def test_hreflang_alternates_point_both_ways_under_a_sub_path(chromium: Any, sub_path_site: Site, path: str) -> None:
    """Each version names both, and each address it names is a page that names it back."""
    base_url = "https://example.org/qingxi/"
    chinese, english = base_url + quote(path), base_url + ENGLISH + quote(path)
    expected = {"zh-CN": chinese, "x-default": chinese, "en": english}
    page = open_phone(chromium, PHONE)
    for here, lang in ((chinese, "zh-CN"), (english, "en")):
        page.goto(sub_path_site.url + here.removeprefix(base_url))  # the address as served
        assert page.evaluate(ALTERNATES) == expected
        assert page.evaluate("document.querySelector('link[rel=canonical]').href") == here
        assert page.locator("html").get_attribute("lang") == lang
    page.context.close()


_BOXES = """() => Object.fromEntries(['.titlebar', '.titlebar .back', '.titlebar .brand span', '.titlebar .languages a']
  .map(s => [s, document.querySelector(s)]).filter(([s, el]) => el)
  .map(([s, el]) => { const b = el.getBoundingClientRect(); return [s, [b.left, b.top, b.right, b.bottom]]; }))"""


def overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("profile", [PHONE, SMALL_PHONE], ids=["390x844", "360x640"])
def test_the_switcher_sits_in_the_title_bar_beside_its_text(chromium: Any, site_url: Site, profile: dict[str, Any]) -> None:
    page = open_phone(chromium, profile)
    for path in ("", "collection/qx-0009-revolving-lantern/", "news/春节开放安排/"):
        for prefix in ("", ENGLISH):
            page.goto(site_url.page(prefix + path))
            boxes = page.evaluate(_BOXES)
            bar, switch, brand = boxes[".titlebar"], boxes[".titlebar .languages a"], boxes[".titlebar .brand span"]
            where = f"{prefix + path} at {profile['viewport']['width']} px"
            assert bar[0] <= switch[0] and switch[2] <= bar[2] and bar[1] <= switch[1] and switch[3] <= bar[3], f"{where}: the switcher leaves the title bar"
            assert switch[2] - switch[0] >= 44 and switch[3] - switch[1] >= 44, f"{where}: the switcher is too small to tap"
            assert not overlap(switch, brand), f"{where}: the switcher covers the museum's name"
            if ".titlebar .back" in boxes:
                assert not overlap(boxes[".titlebar .back"], brand) and not overlap(boxes[".titlebar .back"], switch), where
            assert fits_the_screen(page), f"{where} scrolls sideways"
    page.context.close()
