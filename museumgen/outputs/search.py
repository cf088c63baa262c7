"""The site's search: a static index for each language, read by `search.js` on the search page.

Chinese (and Japanese and Korean) text is indexed as single characters and character
bigrams, so a query of any length finds every entry that contains it, whatever a word
segmenter would make of it; other words are indexed by their Snowball stems, so
`mirrors` finds `mirror`. Everything is sharded so that a query downloads only what it
needs (docs/decisions.md, "Search"):

- `manifest.json`: the sizes below, the kinds and the values each filter offers;
- `g/N.json`: the postings of the grams and stems whose hash falls in shard N, and which
  stem each written form of a word has (`=bronzes` -> `bronz`);
- `m/N.json`: what a result shows (address, title, kind, thumbnail, summary), by entry;
- `t/N.json`: each entry's normalised text, to check queries of three characters or more
  (two bigrams can each be in an entry without the three characters together);
- `f.json`: each entry's filter values, read only once a filter is chosen;
- `files.json`: every file of the index, with a hash of its content, for a service
  worker to precache.

Entries are numbered in the order results are shown when nothing else decides: the
kinds' order (exhibitions first), then each kind's own. A posting is the entry's number
times two, plus one when the gram is in the entry's title, written as differences from
the one before. The paths are versioned by the format (`search/1/`), not the content, so
they stay stable across builds.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]

from museumgen.render.jobs import PageJob, browse
from museumgen.site.entries import Doc, Figure, Site
from museumgen.site.kinds import KINDS, text_fields

FORMAT = "1"
PAGE = "search/"
META_CHUNK = 32  # entries in one `m/` file: the first page of results needs a few
TEXT_CHUNK = 8  # entries in one `t/` file: a long query checks its first results' texts
FILTERS = ("kind", "category", "period", "material", "exhibition")
# Fields that name files, addresses or other entries rather than say something.
_NOT_TEXT = frozenset({"source", "link", "chapters", "transcript", "recording", "registration", "duration", "items", "videos", "exhibition", "series"})

# Han (with the extensions), kana and Hangul: scripts written without spaces between words.
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
_CJK_RUN = re.compile(f"[{CJK}]+")
_BIGRAMS = re.compile(f"(?=([{CJK}]{{2}}))")
_WORD = re.compile("[a-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]+")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
# Written forms tried for each stem, so a query word absent from the site finds its stem
# (`mirrors` when only `mirror` is written).
_SUFFIXES = ("", "s", "es", "e", "ed", "ing", "er", "ers", "ly", "ion", "ions", "al", "y")


def normalise(text: str) -> str:
    """What is indexed and matched: compatibility forms folded (full-width letters), lower case, one space."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip()


@lru_cache(maxsize=None)
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    return snowballstemmer.stemmer("english")


def grams(text: str) -> set[str]:
    """The keys an (already normalised) text is found by: its CJK characters and bigrams, its words' stems."""
    found = set(_BIGRAMS.findall(text))
    for run in _CJK_RUN.findall(text):
        found.update(run)
    found.update(stem(word) for word in set(_WORD.findall(text)))
    return found


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
    return Record(doc.path, str(doc.title), doc.kind, _thumbnail(doc), summary[:90], normalise(" ".join(parts)), _filters(doc))


def _field_texts(doc: Doc) -> Iterator[str]:
    for name in text_fields(KINDS[doc.kind].schema, lists=True):
        if name in ("title", "summary") or name in _NOT_TEXT:
            continue
        value = getattr(doc.entry, name, None)
        for one in value if isinstance(value, list) else [value]:
            if isinstance(one, str):
                yield one


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


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def build(found: list[Record], strings: dict[str, str]) -> dict[str, bytes]:
    """The index of `found` (in result order), as files by their name in the index's folder."""
    shards = shard_count(len(found))
    postings: dict[str, list[int]] = {}
    forms: dict[str, str] = {}
    for number, one in enumerate(found):
        in_title = grams(normalise(one.title))
        for gram in grams(one.text):
            postings.setdefault(gram, []).append(number * 2 + (gram in in_title))
        for word in set(_WORD.findall(one.text)):
            forms[word] = stem(word)
    files = {f"g/{n}.json": data for n, data in _shards(postings, _word_forms(forms), shards).items()}
    for n in range(0, len(found), META_CHUNK):
        files[f"m/{n // META_CHUNK}.json"] = _json([[r.path, r.title, r.kind, r.thumbnail, r.summary] for r in found[n : n + META_CHUNK]])
    for n in range(0, len(found), TEXT_CHUNK):
        files[f"t/{n // TEXT_CHUNK}.json"] = _json([r.text for r in found[n : n + TEXT_CHUNK]])
    values, codes = _filter_tables(found)
    files["f.json"] = _json(codes)
    kinds = [[kind.name, strings.get(f"search_kind_{kind.name}", kind.name)] for kind in KINDS if any(r.kind == kind.name for r in found)]
    manifest = {"format": FORMAT, "entries": len(found), "shards": shards, "meta": META_CHUNK, "text": TEXT_CHUNK, "kinds": kinds, "filters": values}
    files["manifest.json"] = _json(manifest)
    files["files.json"] = _json({name: hashlib.sha256(data).hexdigest()[:12] for name, data in sorted(files.items())})
    return files


