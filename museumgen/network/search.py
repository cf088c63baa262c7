"""The portal's search: one index of every museum's entries, read by the theme's search.js
as a museum's own index is (docs/decisions.md, "Search across a network's museums").

It is made from the indexes the museums' builds wrote (what a result shows from `m/`, each
entry's keys read back from the postings of `g/`, its CJK runs from `t/`), not from the
museums' models: a museum kept from the last
build, or brought by a shard, has its built index and no model here. Each entry keeps its
kind and gains its museum, as a label and a filter; its address and thumbnail are made
links from the portal's root into its museum's site.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from museumgen.outputs import search
from museumgen.site.kinds import KINDS

FILTERS = ("kind", "museum")
FORMAT = search.FORMAT


def records(folders: Mapping[str, Path], cards: Sequence[Mapping[str, Any]], language: str) -> list[search.Record]:
    """Every museum's entries in `language` (in its first language where it has no site in
    it), read from the index in its built site at `folders[name]`: kinds in their order,
    then the museums in the network's."""
    found = [
        one
        for card in cards
        if card["name"] in folders
        for one in _museum_records(folders[card["name"]], card, card["texts"][language])
    ]
    order = {kind.name: index for index, kind in enumerate(KINDS)}
    return sorted(found, key=lambda one: order.get(one.kind, len(order)))


def _museum_records(site: Path, card: Mapping[str, Any], texts: Mapping[str, Any]) -> list[search.Record]:
    folder = site / texts["home"] / search.PAGE / search.FORMAT
    manifest_file = folder / "manifest.json"
    if not manifest_file.is_file():  # a museum with nothing to search
        return []
    manifest = _read(manifest_file)
    count, meta, text = manifest["entries"], manifest["meta"], manifest["text"]
    shown = [row for n in range(0, count, meta) for row in _read(folder / f"m/{n // meta}.json")]
    runs = [line for n in range(0, count, text) for line in _read(folder / f"t/{n // text}.json")]
    keys, titled, words = _entry_keys(folder, manifest)
    base, museum = card["link"], texts["short"]
    linked = _linker(base)
    return [
        search.Record(
            linked(path),
            title,
            kind,
            linked(thumbnail),
            summary,
            runs[number],
            {"kind": [kind], "museum": [museum]},
            museum,
            frozenset(keys[number]),
            frozenset(titled[number]),
            frozenset(words[number]),
        )
        for number, (path, title, kind, thumbnail, summary, *_rest) in enumerate(shown)
    ]


def _entry_keys(folder: Path, manifest: Mapping[str, Any]) -> tuple[list[set[str]], list[set[str]], list[set[str]]]:
    """Each entry's keys, those in its title, and its words as written, read back from the
    postings of the index's shards (a key's entries; a written word's stem, `=bronzes`)."""
    count = manifest["entries"]
    keys: list[set[str]] = [set() for _ in range(count)]
    titled: list[set[str]] = [set() for _ in range(count)]
    forms: dict[str, list[str]] = {}
    for n in range(manifest["shards"]):
        for key, value in _read(folder / f"g/{n}.json").items():
            if key.startswith("="):
                forms.setdefault(value, []).append(key[1:])
                continue
            for number, in_title in search.decode_postings(value, count).items():
                keys[number].add(key)
                if in_title:
                    titled[number].add(key)
    words = [{form for key in found if key in forms for form in forms[key]} for found in keys]
    return keys, titled, words


def _linker(base: str) -> Callable[[str], str]:
    """A museum's path made a link from the portal's root (an address elsewhere kept)."""
    return lambda path: path if not path or "://" in path else base + path


def _read(path: Path) -> Any:
    return json.loads(path.read_bytes())


def files(entries: Sequence[search.Record], strings: dict[str, str], here: str) -> list[tuple[str, bytes]]:
    """The index of `entries` for the portal's page in one language (at `here`, e.g. `en/`)."""
    folder = f"{here}{search.PAGE}{search.FORMAT}/"
    return [(folder + name, data) for name, data in search.build(entries, strings, filters=FILTERS).items()]
