"""The build cache: what one `museumgen build` or `check` learned, kept in the cache
folder for the next process, so that a build redoes only what changed since the last.

In the cache folder:

- `builds/<museum>.state`: a `Summary` of the last good build (every file it read, by
  digest, the settings, its result, and the files it wrote) and the incremental
  `Session`'s state (rendered Markdown, each page's record, each entry's fingerprint).
  Each part carries its own digest, and the whole is tied to this museumgen (version and
  code), its libraries, Python, and the museum folder. A file that fails any of these
  checks (damaged, cut short, another version's, another museum's) is ignored: the build
  starts from nothing and writes a good one. The file is only replaced once a build has
  succeeded, by renaming a complete new one over it.
- `pages/`: pages by the digest of their bytes, for builds into a folder that no longer
  holds them (a CI runner's fresh checkout). Read back only if their bytes still have
  that digest.

A build of a museum whose files and settings are all as last time, into the folder it
wrote then and which is still as it was left, writes nothing at all. Otherwise pages are
rendered only where `incremental.Session` finds that something they were made from
changed; the others are taken from the previous site or from `pages/`. Either way the
site is byte for byte the one a clean build makes (`--no-cache`; tests compare them).

The state is pickled, and read back allowing only its own data types, so a state file
written by someone else cannot run code; it could still describe another site, so a
publishing job must not use a cache folder an untrusted job wrote (docs/security.md).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import logging
import os
import pickle
import shutil
import struct
import sys
import time
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from types import ModuleType
from typing import Any, BinaryIO

import babel
import jinja2
import markupsafe
import nh3
import PIL
import pydantic
import pydantic_core
import pyromark
import rcssmin
import rjsmin
import yaml
from markupsafe import Markup

import museumgen
from museumgen import __version__
from museumgen.build import Memory, Options, Planned, Result, made_after, pages_told, source_folders
from museumgen.content.parse import ExactBool, ExactFloat, ExactInt
from museumgen.dates import build_date
from museumgen.errors import Diagnostic, Report, Severity
from museumgen.images import Plan, Settings, Variant, default_cache_dir, prune_cache
from museumgen.incremental import PageRecord, Rebuild, Rendered, Session, page_digest
from museumgen.messages import Joined, Message, _, shown
from museumgen.site.markup import PublishedImage
from museumgen.site.model import RenderedBody
from museumgen.workers import map_chunks
from museumgen.write import (
    MARKER,
    MARKER_TEXT,
    check_output_folder,
    copy_images,
    copy_media,
    link_or_copy,
    safe_parts,
    write_files,
    write_site,
)

log = logging.getLogger(__name__)

FORMAT = b"museumgen build state 1\n"
# Files larger than this (photographs, video) are known by size and time, as the image
# step knows them; smaller ones by a digest of their bytes.
HASHED_UP_TO = 1_000_000
# A file changed within this long of being read may have changed again unseen (file times
# are coarser than the time an edit takes): it is read again next time.
UNSURE_NS = 2_000_000_000
PRUNE_AFTER_DAYS = 30

# How a file read by a build is known: its digest, or its size, time and inode.
Known = tuple[int, int, Hashable]


@dataclass
class Summary:
    """The last good build of a museum, enough to tell that nothing has changed since."""

    key: str  # museumgen, its libraries and the museum folder
    signature: str  # every file read and every setting that changes the site
    seen: dict[str, Known]  # each file read, with its size and time then
    seen_at: int  # when they were read (ns): files changed just before are read again
    folders: tuple[str, ...]  # the theme's folders, read besides the museum's
    timezone: str
    result: Result
    output: str | None = None  # the folder the last `build` wrote
    built: str | None = None  # the signature of what that build read (a `check` since may have read other)
    written: dict[str, tuple[int, int, bytes | None]] = field(default_factory=dict)  # its files: size, time, a page's digest
    pages: frozenset[bytes] = frozenset()  # digests of every page, kept in `pages/`


@dataclass
class Kept:
    """What `Session` needs to carry on from the last build."""

    memory: Memory
    records: dict[str, PageRecord]
    fingerprints: dict[str, str]
    site_signatures: dict[str, Hashable]
    global_signature: str
    parsed: dict[str, tuple[str | None, ...]]


def check(root: Path, options: Options) -> Result:
    """`build.check` with the cache: only pages whose sources changed are made."""
    return check_part(root, options).result


def check_part(root: Path, options: Options) -> Part:
    """`check` of a museum as a part of a larger site (a network's): with its plan (None
    when nothing had changed and nothing was read) and the signature of what it read."""
    started = time.perf_counter()
    cache = _Cache(root, options)
    summary = cache.summary()
    inputs = _Inputs(root, summary, frozenset({_resolved(cache.folder)}))
    signature = inputs.signature(options, summary)
    if summary is not None and signature == summary.signature:
        return Part(_unchanged(summary, options, started), None, signature)
    session = cache.session()
    log.debug("read the last build's state in %.2f s", time.perf_counter() - started)
    rebuild = session.prepare()
    log.debug("planned in %.2f s: %d pages to render", time.perf_counter() - started, len(rebuild.to_render))
    parts = map_chunks(lambda chunk: _digests(rebuild.render(chunk)), len(rebuild.to_render))
    made_after(rebuild.planned)
    session.commit(rebuild, [page for part in parts for page in part])
    planned = rebuild.planned
    result = Result(len(planned.jobs), len(planned.paths), planned.loaded.diagnostics, time.perf_counter() - started, rendered=len(rebuild.to_render))
    finished = inputs.finished(cache.key, rebuild, options, result, summary)
    cache.save(finished, session)
    log.debug("kept what this build learned in %.2f s", time.perf_counter() - started)
    return Part(result, planned, finished.signature)


def build(root: Path, out: Path, options: Options) -> Result:
    """`build.build` with the cache: the same site, made from what changed."""
    started = time.perf_counter()
    check_output_folder(out, root, source_folders())
    return _build(root, _Place(out, out, lambda fill: write_site(out, fill)), options, started).result


@dataclass(frozen=True)
class Part:
    """What building a museum as a part of a larger site gave: its result, its plan (None
    when nothing had changed and nothing was read) and the signature of what it read."""

    result: Result
    planned: Planned | None
    signature: str | None


def build_part(root: Path, final: Path, options: Options, staging: Path | None = None) -> Part:
    """Build the museum in `root` into `final` as `build` does; or, given `staging`, into
    that folder (not there yet), which will take the place of `final` once the larger site
    (a network's) is complete, taking unchanged files from the last build's in `final`
    (all of them, linked, when nothing changed)."""
    started = time.perf_counter()
    if staging is None:
        return _build(root, _Place(final, final, lambda fill: write_site(final, fill)), options, started)

    def write(fill: Callable[[Path, Path | None], int]) -> int:
        staging.mkdir(parents=True)
        write_files(staging, [(MARKER, MARKER_TEXT.encode())])
        return fill(staging, final if (final / MARKER).is_file() else None)

    return _build(root, _Place(final, staging, write), options, started)


@dataclass(frozen=True)
class _Place:
    """Where a build's site is: `out`, where it stays (and the last build's is); `folder`,
    where this build writes it; `write`, which has `fill` write it there."""

    out: Path
    folder: Path
    write: Callable[[Callable[[Path, Path | None], int]], int]

    def keep(self) -> None:
        """Nothing changed: the last build's site, in this build's folder too."""
        if self.folder != self.out:
            shutil.copytree(self.out, self.folder, copy_function=link_or_copy)


def _build(root: Path, place: _Place, options: Options, started: float) -> Part:
    out = place.out
    cache = _Cache(root, options)
    summary = cache.summary()
    inputs = _Inputs(root, summary, frozenset({_resolved(cache.folder), _resolved(out), _resolved(place.folder)}))
    signature = inputs.signature(options, summary)
    if summary is not None and signature == summary.signature == summary.built and _as_left(out, summary):
        place.keep()
        return Part(_unchanged(summary, options, started), None, signature)
    session = cache.session()
    rebuild = session.prepare()
    planned = rebuild.planned
    site = planned.loaded.site
    store = _Pages(cache.folder / "pages")
    same_place = summary is not None and summary.output == str(_resolved(out))

    def fill(staging: Path, previous: Path | None) -> int:
        written = write_files(staging, planned.files, previous) + copy_media(staging, site.media, previous)
        written += copy_images(staging, site.images, options.image_cache)
        written += _put_kept(rebuild, staging, previous, summary if previous is not None and same_place else None, store)
        parts = map_chunks(
            lambda chunk: _written(rebuild.render(chunk), staging, previous, store),
            len(rebuild.to_render),
            progress=pages_told(options, len(rebuild.to_render)),
        )
        rendered.extend(page for part in parts for page in part)
        return written + len(rendered) + write_files(staging, made_after(planned), previous)

    rendered: list[Rendered] = []
    count = place.write(fill)
    records = session.commit(rebuild, rendered)
    log.debug("rendered %d pages; %d were as before", len(rendered), len(records) - len(rendered))
    log.debug("pruned %d images unused for a month from the cache", prune_cache(options.image_cache, time.time()))
    result = Result(len(planned.jobs), count, planned.loaded.diagnostics, time.perf_counter() - started, site.museum.directory_urls, len(rendered))
    finished = inputs.finished(cache.key, rebuild, options, result, summary)
    finished.output, finished.built, finished.written = str(_resolved(out)), finished.signature, _listing(place.folder, records)
    finished.pages = frozenset(record.digest for record in records.values())
    cache.save(finished, session)
    store.prune(cache.builds)
    return Part(result, planned, finished.signature)


def _unchanged(summary: Summary, options: Options, started: float) -> Result:
    """The last build's result again: nothing it read has changed."""
    Report(list(summary.result.diagnostics)).fail_if_errors(options.strict)  # its warnings fail `--strict`
    log.debug("nothing has changed since the last build")
    return dataclasses.replace(summary.result, seconds=time.perf_counter() - started, rendered=0)


