from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from museumgen.build import Options, build

from .conftest import EXAMPLE, REPO
from .weight import BUDGETS, DEFAULT_BUDGET, table

THEME = REPO / "themes" / "default" / "static"
_CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
_SCRIPT_CLASSES = re.compile(r'(?:className\s*=|classList\.(?:add|toggle)\()\s*"([^"]*)"')
_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
_LINKED = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')
# Classes a script sets only on a page with the element it works on (video.js runs on the
# lists too, for the live streams' badges): the class of that element.
_SCRIPT_CLASS_WHERE = {"player-frame": "platform-video", "live-room": "live-room"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("weight") / "site"
    build(EXAMPLE, folder, Options(date=dt.date(2026, 11, 25), base_url="https://example.org/"))
    return folder


@pytest.fixture(scope="module")
def weights(site: Path) -> dict[str, dict[str, int]]:
    return table(site)


def test_every_page_type_is_within_its_budget(weights: dict[str, dict[str, int]]) -> None:
    over = {name: w["total"] for name, w in weights.items() if w["total"] > BUDGETS.get(name, DEFAULT_BUDGET)}
    assert over == {}


@pytest.mark.parametrize("home", ["home", "home (en)"])
def test_the_home_page_is_under_50_kb(weights: dict[str, dict[str, int]], home: str) -> None:
    assert 0 < weights[home]["total"] < 50_000
    assert weights[home]["css+js"] > 0  # the script is counted


def test_the_english_pages_are_weighed(weights: dict[str, dict[str, int]]) -> None:
    english = [name for name in weights if name.endswith(" (en)")]
    assert len(english) == len(weights) - len(english) - 1  # every page type but the one 404 page
    assert all(weights[name]["html"] > 0 for name in english)


def _selector_classes(css: str) -> set[str]:
    without_bodies = re.sub(r"\{[^{}]*\}", " ", re.sub(r"/\*.*?\*/", " ", css, flags=re.S))
    return set(re.findall(r"\.(-?[A-Za-z_][\w-]*)", without_bodies))


def test_every_page_has_the_rules_of_the_classes_it_uses(site: Path) -> None:
    """The stylesheet is split by kind of page: a class a page's markup (or one of its
    scripts) uses, and that some sheet of the theme styles, is styled by a sheet the page
    has. Elder mode's sheet comes only with the mode and is left out."""
    styled = set().union(*(_selector_classes(p.read_text(encoding="utf-8")) for p in THEME.glob("*.css") if p.name != "elder.css"))
    missing: dict[str, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        linked = [site / "assets" / link.rsplit("/", 1)[-1] for link in _LINKED.findall(html)]  # every asset is in assets/
        scripts = "".join(path.read_text(encoding="utf-8") for path in linked if path.suffix == ".js")
        own = {name for value in _CLASS_ATTRIBUTE.findall(html) for name in value.split()}
        made = {name for value in _SCRIPT_CLASSES.findall(scripts) for name in value.split()}
        used = own | {name for name in made if _SCRIPT_CLASS_WHERE.get(name, name) in own or name not in _SCRIPT_CLASS_WHERE}
        has = _selector_classes("".join(_STYLE.findall(html)) + "".join(path.read_text(encoding="utf-8") for path in linked if path.suffix == ".css"))
        lacking = (used & styled) - has
        if lacking:
            missing[page.relative_to(site).as_posix()] = lacking
    assert missing == {}


def test_a_page_has_only_the_sheets_of_its_kind(site: Path) -> None:
    """The object's photo strip, the keypad, the visit page's panels and the home page's hero
    are not in pages that do not show them."""
    news = (site / "news" / "index.html").read_text(encoding="utf-8")
    assert {"gallery-track", "keypad-field", "panel", "hero", "external-label", "search-results"}.isdisjoint(_selector_classes(news))
    assert "keypad-field" in _selector_classes((site / "stops" / "index.html").read_text(encoding="utf-8"))
    assert "hero" in _selector_classes((site / "index.html").read_text(encoding="utf-8"))


def test_lazy_pictures_offer_at_most_800_pixels_and_the_first_every_width(site: Path) -> None:
    """Pictures below the screen are fetched while the first one still comes, over the same
    line: they offer no width above 800 px. The first picture, the largest paint, offers all."""
    home = (site / "index.html").read_text(encoding="utf-8")
    pictures = re.findall(r"<picture>\n(.*?)\n</picture>", home, re.S)
    lazy = [p for p in pictures if 'loading="lazy"' in p and " sizes=" in p]
    eager = [p for p in pictures if 'fetchpriority="high"' in p]
    assert lazy and eager
    assert all(int(width) <= 800 for p in lazy for width in re.findall(r" (\d+)w\b", p))
    assert any(int(width) > 800 for width in re.findall(r" (\d+)w\b", eager[0]))
