"""Screenshots of the example museum at phone width, for the README and docs.

    python -m tests.screenshots

Writes docs/screenshots/{home,exhibition,item,visit}.png, the Chinese pages at the root, and
the same pages in English as {home,exhibition,item,visit}.en.png: 390 × 844 CSS pixels,
drawn at twice that density, in the Chromium that tests/install-tools.sh installs.

Then the theme's harder cases on a small phone (360 × 740): an object's photo gallery, and
one photo opened large; a cut-out PNG on its page and among the collection's tiles; a video
without a poster; dates in English in a narrow column; the audio guide's keypad; a video
with captions and chapters, a series, a speaker and a live stream; the collection's
browsing by category, period, material and tag; an event with its "add to calendar"
button; elder mode on the visit page and (in English) an object's; and share-focus.png,
the picture a chat app shows for the standing figure, cut without and with its `focus`.
Last, the example network's portal, portal.png and portal.en.png, and its map on a
small phone, portal-map.png.

The staff guide's pictures are made by `python -m tests.guide`.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps
from playwright.sync_api import sync_playwright

from .browser import CHROMIUM, CHROMIUM_FLAGS, ENGLISH, PHONE, serve_example, serve_network
from .conftest import REPO

SHOTS = {
    "home": "",
    "exhibition": "exhibitions/lanterns-of-qingxi/",
    "item": "collection/qx-0001-bronze-ding/",
    "visit": "visit/",
}
# The file name's ending and the site path's prefix of each language.
LANGUAGES = {"": "", ".en": ENGLISH}
# name: (site path, what to scroll into view first, what to tap after)
CASES = {
    "gallery": ("collection/qx-0009-revolving-lantern/", None, None),
    "gallery-open": ("collection/qx-0009-revolving-lantern/", None, ".gallery a"),
    "cut-out": ("collection/qx-0006-celadon-meiping/", None, None),
    "cut-out-tiles": ("collection/", ".tile:nth-child(5)", None),
    "video-no-poster": ("videos/indigo-printing/", None, None),
    "video-no-poster-card": ("videos/", ".card:nth-child(2)", None),
    "dates": ("events/rubbing-class/", None, None),
    "dates.en": (ENGLISH + "events/lantern-workshop/", ".facts", None),
    "keypad": ("stops/", None, None),
    "floor-plan": ("plans/1f/", None, None),
    "passport": ("stamps/", None, None),
    "video-captions": ("videos/lantern-making/", None, None),
    "series": ("series/curators-talk/", None, None),
    "speaker": ("speakers/zhou-jianguo/", None, None),
    "live": ("live/lantern-live/", None, None),
    "browse": ("collection/", ".browse", None),
    "event-calendar": ("events/lantern-night/", ".button-quiet", None),
    "offline": ("offline.html", None, None),
    "map": ("collection/map/", None, None),
    "table": ("collection/table/", None, "th:nth-child(3) .sort"),
    "timeline": ("collection/timeline/", None, None),
    "tag-cloud": ("collection/tags/", None, None),
    "search": ("search/?q=%E9%BE%99%E6%B3%89", ".search-results", None),  # 龙泉
}
# Elder mode (适老化) on a small phone: large text, high contrast, 60 px targets.
ELDER = {"elder": "visit/", "elder-item.en": ENGLISH + "collection/qx-0001-bronze-ding/"}
# Every shot at the same moment in the museum's timezone (a Wednesday morning), so the
# header's "open now" line reads the same on every run.
CLOCK = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
SMALL = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
FIGURE = "media/collection/qx-0004-figure.jpg"


def main() -> None:
    out = REPO / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_context(**{**PHONE, "device_scale_factor": 2}).new_page()
        page.clock.set_fixed_time(CLOCK)
        for site in serve_example(Path(temp), ""):
            for ending, prefix in LANGUAGES.items():
                for name, path in SHOTS.items():
                    page.goto(site.page(prefix + path), wait_until="networkidle")
                    page.screenshot(path=str(out / f"{name}{ending}.png"))
                    print(f"docs/screenshots/{name}{ending}.png")
            small = browser.new_context(**SMALL).new_page()
            small.clock.set_fixed_time(CLOCK)
            for name, (path, scroll, tap) in CASES.items():
                small.goto(site.page(path), wait_until="networkidle")
                if scroll:
                    small.locator(scroll).first.scroll_into_view_if_needed()
                    small.wait_for_load_state("networkidle")
                if tap:
                    small.locator(tap).first.click()
                    small.wait_for_timeout(300)
                small.screenshot(path=str(out / f"{name}.png"))
                print(f"docs/screenshots/{name}.png")
            elder = browser.new_context(**SMALL)
            elder.add_init_script("localStorage.setItem('museumgen-elder', 'on')")
            large = elder.new_page()
            large.clock.set_fixed_time(CLOCK)
            for name, path in ELDER.items():
                large.goto(site.page(path), wait_until="networkidle")
                large.screenshot(path=str(out / f"{name}.png"))
                print(f"docs/screenshots/{name}.png")
            share_focus(site.folder, out / "share-focus.png")
        for site in serve_network(Path(temp)):  # the example network's portal, in both languages
            for ending, prefix in LANGUAGES.items():
                page.goto(site.page(prefix), wait_until="networkidle")
                page.screenshot(path=str(out / f"portal{ending}.png"))
                print(f"docs/screenshots/portal{ending}.png")
            narrow = browser.new_context(**SMALL).new_page()  # the portal's map, on a small phone
            narrow.goto(site.page("map/"), wait_until="networkidle")
            narrow.screenshot(path=str(out / "portal-map.png"), full_page=True)
            print("docs/screenshots/portal-map.png")
        browser.close()


def share_focus(site: Path, path: Path) -> None:
    """The figure's shared picture cut as it was before `focus` (from the middle, a little
    above), beside the one the site now has."""
    shared = next((site / "media" / "collection").glob("qx-0004-figure.*-share.jpg"))
    with Image.open(REPO / "examples" / "qingxi" / FIGURE) as original, Image.open(shared) as after:
        before = ImageOps.fit(original.convert("RGB"), after.size, centering=(0.5, 0.4))
        sheet = Image.new("RGB", (after.width, after.height * 2 + 60), "white")
        sheet.paste(before, (0, 30))
        sheet.paste(after.convert("RGB"), (0, after.height + 60))
    draw = ImageDraw.Draw(sheet)
    draw.text((8, 8), "without focus", fill="black")
    draw.text((8, after.height + 38), "focus: 50% 30%", fill="black")
    sheet.resize((sheet.width // 2, sheet.height // 2)).save(path)


if __name__ == "__main__":
    main()
