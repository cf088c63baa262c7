"""Find the content files of a museum folder, in a stable order.

Only the known content folders are read; hidden files and names starting with `_`
are skipped so editors' and Git's own files never become pages.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from museumgen.errors import Report
from museumgen.schema import CONTENT_TYPES

CONTENT_SUFFIXES = (".md", ".markdown", ".yaml", ".yml")
# Letters and digits of any script, `-`, `_` and `.`: safe in a URL path and on every filesystem.
_SAFE_SLUG = re.compile(r"^[\w][\w.-]*$", re.UNICODE)


@dataclass(frozen=True)
class ContentFile:
    kind: str  # a key of CONTENT_TYPES, e.g. "collection"
    path: Path
    rel: str  # relative to the museum folder, forward slashes
    slug: str


def slug_for(stem: str) -> str:
    """The URL slug of a file name: NFC-normalised, spaces become `-`, lower-cased ASCII."""
    text = unicodedata.normalize("NFC", stem).strip()
    text = re.sub(r"\s+", "-", text)
    return "".join(ch.lower() if ch.isascii() else ch for ch in text)


def discover(root: Path, report: Report) -> list[ContentFile]:
    """Every content file below `root`, ordered by kind, then path."""
    found: list[ContentFile] = []
    for kind in CONTENT_TYPES:
        folder = root / kind
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(root)
            if any(part.startswith((".", "_")) for part in relative.parts):
                continue
            if path.suffix.lower() not in CONTENT_SUFFIXES or not path.is_file():
                continue
            rel = relative.as_posix()
            if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
                report.error(rel, 0, "this file is a link to a place outside the museum folder: copy the file in instead")
                continue
            slug = slug_for(path.stem)
            if not _SAFE_SLUG.match(slug):
                report.error(
                    rel, 0, "the file name makes an unsafe web address: use letters, digits and `-` only"
                )
                continue
            found.append(ContentFile(kind, path, rel, slug))
    return found