def _digests(pages: list[Rendered]) -> list[Rendered]:
    return [(path, digest, reads, None) for path, digest, reads, _data in pages]


def _written(pages: list[Rendered], staging: Path, previous: Path | None, store: _Pages) -> list[Rendered]:
    """Write rendered pages into the new site and into `pages/`; drop their bytes."""
    for _path, digest, _reads, data in pages:
        assert data is not None
        store.put(digest, data)
    write_files(staging, ((path, data) for path, _digest, _reads, data in pages if data is not None), previous)
    return _digests(pages)


def _put_kept(rebuild: Rebuild, staging: Path, previous: Path | None, summary: Summary | None, store: _Pages) -> int:
    """Put each page the session keeps in the new site: the previous site's file if it
    is still as the last build wrote it, else the bytes kept in `pages/`. A page with
    neither is rendered again."""
    count = 0
    written = summary.written if previous is not None and summary is not None else {}
    made: set[str] = set()
    for path, record in list(rebuild.kept.items()):
        target = os.path.join(staging, *safe_parts(path))
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        old = os.path.join(previous, path) if previous is not None and path in written else None
        if old is not None and _still_written(old, written[path], record.digest):
            link_or_copy(old, target)
            count += 1
            continue
        data = store.get(record.digest)
        if data is None:
            rebuild.render_again(path)
            continue
        count += write_files(staging, [(path, data)], previous)
    return count


