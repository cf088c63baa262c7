"""The portal's search: one index of every museum's entries, read by the theme's search.js
as a museum's own index is (docs/decisions.md, "Search across a network's museums").

It is merged from the indexes the museums' builds wrote, not made from the museums'
models: a museum kept from the last build, or brought by a shard, has its built index and
no model here. What a result shows and each entry's CJK runs are taken as they are (its
address and thumbnail made links from the portal's root into its museum's site, its
museum added), entries renumbered in the portal's order, and each key's postings
renumbered and joined across the museums; no entry's keys are ever held one by one, which
for a hundred museums took gigabytes. Each entry keeps its kind and gains its museum, as
filters.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from museumgen.buildcache import code_digest
from museumgen.network.kept import keep_index, read_index
from museumgen.outputs import search
from museumgen.site.kinds import KINDS

FILTERS = ("kind", "museum")
FORMAT = search.FORMAT


@dataclass(frozen=True)
class _Museum:
    """A museum's built index, as far as the merge reads it before the postings."""

    folder: Path  # the index's folder in its built site
    manifest: Mapping[str, Any]
    rows: list[list[str]]  # what each result shows, linked from the portal's root, with the museum
    runs: list[str]


def index(folders: Mapping[str, Path], cards: Sequence[Mapping[str, Any]], language: str) -> search.Index:
    """Every museum's entries in `language` (in its first language where it has no site in
    it), merged from the index in its built site at `folders[name]`: kinds in their order,
    then the museums in the network's."""
    museums = [
        museum
        for card in cards
        if card["name"] in folders
        and (museum := _read_museum(folders[card["name"]], card, card["texts"][language])) is not None
    ]
    order = {kind.name: rank for rank, kind in enumerate(KINDS)}
    placed = sorted(
        (order.get(row[2], len(order)), which, number)
        for which, museum in enumerate(museums)
        for number, row in enumerate(museum.rows)
    )
    renumbered = [[0] * len(museum.rows) for museum in museums]
    for new, (_rank, which, number) in enumerate(placed):
        renumbered[which][number] = new
    postings: defaultdict[str, list[int]] = defaultdict(list)
    titled: defaultdict[str, list[int]] = defaultdict(list)
    forms: dict[str, str] = {}
    for museum, numbers in zip(museums, renumbered, strict=True):
        _join_postings(museum, numbers, postings, titled, forms)
    for joined in (*postings.values(), *titled.values()):
        joined.sort()
    rows = [museums[which].rows[number] for _rank, which, number in placed]
    return search.Index(
        rows,
        [museums[which].runs[number] for _rank, which, number in placed],
        [{"kind": [row[2]], "museum": [row[5]]} for row in rows],
        postings,
        titled,
        forms,
    )


def _read_museum(site: Path, card: Mapping[str, Any], texts: Mapping[str, Any]) -> _Museum | None:
    folder = site / texts["home"] / search.PAGE / search.FORMAT
    manifest_file = folder / "manifest.json"
    if not manifest_file.is_file():  # a museum with nothing to search
        return None
    manifest = _read(manifest_file)
    count, meta, text = manifest["entries"], manifest["meta"], manifest["text"]
    linked, museum = _linker(card["link"]), texts["short"]
    rows = [
        [linked(path), title, kind, linked(thumbnail), summary, museum]
        for n in range(0, count, meta)
        for path, title, kind, thumbnail, summary, *_rest in _read(folder / f"m/{n // meta}.json")
    ]
    runs = [line for n in range(0, count, text) for line in _read(folder / f"t/{n // text}.json")]
    return _Museum(folder, manifest, rows, runs)


def _join_postings(
    museum: _Museum,
    numbers: list[int],
    postings: defaultdict[str, list[int]],
    titled: defaultdict[str, list[int]],
    forms: dict[str, str],
) -> None:
    """Add the museum's postings, its entries by their numbers in the portal, and the
    stems of its written forms (`=bronzes`), read from its shards one at a time."""
    count = len(numbers)
    for key, value in _shard_items(museum):
        if key.startswith("="):
            forms.setdefault(key[1:], value)
            continue
        found, _space, in_title = value.partition(" ")
        postings[key].extend(map(numbers.__getitem__, search.decode_numbers(found, count)))
        if in_title:
            titled[key].extend(map(numbers.__getitem__, search.decode_numbers(in_title, count)))


def _shard_items(museum: _Museum) -> Iterator[tuple[str, str]]:
    for n in range(museum.manifest["shards"]):
        yield from _read(museum.folder / f"g/{n}.json").items()


def _linker(base: str) -> Callable[[str], str]:
    """A museum's path made a link from the portal's root (an address elsewhere kept)."""
    return lambda path: path if not path or "://" in path else base + path


def _read(path: Path) -> Any:
    return json.loads(path.read_bytes())


def files(
    folders: Mapping[str, Path],
    cards: Sequence[Mapping[str, Any]],
    language: str,
    strings: dict[str, str],
    here: str,
    kept: Path | None = None,
) -> list[tuple[str, bytes]]:
    """The portal's index in `language`, for its page at `here` (e.g. `en/`), merged from
    the museums' indexes in `folders` as `index` does; with `kept`, the file where the
    last build kept it, taken from there when no museum's index has changed since."""
    key = _key(folders, cards, language, strings)
    made = read_index(kept, key) if kept is not None else None
    if made is None:
        made = search.files(index(folders, cards, language), strings, FILTERS)
        if kept is not None:
            keep_index(kept, key, made)
    folder = f"{here}{search.PAGE}{search.FORMAT}/"
    return [(folder + name, data) for name, data in made.items()]


def _key(folders: Mapping[str, Path], cards: Sequence[Mapping[str, Any]], language: str, strings: dict[str, str]) -> str:
    """What the merged index is made from: each museum's index (as the hashes of its files
    that its `files.json` lists), link and name, the portal's texts, and this code."""
    key = hashlib.blake2b(digest_size=20)
    for part in (FORMAT, code_digest(), language, json.dumps(strings, sort_keys=True)):
        key.update(part.encode() + b"\0")
    for card in cards:
        if card["name"] not in folders:
            continue
        texts = card["texts"][language]
        listed = folders[card["name"]] / texts["home"] / search.PAGE / search.FORMAT / "files.json"
        for part in (card["name"], card["link"], texts["home"], texts["short"]):
            key.update(str(part).encode() + b"\0")
        key.update(listed.read_bytes() if listed.is_file() else b"-")
        key.update(b"\0")
    return key.hexdigest()