def _word_forms(forms: dict[str, str]) -> dict[str, str]:
    """Each written form (seen, or a stem with a common ending) whose stem is not itself."""
    found: dict[str, str] = {}
    for word, its_stem in forms.items():
        bases = {word, its_stem} | ({its_stem[:-1] + "y", its_stem[:-1] + "ies"} if its_stem.endswith("i") else set())
        for written in {base + suffix for base in bases for suffix in _SUFFIXES}:
            if written != its_stem and stem(written) == its_stem:
                found.setdefault(written, its_stem)
    return found


def _shards(postings: dict[str, list[int]], forms: dict[str, str], shards: int) -> dict[int, bytes]:
    grouped: list[dict[str, Any]] = [{} for _ in range(shards)]
    for key, numbers in postings.items():
        grouped[shard_of(key, shards)][key] = _differences(numbers)
    for written, its_stem in forms.items():
        grouped[shard_of("=" + written, shards)]["=" + written] = its_stem
    return {n: _json(dict(sorted(group.items()))) for n, group in enumerate(grouped)}


def _differences(numbers: list[int]) -> list[int]:
    return [numbers[0], *(b - a for a, b in zip(numbers, numbers[1:], strict=False))]


def _filter_tables(found: list[Record]) -> tuple[dict[str, list[str]], dict[str, list[Any]]]:
    """The values each filter offers (most used first) and, for each entry, the numbers of its values."""
    values: dict[str, list[str]] = {}
    codes: dict[str, list[Any]] = {}
    for name in FILTERS:
        counts: dict[str, int] = {}
        for one in found:
            for value in one.filters.get(name, []):
                counts[value] = counts.get(value, 0) + 1
        ordered = sorted(counts, key=lambda v: (-counts[v], v)) if name != "kind" else list(counts)
        values[name] = ordered
        number = {value: n for n, value in enumerate(ordered)}
        codes[name] = [[number[v] for v in one.filters.get(name, [])] for one in found]
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
        keys = query.keys()
        wanted = self._numbers(keys, manifest) if keys else {n: 0 for n in range(manifest["entries"])}
        if chosen:
            wanted = {n: score for n, score in wanted.items() if self._passes(n, chosen, manifest)}
        ranked = sorted(wanted, key=lambda n: (-wanted[n], n))
        return [n for n in ranked if self._contains(n, query.checked(), manifest)]

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
        numbers = list(_sums(self.load(f"g/{shard_of(key, shards)}.json").get(key, [])))
        return {value >> 1: value & 1 for value in numbers}

    def _passes(self, number: int, chosen: dict[str, str], manifest: dict[str, Any]) -> bool:
        codes = self.load("f.json")
        return all(value in [manifest["filters"][name][c] for c in codes[name][number]] for name, value in chosen.items())

    def _contains(self, number: int, runs: Iterable[str], manifest: dict[str, Any]) -> bool:
        runs = list(runs)
        if not runs:
            return True
        text = self.load(f"t/{number // manifest['text']}.json")[number % manifest["text"]]
        return all(run in text for run in runs)

    def meta(self, number: int) -> list[Any]:
        chunk = self.load("manifest.json")["meta"]
        return list(self.load(f"m/{number // chunk}.json")[number % chunk])


def _sums(differences: list[int]) -> Iterator[int]:
    total = 0
    for difference in differences:
        total += difference
        yield total


# --- the output -----------------------------------------------------------------------


def wanted(site: Site) -> bool:
    return any(site.entries.values())


def made(site: Site, strings: dict[str, str]) -> list[tuple[str, bytes]]:
    base = folder(site)
    return [(base + name, data) for name, data in build(records(site), strings).items()]


def jobs(site: Site) -> list[PageJob]:
    """The search page, which reads the index of its own language."""
    path = site.prefix + PAGE
    values = {"section": "search", "index_path": folder(site), "root": "../" * path.count("/"), "browse_links": browse_links(site)}
    return [PageJob(path, "search.html", values)]


def browse_links(site: Site) -> list[tuple[str, str, str]]:
    """Where to look without script: each kind's list, and the collection by each field it is browsed by."""
    links = [("kind", kind.name, site.prefix + kind.list_url) for kind in KINDS if kind.list_url and site.entries.get(kind.name)]
    for kind in KINDS:
        links += [("field", group["field"], group["path"]) for group in browse(site, kind)]
    return links
