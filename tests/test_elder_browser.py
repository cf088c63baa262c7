"""Elder mode (适老化) in a real Chromium on a 360 px phone, over every page type: after
the national guidelines for elder-friendly websites, text of at least 18 pt (24 px) in
running text and 18 px everywhere, line spacing of at least 1.3, contrast checked by axe
(7:1 where axe can tell), and every control at least 60 × 60 px. Links inside running
text are exempt from the size, as WCAG 2.5.5 exempts them: they are as tall as the text."""

from __future__ import annotations

from typing import Any

import pytest

from .browser import AXE, PAGE_TYPES, SMALL_PHONE, Site, require
from .test_accessibility import _SMALL_TARGETS
from .test_browser import fits_the_screen

pytestmark = pytest.mark.browser

TARGET = 60
TEXT = 24  # 18 pt, the running text
SMALLEST = 18  # labels, captions, the tab bar
SPACING = 1.3

# Every element that holds text of its own, with its font size and line height in px.
_TEXT_SIZES = """
() => [...document.querySelectorAll('body *')]
  .filter(el => el.offsetParent !== null || getComputedStyle(el).position === 'fixed')
  .filter(el => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
  .filter(el => !el.closest('.visually-hidden, svg, audio, video'))
  .map(el => { const s = getComputedStyle(el); return [el.outerHTML.slice(0, 60), parseFloat(s.fontSize), s.lineHeight]; })
"""
# Tab labels of more than one line (a word broken inside itself: the labels are single words).
_BROKEN_TABS = """
() => [...document.querySelectorAll('.tabbar a span')]
  .filter(s => s.getBoundingClientRect().height > 1.5 * parseFloat(getComputedStyle(s).lineHeight))
  .map(s => s.textContent)
"""
# How far the open-now line's middle is from the title bar's.
_OPEN_NOW_OFF_CENTRE = """
() => { const line = document.querySelector('.open-now'), bar = document.querySelector('.titlebar');
  if (!line) return 0; const a = line.getBoundingClientRect(), b = bar.getBoundingClientRect();
  return Math.abs((a.left + a.right) / 2 - (b.left + b.right) / 2); }
"""
_RUNNING_TEXT = "() => [...document.querySelectorAll('main p, main li, main dd, main td')].filter(el => el.offsetParent !== null && el.textContent.trim()).map(el => [el.outerHTML.slice(0, 60), parseFloat(getComputedStyle(el).fontSize)])"


@pytest.fixture(scope="module")
def elder(chromium: Any) -> Any:
    require(AXE.is_file(), "axe-core is not installed")
    context = chromium.new_context(**SMALL_PHONE)
    context.add_init_script("localStorage.setItem('museumgen-elder', 'on')")
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_elder_mode_on_every_page_type(elder: Any, site_url: Site, name: str) -> None:
    elder.goto(site_url.page(PAGE_TYPES[name]))
    assert elder.evaluate("document.documentElement.className") == "elder"
    assert fits_the_screen(elder), "nothing may be wider than a 360 px screen"
    texts = elder.evaluate(_TEXT_SIZES)
    assert texts, "the page has text"
    assert [(html, size) for html, size, _line in texts if size < SMALLEST] == []
    tight = [
        (html, size, line)
        for html, size, line in texts
        if line != "normal" and float(line.removesuffix("px")) < SPACING * size - 0.01
    ]
    assert tight == []
    assert [(html, size) for html, size in elder.evaluate(_RUNNING_TEXT) if size < TEXT] == []
    assert elder.evaluate(_SMALL_TARGETS, TARGET) == []
    assert elder.evaluate(_BROKEN_TABS) == [], "a tab's label breaks inside a word"
    assert elder.evaluate(_OPEN_NOW_OFF_CENTRE) < 1, "the open-now line is centred in the title bar"
    elder.add_script_tag(path=str(AXE))
    rules = "{runOnly: ['color-contrast', 'color-contrast-enhanced', 'target-size'], resultTypes: ['violations']}"
    results = elder.evaluate(f"axe.run(document, {rules})")
    assert [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in results["violations"]] == []


def test_the_button_switches_the_mode_and_it_is_kept(chromium: Any, site_url: Site) -> None:
    context = chromium.new_context(**SMALL_PHONE)
    page = context.new_page()
    page.goto(site_url.page("visit/"))
    button = page.get_by_role("button", name="大字模式")
    assert button.get_attribute("aria-pressed") == "false"
    body = float(page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)"))
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    # elder.css comes with the click, fetched as any stylesheet: measure once it has applied
    page.wait_for_function(f"parseFloat(getComputedStyle(document.querySelector('main p')).fontSize) > {body}")
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)") == pytest.approx(
        body * 1.5
    )
    page.goto(site_url.page("collection/"))  # another page, in the same mode
    assert page.evaluate("document.documentElement.className") == "elder"
    assert page.get_by_role("button", name="大字模式").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="大字模式").click()
    page.reload()
    assert page.evaluate("document.documentElement.className") == ""
    context.close()


# How many tabs each line of the tab bar holds, top to bottom.
_TABS_PER_LINE = """
() => { const lines = {}; for (const li of document.querySelectorAll('.tabbar li')) {
  const top = Math.round(li.getBoundingClientRect().top); lines[top] = (lines[top] || 0) + 1; }
  return Object.keys(lines).sort((a, b) => a - b).map(top => lines[top]); }
"""


def test_tabs_on_two_lines_are_set_in_even_columns(elder: Any, site_url: Site) -> None:
    """The five English labels need two lines at 360 px: three and two, not four and one."""
    elder.goto(site_url.page("en/collection/"))
    assert elder.evaluate(_TABS_PER_LINE) == [3, 2]
    assert elder.evaluate(_BROKEN_TABS) == []
    assert fits_the_screen(elder)
    elder.goto(site_url.page("collection/"))  # the Chinese ones fit on one
    assert elder.evaluate(_TABS_PER_LINE) == [5]


def test_the_mode_is_on_before_the_first_paint(chromium: Any, site_url: Site) -> None:
    # The head's own few bytes apply it: with app.js never arriving the page is still large.
    context = chromium.new_context(**SMALL_PHONE)
    context.add_init_script("localStorage.setItem('museumgen-elder', 'on')")
    page = context.new_page()
    page.route("**/app.*.js", lambda route: route.abort())
    page.goto(site_url.page(""))
    assert page.evaluate("document.documentElement.className") == "elder"
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") == 24
    assert page.get_by_role("button", name="大字模式").is_hidden()  # no script, no button that would not work
    context.close()


def test_without_script_the_page_follows_the_phones_contrast_setting(chromium: Any, site_url: Site) -> None:
    context = chromium.new_context(**SMALL_PHONE, java_script_enabled=False)
    page = context.new_page()
    page.emulate_media(contrast="more")
    page.goto(site_url.page(""))
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") in (
        "rgb(255, 255, 255)",
        "rgba(0, 0, 0, 0)",
    )
    assert page.evaluate("getComputedStyle(document.documentElement).backgroundColor") == "rgb(255, 255, 255)"
    context.close()