def _still_written(path: str, written: tuple[int, int, bytes | None], digest: bytes) -> bool:
    try:
        stat = os.stat(path)
    except OSError:
        return False
    return written == (stat.st_size, stat.st_mtime_ns, digest)


def _as_left(out: Path, summary: Summary) -> bool:
    """Whether `out` is the folder the last build wrote, every file as it was left."""
    if summary.output != str(_resolved(out)) or not (out / MARKER).is_file():
        return False
    found = dict(_files_below(out))
    if found.keys() != summary.written.keys():
        return False
    return all(found[path][:2] == known[:2] for path, known in summary.written.items())


def _listing(out: Path, records: dict[str, PageRecord]) -> dict[str, tuple[int, int, bytes | None]]:
    return {path: (size, mtime, records[path].digest if path in records else None) for path, (size, mtime) in _files_below(out)}


def _files_below(folder: Path) -> Iterator[tuple[str, tuple[int, int]]]:
    start = len(os.path.join(str(folder), ""))
    for directory, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(directory, name)
            stat = os.stat(path, follow_symlinks=False)
            yield path[start:].replace(os.sep, "/"), (stat.st_size, stat.st_mtime_ns)


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


class _Inputs:
    """Everything a build reads, by digest: the museum folder (but for the output and
    the cache), the theme's folders, and the settings."""

    def __init__(self, root: Path, summary: Summary | None, skip: frozenset[Path]) -> None:
        self.root, self.skip = root, skip
        self.seen_before = summary.seen if summary is not None else {}
        self.trusted_before = (summary.seen_at - UNSURE_NS) if summary is not None else 0
        self.seen: dict[str, Known] = {}
        self.started = time.time_ns()
        self.museum = self._digest_of(root)
        self._themes: dict[str, str] = {}  # digests of theme folders, walked once

    def signature(self, options: Options, summary: Summary | None, folders: tuple[str, ...] | None = None, timezone: str | None = None) -> str | None:
        """The digest of every input and setting, or None before a first build (the
        theme's folders and the time zone are not known until the museum is read)."""
        if folders is None or timezone is None:
            if summary is None:
                return None
            folders, timezone = summary.folders, summary.timezone
        theme = [self._theme(folder) for folder in folders]
        settings: tuple[str | None, ...] = (options.base_url, build_date(timezone, options.date).isoformat())
        if options.defaults:  # a network's: they change what museum.yaml says
            settings += (repr(sorted(options.defaults.items())),)
        return _digest(repr((self.museum, theme, folders, timezone, settings)).encode())

    def _theme(self, folder: str) -> str:
        if folder not in self._themes:
            self._themes[folder] = self._digest_of(Path(folder))
        return self._themes[folder]

    def finished(self, key: str, rebuild: Rebuild, options: Options, result: Result, summary: Summary | None) -> Summary:
        """The summary of a build just done (`key` as `_Cache.key_of`), from this reading of its files."""
        loaded = rebuild.planned.loaded
        folders = tuple(str(folder) for folder in loaded.theme.folders)
        timezone = loaded.site.museum.timezone
        signature = self.signature(options, summary, folders, timezone)
        assert signature is not None
        summary = summary or Summary(key, "", {}, 0, (), timezone, result)  # a first build: nothing written yet
        return Summary(key, signature, self.seen, self.started, folders, timezone, result, summary.output, summary.built, dict(summary.written), summary.pages)

    def _digest_of(self, top: Path) -> str:
        entries: list[tuple[str, Hashable]] = []
        real = os.path.realpath(top)
        self._walk(str(top), "", os.path.join(real, ""), set(), entries)
        return _digest(repr(sorted(entries)).encode())

    def _walk(self, folder: str, rel: str, inside: str, visited: set[tuple[int, int]], entries: list[tuple[str, Hashable]]) -> None:
        """Every file below `folder`, following links that stay inside the walk's top (as
        discovery does), but not into history, built sites, the output or the cache."""
        try:
            here = os.stat(folder)
            listing = list(os.scandir(folder))
        except OSError:
            entries.append((rel, "unreadable"))
            return
        if (here.st_dev, here.st_ino) in visited or (rel and Path(folder).resolve() in self.skip):
            return
        visited.add((here.st_dev, here.st_ino))
        for entry in listing:
            name = f"{rel}{entry.name}"
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if not is_folder:
                entries.append((name, self._file(entry)))
            elif entry.name == ".git" or os.path.isfile(os.path.join(entry.path, MARKER)):  # history; a built site
                continue
            elif entry.is_symlink() and not os.path.join(os.path.realpath(entry.path), "").startswith(inside):
                entries.append((name, ("link", os.readlink(entry.path))))  # a build does not read there
            else:
                self._walk(entry.path, f"{name}/", inside, visited, entries)

    def _file(self, entry: os.DirEntry[str]) -> Hashable:
        try:
            stat = entry.stat()
        except OSError:  # a broken link: the build says so
            return "missing"
        if stat.st_size > HASHED_UP_TO or not S_ISREG(stat.st_mode):  # never read a device or a pipe
            return (stat.st_mode, stat.st_size, stat.st_mtime_ns, stat.st_ino)
        path = entry.path
        before = self.seen_before.get(path)
        if before is not None and before[:2] == (stat.st_size, stat.st_mtime_ns) and stat.st_mtime_ns < self.trusted_before:
            digest = before[2]
        else:
            try:
                with open(path, "rb") as file:
                    digest = hashlib.blake2b(file.read(), digest_size=16).digest()
            except OSError:
                digest = "unreadable"
        self.seen[path] = (stat.st_size, stat.st_mtime_ns, digest)
        return digest


