"""Every page template of the example, checked with axe-core and a few rules of our own."""

from __future__ import annotations

from typing import Any

import pytest

from .browser import AXE, ENGLISH, PAGE_TYPES, PHONE, Site, require

pytestmark = pytest.mark.browser

# Interactive elements that are not links inside running text must be this big (WCAG 2.5.5).
TOUCH_TARGET = 44
_SMALL_TARGETS = """
(min) => [...document.querySelectorAll('a[href], button, summary, input, select')]
  .filter(el => el.offsetParent !== null)
  .filter(el => getComputedStyle(el).display !== 'inline')
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, box]) => box.height < min || box.width < min)
  .map(([el, box]) => `${el.outerHTML.slice(0, 80)} is ${Math.round(box.width)}×${Math.round(box.height)}`)
"""
_HEADING_LEVELS = "() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => Number(h.tagName[1]))"


@pytest.fixture(scope="module")
def phone(chromium: Any) -> Any:
    require(AXE.is_file(), "axe-core is not installed")
    context = chromium.new_context(**PHONE)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_page_type(phone: Any, site_url: Site, name: str) -> None:
    phone.goto(site_url.page(PAGE_TYPES[name]))
    phone.add_script_tag(path=str(AXE))
    results = phone.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    assert phone.locator("img:not([alt])").count() == 0, "every image needs an alt attribute"
    levels = phone.evaluate(_HEADING_LEVELS)
    assert levels[:1] == [1] and levels.count(1) == 1, f"one h1, first: {levels}"
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), f"a heading level is skipped: {levels}"
    assert phone.evaluate(_SMALL_TARGETS, TOUCH_TARGET) == []


@pytest.mark.parametrize(
    ("prefix", "main_nav", "collection", "languages"),
    [("", "主导航", "藏品", "语言"), (ENGLISH, "Main", "Collection", "Languages")],
    ids=["zh-CN", "en"],
)
def test_tab_bar_is_a_labelled_navigation_landmark(phone: Any, site_url: Site, prefix: str, main_nav: str, collection: str, languages: str) -> None:
    phone.goto(site_url.page(prefix + "collection/"))
    bar = phone.get_by_role("navigation", name=main_nav)
    assert bar.get_by_role("link").count() == 5
    assert bar.get_by_role("link", name=collection, exact=True).get_attribute("aria-current") == "page"
    # the language switcher is a navigation of its own, named in the page's language
    assert phone.get_by_role("navigation", name=languages).get_by_role("link").count() == 1


def test_text_contrast_passes_wcag_aa_in_the_default_colours(phone: Any, site_url: Site) -> None:
    for path in ("", "visit/", "exhibitions/lanterns-of-qingxi/", "en/", "en/visit/", "en/exhibitions/lanterns-of-qingxi/"):
        phone.goto(site_url.page(path))
        phone.add_script_tag(path=str(AXE))
        results = phone.evaluate("axe.run(document, {runOnly: ['color-contrast']})")
        assert results["violations"] == [], path
