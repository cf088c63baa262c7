"""The collection's map of find spots: the bundled outline, the projection, the page and
its points, and bad coordinates (a located error) or ones off the map (a warning)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from museumgen import geo
from museumgen.build import Options, build
from museumgen.errors import MuseumError
from museumgen.outputs.findspots import outline_file

OPTIONS = Options(date=dt.date(2026, 11, 25))
JAR = "collection/qx-0002-stamped-jar.md"


def test_the_outline_is_small_and_says_where_it_comes_from() -> None:
    assert geo.OUTLINE.stat().st_size < 40_000
    shape = geo.outline()
    assert "Natural Earth" in shape.source and "public domain" in shape.licence
    assert len(geo.svg()) < 25_000


def test_the_projection_puts_north_up_east_right_and_the_corners_at_the_edges() -> None:
    shape = geo.outline()
    west, south, east, north = shape.area
    assert shape.project(north, west) == (0, 0)
    assert shape.project(south, east) == pytest.approx((geo.WIDTH, shape.height), abs=0.5)
    beijing, shanghai = shape.project(39.9, 116.4), shape.project(31.2, 121.5)
    assert shanghai[0] > beijing[0] and shanghai[1] > beijing[1]
    assert shape.covers(39.9, 116.4) and not shape.covers(48.9, 2.35)  # Paris is off the map


def test_crowded_points_get_a_close_up_with_a_round_scale() -> None:
    shape = geo.outline()
    found = [shape.project(lat, lon) for lat, lon in [(29.6, 119.0), (29.7, 118.9), (29.5, 119.2)]]
    detail = geo.close_up(found)
    assert detail is not None and len(detail.points) == 3
    assert all(0 <= x <= detail.width and 0 <= y <= detail.height for x, y in detail.points)
    assert detail.scale_km in (1, 2, 5, 10, 20, 50)
    far = [*found, shape.project(45.0, 85.0)]
    assert geo.close_up(far) is None and geo.close_up(found[:1]) is None
    assert [geo._nice(km) for km in (0.3, 7, 12, 49)] == [1, 5, 10, 20]


def test_the_map_page_has_each_find_spot_as_a_link_and_is_reached_from_the_collection(tmp_path: Path) -> None:
    from .conftest import EXAMPLE

    build(EXAMPLE, tmp_path / "site", OPTIONS)
    page = (tmp_path / "site" / "collection/map/index.html").read_text(encoding="utf-8")
    spots = len(
        re.findall(
            r"(?m)^find_spot:",
            "".join(
                p.read_text(encoding="utf-8") for p in (EXAMPLE / "collection").glob("*.md") if p.name.count(".") == 1
            ),
        )
    )
    assert spots >= 3
    assert (
        len(re.findall(r'<a href="\.\./\.\./collection/qx-[^"]+/"><title>', page)) == 2 * spots
    )  # the map and its close-up
    assert len(re.findall(r'<li><a href="\.\./\.\./collection/qx-', page)) == spots
    outline = outline_file()
    assert f'<img src="../../{outline}" alt=""' in page
    assert (tmp_path / "site" / outline).read_bytes().startswith(b"<svg")
    english = (tmp_path / "site/en/collection/map/index.html").read_text(encoding="utf-8")
    assert f'<img src="../../../{outline}"' in english  # one outline for every language
    assert 'href="../collection/map/"' in (tmp_path / "site/collection/index.html").read_text(encoding="utf-8")
    assert "http" not in re.sub(r'https://example\.org[^"]*', "", re.search(r"<main.*</main>", page, re.S)[0])  # type: ignore[index]


def test_a_museum_with_no_find_spots_has_no_map(museum: Path, tmp_path: Path) -> None:
    for path in (museum / "collection").glob("*.md"):
        path.write_text(re.sub(r"(?m)^find_spot:.*\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    build(museum, tmp_path / "site", OPTIONS)
    assert not (tmp_path / "site/collection/map").exists()
    assert 'href="../collection/map/"' not in (tmp_path / "site/collection/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("written", "key"), [("lat: 95.5, lon: 118.9", "lat"), ("lat: 29.7, lon: -190", "lon")])
def test_coordinates_out_of_range_are_a_located_error(museum: Path, written: str, key: str) -> None:
    path = museum / JAR
    path.write_text(re.sub(r"lat: [\d.]+, lon: [\d.]+", written, path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(MuseumError) as error:
        build(museum, museum / "_site", OPTIONS)
    # (a plan placing the object's stop also says it is missing: the object is not built)
    [problem] = [d for d in error.value.diagnostics if d.path == JAR]
    assert "find_spot" in path.read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert key in problem.message or "90" in problem.message or "180" in problem.message


def test_a_find_spot_off_the_map_is_a_warning_and_left_off(museum: Path, tmp_path: Path) -> None:
    path = museum / JAR
    path.write_text(
        re.sub(r"lat: [\d.]+, lon: [\d.]+", "lat: 48.85, lon: 2.35", path.read_text(encoding="utf-8")), encoding="utf-8"
    )
    result = build(museum, tmp_path / "site", OPTIONS)
    [warning] = [d for d in result.diagnostics if d.severity == "warning" and d.path == JAR]
    assert warning.path == JAR and "find_spot" in path.read_text(encoding="utf-8").splitlines()[warning.line - 1]
    assert "outside the collection's map" in warning.message or "地图" in warning.message
    page = (tmp_path / "site/collection/map/index.html").read_text(encoding="utf-8")
    assert "qx-0002-stamped-jar" not in page