def _remove(path: Path) -> None:
    """Remove a file this build began, if it got that far."""
    with contextlib.suppress(OSError):
        path.unlink()


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def state_file(root: Path, options: Options) -> Path:
    """Where the build cache keeps what it knows of the museum in `root`."""
    return _Cache(root, options).path


class _Cache:
    """The state file of one museum in the cache folder."""

    def __init__(self, root: Path, options: Options) -> None:
        self.root, self.options = root, options
        self.folder = options.cache_dir or default_cache_dir()
        self.builds = self.folder / "builds"
        self.key = self.key_of(root)
        self.path = self.builds / f"{_digest(str(_resolved(root)).encode())[:32]}.state"
        self._summary: tuple[Summary | None] | None = None

    @staticmethod
    def key_of(root: Path) -> str:
        """This museumgen, its libraries, Python and the museum folder: a state made by
        any other is not used."""
        return _digest(repr((_code(), str(_resolved(root)))).encode())

    def summary(self) -> Summary | None:
        if self._summary is None:
            summary = self._part(0)
            self._summary = (summary if isinstance(summary, Summary) and summary.key == self.key else None,)
        return self._summary[0]

    def session(self) -> Session:
        """A session carrying on from the last build, or a fresh one."""
        kept = self._part(1) if self.summary() is not None else None
        if not isinstance(kept, Kept):
            return Session(self.root, self.options, keep_pages=False)
        return Session(
            self.root, self.options, kept.memory, False, kept.records, kept.fingerprints, kept.site_signatures, kept.global_signature, kept.parsed
        )

    def save(self, summary: Summary, session: Session) -> None:
        """Replace the state with this build's, whole or not at all."""
        memory = Memory(bodies=session.memory.bodies, probes=session.memory.probes, colours=session.memory.colours)
        kept = Kept(memory, session.records, session.fingerprints, session.site_signatures, session.global_signature, session.parsed)
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.builds.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as file:
                file.write(FORMAT)
                for part in (summary, kept):
                    _write_part(file, part)
            os.replace(temporary, self.path)
        except OSError as exc:  # the site is built; only the next build is slower
            message = _("could not keep what this build learned in `{folder}` ({problem}): the next build will make every page again", folder=str(self.builds), problem=str(exc.strerror or exc))
            log.warning("%s", shown(message))
            _remove(temporary)

    def _part(self, index: int) -> Any:
        return _read_part(self.path, index)


