"""Media files referenced by content: found, checked, measured and listed for publishing.

Only files that content refers to are published, so drafts and private files left in
`media/` never reach the site. A file is looked up next to the content file first, then
from the museum folder; it must exist and must lie inside the museum folder (links are
followed before that check). Photographs are not published as they are: each gets a
plan of derivatives (`museumgen.images`), made after the whole museum is checked.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

import mutagen

from museumgen.errors import Report
from museumgen.images import ImageProblem, Plan, Settings, content_key, inspect, plan, zoomed
from museumgen.messages import _
from museumgen.site.markup import PublishedImage, join_relative
from museumgen.urls import unusable_on_windows

# No SVG: it can carry script. HEIC and HEIF are iPhones' photographs.
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".heic", ".heif"}
VIDEO_SUFFIXES = {".mp4", ".webm", ".m4v", ".ogv", ".mov"}
CAPTION_SUFFIXES = {".vtt"}
AUDIO_SUFFIXES = {".mp3", ".m4a", ".aac", ".oga", ".ogg", ".opus", ".wav", ".flac", ".weba"}
# What an audio guide's recordings may be named: formats every phone's browser plays (WAV and FLAC are too big to send over a gallery's signal).
GUIDE_AUDIO_SUFFIXES = {".mp3", ".m4a", ".aac", ".opus", ".ogg", ".oga"}
# A stop's recording is fetched over a gallery's weak signal: 20 MB is twenty minutes at 128 kbit/s.
GUIDE_AUDIO_LIMIT = 20 * 1024 * 1024
# Files a body may link to for download are of any type but these, which a browser would
# run as part of the museum's site (script in the site's name) or which could harm visitors' computers.
ACTIVE_SUFFIXES = {
    ".htm", ".html", ".shtml", ".xhtml", ".xht", ".svg", ".svgz", ".xml", ".xsl", ".xslt", ".js", ".mjs", ".css", ".swf",
    ".exe", ".msi", ".bat", ".cmd", ".com", ".scr", ".ps1", ".vbs", ".sh", ".jar", ".apk",
}
# What the files a body names may be, by what they are for (see `markup.FILE_USES`); None: any type but active ones.
SUFFIXES_FOR: dict[str, set[str] | None] = {
    "link": None,
    "image": IMAGE_SUFFIXES,
    "media": AUDIO_SUFFIXES | VIDEO_SUFFIXES,
    "captions": CAPTION_SUFFIXES,
}


# The names in a folder, and by its case-folded form the first (in sorted order) of the
# names that fold to it: a file named in other capitals is found without reading every name.
_Listing = tuple[frozenset[str], dict[str, str]]


@dataclass(frozen=True)
class MediaFile:
    source: Path = field(repr=False)  # where it is on the build machine: never shown
    rel: str  # in the museum folder
    url: str  # in the site
    first_use: tuple[str, int] = ("", 0)  # the content file and line that first names it


@dataclass(frozen=True)
class AudioFile:
    """A recording of the audio guide, checked and measured."""

    file: MediaFile
    seconds: float  # its length, from its headers
    type: str  # its MIME type, for `<source type>`

    @property
    def url(self) -> str:
        return self.file.url

    @property
    def duration(self) -> str:
        """Its length as a clock shows it: `2:05`, `1:02:05`."""
        whole = round(self.seconds)
        hours, rest = divmod(whole, 3600)
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"

    @property
    def iso_duration(self) -> str:
        """Its length for `<time datetime>`: `PT2M5S`."""
        minutes, seconds = divmod(round(self.seconds), 60)
        return f"PT{minutes}M{seconds}S" if minutes else f"PT{seconds}S"


def measure_audio(path: Path, size_limit: int = GUIDE_AUDIO_LIMIT) -> tuple[float, str] | str:
    """The length in seconds of the recording at `path` and its MIME type, both read from
    its headers by mutagen (nothing is decoded), or why it cannot be a stop's recording.
    The type is what the file holds, whatever its name says: an Opus file named `.mp3`
    still plays."""
    size = path.stat().st_size
    if size > size_limit:
        return _("it is {size} MB, more than the {limit} MB a visitor should wait for in the gallery: make it shorter or encode it at a lower bit rate (64–96 kbit/s is plenty for speech)", size=format(size / 1024 / 1024, ".1f"), limit=str(size_limit // 1024 // 1024))
    try:
        found = mutagen.File(path)
    except (mutagen.MutagenError, OSError, ValueError, EOFError):  # a damaged header can raise any of these
        found = None
    played = _PLAYED.get(type(found).__name__)
    length = getattr(getattr(found, "info", None), "length", 0)
    if played is None and found is not None and isinstance(length, int | float) and length > 0:
        return _("this recording is not MP3, AAC or Opus, whatever its name says: export it again in one of those")
    if played is None or not isinstance(length, int | float) or length <= 0:
        return _("this is not a sound file that can be played (or it is damaged): export it again as MP3, AAC or Opus")
    return float(length), played


def video_length(path: Path) -> float | None:
    """The length in seconds of an MP4 video, from its headers (mutagen reads no WebM)."""
    try:
        found = mutagen.File(path)
    except (mutagen.MutagenError, OSError, ValueError, EOFError):
        return None
    length = getattr(getattr(found, "info", None), "length", None)
    return float(length) if isinstance(length, int | float) and length > 0 else None


# The recordings mutagen reads that every phone's browser plays, by mutagen's class, with
# the type their `<source>` names.
_PLAYED = {
    "MP3": "audio/mpeg",
    "MP4": "audio/mp4",
    "AAC": "audio/aac",
    "OggOpus": "audio/ogg; codecs=opus",
    "OggVorbis": "audio/ogg; codecs=vorbis",
}


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
    _states: dict[str, str] = field(default_factory=dict)  # by path: "inside", "outside", "missing", or the path in other capitals

    _audio: dict[str, tuple[float, str] | str] = field(default_factory=dict)  # by path: length in seconds and type, or the problem
    _listings: dict[str, _Listing] = field(default_factory=dict)  # of each folder looked in, by path
    _sources: dict[str, Path] = field(default_factory=dict)  # where each file found is, by path
    _root_resolved: Path | None = None

    def __post_init__(self) -> None:
        if self._root_resolved is None:
            self._root_resolved = self.root.resolve()

    def child(self) -> MediaIndex:
        """An index with its own findings and report, sharing what was measured so far.

        Work done in another process records its findings in a child; `adopt` merges them.
        """
        return MediaIndex(self.root, Report(), self.settings, self.probes, _plans=self._plans, _states=self._states, _audio=self._audio, _listings=self._listings, _sources=self._sources, _root_resolved=self._root_resolved)

    def findings(self) -> MediaIndex:
        """Only what `adopt` takes of this child: what a worker process sends back, without
        the tables it shares with its parent (the whole museum's, on every return)."""
        return MediaIndex(self.root, self.report, self.settings, None, self.published, self.images, _root_resolved=self._root_resolved)

    def adopt(self, child: MediaIndex) -> None:
        for url, media in child.published.items():
            self.published.setdefault(url, media)
        for url, image in child.images.items():
            if url not in self.images or image[1].tiles:  # one use asks for deep zoom: that plan serves all
                self.images[url] = image
        self.report.extend(child.report.diagnostics)

    def publish(self, ref: str, from_rel: str, line: int, allowed: set[str] | None) -> MediaFile | None:
        """Find a file that is published as it is (video, captions, a document); `allowed`
        None takes any type but the active ones."""
        media = self.find(ref, from_rel, line, allowed)
        if media is not None:
            self.published.setdefault(media.url, media)
        return media

    def publish_for(self, ref: str, from_rel: str, line: int, use: str) -> str | None:
        """The site path of a file a body names for `use` (see `SUFFIXES_FOR`), published as it is."""
        media = self.publish(ref, from_rel, line, SUFFIXES_FOR[use])
        return media.url if media is not None else None

    def audio(self, ref: str, from_rel: str, line: int) -> AudioFile | None:
        """Find a recording of the audio guide, check that it is one and measure it, and
        publish it as it is; None after reporting why not."""
        media = self.find(ref, from_rel, line, GUIDE_AUDIO_SUFFIXES)
        if media is None:
            return None
        if media.rel not in self._audio:  # each file is measured once, however often it is used
            self._audio[media.rel] = measure_audio(media.source)
        measured = self._audio[media.rel]
        if isinstance(measured, str):
            self.report.error(from_rel, line, _("`{ref}`: {problem}", ref=ref, problem=measured))
            return None
        self.published.setdefault(media.url, media)
        return AudioFile(media, *measured)

    def find(self, ref: str, from_rel: str, line: int, allowed: set[str] | None) -> MediaFile | None:
        """The media file `ref` names in `from_rel`, or None after reporting why not."""
        problem = self._unusable(ref, allowed)
        if problem is not None:
            self.report.error(from_rel, line, problem)
            return None
        other_case = None
        for rel in dict.fromkeys((join_relative(from_rel, ref), posixpath.normpath(ref))):
            if rel.startswith("../") or rel == "..":
                continue
            state = self._states.get(rel)
            if state is None:  # each file is looked at once, however often it is used
                state = self._state(rel)
                self._states[rel] = state
            if state == "missing":
                continue
            if state == "outside":
                self.report.error(from_rel, line, _("`{ref}` points outside the museum folder: copy the file in instead", ref=ref))
                return None
            if state != "inside":
                other_case = other_case or state
                continue
            source = self._sources.get(rel)
            if source is None:
                source = self._sources[rel] = self.root / rel
            url = rel if rel.startswith("media/") else f"media/{rel}"
            return MediaFile(source, rel, url, (from_rel, line))
        if other_case is not None:  # the web server, unlike Windows and macOS, tells capitals apart
            self.report.error(from_rel, line, _("file not found: `{ref}` (did you mean `{found}`? Capital and small letters must match the file name exactly)", ref=ref, found=other_case))
        elif join_relative(from_rel, ref).startswith("..") and posixpath.normpath(ref).startswith(".."):
            self.report.error(from_rel, line, _("`{ref}` points outside the museum folder: media must be inside it", ref=ref))
        else:
            self.report.error(from_rel, line, _("file not found: `{ref}` (looked next to this file and in the museum folder)", ref=ref))
        return None

    @staticmethod
    def _unusable(ref: str, allowed: set[str] | None) -> str | None:
        """Why `ref` cannot name a file to publish, whatever the folder holds, or None."""
        if posixpath.isabs(ref) or os.path.isabs(ref) or "\\" in ref:  # as this system reads it, too (`C:/`)
            return _("`{ref}` is an absolute path: write it relative to the museum folder", ref=ref)
        suffix = posixpath.splitext(ref)[1].lower()
        if unusable_on_windows(posixpath.basename(ref)):
            return _("`{ref}`: that file name cannot be used on Windows (it is kept for a device, or ends in a dot): rename the file", ref=ref)
        if any(unusable_on_windows(part) for part in ref.split("/")[:-1] if part not in ("", ".", "..")):
            return _("`{ref}`: a folder on that path has a name Windows cannot use (it is kept for a device, or ends in a dot): rename the folder", ref=ref)
        if allowed is None and suffix in ACTIVE_SUFFIXES:
            return _("`{ref}` cannot be published: a `{suffix}` file could run as part of the site or harm visitors' computers; offer it as a PDF or a picture instead", ref=ref, suffix=suffix)
        if allowed is not None and suffix not in allowed:
            return _("`{ref}` is not a supported file type here (use {kinds})", ref=ref, kinds=", ".join(sorted(allowed)))
        return None

    def _state(self, rel: str) -> str:
        """"inside", "outside" (a link out of the museum folder), "missing", or the path of
        the file in other capitals, where `rel` names one only on a system that ignores them."""
        path = self.root / rel
        exact = self._exact_case(rel)
        if exact != rel:
            return exact or "missing"
        if not path.is_file():
            return "missing"
        return "inside" if self._inside(path) else "outside"

    def _exact_case(self, rel: str) -> str | None:
        """`rel` as the folders spell it, matching capitals or not; None when there is no such file."""
        folder, found = str(self.root), []
        for part in rel.split("/"):
            listing = self._listings.get(folder)
            if listing is None:
                listing = self._listings[folder] = _listing(folder)
            names, folded = listing
            match = part if part in names else folded.get(part.casefold())
            if match is None:
                return None
            found.append(match)
            folder = os.path.join(folder, match)
        return "/".join(found)

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
            self.report.error(from_rel, line, _("`{ref}`: {problem}", ref=ref, problem=planned))
            return None
        if planned is None:  # an animation: published as it is
            self.published.setdefault(media.url, media)
            return PublishedImage(media.url, *inspect(media.source)[0])
        if focus is not None:
            planned = plan(media.url, planned.key, (planned.width, planned.height), planned.alpha, self.settings, focus)
        self.images.setdefault(media.url if focus is None else f"{media.url}#{planned.key}", (media, planned))
        return PublishedImage(media.url, planned.width, planned.height, planned)

    def zoom(self, published: Plan, url: str) -> Plan:
        """The plan of the image `url` with its deep-zoom tiles, in place of `published`: the
        same derivatives (other uses of the image share them) and its tiles."""
        key = url if url in self.images and self.images[url][1].key == published.key else f"{url}#{published.key}"
        media, _planned = self.images[key]
        target = zoomed(published)
        self.images[key] = (media, target)
        return target

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
            found = problem.message
        if self.probes is not None:
            self.probes[memo_key] = found
        return found


def _listing(folder: str) -> _Listing:
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return frozenset(), {}
    folded: dict[str, str] = {}
    for name in reversed(names):  # of names that fold alike, the first is kept
        folded[name.casefold()] = name
    return frozenset(names), folded
