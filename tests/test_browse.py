"""Browsing: the collection by category, period, material and tag, each value a page with
its count, and numbered pagers on every paged list."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from museumgen.build import Options, build
from museumgen.errors import MuseumError
from museumgen.render.jobs import page_path, paged, term_slug

from .conftest import EXAMPLE
from .links import broken_links

OPTIONS = Options(date=dt.date(2026, 11, 25))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browse") / "site"
    build(EXAMPLE, out, OPTIONS)
    return out


def text(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def written(folder: Path, key: str) -> dict[str, str]:
    """Each object's value of `key`, by file name, as its file writes it."""
    values = {}
    for path in folder.glob("collection/*.md"):
        if path.name.count(".") == 1:
            found = re.search(rf"(?m)^{key}: (.+)$", path.read_text(encoding="utf-8"))
            if found:
                values[path.stem] = found[1].strip()
    return values


def test_each_category_lists_exactly_its_objects_with_their_count(site: Path) -> None:
    categories = written(EXAMPLE, "category")
    for name in set(categories.values()):
        page = text(site, f"collection/category/{term_slug(name)}")
        linked = set(re.findall(r'href="\.\./\.\./\.\./collection/(qx-[^/"]+)/"', page))
        assert linked == {stem for stem, value in categories.items() if value == name}, name
        count = len(linked)
        assert f"共 {count} 件" in page
        index = text(site, "collection/category")
        assert re.search(rf'>{re.escape(name)}<span class="count">{count}</span>', index)


def test_the_collection_page_offers_every_field_it_is_browsed_by(site: Path) -> None:
    page = text(site, "collection")
    assert [f for f in re.findall(r'<h3 class="browse-field"><a href="\.\./collection/([a-z]+)/">', page)] == ["category", "period", "material", "tags"]
    assert '<nav class="chips-row" aria-label="类别">' in page  # the categories above the objects, too


def test_an_objects_values_link_to_their_pages(site: Path) -> None:
    page = text(site, "collection/qx-0006-celadon-meiping")
    assert f'<a href="../../collection/category/{quote(term_slug("陶瓷器"))}/">陶瓷器</a>' in page
    assert '<a href="../../collection/tags/celadon/">celadon</a>' in page
    english = text(site, "en/collection/qx-0006-celadon-meiping")
    assert re.search(r'<a href="\.\./\.\./\.\./en/collection/category/[a-z-]+/">', english)
    assert broken_links(site, base_path="/qingxi/") == []


def test_values_are_one_page_whatever_their_capitals_and_safe_whatever_they_hold(museum: Path, tmp_path: Path) -> None:
    first, second = museum / "collection" / "qx-0001-bronze-ding.md", museum / "collection" / "qx-0005-bronze-mirror.md"
    long = "青铜" * 50  # 300 bytes: more than a file name may be
    for path, tags in ((first, f"[Bronze, '../../etc', 'a/b?c#d', {long}]"), (second, "[bronze, '???']")):
        written_text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^tags: .*$", f"tags: {tags}", written_text), encoding="utf-8")
    build(museum, tmp_path / "site", OPTIONS)
    tags = tmp_path / "site" / "collection" / "tags"
    made = {p.name for p in tags.iterdir() if p.is_dir()}
    assert {"a-b-c-d", "bronze", "etc"} <= made and not any("?" in name or "." in name for name in made)
    assert "共 2 件" in text(tmp_path / "site", "collection/tags/bronze")
    assert ">Bronze<" in text(tmp_path / "site", "collection/tags/bronze")  # as the first object writes it
    item = text(tmp_path / "site", "collection/qx-0005-bronze-mirror")
    assert "<span>???</span>" in item  # a value with nothing to name a page by has none
    assert f"<span>{long}</span>" in text(tmp_path / "site", "collection/qx-0001-bronze-ding")  # nor one too long to be a name


