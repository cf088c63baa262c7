from __future__ import annotations

import datetime as dt
import os
import signal
import time
from pathlib import Path

import pytest

from museumgen.build import Options, build
from museumgen.content.discover import discover
from museumgen.content.load import FileCache, load_entries, validate
from museumgen.content.parse import Source
from museumgen.errors import Diagnostic, MuseumError, Report
from museumgen.images import ImageProblem
from museumgen.messages import Joined, Message, _
from museumgen.schema import Museum
from museumgen.site.kinds import KINDS
from museumgen.workers import MIN_ITEMS_FOR_PARALLEL, _split, map_chunks

from .conftest import tree


def test_split_covers_everything_in_order() -> None:
    ranges = _split(10, 4)
    assert [list(r) for r in ranges] == [[0, 1, 2], [3, 4, 5], [6, 7], [8, 9]]


def test_results_come_back_in_order() -> None:
    chunks = map_chunks(lambda r: [i * i for i in r], 1000, workers=2)
    assert len(chunks) > 1  # really spread over processes
    assert [x for chunk in chunks for x in chunk] == [i * i for i in range(1000)]


def _slowly_where(indexes: range) -> list[tuple[int, int]]:
    time.sleep(0.02)  # long enough for a worker to start and take some chunks
    return [(index, os.getpid()) for index in indexes]


def test_this_process_helps_and_results_stay_in_order() -> None:
    chunks = map_chunks(_slowly_where, 1000, workers=2, helping=True)
    found = [pair for chunk in chunks for pair in chunk]
    assert [index for index, _pid in found] == list(range(1000))
    assert found[-1][1] == os.getpid()  # this process takes chunks from the end
    assert found[0][1] != os.getpid()  # a worker from the start


def test_workers_leave_signals_to_the_parent() -> None:
    """`museumgen serve` turns SIGTERM into Ctrl-C before its first build: a worker must
    still just end when the pool stops it, and not act on the terminal's Ctrl-C itself."""
    previous = signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        chunks = map_chunks(lambda r: [(signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))], 1000, workers=2)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert len(chunks) > 1
    assert {pair for chunk in chunks for pair in chunk} == {(signal.SIG_IGN, signal.SIG_DFL)}


@pytest.fixture
def big_museum(starter: Path) -> Path:
    """Enough objects, with bodies, that pages and Markdown are spread over processes."""
    for number in range(MIN_ITEMS_FOR_PARALLEL + 20):
        (starter / "collection" / f"o{number:04}.md").write_text(
            f"---\nid: B-{number}\ntitle: 藏品 {number}\n---\n第 {number} 件。See [the first](first-object.md).\n",
            encoding="utf-8",
        )
    return starter


def test_parallel_and_serial_builds_are_identical(big_museum: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    options = Options(date=dt.date(2026, 11, 25))
    monkeypatch.setenv("MUSEUMGEN_WORKERS", "1")
    build(big_museum, tmp_path / "serial", options)
    monkeypatch.setenv("MUSEUMGEN_WORKERS", "2")
    build(big_museum, tmp_path / "parallel", options)
    assert tree(tmp_path / "serial") == tree(tmp_path / "parallel")
    page = (tmp_path / "parallel" / "collection" / "o0300" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../collection/first-object/">the first</a>' in page


def test_errors_found_in_workers_are_reported(big_museum: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MUSEUMGEN_WORKERS", "2")
    (big_museum / "collection" / "o0399.md").write_text("---\nid: X\ntitle: X\n---\n[gone](nope.md)\n", encoding="utf-8")
    with pytest.raises(MuseumError) as caught:
        build(big_museum, tmp_path / "site", Options(date=dt.date(2026, 11, 25)))
    assert [d.format() for d in caught.value.diagnostics] == [
        "collection/o0399.md:5: link to `nope.md`: there is no such content file, or it is a draft"
    ]
    (big_museum / "collection" / "o0399.md").write_text("---\nid: X\ntitle: X\n---\n", encoding="utf-8")
    (big_museum / "templates").mkdir()
    (big_museum / "templates" / "item.html").write_text("{{ doc.nope }}", encoding="utf-8")
    with pytest.raises(MuseumError, match="templates/item.html:1: template error"):
        build(big_museum, tmp_path / "site", Options(date=dt.date(2026, 11, 25)))
    assert not (tmp_path / "site").exists()


def test_files_unchanged_since_the_last_load_come_back_from_the_cache(big_museum: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers read and compare each file; the result kept for an unchanged one is the
    cache's own, and a changed one is loaded again."""
    monkeypatch.setenv("MUSEUMGEN_WORKERS", "2")
    kinds = {kind.name: kind for kind in KINDS}
    files = discover(big_museum, Report(), kinds)
    cache: FileCache = {}
    first, _left_out = load_entries(files, kinds, Report(), cache)
    kept = dict(cache)
    (big_museum / "collection" / "o0100.md").write_text("---\nid: B-100\ntitle: 改过\n---\n", encoding="utf-8")
    second, _left_out = load_entries(files, kinds, Report(), cache)
    assert len(second) == len(first) > MIN_ITEMS_FOR_PARALLEL
    changed = "collection/o0100.md"
    assert all(cache[rel] is kept[rel] for rel in kept if rel != changed)
    assert cache[changed] is not kept[changed] and cache[changed].loaded is not None
    assert cache[changed].loaded.entry.title == "改过"
    assert [item.file for item in second] == [item.file for item in first]


def _found_in_a_worker(indexes: range) -> list[Diagnostic]:
    report = Report()
    validate(Museum, Source("museum.yaml", {"name": "博物馆", "colors": {"primary": "red"}, "per_page": 0}, []), report)
    report.error("media/a.jpg", 0, _("`{file}`: {problem}", file="media/a.jpg", problem=ImageProblem(_("it is not an image that can be read (damaged, or another kind of file)")).message))
    return report.diagnostics


def _fails_in_a_worker(indexes: range) -> None:
    raise MuseumError.single("news/a.md", 2, _("the title is empty: write a title") + _(" (did you mean `{choice}`?)", choice="title"))


def test_messages_found_in_a_worker_process_come_back_translatable() -> None:
    chunks = map_chunks(_found_in_a_worker, 1000, workers=2)
    assert len(chunks) > 1  # really from other processes
    found = chunks[-1]
    assert all(isinstance(d.message, Message) for d in found)
    assert [d.format(language="zh-CN") for d in found] == [
        "museum.yaml:1: `colors.primary`：`red` 应该是写成 `#rrggbb` 的颜色，例如 `#8c2f1b`",
        "museum.yaml:1: `per_page` 超出范围：应大于或等于 1",
        "media/a.jpg: `media/a.jpg`：这不是可以读取的图片（文件可能已损坏，或者是别的类型的文件）",
    ]
    assert found[0].format() == "museum.yaml:1: `colors.primary`: `red` should be a colour written `#rrggbb`, e.g. `#8c2f1b`"


def test_an_error_raised_in_a_worker_process_keeps_its_messages() -> None:
    with pytest.raises(MuseumError) as raised:
        map_chunks(_fails_in_a_worker, 1000, workers=2)
    diagnostic = raised.value.diagnostics[0]
    assert isinstance(diagnostic.message, Joined)
    assert diagnostic.format(language="zh-CN") == "news/a.md:2: 标题是空的：请写一个标题（是不是想写 `title`？）"
