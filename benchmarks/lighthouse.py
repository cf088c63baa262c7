"""Lighthouse's mobile audit of the example museum, served on loopback.

    python benchmarks/lighthouse.py

    python benchmarks/lighthouse.py --all   # every Chinese page type (about 5 minutes)

    python benchmarks/lighthouse.py --repeat 3   # each page three times: the median LCP, the lowest scores

    python benchmarks/lighthouse.py --no-gzip   # text files sent as they are, not gzipped

Needs Node.js and Chromium (tests/install-tools.sh); Lighthouse is in package.json, and
is installed into node_modules/ on first use if missing. Lighthouse's mobile settings
(simulated slow 4G, 4x CPU slowdown). Prints the four category scores and the largest
contentful paint for a few page types (or all); the numbers are recorded in
docs/performance.md. The machine's other work moves single runs by a tenth of a second:
with `--repeat` each page is audited that many times, and the table gives the median LCP,
the range of the runs and the lowest of each score. Pages, stylesheets, scripts and JSON
are sent gzipped, as GitHub, GitLab and Gitee Pages and most static hosts and CDNs send
them (`--no-gzip`: as they are, as plain object storage sends them).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser import CHINESE_PAGE_TYPES, CHROMIUM, serve_example  # noqa: E402

LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
VERSION = "12.8.2"
PAGES = {"home": "", "exhibition": "exhibitions/lanterns-of-qingxi/", "object": "collection/qx-0001-bronze-ding/", "visit": "visit/"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def ensure_lighthouse() -> None:
    if not LIGHTHOUSE.exists():
        subprocess.run(
            ["npm", "install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error", f"lighthouse@{VERSION}"],
            cwd=REPO,
            check=True,
        )


def audit(url: str, report: Path) -> dict[str, float]:
    """The category scores (0-100) and `lcp`, the largest contentful paint in seconds."""
    with tempfile.TemporaryDirectory() as profile:
        flags = f"--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --user-data-dir={profile}"
        subprocess.run(
            [str(LIGHTHOUSE), url, f"--chrome-flags={flags}", "--form-factor=mobile", "--screenEmulation.mobile",
             "--screenEmulation.width=390", "--screenEmulation.height=844", "--screenEmulation.deviceScaleFactor=3",
             f"--only-categories={','.join(CATEGORIES)}", "--output=json", f"--output-path={report}", "--quiet"],
            check=True,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
        )
    data = json.loads(report.read_text(encoding="utf-8"))
    scores: dict[str, float] = {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}
    scores["lcp"] = data["audits"]["largest-contentful-paint"]["numericValue"] / 1000
    return scores


def repeats(args: list[str]) -> int:
    return int(args[args.index("--repeat") + 1]) if "--repeat" in args else 1


def main() -> None:
    ensure_lighthouse()
    args = sys.argv[1:]
    pages = CHINESE_PAGE_TYPES if "--all" in args else PAGES
    with tempfile.TemporaryDirectory() as temp:
        print("| page | " + " | ".join(CATEGORIES) + " | LCP (median) | runs |\n|---|" + "---:|" * (len(CATEGORIES) + 2))
        for site in serve_example(Path(temp), "", compress="--no-gzip" not in args):
            for name, path in pages.items():
                runs = [audit(site.page(path), Path(temp) / "report.json") for _ in range(repeats(args))]
                lowest = " | ".join(str(min(run[c] for run in runs)) for c in CATEGORIES)
                lcps = [run["lcp"] for run in runs]
                spread = ", ".join(f"{lcp:.2f}" for lcp in lcps)
                print(f"| {name} | {lowest} | {statistics.median(lcps):.2f} s | {spread} |", flush=True)


if __name__ == "__main__":
    main()
