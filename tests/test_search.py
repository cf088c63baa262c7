"""The search index (museumgen/outputs/search.py): every entry containing a Chinese query
is found, whatever its length; English words by their stems; filters; and the results
are exactly those a plain substring check finds. `search.js` reads the index the same
way `Reader` does (tests/test_search_browser.py runs it in Chromium)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from museumgen.build import Options, build
from museumgen.outputs import search
from museumgen.outputs.search import Query, Reader, Record, normalise, stem

from .conftest import EXAMPLE

WORD = re.compile("[a-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]+")


def record(title: str, text: str, kind: str = "collection", **filters: list[str]) -> Record:
    return Record(f"{kind}/{title}/", title, kind, "", "", normalise(f"{title} {text}"), {"kind": [kind], **filters})


RECORDS = [
    record("鎏金铜箔片", "出土于法门寺地宫，箔片轻薄。", category=["青铜器"], period=["唐代"], material=["铜"]),
    record(
        "银宝函",
        "法门寺塔基出土的宝函，盛放舍利。Silver reliquary box.",
        category=["金银器"],
        period=["唐代"],
        exhibition=["地宫珍宝"],
    ),
    record(
        "青铜镜",
        "A bronze mirror with a lotus pattern. 镜背有莲花纹。",
        category=["青铜器"],
        period=["宋代"],
        material=["青铜"],
    ),
    record(
        "Bronzes of the Shang",
        "Ritual bronzes and mirrors 商代青铜器。",
        kind="exhibitions",
        exhibition=["Bronzes of the Shang"],
    ),
    record("门寺村的故事", "一个村子的名字：门寺。", kind="news"),
    record("寺门", "寺的门，与门寺不同。", kind="news"),
    record("宝", "一个字的标题。", kind="pages"),
    record("𠀀字", "CJK Extension B: 𠀀𠀁 in the text.", kind="pages"),
]


@pytest.fixture(scope="module")
def reader() -> Reader:
    return Reader(search.build(RECORDS, {}))


def brute(records: list[Record], text: str, chosen: dict[str, str] | None = None, loose: bool = False) -> set[int]:
    """What a plain substring check finds: every run of characters in the text, every word's
    stem among its words'. `loose`: or the word itself among their stems (a query word the
    site never writes is looked up as it is spelt, so `bronz` finds `bronze`)."""
    query = Query.parse(text)
    found = set()
    for number, one in enumerate(records):
        stems = {stem(word) for word in WORD.findall(one.text)}
        if all(run in one.text for run in query.runs) and all(
            stem(word) in stems or (loose and word in stems) for word in query.words
        ):
            if all(value in one.filters.get(name, []) for name, value in (chosen or {}).items()):
                found.add(number)
    return found


@pytest.mark.parametrize(
    "query",
    ["箔片", "宝函", "门寺", "寺门", "宝", "寺", "法门寺", "法门寺地宫", "法门寺塔", "𠀀", "𠀀𠀁", "镜背有莲花纹"],
)
def test_chinese_substrings_of_every_length(reader: Reader, query: str) -> None:
    found = reader.search(query)
    assert set(found) == brute(RECORDS, query)
    assert found, query


def test_three_characters_are_not_two_bigrams_apart(reader: Reader) -> None:
    # 法门 and 门寺 are both in 门寺村的故事's neighbours; only entries with 法门寺 itself match.
    assert {RECORDS[n].title for n in reader.search("法门寺")} == {"鎏金铜箔片", "银宝函"}
    assert {RECORDS[n].title for n in reader.search("门寺村")} == {"门寺村的故事"}
    assert reader.search("寺门寺") == []


def test_english_words_by_their_stems(reader: Reader) -> None:
    bronze = {RECORDS[n].title for n in reader.search("bronze")}
    assert bronze == {"青铜镜", "Bronzes of the Shang"} == {RECORDS[n].title for n in reader.search("Bronzes")}
    assert {RECORDS[n].title for n in reader.search("mirror")} == {"青铜镜", "Bronzes of the Shang"}
    # A written form the site never uses still finds its stem.
    assert reader.search("reliquaries") == reader.search("reliquary") != []


def test_mixed_queries_need_every_part(reader: Reader) -> None:
    assert {RECORDS[n].title for n in reader.search("bronze 镜")} == {"青铜镜"}
    assert {RECORDS[n].title for n in reader.search("青铜器 mirrors")} == {"Bronzes of the Shang"}
    assert reader.search("宝函 mirror") == []


def test_title_matches_come_first(reader: Reader) -> None:
    found = reader.search("宝")
    assert [RECORDS[n].title for n in found[:2]] == ["银宝函", "宝"]


def test_filters(reader: Reader) -> None:
    assert set(reader.search("", {"category": "青铜器"})) == brute(RECORDS, "", {"category": "青铜器"}) == {0, 2}
    assert {RECORDS[n].title for n in reader.search("寺", {"kind": "news"})} == {"门寺村的故事", "寺门"}
    assert {RECORDS[n].title for n in reader.search("宝函", {"period": "唐代", "exhibition": "地宫珍宝"})} == {"银宝函"}


def test_a_query_reads_only_the_shards_it_needs() -> None:
    many = [record(f"器物{n}", f"第{n}件。" + "青铜" * (n % 3)) for n in range(400)]
    reader = Reader(search.build(many, {}))
    reader.search("青铜")
    shards = {name for name in reader.fetched if name.startswith("g/")}
    assert len(shards) == 1 and search.shard_count(400) == 16
    assert not any(name.startswith("t/") for name in reader.fetched)  # two characters need no text


def test_the_planned_paths_are_the_files_made() -> None:
    files = search.build(RECORDS * 9, {})

    class Counted:
        prefix = ""
        entries = {"collection": RECORDS * 9}

    planned = [path.removeprefix("search/2/") for path in search.paths(Counted())]  # type: ignore[arg-type]
    assert sorted(planned) == sorted(files)
    listed = json.loads(files["files.json"])
    assert set(listed) == set(files) - {"files.json"}


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 3000).flatmap(lambda count: st.tuples(st.just(count), st.sets(st.integers(0, count - 1)), st.data()))
)
def test_postings_decode_to_what_was_encoded(drawn: tuple[int, set[int], st.DataObject]) -> None:
    count, numbers, data = drawn
    in_title = data.draw(st.sets(st.sampled_from(sorted(numbers))) if numbers else st.just(set()))
    code = search.encode_postings(sorted(numbers), sorted(in_title), count)
    assert search.decode_postings(code, count) == {n: int(n in in_title) for n in numbers}
    assert '"' not in code and "\\" not in code


def test_postings_are_short_for_common_and_rare_keys() -> None:
    assert search.encode_postings(list(range(10_000)), [], 10_000) == "!"  # in every entry
    assert search.encode_postings([*range(5), *range(6, 10_000)], [3], 10_000) == "!5 3"  # all but entry 5
    assert search.encode_postings([0, 1, 2, 40], [], 10_000) == "000x5"  # gaps 0, 0, 0 and 37 (1 and 5 in base 32)
    assert search.encode_postings([9_999], [], 10_000) == "FUf"  # 9, 24 and 15


def test_the_check_texts_hold_each_run_of_characters_once() -> None:
    files = search.build([record("青铜镜", "bronze mirror 青铜镜，青铜镜。镜背")], {})
    assert json.loads(files["t/0.json"]) == ["青铜镜 镜背"]


TEXTS = st.lists(
    st.text(alphabet="法门寺宝函箔片青铜镜的 a-z bronzesmirror", min_size=1, max_size=30), min_size=1, max_size=12
)


@settings(max_examples=80, deadline=None)
@given(TEXTS, st.data())
def test_any_substring_finds_exactly_the_entries_with_it(texts: list[str], data: st.DataObject) -> None:
    found = [record(f"t{n}", text) for n, text in enumerate(texts)]
    reader = Reader(search.build(found, {}))
    source = data.draw(st.sampled_from(found)).text
    start = data.draw(st.integers(0, max(0, len(source) - 1)))
    query = source[start : start + data.draw(st.integers(1, 6))]
    assert brute(found, query) <= set(reader.search(query)) <= brute(found, query, loose=True)
    if not Query.parse(query).words:  # Chinese alone: exactly the entries with it
        assert set(reader.search(query)) == brute(found, query)


# --- the example museum's index --------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("search") / "site"
    build(EXAMPLE, out, Options(date=dt.date(2026, 11, 25)))
    return out


def index_of(site: Path, folder: str) -> Reader:
    base = site / folder
    return Reader({p.relative_to(base).as_posix(): p.read_bytes() for p in base.rglob("*.json")})


def test_every_query_finds_exactly_the_example_pages_with_it(built: Path) -> None:
    reader = index_of(built, "search/2")
    manifest = reader.load("manifest.json")
    texts = [reader.load(f"t/{n // manifest['text']}.json")[n % manifest["text"]] for n in range(manifest["entries"])]
    cjk = re.compile(f"[{search.CJK}]+")
    runs = {run for text in texts for run in cjk.findall(text)}
    queries = sorted(
        {run[i : i + size] for run in runs for size in (1, 2, 3, 5) for i in range(0, len(run) - size + 1, 13)}
    )
    assert len(queries) > 300
    for query in queries:
        assert set(reader.search(query)) == {n for n, text in enumerate(texts) if query in text}, query
    # Each entry is its own page: its title is there, and its address is a built page.
    for n in range(manifest["entries"]):
        path, title = reader.meta(n)[:2]
        assert (built / path / "index.html").is_file()
        assert title in (built / path / "index.html").read_text(encoding="utf-8").replace("&#34;", '"')


def test_each_language_has_its_index_and_page(built: Path) -> None:
    chinese, english = index_of(built, "search/2"), index_of(built, "en/search/2")
    assert chinese.search("青瓷") and english.search("celadon")
    assert all(chinese.meta(n)[0].startswith("en/") is False for n in chinese.search("青"))
    assert all(english.meta(n)[0].startswith("en/") for n in english.search("bronze"))
    page = (built / "en" / "search" / "index.html").read_text(encoding="utf-8")
    assert 'data-index="../../search/2/"'.replace("search/2", "en/search/2") in page
    script = re.compile(r"assets/search\.[0-9a-f]+\.js")
    assert script.search(page) and not script.search((built / "index.html").read_text(encoding="utf-8"))
    assert 'href="../collection/category/"' in (built / "search" / "index.html").read_text(encoding="utf-8")