class _Hashing:
    """A file that is written through, keeping a digest and a count of what passes."""

    def __init__(self, file: BinaryIO) -> None:
        self.file, self.digest, self.size = file, hashlib.blake2b(digest_size=32), 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self.file.write(data)


# A part's large tables are pickled a slice at a time: the pickler remembers every object
# it has written, which for a whole 10,000-object state cost 110 MB at the build's peak.
SLICE = 2000


def _tables(part: object) -> dict[str, dict[Any, Any]]:
    """The large tables of a part, by name."""
    if isinstance(part, Kept):
        return {"bodies": part.memory.bodies, "records": part.records, "fingerprints": part.fingerprints}
    return {}


def _without_tables(part: object) -> object:
    if isinstance(part, Kept):
        memory = Memory(probes=part.memory.probes, colours=part.memory.colours)
        return dataclasses.replace(part, memory=memory, records={}, fingerprints={})
    return part


def _write_part(file: BinaryIO, part: object) -> None:
    """The part's size and digest, then the part: pickled straight into the file, as a
    whole copy of a large state in memory would double the build's peak. Its large
    tables follow it, a slice at a time."""
    header = file.tell()
    file.write(bytes(40))
    through = _Hashing(file)
    pickle.dump(_without_tables(part), through, protocol=pickle.HIGHEST_PROTOCOL)
    rows = {name: list(table.items()) for name, table in _tables(part).items()}
    slices = [(name, start) for name, items in rows.items() for start in range(0, len(items), SLICE)]
    pickle.dump(len(slices), through, protocol=pickle.HIGHEST_PROTOCOL)
    for name, start in slices:
        pickle.dump((name, rows[name][start : start + SLICE]), through, protocol=pickle.HIGHEST_PROTOCOL)
    end = file.tell()
    file.seek(header)
    file.write(struct.pack("<Q", through.size) + through.digest.digest())
    file.seek(end)


