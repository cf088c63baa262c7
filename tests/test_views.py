"""Views of the collection from its metadata: the timeline's order of periods (by year,
reign or dynasty), the table's rows, the tag cloud's sizes, and the pages they make."""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import pytest

from museumgen.build import Options, build
from museumgen.errors import MuseumError
from museumgen.render import views
from museumgen.render.jobs import Term
from museumgen.render.views import chronological, cloud, place

from .conftest import EXAMPLE
from .links import broken_links

OPTIONS = Options(date=dt.date(2026, 11, 25))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("views") / "site"
    build(EXAMPLE, out, OPTIONS)
    return out


def text(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_dynasties_come_in_the_order_of_time_whatever_their_language() -> None:
    written = [
        "清代",
        "宋",
        "新石器时代",
        "民国",
        "战国",
        "东汉",
        "唐代",
        "商代晚期",
        "西周",
        "元",
        "明",
        "秦",
        "隋",
        "三国",
        "北宋",
        "南宋",
        "金代",
        "现代",
    ]
    assert chronological(written) == [
        "新石器时代",
        "商代晚期",
        "西周",
        "战国",
        "秦",
        "东汉",
        "三国",
        "隋",
        "唐代",
        "宋",
        "北宋",
        "金代",
        "南宋",
        "元",
        "明",
        "清代",
        "民国",
        "现代",
    ]
    english = [
        "Qing dynasty",
        "Late Shang",
        "Neolithic, Liangzhu culture",
        "Republican period",
        "Southern Song",
        "Eastern Han",
    ]
    assert chronological(english) == [
        "Neolithic, Liangzhu culture",
        "Late Shang",
        "Eastern Han",
        "Southern Song",
        "Qing dynasty",
        "Republican period",
    ]


def test_years_reigns_and_parts_of_an_era_place_a_period_within_it() -> None:
    assert chronological(["清代晚期", "清乾隆", "清代", "1700年", "清康熙"]) == [
        "清代",
        "清康熙",
        "1700年",
        "清乾隆",
        "清代晚期",
    ]
    assert (
        place("公元前221年").era is not None and place("公元前221年").era.chinese[0] == "秦"
    )  # 公元's 元 is not the Yuan
    assert place("3rd century BC").key[0] == -300 and place("18世纪").key[0] == 1700
    assert place("Hangzhou ware").era is None  # Han only as a word of its own


def test_periods_named_by_nothing_known_go_last_in_the_order_given() -> None:
    assert chronological(["不详", "明", "某地窑口", "汉"]) == ["汉", "明", "不详", "某地窑口"]


def test_the_timeline_groups_the_periods_by_era_with_counts_and_links(site: Path) -> None:
    page = text(site, "collection/timeline")
    eras = re.findall(r'<h2 class="era-title">([^<]+) <span class="count">(\d+)</span>', page)
    assert [name for name, _count in eras] == [
        "新石器时代",
        "商",
        "西周",
        "东汉",
        "唐",
        "南宋",
        "元",
        "明",
        "清",
        "民国",
    ]
    assert ("清", "4") in eras
    assert '<a href="../../collection/period/' in page and "collection/qx-0008-blue-white-jar/" in page
    english = text(site, "en/collection/timeline")
    assert re.findall(r'<h2 class="era-title">([^<]+) ', english)[:3] == ["Neolithic", "Shang", "Western Zhou"]


def test_the_table_has_a_row_per_object_and_the_period_s_place_in_time(site: Path) -> None:
    page = text(site, "collection/table")
    rows = re.findall(r"<tr>(.*?)</tr>", page)
    assert len(rows) == 1 + len(
        [p for p in EXAMPLE.glob("collection/*.md") if not p.name.endswith(".en.md")]
    )  # a heading row, then every object
    assert re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', page) == ["藏品编号", "名称", "年代", "材质", "类别"]
    first = rows[1]
    assert "QX-0001" in first and 'data-sort="' in first and '<a href="../../collection/qx-0001-bronze-ding/">' in first
    assert re.search(r'<script src="\.\./\.\./assets/table\.[0-9a-f]+\.js" defer>', page)  # sorting, only here


def test_a_long_table_is_paged_each_page_sorted_by_itself(
    site: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(views, "TABLE_ROWS", 6)
    out = tmp_path / "site"
    build(EXAMPLE, out, OPTIONS)
    whole = re.findall(r"<tr>(.*?)</tr>", text(site, "collection/table"))[1:]
    count = math.ceil(len(whole) / 6)
    assert count > 1 and not (out / "collection/table/page" / str(count + 1)).exists()
    pages = [text(out, "collection/table")] + [text(out, f"collection/table/page/{n}") for n in range(2, count + 1)]
    rows = [re.findall(r"<tr>(.*?)</tr>", page)[1:] for page in pages]
    assert all(len(chunk) <= 6 for chunk in rows)
    assert [row.replace("../../../../", "../../") for chunk in rows for row in chunk] == whole  # in order, each once
    for number, page in enumerate(pages, start=1):
        assert f"共 {len(whole)} 件 · 点击表头可对本页排序" in page
        assert '<nav class="pager"' in page and f'<span class="pager-where">{number} / {count}</span>' in page
    assert '<a href="../../collection/table/page/2/" rel="next">' in pages[0]
    assert " · 第 2 页 · " in pages[1].split("</title>")[0]
    one = text(site, "collection/table")  # a collection of fewer rows: one page, sorted whole
    assert "点击表头可排序" in one and '<nav class="pager"' not in one


def test_the_collection_list_leads_to_the_views_and_the_tag_cloud(site: Path) -> None:
    page = text(site, "collection")
    views = page[page.index('<nav class="views"') :]
    views = views[: views.index("</nav>")]
    linked = re.findall(r'href="([^"]+)"', views)
    assert [
        path for path in linked if path in ("../collection/table/", "../collection/timeline/", "../collection/tags/")
    ] == ["../collection/table/", "../collection/timeline/", "../collection/tags/"]
    assert broken_links(site, base_path="/qingxi/") == []


def test_a_tag_cloud_sizes_tags_by_their_count_in_a_few_steps(site: Path) -> None:
    def term(name: str, count: int) -> Term:
        return Term(name, f"{name}/", [None] * count)  # type: ignore[list-item]

    sized = cloud([term("a", 40), term("b", 10), term("c", 3), term("d", 1)])
    assert [size for _term, size in sized] == [5, 3, 2, 1]  # on a log scale: 40 is 5, 10 the middle
    assert {size for _term, size in cloud([term("a", 2), term("b", 2)])} == {1}
    page = text(site, "collection/tags")
    assert re.search(r'<ul class="chips cloud">', page) and re.search(r'<a class="size-[1-5]" href="[^"]+">', page)


def test_without_periods_there_is_no_timeline(museum: Path, tmp_path: Path) -> None:
    for path in (museum / "collection").glob("*.md"):
        path.write_text(re.sub(r"(?m)^period: .*\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    build(museum, tmp_path / "site", OPTIONS)
    assert (tmp_path / "site" / "collection" / "table" / "index.html").is_file()
    assert not (tmp_path / "site" / "collection" / "timeline").exists()
    assert "collection/timeline/" not in text(tmp_path / "site", "collection")


def test_without_objects_there_are_no_views(starter: Path, tmp_path: Path) -> None:
    for path in (starter / "collection").glob("*.md"):
        path.unlink()
    for path in (starter / "exhibitions").glob("*.md"):  # they name objects
        path.write_text(re.sub(r"(?m)^items: .*\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    build(starter, tmp_path / "starter", OPTIONS)
    assert not (tmp_path / "starter" / "collection" / "table").exists()


def test_an_object_named_like_a_view_is_a_located_error(museum: Path, tmp_path: Path) -> None:
    source = museum / "collection" / "qx-0001-bronze-ding.md"
    copied = re.sub(r"(?m)^stop: .*\n", "", source.read_text(encoding="utf-8").replace("id: QX-0001", "id: QX-9999"))
    (museum / "collection" / "table.md").write_text(copied, encoding="utf-8")
    with pytest.raises(MuseumError) as error:
        build(museum, tmp_path / "site", OPTIONS)
    assert any(
        "collection/table.md" in d.path + d.message and "collection/table/index.html" in d.message
        for d in error.value.diagnostics
    )


def test_the_timeline_links_periods_only_where_the_collection_is_browsed_by_them(museum: Path, tmp_path: Path) -> None:
    settings = museum / "museum.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "browse:\n  collection: [category]\n", encoding="utf-8")
    build(museum, tmp_path / "site", OPTIONS)
    page = text(tmp_path / "site", "collection/timeline")
    assert "collection/period/" not in page and "collection/qx-0001-bronze-ding/" in page
    assert broken_links(tmp_path / "site", base_path="/qingxi/") == []
