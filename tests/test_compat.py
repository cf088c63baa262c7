"""The themes' CSS and JavaScript work in the oldest browsers museum visitors still use.

The baseline is the `browserslist` entry of package.json: Chromium 66 (the engine of
WeChat's older in-app browser on Android, and of many phones' built-in browsers), Safari
and iOS 12 (the last system of the iPhone 5s and 6), UC and QQ Browser. doiuse compares
the CSS with the Can I use data for those browsers; es-check parses the scripts as the
JavaScript those browsers understand.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from .browser import REPO, require

pytestmark = pytest.mark.browser

DOIUSE = REPO / "node_modules" / ".bin" / "doiuse"
ES_CHECK = REPO / "node_modules" / ".bin" / "es-check"
THEMES = REPO / "themes"
BASELINE = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["browserslist"]
SCRIPT_VERSION = "es2017"  # all that Safari 12 and Chromium 66 parse

# Features the baseline lacks that the themes use on purpose, because the page works the
# same without them.
ACCEPTED = {
    "flexbox-gap": "spacing between items only: older engines set them closer together",
    "css-env-function": "the notch's safe area; each use comes after a plain fallback",
    "prefers-reduced-motion": "only turns motion off; unknown media queries are skipped",
    "text-size-adjust": "a hint some phone browsers follow and others ignore",
    "css-scroll-behavior": "smooth scrolling where known, a jump elsewhere",
    "css-focus-visible": "where unknown the rule is dropped and the browser's own focus ring stays",
    "css-snappoints": "the photo strip stops on each photo where known, and scrolls freely elsewhere",
    "css-scrollbar": "the photo strip's scroll bar is hidden where known, and shows elsewhere",
}
_MATH = re.compile(r"(?<![\w-])(min|max|clamp)\(")


def unsupported(css: Path, browsers: list[str]) -> list[str]:
    """`file:line: feature (browsers)` for each use of a feature that some browser of the
    baseline lacks. Partial support is let through: Can I use's notes on it concern details
    (`overflow: clip`, masks behind `clip-path`) that a test cannot tell apart."""
    require(DOIUSE.is_file(), "doiuse is not installed (sh tests/install-tools.sh)")
    result = subprocess.run([str(DOIUSE), "--json", "-b", ", ".join(browsers), str(css)], capture_output=True, text=True, check=False)
    assert result.returncode in (0, 1), result.stderr  # 1: something was found
    found = []
    for line in filter(None, result.stdout.splitlines()):
        use = json.loads(line)
        if "missingData" not in use["featureData"]:  # supported, if only partly, everywhere
            continue
        if use["feature"] == "css-math-functions" and not _MATH.search(use["usage"].get("value", "")):
            continue  # doiuse also counts grid's minmax(), which every baseline browser has
        where = use["usage"]["source"]["start"]["line"]
        found.append(f"{css.name}:{where}: {use['feature']} ({use['featureData']['missing']})")
    return found


@pytest.mark.parametrize("css", sorted(THEMES.glob("*/static/**/*.css")), ids=lambda path: path.relative_to(THEMES).as_posix())
def test_theme_css_works_in_the_baseline_browsers(css: Path) -> None:
    problems = [p for p in unsupported(css, BASELINE) if p.rsplit(": ", 1)[1].split(" ")[0] not in ACCEPTED]
    assert problems == []


@pytest.mark.parametrize(
    "script",
    [*sorted(THEMES.glob("*/static/**/*.js")), REPO / "museumgen" / "outputs" / "worker.js"],  # and the service worker
    ids=lambda path: path.relative_to(REPO).as_posix(),
)
def test_theme_scripts_parse_in_the_baseline_browsers(script: Path) -> None:
    require(ES_CHECK.is_file(), "es-check is not installed (sh tests/install-tools.sh)")
    result = subprocess.run([str(ES_CHECK), SCRIPT_VERSION, str(script)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_env_has_a_fallback_before_it() -> None:
    """In a browser without env() the whole declaration is dropped: the bottom padding
    that keeps the last lines above the fixed tab bar must not go with it."""
    for css in THEMES.glob("*/static/**/*.css"):
        for rule in re.findall(r"\{([^{}]*env\([^{}]*)\}", css.read_text(encoding="utf-8")):
            declarations = [d.strip() for d in rule.split(";") if ":" in d]
            for index, declaration in enumerate(declarations):
                if "env(" in declaration:
                    prop = declaration.split(":")[0].strip()
                    before = [d for d in declarations[:index] if d.split(":")[0].strip() == prop and "env(" not in d]
                    assert before, f"{css.relative_to(REPO)}: `{declaration}` needs a plain `{prop}` before it"


def test_colours_are_written_the_way_every_baseline_browser_reads() -> None:
    """`rgb(0 0 0 / .5)` is newer than Safari 12.0, which drops the declaration: white
    text on a dark label over a photograph would lose its label. Can I use has no entry
    that doiuse could check for it."""
    for css in THEMES.glob("*/static/**/*.css"):
        newer = re.findall(r"(?:rgba?|hsla?)\([^),]*\)", css.read_text(encoding="utf-8"))
        assert newer == [], f"{css.relative_to(REPO)}: write {newer} as rgba(r, g, b, alpha)"


def test_the_checks_find_what_the_baseline_lacks(tmp_path: Path) -> None:
    css = tmp_path / "new.css"
    css.write_text(".card:has(img) { width: min(100%, 40rem); }\n.tiles { grid-template-columns: minmax(0, 1fr); }\n", encoding="utf-8")
    found = unsupported(css, BASELINE)
    assert [line.split(": ", 1)[1].split(" ")[0] for line in found] == ["css-has", "css-math-functions"], found
    script = tmp_path / "new.js"
    script.write_text("const first = document.querySelector('a')?.href ?? '';\n", encoding="utf-8")
    result = subprocess.run([str(ES_CHECK), SCRIPT_VERSION, str(script)], capture_output=True, text=True, check=False)
    assert result.returncode != 0
