"""Media files referenced by content: found, checked, measured and listed for publishing.

Only files that content refers to are published, so drafts and private files left in
`media/` never reach the site. A file is looked up next to the content file first, then
from the museum folder; it must exist and must lie inside the museum folder (links are
followed before that check). Photographs are not published as they are: each gets a
plan of derivatives (`museumgen.images`), made after the whole museum is checked.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from museumgen.errors import Report
from museumgen.images import ImageProblem, Plan, Settings, content_key, inspect, plan
from museumgen.site.markup import PublishedImage, join_relative
from museumgen.urls import unusable_on_windows

# No SVG: it can carry script. HEIC and HEIF are iPhones' photographs.
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".heic", ".heif"}
VIDEO_SUFFIXES = {".mp4", ".webm", ".m4v", ".ogv", ".mov"}
CAPTION_SUFFIXES = {".vtt"}


@dataclass(frozen=True)
class MediaFile:
    source: Path = field(repr=False)  # where it is on the build machine: never shown
    rel: str  # in the museum folder
    url: str  # in the site
    first_use: tuple[str, int] = ("", 0)  # the content file and line that first names it


# What reading a photograph's header and bytes found, by (path, size, modification time,
# inode, settings): kept between builds by a long-running process, so an unchanged
# photograph is not read again. The value is (size, alpha, animated, content key) or a problem.
ImageProbes = dict[tuple[str, int, int, int, Settings], "tuple[tuple[int, int], bool, bool, str] | str"]


@dataclass
class MediaIndex:
    root: Path
    report: Report
    settings: Settings = field(default_factory=Settings)
    probes: ImageProbes | None = None
    published: dict[str, MediaFile] = field(default_factory=dict)  # copied as they are, by site path
    images: dict[str, tuple[MediaFile, Plan]] = field(default_factory=dict)  # made into derivatives
    _plans: dict[str, Plan | str | None] = field(default_factory=dict)  # by path: plan, problem, or None (as is)
    _states: dict[str, str] = field(default_factory=dict)  # by path: "inside", "outside" or "missing"

    _root_resolved: Path | None = None

    def __post_init__(self) -> None:
        if self._root_resolved is None:
            self._root_resolved = self.root.resolve()

    def child(self) -> MediaIndex:
        """An index with its own findings and report, sharing what was measured so far.

        Work done in another process records its findings in a child; `adopt` merges them.
        """
        return MediaIndex(self.root, Report(), self.settings, self.probes, _plans=self._plans, _states=self._states, _root_resolved=self._root_resolved)

    def adopt(self, child: MediaIndex) -> None:
        for url, media in child.published.items():
            self.published.setdefault(url, media)
        for url, image in child.images.items():
            self.images.setdefault(url, image)
        self.report.extend(child.report.diagnostics)

    def publish(self, ref: str, from_rel: str, line: int, allowed: set[str]) -> MediaFile | None:
        """Find a file that is published as it is (video, captions)."""
        media = self.find(ref, from_rel, line, allowed)
        if media is not None:
            self.published.setdefault(media.url, media)
        return media

    def find(self, ref: str, from_rel: str, line: int, allowed: set[str]) -> MediaFile | None:
        """The media file `ref` names in `from_rel`, or None after reporting why not."""
        if posixpath.isabs(ref) or Path(ref).is_absolute() or "\\" in ref:
            self.report.error(from_rel, line, f"`{ref}` is an absolute path: write it relative to the museum folder")
            return None
        suffix = posixpath.splitext(ref)[1].lower()
        if unusable_on_windows(posixpath.basename(ref)):
            self.report.error(from_rel, line, f"`{ref}`: that file name cannot be used on Windows (it is kept for a device, or ends in a dot): rename the file")
            return None
        if any(unusable_on_windows(part) for part in ref.split("/")[:-1] if part not in ("", ".", "..")):
            self.report.error(from_rel, line, f"`{ref}`: a folder on that path has a name Windows cannot use (it is kept for a device, or ends in a dot): rename the folder")
            return None
        if suffix not in allowed:
            kinds = ", ".join(sorted(allowed))
            self.report.error(from_rel, line, f"`{ref}` is not a supported file type here (use {kinds})")
            return None
        for rel in dict.fromkeys((join_relative(from_rel, ref), posixpath.normpath(ref))):
            if rel.startswith("../") or rel == "..":
                continue
            state = self._states.get(rel)
            if state is None:  # each file is looked at once, however often it is used
                path = self.root / rel
                state = "missing" if not path.is_file() else "inside" if self._inside(path) else "outside"
                self._states[rel] = state
            if state == "missing":
                continue
            if state == "outside":
                self.report.error(from_rel, line, f"`{ref}` points outside the museum folder: copy the file in instead")
                return None
            url = rel if rel.startswith("media/") else f"media/{rel}"
            return MediaFile(self.root / rel, rel, url, (from_rel, line))
        if join_relative(from_rel, ref).startswith("..") and posixpath.normpath(ref).startswith(".."):
            self.report.error(from_rel, line, f"`{ref}` points outside the museum folder: media must be inside it")
        else:
            self.report.error(from_rel, line, f"file not found: `{ref}` (looked next to this file and in the museum folder)")
        return None

    def _inside(self, path: Path) -> bool:
        assert self._root_resolved is not None  # set on creation
        return path.resolve().is_relative_to(self._root_resolved)

    def image(self, ref: str, from_rel: str, line: int, focus: tuple[float, float] | None = None) -> PublishedImage | None:
        """Find an image and plan its derivatives (its header is read, not its pixels), its
        crops kept around `focus` when one is given."""
        media = self.find(ref, from_rel, line, IMAGE_SUFFIXES)
        if media is None:
            return None
        if media.rel not in self._plans:
            self._plans[media.rel] = self._plan(media)
        planned = self._plans[media.rel]
        if isinstance(planned, str):
            self.report.error(from_rel, line, f"`{ref}`: {planned}")
            return None
        if planned is None:  # an animation: published as it is
            self.published.setdefault(media.url, media)
            return PublishedImage(media.url, *inspect(media.source)[0])
        if focus is not None:
            planned = plan(media.url, planned.key, (planned.width, planned.height), planned.alpha, self.settings, focus)
        self.images.setdefault(media.url if focus is None else f"{media.url}#{planned.key}", (media, planned))
        return PublishedImage(media.url, planned.width, planned.height, planned)

    def _plan(self, media: MediaFile) -> Plan | str | None:
        probed = self._probe(media.source)
        if isinstance(probed, str):
            return probed
        size, alpha, animated, key = probed
        return None if animated else plan(media.url, key, size, alpha, self.settings)

    def _probe(self, path: Path) -> tuple[tuple[int, int], bool, bool, str] | str:
        stat = path.stat()
        memo_key = (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino, self.settings)
        if self.probes is not None and memo_key in self.probes:
            return self.probes[memo_key]
        try:
            size, alpha, animated = inspect(path)
            found: tuple[tuple[int, int], bool, bool, str] | str = (size, alpha, animated, "" if animated else content_key(path.read_bytes(), self.settings))
        except ImageProblem as problem:
            found = str(problem)
        if self.probes is not None:
            self.probes[memo_key] = found
        return found
