"""Page weight: the bytes a page needs before images and media (HTML, CSS, JS).

    python -m tests.weight     # print the table recorded in docs/performance.md
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import tempfile
from pathlib import Path

from museumgen.build import Options, build
from museumgen.urls import output_file

from .browser import PAGE_TYPES
from .conftest import EXAMPLE

# Budgets in bytes, uncompressed: 40 KB a page, the home page 50 KB, in each language.
# Every page has the stylesheet in its head, only the rules its kind of page uses: what
# every page needs (style.css), then that page's own sheet (home.css, video.css …).
BUDGETS = {"home": 50_000, "home (en)": 50_000}
DEFAULT_BUDGET = 40_000
_ASSET = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')


def weigh(site: Path, path: str) -> dict[str, int]:
    """Bytes of the page's HTML and of the stylesheets and scripts it loads."""
    page = output_file(path)
    html = (site / page).read_bytes()
    assets = 0
    for link in _ASSET.findall(html.decode("utf-8")):
        # the 404 page links from the site root (the site is built for https://example.org/)
        rel = link.lstrip("/") if link.startswith("/") else posixpath.normpath(posixpath.join(posixpath.dirname(page), link))
        assets += (site / rel).stat().st_size
    return {"html": len(html), "css+js": assets, "total": len(html) + assets}


def table(site: Path) -> dict[str, dict[str, int]]:
    return {name: weigh(site, path) for name, path in PAGE_TYPES.items()}


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as temp:
        build(EXAMPLE, Path(temp) / "site", Options(date=dt.date(2026, 11, 25), base_url="https://example.org/"))
        print("| page | HTML | CSS + JS | total | budget |\n|---|---:|---:|---:|---:|")
        for name, sizes in table(Path(temp) / "site").items():
            budget = BUDGETS.get(name, DEFAULT_BUDGET)
            print(f"| {name} | {sizes['html'] / 1000:.1f} KB | {sizes['css+js'] / 1000:.1f} KB | {sizes['total'] / 1000:.1f} KB | {budget / 1000:.0f} KB |")