def test_an_entry_named_like_a_browse_page_is_a_located_error(museum: Path, tmp_path: Path) -> None:
    source = museum / "collection" / "qx-0001-bronze-ding.md"
    copied = re.sub(r"(?m)^stop: .*\n", "", source.read_text(encoding="utf-8").replace("id: QX-0001", "id: QX-9999"))  # a stop is one object's
    (museum / "collection" / "category.md").write_text(copied, encoding="utf-8")
    with pytest.raises(MuseumError) as error:
        build(museum, tmp_path / "site", OPTIONS)
    assert any("collection/category.md" in d.path and "collection/category/index.html" in d.message for d in error.value.diagnostics)
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("count", "number", "shown"),
    [
        (1, 1, [1]),
        (3, 2, [1, 2, 3]),
        (84, 1, [1, 2, None, 84]),
        (84, 6, [1, None, 5, 6, 7, None, 84]),
        (84, 83, [1, None, 82, 83, 84]),
        (5, 3, [1, 2, 3, 4, 5]),
    ],
)
def test_a_pager_shows_the_first_the_last_and_the_pages_near_this_one(count: int, number: int, shown: list[int | None]) -> None:
    pages = list(paged("collection/", list(range(count)), 1))  # type: ignore[arg-type]
    path, _chunk, pager = pages[number - 1]
    assert path == page_path("collection/", number)
    assert [n for n, _p in pager["pages"]] == shown
    assert all(p == (page_path("collection/", n) if n else None) for n, p in pager["pages"])


def test_paged_lists_have_numbered_pages_that_all_lead_somewhere(museum: Path, tmp_path: Path) -> None:
    settings = museum / "museum.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "per_page: 2\n", encoding="utf-8")
    build(museum, tmp_path / "site", OPTIONS)
    page = text(tmp_path / "site", "collection/page/4")
    assert '<a href="../../../collection/page/4/" aria-current="page" aria-label="第 4 页">4</a>' in page
    assert '<span class="gap" aria-hidden="true">…</span>' in page
    assert "共 6 件" in text(tmp_path / "site", f"collection/category/{term_slug('陶瓷器')}") and (tmp_path / "site" / "collection" / "category" / term_slug("陶瓷器") / "page" / "3" / "index.html").is_file()
    assert broken_links(tmp_path / "site", base_path="/qingxi/") == []


def test_museum_yaml_chooses_what_each_kind_is_browsed_by(museum: Path, tmp_path: Path) -> None:
    settings = museum / "museum.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "browse:\n  collection: [category]\n  news: [tags]\n", encoding="utf-8")
    (museum / "news" / "volunteers-wanted.md").write_text(
        (museum / "news" / "volunteers-wanted.md").read_text(encoding="utf-8").replace("title:", "tags: [志愿者]\ntitle:", 1), encoding="utf-8"
    )
    build(museum, tmp_path / "site", OPTIONS)
    views = {"map", "table", "timeline", "iiif-collection.json"}  # its other views and data, whatever it is browsed by
    assert sorted(p.name for p in (tmp_path / "site" / "collection").iterdir() if not p.name.startswith("qx-") and p.name not in views) == ["category", "index.html"]
    assert "志愿者" in text(tmp_path / "site", "news/tags/志愿者")
    assert 'term_link' not in text(tmp_path / "site", "collection/qx-0006-celadon-meiping")
    assert "collection/material/" not in text(tmp_path / "site", "collection/qx-0006-celadon-meiping")  # not browsed by it: not a link


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("browse:\n  colection: [category]\n", "no content folder `colection` (did you mean `collection`?): use one of exhibitions, collection"),
        ("browse:\n  collection: [category, materail]\n", "collection/ cannot be browsed by `materail` (did you mean `material`?): use one of tags, period"),
        ("browse:\n  exhibitions: [items]\n", "exhibitions/ cannot be browsed by `items`: use one of tags, subtitle, venue"),
    ],
)
def test_browsing_by_what_is_not_there_is_a_located_error(museum: Path, written: str, message: str) -> None:
    settings = museum / "museum.yaml"
    before = settings.read_text(encoding="utf-8")
    settings.write_text(before + written, encoding="utf-8")
    with pytest.raises(MuseumError) as error:
        build(museum, museum / "_site", OPTIONS)
    [problem] = [d for d in error.value.diagnostics if "brows" in d.message or "content folder" in d.message]
    assert problem.path == "museum.yaml" and message in problem.message
    wrong = re.search(r"`(\w+)`", message)
    assert wrong is not None and wrong[1] in (before + written).splitlines()[problem.line - 1]
