"""Read `network.yaml` and check it against the folders it names."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from museumgen.content.load import MUSEUM_FILE, validate
from museumgen.content.parse import Source, read_source
from museumgen.errors import MuseumError, Report
from museumgen.languages import prefix
from museumgen.messages import _
from museumgen.schema.network import Network, NetworkMuseum

# The portal's own pages besides its home page, in each of its languages: no museum may go there.
PORTAL_PAGES = ("map/", "search/")

NETWORK_FILE = "network.yaml"
# Keys of which a museum.yaml gives one or the other: giving either overrides both defaults.
_ALTERNATIVES = ({"language", "languages"},)


@dataclass(frozen=True)
class Member:
    """One museum of a checked network."""

    entry: NetworkMuseum
    root: Path  # its folder on the build machine
    base_url: str | None  # where the network publishes it; None: its museum.yaml says
    line: int  # of its entry in network.yaml

    @property
    def name(self) -> str:
        return self.entry.name

    @property
    def where(self) -> str:
        return self.entry.where


@dataclass(frozen=True)
class NetworkPlan:
    root: Path
    network: Network
    source: Source
    members: list[Member]
    raw: bytes  # network.yaml as written: shards of one build agree on it
    preview: bool = False  # built for `serve`, every museum under its folder

    def member(self, name: str) -> Member | None:
        return next((m for m in self.members if m.name == name), None)

    def defaults_for(self, member: Member) -> dict[str, Any]:
        """The network's defaults as museum.yaml keys of this museum (a theme path from its folder)."""
        data = dict(self.source.data.get("defaults") or {})
        theme = data.get("theme")
        if isinstance(theme, str) and ("/" in theme or theme.startswith(".")):
            data["theme"] = Path(os.path.relpath(self.root / theme, member.root)).as_posix()
        own = _own_keys(member.root)
        for group in _ALTERNATIVES:
            if own & group:
                data = {key: value for key, value in data.items() if key not in group}
        return data


def is_network(folder: Path) -> bool:
    return (folder / NETWORK_FILE).is_file()


def load_network(root: Path) -> NetworkPlan:
    """The checked network in `root`; raise `MuseumError` listing every problem."""
    report = Report()
    path = root / NETWORK_FILE
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise MuseumError.single(
            NETWORK_FILE, 0, _("cannot read this file: {problem}", problem=str(exc.strerror))
        ) from None
    source = read_source(path, NETWORK_FILE, raw)
    network = validate(Network, source, report)
    report.fail_if_errors()
    assert network is not None  # its errors were raised just above
    members = [_member(root, network, source, index, entry, report) for index, entry in enumerate(network.museums)]
    _check_unique(network, source, report)
    report.fail_if_errors()
    return NetworkPlan(root, network, source, members, raw)


def _member(root: Path, network: Network, source: Source, index: int, entry: NetworkMuseum, report: Report) -> Member:
    line = source.line_of(("museums", index, "folder"))
    folder = root / entry.folder
    if _outside(entry.folder):
        report.error(
            NETWORK_FILE,
            line,
            _(
                "the museum folder `{folder}` is outside the network folder: museums are folders inside it, e.g. `county`",
                folder=entry.folder,
            ),
        )
    elif not folder.is_dir():
        report.error(
            NETWORK_FILE,
            line,
            _(
                "there is no folder `{folder}` in the network folder: create it (`museumgen new`) or correct the name",
                folder=entry.folder,
            ),
        )
    elif not (folder / MUSEUM_FILE).is_file():
        report.error(
            NETWORK_FILE,
            line,
            _(
                "the folder `{folder}` has no museum.yaml: is it a museum folder? (`museumgen new` makes one)",
                folder=entry.folder,
            ),
        )
    return Member(entry, folder, _base_url(network, entry), line)


def _outside(folder: str) -> bool:
    """Whether `folder`, as written, leads out of the network folder (a folder may still be
    a link: the example network links to the example museum beside it)."""
    written = PurePosixPath(folder.replace("\\", "/"))
    return written.is_absolute() or ":" in folder or ".." in written.parts or not folder.strip("/. ")


def _base_url(network: Network, entry: NetworkMuseum) -> str | None:
    if entry.domain:
        return f"https://{entry.domain}/"
    return f"{network.base_url}{entry.where}/" if network.base_url else None


def _check_unique(network: Network, source: Source, report: Report) -> None:
    """Two museums in one folder, at one path or domain, or one path inside another."""
    taken: dict[str, int] = {
        prefix(language, network.languages[0]).rstrip("/").casefold(): -1 for language in network.languages[1:]
    } | {folder.rstrip("/"): -2 for folder in PORTAL_PAGES}
    folders: dict[str, int] = {}
    for index, entry in enumerate(network.museums):
        key = ("domain",) if entry.domain else ("path",) if entry.path else ("folder",)
        line = source.line_of(("museums", index, *key))
        name, where = entry.name.casefold(), entry.where.casefold()
        if name in folders:
            report.error(
                NETWORK_FILE,
                line,
                _(
                    "the folder `{folder}` is listed twice (also museum {other})",
                    folder=entry.folder,
                    other=folders[name] + 1,
                ),
            )
        folders.setdefault(name, index)
        clash = next((other for other, at in taken.items() if _overlap(where, other)), None)
        if clash is not None:
            other = taken[clash]
            whose = (
                _("museum {number}", number=other + 1)
                if other >= 0
                else _("the portal's pages in another language")
                if other == -1
                else _("the portal's own `{folder}/` page", folder=clash)
            )
            report.error(
                NETWORK_FILE,
                line,
                _(
                    "`{where}` is already taken by {whose}: give each museum its own path or domain",
                    where=entry.where,
                    whose=whose,
                ),
            )
            continue
        taken[where] = index


def _overlap(one: str, other: str) -> bool:
    return one == other or one.startswith(other + "/") or other.startswith(one + "/")


def _own_keys(root: Path) -> set[str]:
    """The top-level keys a museum.yaml gives (nothing when it cannot be read: loading says why)."""
    try:
        data = read_source(root / MUSEUM_FILE, MUSEUM_FILE).data
    except (MuseumError, OSError):
        return set()
    return set(data)
