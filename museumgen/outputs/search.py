"""The site's search: a static index for each language, read by `search.js` on the search page.

Chinese (and Japanese and Korean) text is indexed as single characters and character
bigrams, so a query of any length finds every entry that contains it, whatever a word
segmenter would make of it; other words are indexed by their Snowball stems, so
`mirrors` finds `mirror`. Everything is sharded so that a query downloads only what it
needs (docs/decisions.md, "Search"):

- `manifest.json`: the sizes below, the kinds and the values each filter offers;
- `g/N.json`: the postings of the grams and stems whose hash falls in shard N, and which
  stem each written form of a word has (`=bronzes` -> `bronz`);
- `m/N.json`: what a result shows (address, title, kind, thumbnail, summary, and in a
  network portal's index the museum), by entry;
- `t/N.json`: each entry's runs of CJK characters, each once, to check queries of three
  characters or more (two bigrams can each be in an entry without the three together);
- `f.json`: each entry's filter values, read only once a filter is chosen;
- `files.json`: every file of the index, with a hash of its content, for a service
  worker to precache.

Entries are numbered in the order results are shown when nothing else decides: the
kinds' order (exhibitions first), then each kind's own. A key's postings are a string
(`encode_postings`): the entries with the key, then, after a space, those with it in
their title; each set as the gaps between its numbers in a variable-length base-32 code,
or, when it holds most entries, a `!` and the entries it leaves out. The paths are
versioned by the format (`search/2/`), not the content, so they stay stable across
builds.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import operator
import re
import unicodedata
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import accumulate, repeat
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]

from museumgen.render.jobs import PageJob, browse
from museumgen.site.entries import Doc, Figure, Site
from museumgen.site.kinds import KINDS, text_fields

FORMAT = "2"
PAGE = "search/"
META_CHUNK = 32  # entries in one `m/` file: the first page of results needs a few
PAGE_SIZE = 20  # results shown at once (search.js `PAGE`)
TEXT_CHUNK = 8  # entries in one `t/` file: a long query checks its first results' texts
_ONE_VALUE = frozenset({"kind", "category", "period", "material", "museum"})  # filters with one value an entry
FILTERS = ("kind", "category", "period", "material", "exhibition")
# Fields that name files, addresses or other entries rather than say something.
_NOT_TEXT = frozenset(
    {
        "source",
        "link",
        "chapters",
        "transcript",
        "recording",
        "registration",
        "duration",
        "items",
        "videos",
        "exhibition",
        "series",
    }
)

# Han (with the extensions), kana and Hangul: scripts written without spaces between words.
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
_CJK_RUN = re.compile(f"[{CJK}]+")
_SEPARATOR = "\x00"
# What NFKC changes into other letters or digits (full-width Ａ and ０, ㈱, ①, half-width kana,
# compatibility ideographs); the rest it changes (full-width punctuation) only ever separates
# words, so most texts skip the slow normalisation. search.js folds queries with NFKC.
_COMPATIBLE = re.compile(
    "[\u00aa-\u00be\u2070-\u218f\u2460-\u24ff\u2f00-\u2fdf\u3200-\u33ff\uf900-\ufaff\ufb00-\ufb4f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff61-\uffef]"
)
_WORD = re.compile("[a-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]+")
_TAG = re.compile(r"<[^>]*>")
# Written forms tried for each stem, so a query word absent from the site finds its stem
# (`mirrors` when only `mirror` is written).
_SUFFIXES = ("", "s", "es", "e", "ed", "ing", "er", "ers", "ly", "ion", "ions", "al", "y")


def normalise(text: str) -> str:
    """What is indexed and matched: compatibility forms folded (full-width letters), lower case, one space."""
    folded = unicodedata.normalize("NFKC", text) if _COMPATIBLE.search(text) else text
    return " ".join(folded.lower().split())


@cache
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word)) if word.isalpha() else word


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    return snowballstemmer.stemmer("english")


def grams(text: str) -> set[str]:
    """The keys an (already normalised) text is found by: its CJK characters and bigrams, its words' stems."""
    return _keys_and_runs(text)[0]


def _keys_and_runs(text: str) -> tuple[set[str], set[str], list[str]]:
    """The keys of `text`, its words as written, and its CJK runs, each once (all a long
    query's check needs: a run of CJK characters can only be inside one of them)."""
    runs = list(dict.fromkeys(_CJK_RUN.findall(text)))
    joined = _SEPARATOR.join(runs)
    found = set(map(operator.add, joined, joined[1:]))
    found.update(joined)
    found.discard(_SEPARATOR)
    words = set(_WORD.findall(text))
    found.update(map(stem, words))
    return found, words, runs


