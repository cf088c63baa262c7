"""A shard's manifest: what its output holds and of which build, so that a merge can tell
shards of one build from a mixture, and find one missing or given twice."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from museumgen import __version__
from museumgen.errors import Diagnostic, MuseumError, Report
from museumgen.messages import _
from museumgen.network.config import NetworkPlan
from museumgen.network.portal import Card

MANIFEST = "museumgen-shard.json"  # in a shard's output
Manifest = dict[str, Any]
_KEYS = frozenset({"network", "date", "shard", "museums", "cards"})


def network_digest(plan: NetworkPlan) -> str:
    """What shards of one build agree on: network.yaml, its museums and the generator."""
    text = "\0".join([__version__, plan.raw.decode("utf-8", "replace"), *(m.name for m in plan.members)])
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def manifest(plan: NetworkPlan, day: str, shard: tuple[int, int], cards: list[Card]) -> bytes:
    data = {
        "generator": f"museumgen {__version__}",
        "network": network_digest(plan),
        "date": day,
        "shard": list(shard),
        "museums": [card["name"] for card in cards],
        "cards": cards,
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).encode() + b"\n"


def checked_shards(plan: NetworkPlan, shards: Sequence[Path]) -> list[tuple[Path, Manifest]]:
    """Each shard's folder and manifest, in shard order, once every shard of one build of
    this network is there exactly once; else a `MuseumError` naming what is wrong."""
    report = Report()
    found = [(folder, data) for folder in shards if (data := _read(folder, report)) is not None]
    _fail(report)
    seen = _of_one_build(plan, found, report)
    _fail(report)
    _complete(plan, found, seen, report)
    _fail(report)
    return sorted(found, key=lambda pair: int(pair[1]["shard"][0]))


def _read(folder: Path, report: Report) -> Manifest | None:
    try:
        data = json.loads((folder / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        data = None
    if isinstance(data, dict) and _KEYS <= data.keys():
        return data
    message = _(
        "this is not the output of a shard (no readable {file}): give the folders `museumgen build --shard` wrote",
        file=MANIFEST,
    )
    report.diagnostics.append(_at(folder, message))
    return None


def _of_one_build(plan: NetworkPlan, found: list[tuple[Path, Manifest]], report: Report) -> dict[int, Path]:
    """The folder of each shard number, reporting shards of another build and repeats."""
    seen: dict[int, Path] = {}
    if not found:
        return seen
    first = found[0][1]
    expected = (network_digest(plan), first["shard"][1], first["date"])
    for folder, data in found:
        index, count = data["shard"]
        if (data["network"], count, data["date"]) != expected:
            report.diagnostics.append(
                _at(
                    folder,
                    _(
                        "this shard is of another build (another network.yaml, museumgen version, date or number of shards): build every shard again from one commit"
                    ),
                )
            )
        elif index in seen:
            report.diagnostics.append(
                _at(
                    folder,
                    _(
                        "this is shard {index}/{count} again (also `{other}`): give each shard once",
                        index=index,
                        count=count,
                        other=str(seen[index]),
                    ),
                )
            )
        seen.setdefault(index, folder)
    return seen


def _complete(plan: NetworkPlan, found: list[tuple[Path, Manifest]], seen: dict[int, Path], report: Report) -> None:
    """Every shard there, and between them every museum of the network once."""
    count = found[0][1]["shard"][1] if found else 0
    missing = [str(index) for index in range(1, count + 1) if index not in seen]
    if missing:
        message = _(
            "shards {missing} of {count} are missing: give the output of every shard",
            missing=", ".join(missing),
            count=count,
        )
        report.diagnostics.append(_at(Path("merge"), message))
        return
    held = sorted(name for _folder, data in found for name in data["museums"])
    if held != sorted(m.name for m in plan.members):
        message = _("the shards do not hold every museum of the network once: build every shard again from one commit")
        report.diagnostics.append(_at(Path("merge"), message))


def _at(folder: Path, message: str) -> Diagnostic:
    return Diagnostic(str(folder), 0, message, external=True)


def _fail(report: Report) -> None:
    if report.diagnostics:
        raise MuseumError(report.diagnostics)
