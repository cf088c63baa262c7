"""Media files referenced by content: found, checked, measured and listed for copying.

Only files that content refers to are published, so drafts and private files left in
`media/` never reach the site. A file is looked up next to the content file first, then
from the museum folder; it must exist and must lie inside the museum folder (links are
followed before that check).
"""

from __future__ import annotations

import posixpath
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image as PILImage

from museumgen.errors import Report
from museumgen.markup import PublishedImage, join_relative

# No SVG: an SVG file can carry script that would run on the site's own address.
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"}
VIDEO_SUFFIXES = {".mp4", ".webm", ".m4v", ".ogv", ".mov"}
CAPTION_SUFFIXES = {".vtt"}
# Refuse to even measure images beyond this (a decompression bomb guard); the image
# pipeline has its own, finer limits.
MAX_IMAGE_PIXELS = 100_000_000


@dataclass(frozen=True)
class MediaFile:
    source: Path
    rel: str  # in the museum folder
    url: str  # in the site


@dataclass
class MediaIndex:
    root: Path
    report: Report
    published: dict[str, MediaFile] = field(default_factory=dict)  # by site path
    _sizes: dict[str, tuple[int, int] | None] = field(default_factory=dict)
    _states: dict[str, str] = field(default_factory=dict)  # by path: "inside", "outside" or "missing"

    def __post_init__(self) -> None:
        self._root_resolved = self.root.resolve()

    def child(self) -> MediaIndex:
        """An index with its own findings and report, sharing what was measured so far.

        Work done in another process records its findings in a child; `adopt` merges them.
        """
        return MediaIndex(self.root, Report(), _sizes=self._sizes, _states=self._states)

    def adopt(self, child: MediaIndex) -> None:
        self.published.update(child.published)
        self.report.extend(child.report.diagnostics)

    def find(self, ref: str, from_rel: str, line: int, allowed: set[str]) -> MediaFile | None:
        """The media file `ref` names in `from_rel`, or None after reporting why not."""
        if posixpath.isabs(ref) or Path(ref).is_absolute() or "\\" in ref:
            self.report.error(from_rel, line, f"`{ref}` is an absolute path: write it relative to the museum folder")
            return None
        suffix = posixpath.splitext(ref)[1].lower()
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
                state = "missing" if not path.is_file() else "inside" if path.resolve().is_relative_to(self._root_resolved) else "outside"
                self._states[rel] = state
            if state == "missing":
                continue
            if state == "outside":
                self.report.error(from_rel, line, f"`{ref}` points outside the museum folder: copy the file in instead")
                return None
            path = self.root / rel
            url = rel if rel.startswith("media/") else f"media/{rel}"
            media = MediaFile(path, rel, url)
            self.published.setdefault(url, media)
            return media
        if join_relative(from_rel, ref).startswith("..") and posixpath.normpath(ref).startswith(".."):
            self.report.error(from_rel, line, f"`{ref}` points outside the museum folder: media must be inside it")
        else:
            self.report.error(from_rel, line, f"file not found: `{ref}` (looked next to this file and in the museum folder)")
        return None

    def image(self, ref: str, from_rel: str, line: int) -> PublishedImage | None:
        """Find an image and read its size (the header only, not the pixels)."""
        media = self.find(ref, from_rel, line, IMAGE_SUFFIXES)
        if media is None:
            return None
        size = self._size(media)
        if size is None:
            self.report.error(from_rel, line, f"`{ref}` is not an image that can be read (damaged, or another kind of file)")
            return None
        if size[0] * size[1] > MAX_IMAGE_PIXELS:
            self.report.error(
                from_rel, line, f"`{ref}` is {size[0]}×{size[1]} pixels, too large: resize it below 100 megapixels"
            )
            return None
        return PublishedImage(media.url, *size)

    def _size(self, media: MediaFile) -> tuple[int, int] | None:
        if media.rel not in self._sizes:
            self._sizes[media.rel] = _measure(media.source)
        return self._sizes[media.rel]


def _measure(path: Path) -> tuple[int, int] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(path) as image:
                width, height = image.size
                if image.getexif().get(0x0112, 1) in (5, 6, 7, 8):  # EXIF says "rotated": swap
                    width, height = height, width
                return width, height
    except (OSError, ValueError, SyntaxError, PILImage.DecompressionBombError):
        return None
