"""The search page in Chromium, on the built example: every query returns exactly the
entries whose text contains it (checked against the index's own texts by plain
substring search), filters narrow them, results are text only, and without
JavaScript the page points to the browsing pages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from museumgen.outputs.search import Query, Reader

from .browser import ENGLISH, PHONE, Recorder, Site

pytestmark = pytest.mark.browser


def reader(site: Site, prefix: str = "") -> Reader:
    base: Path = site.folder / prefix / "search" / "2"
    return Reader({p.relative_to(base).as_posix(): p.read_bytes() for p in base.rglob("*.json")})


def expected(site: Site, query: str, prefix: str = "", kind: str | None = None) -> set[str]:
    """The addresses of the entries whose text contains every run of `query`, by brute force."""
    index = reader(site, prefix)
    manifest = index.load("manifest.json")
    parsed = Query.parse(query)
    found = set()
    for n in range(manifest["entries"]):
        text = index.load(f"t/{n // manifest['text']}.json")[n % manifest["text"]]
        path, _title, its_kind = index.meta(n)[:3]
        if all(run in text for run in parsed.runs) and kind in (None, its_kind):
            found.add(site.url + quote(path))
    return found


def results(page: Any, site: Site, query: str, prefix: str = "", extra: str = "") -> list[str]:
    page.goto(site.page(f"{prefix}search/?q={quote(query)}{extra}"), wait_until="load")
    page.wait_for_function("document.querySelector('.search-status').textContent !== ''")
    while page.locator(".search-more button").count():
        shown = page.locator(".search-results a").count()
        page.locator(".search-more button").click()
        page.wait_for_function(f"document.querySelectorAll('.search-results a').length > {shown}")
    return [a.get_attribute("href") for a in page.locator(".search-results a").all()]


@pytest.fixture(scope="module")
def page(chromium: Any) -> Any:
    context = chromium.new_context(**PHONE)
    yield context.new_page()
    context.close()


# One character; two that a segmenter splits apart (青溪县 | 博物馆, 博物 | 馆); three, where
# two bigrams could each be there without the three together; a longer run.
@pytest.mark.parametrize("query", ["瓷", "青", "县博", "物馆", "博物馆", "龙泉青瓷"])
def test_chinese_queries_find_exactly_the_entries_with_them(page: Any, site_url: Site, query: str) -> None:
    recorder = Recorder(page, site_url)
    found = results(page, site_url, query)
    assert found and len(found) == len(set(found))
    assert set(found) == expected(site_url, query)
    assert not recorder.problems and not recorder.elsewhere()


def test_english_words_find_their_stems(page: Any, site_url: Site) -> None:
    bronzes = results(page, site_url, "bronzes", ENGLISH)
    assert bronzes and set(bronzes) == set(results(page, site_url, "Bronze", ENGLISH))
    assert results(page, site_url, "mirrors", ENGLISH) == results(page, site_url, "mirror", ENGLISH) != []
    assert all(href.startswith(site_url.url + "en/") for href in bronzes)


def test_a_word_named_like_an_object_property_finds_nothing_quietly(page: Any, site_url: Site) -> None:
    recorder = Recorder(page, site_url)
    for word in ("constructor", "toString", "valueOf", "hasOwnProperty"):
        assert results(page, site_url, word, ENGLISH) == [] == reader(site_url, ENGLISH).search(word)
        assert page.locator(".search-status").text_content() == page.get_attribute("form.search-form", "data-none")
    assert not recorder.problems


def test_mixed_queries_need_every_part(page: Any, site_url: Site) -> None:
    index = reader(site_url)
    found = results(page, site_url, "梅瓶 celadon")
    assert len(found) == len(index.search("梅瓶 celadon")) == 1
    assert set(found) <= expected(site_url, "梅瓶") and len(expected(site_url, "梅瓶")) >= 1


def test_filters_narrow_the_results(page: Any, site_url: Site) -> None:
    manifest = reader(site_url).load("manifest.json")
    collection = manifest["filters"]["kind"].index("collection")
    found = results(page, site_url, "青", extra=f"&kind={collection}")
    assert set(found) == expected(site_url, "青", kind="collection") and len(found) < len(expected(site_url, "青"))
    assert page.locator("select[data-filter=kind]").input_value() == str(collection)
    # Choosing a filter with no query lists everything it keeps.
    category = manifest["filters"]["category"].index("青铜器")
    page.select_option("select[data-filter=category]", str(category))
    page.locator("select[data-filter=kind]").select_option("")
    page.fill("input[name=q]", "")
    page.wait_for_function("document.querySelector('.search-status').textContent !== ''")
    titles = page.locator(".search-results strong").all_text_contents()
    assert titles and len(titles) == len(reader(site_url).search("", {"category": "青铜器"}))


def test_results_show_title_kind_and_thumbnail(page: Any, site_url: Site) -> None:
    results(page, site_url, "龙泉")
    first = page.locator(".search-results li").first
    assert first.locator(".search-kind").text_content() in {
        "藏品",
        "展览",
        "活动",
        "新闻",
        "视频",
        "页面",
        "直播",
        "讲者",
        "系列",
    }
    assert first.locator("strong").text_content()
    assert page.locator(".search-results img").count() >= 1
    assert page.evaluate(
        "[...document.querySelectorAll('.search-results img')].every(i => i.complete && i.naturalWidth > 0)"
    )


def test_a_title_with_markup_is_shown_as_text(chromium: Any, site_url: Site) -> None:
    hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
    context = chromium.new_context(**PHONE)
    page = context.new_page()
    original = reader(site_url).files["m/0.json"]
    rows = [[row[0], hostile + row[1], row[2], row[3], hostile] for row in json.loads(original)]
    page.route(
        "**/search/2/m/0.json",
        lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(rows)),
    )
    results(page, site_url, "青")
    assert page.evaluate("window.pwned") is None
    assert page.locator(".search-results script, .search-results img[src='x']").count() == 0
    assert hostile in (page.locator(".search-results strong").first.text_content() or "")
    context.close()


def test_without_javascript_the_page_points_to_the_browsing_pages(chromium: Any, site_url: Site) -> None:
    context = chromium.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url.page("search/?q=青瓷"), wait_until="load")
    assert page.locator(".search-needs-script").is_visible()
    links = [a.get_attribute("href") for a in page.locator(".search-browse a").all()]
    assert "../collection/category/" in links and "../collection/" in links
    page.goto(site_url.page(""), wait_until="load")  # the home page's field leads here
    page.fill("#home-search", "青瓷")
    page.locator(".home-search button").click()
    page.wait_for_load_state("load")
    assert page.url.startswith(site_url.page("search/?q="))
    context.close()