@dataclass(frozen=True)
class Query:
    """A query as the index reads it: runs of CJK characters and words."""

    runs: tuple[str, ...]
    words: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> Query:
        text = normalise(text)
        return cls(tuple(dict.fromkeys(_CJK_RUN.findall(text))), tuple(dict.fromkeys(_WORD.findall(text))))

    def keys(self) -> list[str]:
        """The grams whose postings every result is in, and the words (whose stems the index tells)."""
        return list(dict.fromkeys([gram for run in self.runs for gram in _run_grams(run)] + list(self.words)))

    def checked(self) -> tuple[str, ...]:
        """The runs that bigrams alone do not decide: three characters or more."""
        return tuple(run for run in self.runs if len(run) > 2)


def _run_grams(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


# --- what an entry says ---------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """One entry as the index holds it."""

    path: str
    title: str
    kind: str
    thumbnail: str
    summary: str
    text: str  # normalised: the title, the summary, the fields, the body and the photographs' words
    filters: dict[str, list[str]] = field(default_factory=dict)


def records(site: Site) -> list[Record]:
    return [record(doc) for kind in KINDS for doc in site.entries.get(kind.name, [])]


def record(doc: Doc) -> Record:
    entry = doc.entry
    summary = doc.summary or str(getattr(entry, "summary", "") or "")
    parts = [str(doc.title), summary, *_field_texts(doc), _plain(str(doc.body))]
    for figure in [*([doc.cover] if doc.cover else []), *doc.images]:
        parts += [figure.alt, figure.caption or ""]
    return Record(
        doc.path, str(doc.title), doc.kind, _thumbnail(doc), summary[:90], normalise(" ".join(parts)), _filters(doc)
    )


def _field_texts(doc: Doc) -> Iterator[str]:
    for name in _said(doc.kind):
        value = getattr(doc.entry, name, None)
        for one in value if isinstance(value, list) else [value]:
            if isinstance(one, str):
                yield one


@cache
def _said(kind: str) -> tuple[str, ...]:
    return tuple(
        name
        for name in text_fields(KINDS[kind].schema, lists=True)
        if name not in ("title", "summary") and name not in _NOT_TEXT
    )


def _plain(markup: str) -> str:
    return html.unescape(_TAG.sub(" ", markup))


def _thumbnail(doc: Doc) -> str:
    figure: Figure | None = doc.cover or (doc.images[0] if doc.images else None)
    if figure is None:
        return ""
    return list(figure.plan.thumbnails.values())[-1].path if figure.plan and figure.plan.thumbnails else figure.url


def _filters(doc: Doc) -> dict[str, list[str]]:
    entry = doc.entry
    values = {"kind": [doc.kind]}
    for name in ("category", "period", "material"):
        value = getattr(entry, name, None) if name in type(entry).model_fields else None
        values[name] = [str(value).strip()] if value else []
    shown = doc.links.get("exhibitions") or []
    one = doc.links.get("exhibition")
    exhibitions = [doc] if doc.kind == "exhibitions" else [*shown, *([one] if isinstance(one, Doc) else [])]
    values["exhibition"] = list(dict.fromkeys(str(e.title) for e in exhibitions))
    return values


# --- the index ------------------------------------------------------------------------


def shard_count(entries: int) -> int:
    """Shards of postings for a site of `entries`: a power of two, about one for 32 entries."""
    return 1 << max(0, math.ceil(math.log2(max(1, entries / 32))))


def shard_of(key: str, shards: int) -> int:
    """FNV-1a over the key's code points, as `search.js` computes it."""
    value = 0x811C9DC5
    for char in key:
        value = ((value ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return value % shards


def folder(site: Site) -> str:
    return f"{site.prefix}{PAGE}{FORMAT}/"


def paths(site: Site) -> list[str]:
    """Every file of the index, known from the number of entries alone."""
    count = sum(len(docs) for docs in site.entries.values())
    base = folder(site)
    own = [f"{base}manifest.json", f"{base}f.json", f"{base}files.json"]
    own += [f"{base}g/{n}.json" for n in range(shard_count(count))]
    own += [f"{base}m/{n}.json" for n in range(math.ceil(count / META_CHUNK))]
    return own + [f"{base}t/{n}.json" for n in range(math.ceil(count / TEXT_CHUNK))]


# Up to this many entries the whole index goes on the phone with the service worker (a few
# hundred KB at most), so search works offline from the first visit; above it, the search
# page and the index's small tables do, and each file a query reads is kept once read.
WHOLE_INDEX_OFFLINE = 300


def precached(site: Site) -> list[str]:
    """What the service worker keeps of search: the page, and the index as above."""
    files = paths(site)
    count = sum(len(docs) for docs in site.entries.values())
    return [site.prefix + PAGE, *(files if count <= WHOLE_INDEX_OFFLINE else files[:3])]


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class Index:
    """What an index is written from, entries numbered in result order: what each result
    shows (`m/`), each entry's CJK runs (`t/`) and filter values (`f.json`), each key's
    entries and those with it in their title, and the stem of each written form."""

    rows: Sequence[Sequence[str]]
    runs: Sequence[str]
    filters: Sequence[dict[str, list[str]]]
    postings: Mapping[str, list[int]]
    titled: Mapping[str, list[int]]
    forms: Mapping[str, str]


def build(
    entries: Sequence[Any],
    strings: dict[str, str],
    as_record: Callable[[Any], Record] = lambda one: one,
    filters: Sequence[str] = FILTERS,
) -> dict[str, bytes]:
    """The index of `entries` (in result order; each made a `Record` by `as_record`), as
    files by their name in the index's folder, with the values of `filters`. Made in this
    process: handing blocks to worker processes was slower, as their postings cost nearly
    as much to send back as to make."""
    found = [as_record(one) for one in entries]
    postings: defaultdict[str, list[int]] = defaultdict(list)
    titled: defaultdict[str, list[int]] = defaultdict(list)
    written: set[str] = set()
    texts: list[str] = []
    for number, one in enumerate(found):
        keys, said, runs = _keys_and_runs(one.text)
        _post(postings, keys, number)
        _post(titled, keys & grams(normalise(one.title)), number)
        written |= said
        texts.append(" ".join(runs))
    rows = [[r.path, r.title, r.kind, r.thumbnail, r.summary] for r in found]
    forms = _word_forms({word: stem(word) for word in written})
    return files(Index(rows, texts, [r.filters for r in found], postings, titled, forms), strings, filters)


def files(index: Index, strings: dict[str, str], filters: Sequence[str] = FILTERS) -> dict[str, bytes]:
    """The files of `index` by their name in its folder, with the values of `filters`."""
    count = len(index.rows)
    made = {
        f"m/{n // META_CHUNK}.json": _json(index.rows[n : n + META_CHUNK]) for n in range(0, count, META_CHUNK)
    }
    made.update((f"t/{n // TEXT_CHUNK}.json", _json(index.runs[n : n + TEXT_CHUNK])) for n in range(0, count, TEXT_CHUNK))
    shards = shard_count(count)
    coded = _Coder(count)
    grouped = _grouped(
        {key: coded.postings(numbers, index.titled.get(key, [])) for key, numbers in index.postings.items()},
        index.forms,
        shards,
    )
    made.update((f"g/{n}.json", _json(group)) for n, group in enumerate(grouped))
    values, codes = _filter_tables(index.filters, filters)
    made["f.json"] = _json(codes)
    kinds = [
        [kind.name, strings.get(f"search_kind_{kind.name}", kind.name)] for kind in KINDS if kind.name in values["kind"]
    ]
    manifest = {
        "format": FORMAT,
        "entries": count,
        "shards": shards,
        "meta": META_CHUNK,
        "text": TEXT_CHUNK,
        "kinds": kinds,
        "filters": values,
    }
    made["manifest.json"] = _json(manifest)
    made["files.json"] = _json({name: listed_hash(data) for name, data in sorted(made.items())})
    return made


def listed_hash(data: bytes) -> str:
    """What `files.json` says of a file of the index: enough of its hash to tell a change."""
    return hashlib.sha256(data).hexdigest()[:12]


def _post(postings: defaultdict[str, list[int]], keys: Iterable[str], number: int) -> None:
    """Append `number` to the postings of each of `keys`, looping in C: the Python loop,
    once for each key of each entry, was the largest part of the time the index took."""
    deque(map(list.append, map(postings.__getitem__, keys), repeat(number)), maxlen=0)


def _word_forms(forms: dict[str, str]) -> dict[str, str]:
    """Each written form (seen, or a stem with a common ending) whose stem is not itself."""
    found: dict[str, str] = {}
    for word, its_stem in forms.items():
        if not word.isalpha():  # numbers and accession numbers have no endings
            continue
        bases = {word, its_stem} | ({its_stem[:-1] + "y", its_stem[:-1] + "ies"} if its_stem.endswith("i") else set())
        for written in {base + suffix for base in bases for suffix in _SUFFIXES}:
            if written != its_stem and stem(written) == its_stem:
                found.setdefault(written, its_stem)
    return found


def _grouped(postings: dict[str, str], forms: Mapping[str, str], shards: int) -> list[dict[str, str]]:
    grouped: list[dict[str, str]] = [{} for _ in range(shards)]
    for key in sorted(postings):
        if _SEPARATOR not in key:  # across a gap between runs (see `_keys_and_runs`)
            grouped[shard_of(key, shards)][key] = postings[key]
    for written in sorted(forms):
        grouped[shard_of("=" + written, shards)]["=" + written] = forms[written]
    return grouped


# --- postings as strings ----------------------------------------------------------------

# Digits of the gaps, five bits each, the most significant first: the last digit of a
# number is one of the first 32 characters, the ones before it of the other 32. None
# needs escaping in JSON, and a gap under 32 (a key in most of a run of entries) is one
# character, where a JSON list took two or more.
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
_ALL_BUT = "!"  # the set is every entry but those listed


def _number_code(number: int) -> str:
    code = DIGITS[number & 31]
    number >>= 5
    while number:
        code = DIGITS[32 + (number & 31)] + code
        number >>= 5
    return code


class _Coder:
    """Writes sets of entry numbers of an index of `count` entries (see `encode_postings`)."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.everything = frozenset(range(count))
        # The code of each gap, by the difference of two numbers (one more than the gap),
        # so a whole set is coded with one join in C.
        self.gaps = ["", *map(_number_code, range(count + 1))]

    def numbers(self, numbers: list[int]) -> str:
        if len(numbers) * 2 > self.count:
            numbers = sorted(self.everything.difference(numbers))
            return _ALL_BUT + "".join(map(self.gaps.__getitem__, map(operator.sub, numbers, [-1, *numbers])))
        return "".join(map(self.gaps.__getitem__, map(operator.sub, numbers, [-1, *numbers])))

    def postings(self, numbers: list[int], in_title: list[int]) -> str:
        return self.numbers(numbers) + (" " + self.numbers(in_title) if in_title else "")


def encode_postings(numbers: list[int], in_title: list[int], count: int) -> str:
    """The postings of a key in an index of `count` entries: the (ascending) entries with
    it, and those of them with it in their title."""
    return _Coder(count).postings(numbers, in_title)


_DIGIT_VALUES = bytes.maketrans(DIGITS.encode(), bytes(range(len(DIGITS))))


def decode_numbers(code: str, count: int) -> list[int]:
    values = code.removeprefix(_ALL_BUT).encode("ascii").translate(_DIGIT_VALUES)
    if max(values, default=0) < 32:  # every gap one digit, as in most postings: summed in C
        numbers = list(accumulate(map((1).__add__, values), initial=-1))
        del numbers[0]
    else:
        numbers = _long_gaps(values)
    if code.startswith(_ALL_BUT):
        return sorted(set(range(count)).difference(numbers))
    return numbers


def _long_gaps(values: bytes) -> list[int]:
    numbers, value, last = [], 0, -1
    for digit in values:
        value = value * 32 + (digit & 31)
        if digit < 32:
            last += value + 1
            numbers.append(last)
            value = 0
    return numbers


def decode_postings(code: str, count: int) -> dict[int, int]:
    """Each entry with the key: 1 when the key is in its title, 0 when not."""
    found, _, in_title = code.partition(" ")
    postings = dict.fromkeys(decode_numbers(found, count), 0)
    postings.update(dict.fromkeys(decode_numbers(in_title, count) if in_title else [], 1))
    return postings


def _filter_tables(
    found: Sequence[dict[str, list[str]]], filters: Sequence[str]
) -> tuple[dict[str, list[str]], dict[str, list[Any]]]:
    """The values each filter offers (most used first; kinds and museums in their order)
    and, for each entry, the numbers of its values."""
    values: dict[str, list[str]] = {}
    codes: dict[str, list[Any]] = {}
    for name in filters:
        counts: dict[str, int] = {}
        for one in found:
            for value in one.get(name, []):
                counts[value] = counts.get(value, 0) + 1
        ordered = sorted(counts, key=lambda v: (-counts[v], v)) if name not in ("kind", "museum") else list(counts)
        values[name] = ordered
        number = {value: n for n, value in enumerate(ordered)}
        if name in _ONE_VALUE:  # a number each, -1 for none: half the bytes of a list each
            codes[name] = [number[one[name][0]] if one.get(name) else -1 for one in found]
        else:
            codes[name] = [[number[v] for v in one.get(name, [])] for one in found]
    return values, codes


# --- querying, as search.js does it (for tests and benchmarks) --------------------------


@dataclass
class Reader:
    """Reads a built index as the browser does, counting the files it fetches."""

    files: dict[str, bytes]
    fetched: set[str] = field(default_factory=set)

    def load(self, name: str) -> Any:
        self.fetched.add(name)
        return json.loads(self.files[name])

    def search(self, text: str, chosen: dict[str, str] | None = None) -> list[int]:
        """Every entry matching `text` and the `chosen` filter values, in result order."""
        manifest = self.load("manifest.json")
        query = Query.parse(text)
        return [n for n in self._ranked(query, chosen, manifest) if self._contains(n, query.checked(), manifest)]

    def page(self, text: str, chosen: dict[str, str] | None = None, size: int = PAGE_SIZE) -> list[int]:
        """The first `size` results as search.js shows them: candidates checked in rank
        order only until `size` match, and what each result shows read."""
        manifest = self.load("manifest.json")
        query = Query.parse(text)
        shown: list[int] = []
        for n in self._ranked(query, chosen, manifest):
            if len(shown) == size:
                break
            if self._contains(n, query.checked(), manifest):
                shown.append(n)
        for n in shown:
            self.meta(n)
        return shown

    def _ranked(self, query: Query, chosen: dict[str, str] | None, manifest: dict[str, Any]) -> list[int]:
        """The candidates, entries with every key, those with the most in their title first."""
        keys = query.keys()
        wanted = self._numbers(keys, manifest) if keys else {n: 0 for n in range(manifest["entries"])}
        if chosen:
            wanted = {n: score for n, score in wanted.items() if self._passes(n, chosen, manifest)}
        return sorted(wanted, key=lambda n: (-wanted[n], n))

    def _numbers(self, keys: list[str], manifest: dict[str, Any]) -> dict[int, int]:
        found: dict[int, int] | None = None
        for key in keys:
            postings = self._postings(key, manifest)
            found = postings if found is None else {n: found[n] + s for n, s in postings.items() if n in found}
        return found or {}

    def _postings(self, key: str, manifest: dict[str, Any]) -> dict[int, int]:
        shards = manifest["shards"]
        if not _CJK_RUN.fullmatch(key):  # a word: its stem, as the written form tells
            key = self.load(f"g/{shard_of('=' + key, shards)}.json").get("=" + key, key)
        code = self.load(f"g/{shard_of(key, shards)}.json").get(key)
        return decode_postings(code, manifest["entries"]) if code is not None else {}

    def _passes(self, number: int, chosen: dict[str, str], manifest: dict[str, Any]) -> bool:
        codes = self.load("f.json")
        return all(
            value in [manifest["filters"][name][c] for c in _codes(codes[name][number])]
            for name, value in chosen.items()
        )

    def _contains(self, number: int, runs: Iterable[str], manifest: dict[str, Any]) -> bool:
        runs = list(runs)
        if not runs:
            return True
        text = self.load(f"t/{number // manifest['text']}.json")[number % manifest["text"]]
        return all(run in text for run in runs)

    def meta(self, number: int) -> list[Any]:
        chunk = self.load("manifest.json")["meta"]
        return list(self.load(f"m/{number // chunk}.json")[number % chunk])


def _codes(code: int | list[int]) -> list[int]:
    return code if isinstance(code, list) else [code] if code >= 0 else []


# --- the output -----------------------------------------------------------------------


def wanted(site: Site) -> bool:
    return any(site.entries.values())


def made(site: Site, strings: dict[str, str]) -> list[tuple[str, bytes]]:
    base = folder(site)
    docs = [doc for kind in KINDS for doc in site.entries.get(kind.name, [])]
    return [(base + name, data) for name, data in build(docs, strings, record).items()]


def jobs(site: Site) -> list[PageJob]:
    """The search page, which reads the index of its own language."""
    path = site.prefix + PAGE
    values = {
        "section": "search",
        "index_path": folder(site),
        "root": "../" * path.count("/"),
        "browse_links": browse_links(site),
    }
    return [PageJob(path, "search.html", values)]


def browse_links(site: Site) -> list[tuple[str, str, str]]:
    """Where to look without script: each kind's list, and each kind by each field it is
    browsed by: (the interface text's key, another key if the theme lacks the first, path)."""
    links = [
        (kind.name, kind.list_name, site.prefix + kind.list_url)
        for kind in KINDS
        if kind.list_url and site.entries.get(kind.name)
    ]
    for kind in KINDS:
        links += [(group["field"], group["field"], group["path"]) for group in browse(site, kind)]
    return links
