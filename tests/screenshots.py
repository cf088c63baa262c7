"""Screenshots of the example museum at phone width, for the README and docs.

    python -m tests.screenshots

Writes docs/screenshots/{home,exhibition,item,visit}.png, the Chinese pages at the root, and
the same pages in English as {home,exhibition,item,visit}.en.png: 390 × 844 CSS pixels,
drawn at twice that density, in the Chromium that tests/install-tools.sh installs.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from .browser import CHROMIUM, CHROMIUM_FLAGS, ENGLISH, PHONE, serve_example
from .conftest import REPO

SHOTS = {
    "home": "",
    "exhibition": "exhibitions/lanterns-of-qingxi/",
    "item": "collection/qx-0001-bronze-ding/",
    "visit": "visit/",
}
# The file name's ending and the site path's prefix of each language.
LANGUAGES = {"": "", ".en": ENGLISH}


def main() -> None:
    out = REPO / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_context(**{**PHONE, "device_scale_factor": 2}).new_page()
        for site in serve_example(Path(temp), ""):
            for ending, prefix in LANGUAGES.items():
                for name, path in SHOTS.items():
                    page.goto(site.page(prefix + path), wait_until="networkidle")
                    page.screenshot(path=str(out / f"{name}{ending}.png"))
                    print(f"docs/screenshots/{name}{ending}.png")
        browser.close()


if __name__ == "__main__":
    main()
