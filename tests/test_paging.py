"""Paged lists beyond the collection: exhibitions (their past ones), events (their past
ones), news, videos, and an exhibition's own objects, each with the numbered pager."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from museumgen.build import Options, build

from .links import broken_links

OPTIONS = Options(date=dt.date(2026, 11, 25))
LATER = dt.date(2027, 12, 31)  # every event and the exhibitions that end are past


def text(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def pages(site: Path, first: str) -> list[str]:
    """The site paths of a list's pages, in order."""
    later = (
        sorted((site / first / "page").glob("*/index.html"), key=lambda p: int(p.parent.name))
        if (site / first / "page").is_dir()
        else []
    )
    return [first] + [f"{first}page/{p.parent.name}/" for p in later]


@pytest.fixture
def per_page_1(museum: Path, tmp_path: Path) -> Path:
    settings = museum / "museum.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "per_page: 1\n", encoding="utf-8")
    build(museum, tmp_path / "site", Options(date=LATER))
    return tmp_path / "site"


def test_news_videos_and_the_past_are_paged(per_page_1: Path) -> None:
    site = per_page_1
    assert len(pages(site, "news/")) == 4 and len(pages(site, "videos/")) == 4
    assert len(pages(site, "events/")) == 6  # all six are past by then
    past = len(re.findall(r'class="card', text(site, "exhibitions")))
    assert past >= 1 and (site / "exhibitions/page/2/index.html").is_file()
    assert broken_links(site, base_path="/qingxi/") == []


def test_later_pages_have_only_the_paged_part_with_rel_links_and_canonical(per_page_1: Path) -> None:
    page = text(per_page_1, "events/page/2")
    assert "即将举行" not in page and "往期活动" in page  # no upcoming group, the past one
    assert re.search(r'<a href="[./]*events/" rel="prev">', page) and re.search(
        r'<a href="[./]*events/page/3/" rel="next">', page
    )
    assert '<link rel="canonical" href="https://example.org/qingxi/events/page/2/">' in page
    assert "<title>社教活动 · 第 2 页 · " in page
    assert len(re.findall(r'<li class="row', page)) == 1


def test_an_exhibition_lists_its_objects_in_pages(museum: Path, tmp_path: Path) -> None:
    settings = museum / "museum.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "per_page: 2\n", encoding="utf-8")
    build(museum, tmp_path / "site", OPTIONS)
    site = tmp_path / "site"
    first = text(site, "exhibitions/qingxi-history")
    count = int(re.search(r'<h2>展品 <span class="count">(\d+)</span>', first)[1])  # type: ignore[index]
    paths = pages(site, "exhibitions/qingxi-history/")
    assert len(paths) == -(-count // 2) > 1
    second = text(site, "exhibitions/qingxi-history/page/2")
    assert len(re.findall(r'<li class="tile">', second)) == 2
    assert (
        'aria-current="page" aria-label="第 2 页">2</a>' in second and 'rel="prev"' in second and 'rel="next"' in second
    )
    assert '<link rel="canonical" href="https://example.org/qingxi/exhibitions/qingxi-history/page/2/">' in second
    assert 'class="prose"' not in second  # the exhibition's text is on its first page only
    last = text(site, paths[-1].rstrip("/"))
    assert 'rel="next"' not in last.split("</head>")[1] and '<link rel="next"' not in last


def test_a_short_list_has_no_pager(tmp_path: Path) -> None:
    from .conftest import EXAMPLE

    build(EXAMPLE, tmp_path / "site", OPTIONS)
    for path in ("news", "videos", "events", "exhibitions", "exhibitions/qingxi-history"):
        assert 'class="pager"' not in text(tmp_path / "site", path), path
        assert not (tmp_path / "site" / path / "page").exists(), path
