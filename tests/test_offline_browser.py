"""Offline in a real Chromium: the home page loaded once, then the network cut (the service
worker's own requests too); the gallery's pages, the audio guide and a stop's recording
still work, and a page never kept shows the offline page. At the root and under /qingxi/."""

from __future__ import annotations

from typing import Any

import pytest

from .browser import PHONE, Recorder, Site
from .test_browser import open_phone, path_of

pytestmark = pytest.mark.browser

ACTIVATED = """async () => {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active;
    if (worker.state !== 'activated') await new Promise(done => worker.addEventListener('statechange', () => worker.state === 'activated' && done()));
    return registration.scope;
}"""


def first_visit(chromium: Any, site: Site) -> Any:
    """A phone that has loaded the home page once, with its service worker activated."""
    page = open_phone(chromium, PHONE)
    page.goto(site.page(""))
    scope = page.evaluate(ACTIVATED)
    assert scope == site.url
    return page


@pytest.fixture(params=["root", "sub-path"])
def site(request: pytest.FixtureRequest) -> Site:
    return request.getfixturevalue("site_url" if request.param == "root" else "sub_path_site")  # type: ignore[no-any-return]


def test_the_gallery_works_offline_after_one_visit(chromium: Any, site: Site) -> None:
    page = first_visit(chromium, site)
    page.context.set_offline(True)
    recorder = Recorder(page, site)
    for path, heading in [
        ("visit/", "参观"),
        ("stops/", "语音导览"),
        ("exhibitions/lanterns-of-qingxi/", "灯火青溪"),
        ("en/exhibitions/lanterns-of-qingxi/", "Lanterns"),
    ]:
        page.goto(site.page(path))
        assert heading in page.locator("h1").inner_text(), path
    page.goto(site.page("exhibitions/lanterns-of-qingxi/"))
    page.locator("main a[href*='collection/qx-0009-revolving-lantern/']").first.click()
    page.wait_for_load_state("load")
    assert path_of(page, site) == "collection/qx-0009-revolving-lantern/"
    broken = page.evaluate(
        "[...document.images].filter(i => i.loading !== 'lazy' && !(i.complete && i.naturalWidth > 0)).map(i => i.currentSrc || i.src)"
    )
    assert broken == []  # the first photograph: a small width is kept, and stands for any width asked
    assert recorder.problems == []
    page.context.close()


def test_a_stop_plays_offline_from_the_kept_recording(chromium: Any, site: Site) -> None:
    page = first_visit(chromium, site)
    page.context.set_offline(True)
    page.goto(site.page("stops/"))
    page.get_by_label("输入展签上的编号").press_sequentially("4")
    page.get_by_role("button", name="收听").click()
    page.wait_for_load_state("load")
    assert path_of(page, site) == "collection/qx-0001-bronze-ding/"
    played = page.evaluate("""() => new Promise((done, fail) => {
        const a = document.querySelector('audio');
        a.muted = true;
        a.addEventListener('playing', () => done({duration: a.duration, ready: a.readyState}));
        a.addEventListener('error', () => fail(new Error('audio error ' + (a.error && a.error.code))));
        a.preload = 'auto';
        a.play().catch(fail);
    })""")
    assert round(played["duration"]) == 12 and played["ready"] >= 2  # HAVE_CURRENT_DATA: bytes came from the cache
    page.context.close()


def test_a_page_not_kept_shows_the_offline_page_and_pages_seen_stay(chromium: Any, site: Site) -> None:
    page = first_visit(chromium, site)
    page.goto(site.page("events/"))  # seen online: kept as last seen
    page.context.set_offline(True)
    page.goto(site.page("news/"))
    assert page.locator("h1").inner_text() == "当前没有网络"
    assert path_of(page, site) == "news/"  # at the address asked for
    page.get_by_role("link", name="返回首页").click()  # its links start at the site's root
    page.wait_for_load_state("load")
    assert path_of(page, site) == ""
    page.goto(site.page("en/news/"))
    assert page.locator("h1").inner_text() == "You are offline"  # in the page's language
    page.goto(site.page("events/"))
    assert page.locator("h1").inner_text() != "当前没有网络"
    page.context.close()


def test_the_worker_is_registered_after_the_page_has_loaded(chromium: Any, site_url: Site) -> None:
    """It adds nothing to what the first visit waits for: the script that registers it is
    deferred, and the worker's own fetches start once the page has loaded."""
    page = open_phone(chromium, PHONE)
    page.goto(site_url.page(""))
    blocking = page.evaluate("""() => [...document.querySelectorAll('head script[src]')]
        .filter(s => !s.defer && !s.async && s.type !== 'module').map(s => s.src)""")
    assert blocking == []
    timing = page.evaluate("""async () => {
        await navigator.serviceWorker.ready;
        const load = performance.getEntriesByType('navigation')[0].loadEventStart;
        return {load, registered: !!(await navigator.serviceWorker.getRegistration())};
    }""")
    assert timing["registered"] and timing["load"] > 0
    page.context.close()


def test_search_works_offline_after_one_visit(chromium: Any, site: Site) -> None:
    """A small museum's whole index is kept with the worker: any query, without signal."""
    from .test_search_browser import expected, results

    page = first_visit(chromium, site)
    page.context.set_offline(True)
    for query in ("青铜", "灯", "龙泉青瓷"):
        found = results(page, site, query)
        assert found and set(found) == expected(site, query), query
    page.context.close()
