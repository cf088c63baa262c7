from __future__ import annotations

import datetime as dt

import pytest

from museumgen.build import Options, build

from .conftest import EXAMPLE
from .weight import BUDGETS, DEFAULT_BUDGET, table


@pytest.fixture(scope="module")
def weights(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, int]]:
    site = tmp_path_factory.mktemp("weight") / "site"
    build(EXAMPLE, site, Options(date=dt.date(2026, 11, 25), base_url="https://example.org/"))
    return table(site)


def test_every_page_type_is_within_its_budget(weights: dict[str, dict[str, int]]) -> None:
    over = {name: w["total"] for name, w in weights.items() if w["total"] > BUDGETS.get(name, DEFAULT_BUDGET)}
    assert over == {}


@pytest.mark.parametrize("home", ["home", "home (en)"])
def test_the_home_page_is_under_50_kb(weights: dict[str, dict[str, int]], home: str) -> None:
    assert 0 < weights[home]["total"] < 50_000
    assert weights[home]["css+js"] > 0  # the stylesheet and script are counted


def test_the_english_pages_are_weighed(weights: dict[str, dict[str, int]]) -> None:
    english = [name for name in weights if name.endswith(" (en)")]
    assert len(english) == len(weights) - len(english) - 1  # every page type but the one 404 page
    assert all(weights[name]["html"] > 0 for name in english)
