"""The collection's table in Chromium: pressing a column's heading sorts the rows by it
(periods by their place in time), pressing it again the other way, and says so (aria-sort);
without script the table is there, in the collection's order."""

from __future__ import annotations

from typing import Any

import pytest

from museumgen.render.views import chronological

from .browser import SMALL_PHONE, Site

pytestmark = pytest.mark.browser

TABLE = "collection/table/"


def column(page: Any, index: int) -> list[str]:
    return list(
        page.eval_on_selector_all(
            f"table.sortable tbody tr td:nth-child({index})", "cells => cells.map(c => c.textContent.trim())"
        )
    )


def runs(values: list[str]) -> list[str]:
    """Each value once, where a run of equal ones starts."""
    return [value for index, value in enumerate(values) if index == 0 or value != values[index - 1]]


def test_pressing_a_heading_sorts_by_its_column_and_again_the_other_way(chromium: Any, site_url: Site) -> None:
    page = chromium.new_context(**SMALL_PHONE).new_page()
    page.goto(site_url.page(TABLE), wait_until="load")
    numbers = column(page, 1)
    category = page.locator("th:nth-child(5) .sort")
    category.click()
    assert page.get_attribute("th:nth-child(5)", "aria-sort") == "ascending"
    categories = column(page, 5)
    assert len(runs(categories)) == len(set(categories)) > 1, "equal values together"
    category.click()
    assert page.get_attribute("th:nth-child(5)", "aria-sort") == "descending"
    assert [c for c in runs(column(page, 5)) if c] == [c for c in runs(categories) if c][::-1]
    page.locator("th:nth-child(3) .sort").click()
    assert page.get_attribute("th:nth-child(5)", "aria-sort") is None, "one column at a time"
    periods = [p for p in column(page, 3) if p]
    assert periods == chronological(periods)
    page.locator("th:nth-child(1) .sort").click()
    assert column(page, 1) == sorted(numbers, key=lambda n: int(n.split("-")[-1]))
    box = category.bounding_box()
    assert box is not None and box["height"] >= 44
    page.context.close()


def test_without_script_the_table_is_there_in_the_collections_order(chromium: Any, site_url: Site) -> None:
    page = chromium.new_context(**SMALL_PHONE, java_script_enabled=False).new_page()
    page.goto(site_url.page(TABLE), wait_until="load")
    assert page.locator("table.sortable tbody tr").count() >= 10
    assert page.locator("th .sort").count() == 0  # no buttons that would do nothing
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        "the table scrolls in its box, not the page"
    )
    page.context.close()
