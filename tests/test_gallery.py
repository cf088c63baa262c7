"""Floor plans and the stamp passport in the model: places on the drawing, what they lead
to, the entries that learn they are on a plan, and the passport's pages for precaching."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from museumgen.build import Options, load
from museumgen.errors import MuseumError
from museumgen.site.gallery import Marker, _letters, passport_paths, percent

from .conftest import EXAMPLE

TODAY = dt.date(2026, 11, 25)


def test_a_point_is_placed_in_percent_of_the_drawing() -> None:
    assert percent(170, 800) == 21.25 and percent(420, 560) == 75.0
    assert percent(0, 800) == 0.0 and percent(800, 800) == 100.0


def test_places_that_are_not_stops_are_lettered() -> None:
    assert [_letters(n) for n in (1, 2, 26, 27, 28)] == ["A", "B", "Z", "AA", "AB"]


def test_the_examples_plan_leads_to_its_stops_and_objects() -> None:
    site = load(EXAMPLE, Options(date=TODAY)).site
    (plan,) = site.plans
    assert plan.floor == "1F" and plan.plan_image.width == 800 and plan.plan_image.height == 560
    markers = plan.markers
    assert len(markers) == 11 and sum(1 for m in markers if m.stop is not None) == 10
    assert markers[0] == Marker("1", "序厅 · 溪流与人", "exhibitions/qingxi-history/#stop-1", 21.25, 75.0, 1)
    assert markers[9].label == "A" and markers[9].path == "collection/qx-0013-stele-rubbing/"
    ding = next(doc for doc in site.items if doc.id == "QX-0001")
    assert [(on.plan.floor, on.marker.stop) for on in ding.on_plans] == [("1F", 4)]
    english = site.siblings[1]
    assert (
        len(english.plans[0].markers) == 11
        and english.plans[0].markers[0].path == "en/exhibitions/qingxi-history/#stop-1"
    )


def test_the_passport_and_every_stamp_page_are_listed_for_precaching() -> None:
    sites = load(EXAMPLE, Options(date=TODAY)).site.siblings
    assert passport_paths(sites[0]) == ["stamps/", "stamps/history/", "stamps/lanterns/", "stamps/celadon/"]
    assert passport_paths(sites[1])[0] == "en/stamps/"
    assert [doc.number for doc in sites[0].stamps] == [1, 2, 3]
    assert sites[0].stamps[1].exhibition.slug == "lanterns-of-qingxi"


def museum_with_plan(tmp_path: Path, places: str) -> Path:
    museum = tmp_path / "museum"
    shutil.copytree(EXAMPLE, museum, ignore=shutil.ignore_patterns("_site", ".vscode"))
    text = (museum / "plans" / "1f.md").read_text(encoding="utf-8")
    head, rest = text.split("places:\n", 1)
    (museum / "plans" / "1f.md").write_text(
        head + "places:\n" + places + "---" + rest.split("---", 1)[1], encoding="utf-8"
    )
    return museum


def test_a_plans_bad_places_are_located_errors(tmp_path: Path) -> None:
    museum = museum_with_plan(
        tmp_path, "  - {stop: 1, x: 801, y: 10}\n  - {stop: 99, x: 1, y: 1}\n  - {item: QX-9999, x: 1, y: 1}\n"
    )
    with pytest.raises(MuseumError) as caught:
        load(museum, Options(date=TODAY))
    found = [(d.path, d.line, d.message.split(":")[0]) for d in caught.value.diagnostics]
    assert found == [
        ("plans/1f.md", 8, "the point (801, 10) is outside the plan drawing, which is 800 × 560 pixels"),
        ("plans/1f.md", 9, "there is no stop 99 in the audio guide"),
        ("plans/1f.md", 10, "there is no object `QX-9999` in collection/"),
    ]
