"""Find the content files of a museum folder, in a stable order.

Only the known content folders are read; hidden files and names starting with `_`
are skipped so editors' and Git's own files never become pages.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from museumgen.errors import Report
from museumgen.kinds import KINDS
from museumgen.languages import DEFAULT_LANGUAGE, translation_of
from museumgen.urls import unusable_on_windows

CONTENT_SUFFIXES = (".md", ".markdown", ".yaml", ".yml")
# Letters and digits of any script, `-`, `_` and `.`: safe in a URL path and on every filesystem.
_SAFE_SLUG = re.compile(r"^[\w][\w.-]*$", re.UNICODE)


@dataclass(frozen=True)
class ContentFile:
    kind: str  # a kind's name (`kinds.KINDS`), e.g. "collection"
    path: Path
    rel: str  # relative to the museum folder, forward slashes
    slug: str  # of the original, for a translation
    language: str | None = None  # the language of a translation; None for an original


def slug_for(stem: str) -> str:
    """The URL slug of a file name: NFC-normalised, spaces become `-`, lower-cased ASCII."""
    text = unicodedata.normalize("NFC", stem).strip()
    text = re.sub(r"\s+", "-", text)
    return "".join(ch.lower() if ch.isascii() else ch for ch in text)


def discover(root: Path, report: Report, languages: tuple[str, ...] | None = (DEFAULT_LANGUAGE,)) -> list[ContentFile]:
    """Every content file below `root`, ordered by kind, then path. A file named with one
    of the site's `languages` other than the first (`vase.en.md`) is a translation; with
    `languages` None (museum.yaml could not be read), any language is taken as the site's."""
    found: list[ContentFile] = []
    resolved_root = root.resolve()
    start = len(os.path.join(str(root), ""))
    for kind in KINDS.names():
        candidates = [(path[start:].replace(os.sep, "/"), path, linked) for path, linked in _candidates(os.path.join(root, kind), False)]
        for rel, path, linked in sorted(candidates, key=lambda c: c[0].split("/")):
            file = Path(path)
            if linked is None:
                report.warning(rel, 0, "this is not a regular file (a pipe, socket or device): it is ignored")
                continue
            if unusable_on_windows(file.name) or unusable_on_windows(file.stem):
                report.error(rel, 0, f"`{file.name}` is a name Windows cannot use (it is kept for a device, or ends in a dot): rename the file")
                continue
            folder = next((part for part in rel.split("/")[1:-1] if unusable_on_windows(part)), None)
            if folder is not None:  # a Windows colleague could not even check the museum out
                report.error(rel, 0, f"the folder `{folder}` has a name Windows cannot use (it is kept for a device, or ends in a dot): rename the folder")
                continue
            if linked and not file.resolve().is_relative_to(resolved_root):
                report.error(rel, 0, "this file is (or is in a folder that is) a link to a place outside the museum folder: copy the file in instead")
                continue
            stem, language = translation_of(file.stem, languages or ())
            if language is not None and languages and not _is_translation(rel, file, stem, language, languages, report):
                continue
            slug = slug_for(stem)
            if not _SAFE_SLUG.match(slug):
                report.error(rel, 0, "the file name makes an unsafe web address: use letters, digits and `-` only")
                continue
            found.append(ContentFile(kind, file, rel, slug, language))
    return found


def _is_translation(rel: str, file: Path, stem: str, language: str, languages: tuple[str, ...], report: Report) -> bool:
    """Whether `file` is a translation into one of the site's languages; if not, say why."""
    original = f"{stem}{file.suffix}"
    if language == languages[0]:
        report.error(rel, 0, f"files without a language in their name are in `{language}`, the site's first language: rename this one `{original}`")
        return False
    if language not in languages:
        report.error(rel, 0, f"this is named as a translation into `{language}`, which is not one of `languages` in museum.yaml: add it there, or rename the file")
        return False
    return True


def _candidates(folder: str, linked: bool) -> Iterator[tuple[str, bool | None]]:
    """Files with a content suffix, skipping hidden and `_` names, each with whether a
    link (to it, or to a folder on its way) was followed to reach it; None for a pipe,
    socket or device with such a name, which is never opened."""
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if entry.name.startswith((".", "_")):
            continue
        if entry.is_dir():
            yield from _candidates(entry.path, linked or entry.is_symlink())
        elif entry.name.lower().endswith(CONTENT_SUFFIXES):
            yield entry.path, (linked or entry.is_symlink()) if entry.is_file() else None
