"""Lighthouse's mobile audit of the example museum, served on loopback.

    python benchmarks/lighthouse.py

Needs Node.js and Chromium (tests/install-tools.sh); installs Lighthouse into
node_modules/ on first use. Prints the four category scores for a few page types;
the numbers are recorded in docs/performance.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser import CHROMIUM, serve_example  # noqa: E402

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
    return {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}


def main() -> None:
    ensure_lighthouse()
    with tempfile.TemporaryDirectory() as temp:
        print("| page | " + " | ".join(CATEGORIES) + " |\n|---|" + "---:|" * len(CATEGORIES))
        for site in serve_example(Path(temp), ""):
            for name, path in PAGES.items():
                scores = audit(site.page(path), Path(temp) / f"{name}.json")
                print(f"| {name} | " + " | ".join(str(scores[c]) for c in CATEGORIES) + " |")


if __name__ == "__main__":
    main()