def _read_part(path: Path, index: int) -> Any:
    """Part `index` of a state file, or None if it is missing or not a good one. Its
    digest is checked first, reading it in pieces; then it is unpickled from the file,
    so that a large state is never in memory twice. (A state replaced meanwhile is a new
    file: this one stays as it was checked.)"""
    try:
        with open(path, "rb") as file:
            if file.read(len(FORMAT)) != FORMAT:
                return None
            for _ in range(index):
                size, _digest_ = struct.unpack("<Q32s", file.read(40))
                file.seek(size, os.SEEK_CUR)
            size, digest = struct.unpack("<Q32s", file.read(40))
            start, checked, left = file.tell(), hashlib.blake2b(digest_size=32), size
            while left > 0:
                piece = file.read(min(left, 1 << 20))
                if not piece:
                    return None  # cut short
                checked.update(piece)
                left -= len(piece)
            if checked.digest() != digest:
                return None
            file.seek(start)
            part = _Restricted(file).load()
            tables = _tables(part)
            for _ in range(_Restricted(file).load()):
                name, rows = _Restricted(file).load()
                tables[name].update(rows)
            return part
    except Exception:  # noqa: BLE001 - whatever is wrong with it, it is not used
        return None


class _Restricted(pickle.Unpickler):
    """Unpickles the state's own data types and nothing else: a pickle that names any
    other function or class (one that could run code) is refused, not obeyed."""

    def find_class(self, module: str, name: str) -> Any:
        found = _STATE_TYPES.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a build state")
        return found


_STATE_TYPES: dict[tuple[str, str], Any] = {
    (kind.__module__, kind.__qualname__): kind
    for kind in (
        Summary, Kept, Memory, Result, PageRecord, RenderedBody, PublishedImage, Plan, Variant, Settings,
        Diagnostic, Severity, Message, Joined, Markup, ExactInt, ExactFloat, ExactBool, dt.date, dt.datetime, set, frozenset,
    )
}


def code_digest() -> str:
    """A digest of `_code()`, worked out again each time as the build state's is (an
    installation edited while `serve` runs counts): for what else is kept in the cache
    folder and made by this code."""
    return _digest(repr(_code()).encode())


def _code() -> tuple[Hashable, ...]:
    """What museumgen's output depends on besides the museum: its version and code (an
    edited installation counts), its libraries' versions, and Python's."""
    package = Path(museumgen.__file__).parent
    files = []
    for directory, _dirs, names in os.walk(package):
        for name in sorted(names):
            if name.endswith((".py", ".po", ".mo")):
                stat = os.stat(os.path.join(directory, name))
                files.append((os.path.join(directory, name)[len(str(package)) :], stat.st_size, stat.st_mtime_ns))
    libraries = [(module.__name__, _file_stat(module)) for module in _LIBRARIES]  # an upgrade rewrites them
    return (FORMAT, __version__, sys.version, tuple(sorted(files)), tuple(libraries))


_LIBRARIES: tuple[ModuleType, ...] = (babel, jinja2, markupsafe, nh3, PIL, pydantic, pydantic_core, pyromark, rcssmin, rjsmin, yaml)


def _file_stat(module: ModuleType) -> Hashable:
    try:
        stat = os.stat(module.__file__ or "")
    except OSError:
        return None
    return (module.__file__, stat.st_size, stat.st_mtime_ns)


class _Pages:
    """Pages by the digest of their bytes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, digest: bytes) -> Path:
        name = digest.hex()
        return self.folder / name[:2] / name

    def get(self, digest: bytes) -> bytes | None:
        try:
            data = self._path(digest).read_bytes()
        except OSError:
            return None
        return data if page_digest(data) == digest else None  # damaged: render the page again

    def put(self, digest: bytes, data: bytes) -> None:
        path = self._path(digest)
        if path.exists():
            return
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(data)
            os.replace(temporary, path)
        except OSError:
            _remove(temporary)

    def prune(self, builds: Path, now: float | None = None) -> int:
        """Once a day: forget builds of museums not built for a month, and remove the
        pages no remaining build names. Several museums may share the cache."""
        now = time.time() if now is None else now
        marker = builds / "pruned"
        try:
            if now - marker.stat().st_mtime < 86_400:
                return 0
        except OSError:
            pass
        named: set[bytes] = set()
        for state in builds.glob("*.state"):
            try:
                if now - state.stat().st_mtime > PRUNE_AFTER_DAYS * 86_400:
                    state.unlink()
                    continue
            except OSError:
                continue
            summary = _read_part(state, 0)
            if isinstance(summary, Summary):  # others are of another version, which renders what it misses
                named |= summary.pages
        removed = 0
        for path in self.folder.glob("*/*"):
            try:
                if bytes.fromhex(path.name.split(".")[0]) not in named and now - path.stat().st_mtime > 86_400:
                    path.unlink()
                    removed += 1
            except (OSError, ValueError):
                continue
        with contextlib.suppress(OSError):  # a cache folder that cannot be written: prune another day
            marker.touch()
        return removed
