from __future__ import annotations

import datetime as dt
import signal
from pathlib import Path

import pytest

from museumgen.build import Options, build
from museumgen.errors import MuseumError
from museumgen.workers import MIN_ITEMS_FOR_PARALLEL, _split, map_chunks

from .conftest import tree


def test_split_covers_everything_in_order() -> None:
    ranges = _split(10, 4)
    assert [list(r) for r in ranges] == [[0, 1, 2], [3, 4, 5], [6, 7], [8, 9]]


def test_results_come_back_in_order() -> None:
    chunks = map_chunks(lambda r: [i * i for i in r], 1000, workers=2)
    assert len(chunks) > 1  # really spread over processes
    assert [x for chunk in chunks for x in chunk] == [i * i for i in range(1000)]


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
