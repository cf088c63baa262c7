"""What a network's build keeps in the cache folder for the next one: the cards of the
museums in its output, so that a build that leaves a museum as it was (or `--only`
another) can still make the portal; and the portal's search index in each language, so
that a build in which no museum's index changed does not merge them again.

Each is written whole or not at all, and read back only when it is of this network (the
cards) or made from the same museums' indexes by the same code (the search index, whose
files are checked against the hashes it lists): anything else is ignored, and made again."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from museumgen.network.config import NetworkPlan
from museumgen.network.manifest import network_digest
from museumgen.network.portal import Card
from museumgen.outputs.search import listed_hash

# Cards kept between builds: by museum, with the build cache's signature of what its
# card was made from (None: not known, e.g. of a build without the cache).
KeptCards = dict[str, tuple[str | None, Card]]


def cards_file(plan: NetworkPlan, out: Path | None, cache_dir: Path) -> Path:
    """Where the cards of the museums in the network's output `out` are kept (`None`: of
    checks, which have no output)."""
    text = "\0".join([str(plan.root.resolve()), str(out.resolve()) if out is not None else ""])
    return cache_dir / "networks" / f"{hashlib.blake2b(text.encode(), digest_size=16).hexdigest()}.json"


def read_cards(plan: NetworkPlan, path: Path) -> KeptCards:
    """The cards kept at `path` by a build of this network (nothing if of another, or unreadable)."""
    try:
        data = json.loads(path.read_text("utf-8"))
        if data["network"] != network_digest(plan):
            return {}
        return {name: (kept["signature"], kept["card"]) for name, kept in data["cards"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def keep_cards(plan: NetworkPlan, path: Path, cards: KeptCards) -> None:
    data = {
        "network": network_digest(plan),
        "cards": {name: {"signature": s, "card": c} for name, (s, c) in cards.items()},
    }
    _keep(path, data)


def index_file(cards: Path, language: str) -> Path:
    """Where the portal's search index in `language` is kept, beside the cards at `cards`."""
    return cards.with_name(f"{cards.stem}.search.{language}.json")


def read_index(path: Path, key: str) -> dict[str, bytes] | None:
    """The index files kept at `path` if they were made from what `key` says, whole and
    as they were written; else None."""
    try:
        data = json.loads(path.read_text("utf-8"))
        if data["key"] != key:
            return None
        files = {name: text.encode("utf-8") for name, text in data["files"].items()}
        listed = json.loads(files["files.json"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    whole = isinstance(listed, dict) and set(listed) == set(files) - {"files.json"}
    if not whole or any(listed_hash(files[name]) != listed[name] for name in listed):
        return None
    return files


def keep_index(path: Path, key: str, files: dict[str, bytes]) -> None:
    _keep(path, {"key": key, "files": {name: data.decode("utf-8") for name, data in files.items()}})


def _keep(path: Path, data: Any) -> None:
    """Write `data` at `path` whole or not at all (a build that cannot only makes the next slower)."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), "utf-8")
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
