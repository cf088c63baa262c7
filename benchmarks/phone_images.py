"""The image bytes a phone downloads on pages of the example museum.

    python benchmarks/phone_images.py

Opens each page in Chromium (tests/install-tools.sh) at 390 × 844 CSS pixels, at two
device pixel ratios, counts the images loaded for the first screen, then scrolls to
the end (lazy images load) and counts again. Compares with what the same page would
cost if it showed the photographs as staff put them in. The numbers are recorded in
docs/performance.md.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser import CHROMIUM, serve_example  # noqa: E402
from tests.conftest import EXAMPLE  # noqa: E402

PAGES = {"home": "", "exhibition": "exhibitions/lanterns-of-qingxi/", "collection list": "collection/", "object": "collection/qx-0009-revolving-lantern/"}
ORIGINALS = {p.stem: p.stat().st_size for p in (EXAMPLE / "media").rglob("*") if p.is_file()}


def measure(page, url: str) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    loaded: dict[str, int] = {}

    def on_response(response) -> None:  # type: ignore[no-untyped-def]
        if response.request.resource_type == "image":
            loaded[response.url] = len(response.body())

    page.on("response", on_response)
    page.goto(url, wait_until="networkidle")
    first_screen = sum(loaded.values())
    for _ in range(30):
        page.mouse.wheel(0, 800)
        page.wait_for_timeout(50)
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", on_response)
    # what the same pictures weigh as put in: the source of each derivative, by file stem
    originals = sum(ORIGINALS.get(Path(u).name.split(".")[0], 0) for u in loaded)
    return first_screen, sum(loaded.values()), originals


def main() -> None:
    print("| page | screen | first screen | whole page | same pictures as put in |\n|---|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as temp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for site in serve_example(Path(temp), ""):
            for ratio in (2, 3):
                for name, path in PAGES.items():
                    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=ratio, is_mobile=True)
                    first, whole, originals = measure(context.new_page(), site.page(path))
                    context.close()
                    print(f"| {name} | {ratio}× | {first / 1000:.0f} KB | {whole / 1000:.0f} KB | {originals / 1000:.0f} KB |")
        browser.close()


if __name__ == "__main__":
    main()
