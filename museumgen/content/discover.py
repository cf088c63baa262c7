"""Find the content files of a museum folder, in a stable order.

Only the known content folders are read; hidden files and names starting with `_`
are skipped so editors' and Git's own files never become pages.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from museumgen.errors import Report
from museumgen.languages import DEFAULT_LANGUAGE, translation_of
from museumgen.messages import _
from museumgen.urls import unusable_on_windows

CONTENT_SUFFIXES = (".md", ".markdown", ".yaml", ".yml")
# Documents staff may leave among the content, thinking they become pages; they do not.
DOCUMENT_SUFFIXES = (".doc", ".docx", ".odt", ".rtf", ".wps", ".pages", ".txt", ".xls", ".xlsx", ".ods", ".et", ".csv", ".numbers", ".ppt", ".pptx", ".odp", ".key")
# Files that programs leave behind: an Office lock file (`~$name.docx`), Windows' thumbnails.
_LEFT_BY_PROGRAMS = re.compile(r"^(?:~\$.*|thumbs\.db|desktop\.ini)$", re.IGNORECASE)
# Letters and digits of any script, `-`, `_` and `.`: safe in a URL path and on every filesystem.
_SAFE_SLUG = re.compile(r"^[\w][\w.-]*$", re.UNICODE)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ContentFile:
    kind: str  # the content folder it is in, which names its kind, e.g. "collection"
    path: Path
    rel: str  # relative to the museum folder, forward slashes
    slug: str  # of the original, for a translation
    language: str | None = None  # the language of a translation; None for an original


def slug_for(stem: str) -> str:
    """The URL slug of a file name: NFC-normalised, spaces become `-`, lower-cased ASCII."""
    text = unicodedata.normalize("NFC", stem).strip()
    text = _SPACES.sub("-", text)
    return "".join(ch.lower() if ch.isascii() else ch for ch in text)


def discover(root: Path, report: Report, folders: Iterable[str], languages: tuple[str, ...] | None = (DEFAULT_LANGUAGE,)) -> list[ContentFile]:
    """Every content file in the content `folders` of `root`, ordered by folder, then path. A file named with one
    of the site's `languages` other than the first (`vase.en.md`) is a translation; with
    `languages` None (museum.yaml could not be read), any language is taken as the site's."""
    folders = tuple(folders)
    _report_misnamed_folders(root, folders, report)
    found: list[ContentFile] = []
    resolved_root = root.resolve()
    top = os.stat(resolved_root)
    start = len(os.path.join(str(root), ""))
    unusable_folders: dict[str, str | None] = {}  # by folder: its first part Windows cannot have
    for kind in folders:
        walk = _candidates(os.path.join(root, kind), False, frozenset({(top.st_dev, top.st_ino)}), resolved_root)
        candidates = [(c.path[start:].replace(os.sep, "/"), c) for c in walk]
        for rel, candidate in sorted(candidates, key=lambda c: c[0].split("/")):
            if candidate.problem is not None:
                severity, message = candidate.problem
                (report.error if severity == "error" else report.warning)(rel, 0, message)
                continue
            name = os.path.basename(candidate.path)
            stem, suffix = _split_name(name)
            if unusable_on_windows(name) or unusable_on_windows(stem):
                report.error(rel, 0, _("`{name}` is a name Windows cannot use (it is kept for a device, or ends in a dot): rename the file", name=name))
                continue
            parent = rel.rpartition("/")[0]
            if parent not in unusable_folders:
                unusable_folders[parent] = next((part for part in parent.split("/")[1:] if unusable_on_windows(part)), None)
            folder = unusable_folders[parent]
            if folder is not None:  # a Windows colleague could not even check the museum out
                report.error(rel, 0, _("the folder `{folder}` has a name Windows cannot use (it is kept for a device, or ends in a dot): rename the folder", folder=folder))
                continue
            if candidate.linked and not Path(candidate.path).resolve().is_relative_to(resolved_root):
                report.error(rel, 0, _("this file is (or is in a folder that is) a link to a place outside the museum folder: copy the file in instead"))
                continue
            stem, language = translation_of(stem, languages or ())
            if language is not None and languages and not _is_translation(rel, suffix, stem, language, languages, report):
                continue
            slug = slug_for(stem)
            if not _SAFE_SLUG.match(slug):
                report.error(rel, 0, _("the file name makes an unsafe web address: use letters, digits and `-` only"))
                continue
            found.append(ContentFile(kind, Path(candidate.path), rel, slug, language))
    return found


def _report_misnamed_folders(root: Path, folders: tuple[str, ...], report: Report) -> None:
    """A folder of content files named nearly like a content folder (`exhibition/`,
    `Collection/`) is not read: say so, or its files would silently be left out."""
    try:
        names = sorted(name for name in os.listdir(root) if not name.startswith((".", "_")) and (root / name).is_dir())
    except OSError:
        return
    for name in names:
        if name in folders:
            continue
        meant = next((folder for folder in folders if folder.casefold() == name.casefold()), None)
        meant = meant or next(iter(difflib.get_close_matches(name.casefold(), folders, n=1, cutoff=0.75)), None)
        same = meant is not None and (root / meant).exists() and os.path.samefile(root / meant, root / name)  # a system that ignores capitals reads it
        if meant is not None and not same and _holds_content(root / name):
            report.error(f"{name}/", 0, _("this folder is not read, so its files are not published: did you mean `{meant}/`? Rename the folder", meant=meant))


def _holds_content(folder: Path) -> bool:
    try:
        return any(name.lower().endswith(CONTENT_SUFFIXES) for name in os.listdir(folder))
    except OSError:
        return False


def _split_name(name: str) -> tuple[str, str]:
    """A content file's name as its stem and suffix (`vase.en`, `.md`), as `Path.stem` and
    `Path.suffix` give them: the name has a content suffix and does not start with a dot."""
    dot = name.rindex(".")
    return name[:dot], name[dot:]


def _is_translation(rel: str, suffix: str, stem: str, language: str, languages: tuple[str, ...], report: Report) -> bool:
    """Whether the file `rel` is a translation into one of the site's languages; if not, say why."""
    original = f"{stem}{suffix}"
    if language == languages[0]:
        report.error(rel, 0, _("files without a language in their name are in `{language}`, the site's first language: rename this one `{original}`", language=language, original=original))
        return False
    if language not in languages:
        report.error(rel, 0, _("this is named as a translation into `{language}`, which is not one of `languages` in museum.yaml: add it there, or rename the file", language=language))
        return False
    return True


@dataclass(frozen=True)
class _Candidate:
    path: str
    linked: bool = False  # a link (to it, or to a folder on its way) was followed to reach it
    problem: tuple[str, str] | None = None  # ("error" or "warning", message): it is not read


_NOT_REGULAR = ("warning", _("this is not a regular file (a pipe, socket or device): it is ignored"))
_LEADS_NOWHERE = ("warning", _("this is a link that leads nowhere (to a file that is not there, or round in a circle of links): it is ignored"))
_LOOP = ("warning", _("this folder is a link to a folder it is in: it is ignored (following it would never end)"))
_OUT = ("error", _("this folder is a link to a place outside the museum folder: copy the files in instead"))


def not_content(name: str) -> tuple[str, str] | None:
    """What to say of a file in a content folder that is not read as content, or None
    when it may be a photograph or other file a content file beside it uses."""
    lower = name.lower()
    if any(lower.endswith(f"{suffix}.txt") for suffix in CONTENT_SUFFIXES):  # Notepad adds `.txt` unless "All files" is chosen
        return ("error", _("`{name}` ends in `.txt`, so it is not read: rename it `{meant}` (in Notepad, choose “All files” when saving)", name=name, meant=name[:-4]))
    if lower.endswith(DOCUMENT_SUFFIXES) and not _LEFT_BY_PROGRAMS.match(name):
        return ("warning", _("`{name}` is not content, so it is not published: only `.md` and `.yaml` files become pages. Copy its text into a `.md` file, or, for visitors to download it, put it in `media/` and link to it from a page", name=name))
    return None


def _candidates(folder: str, linked: bool, above: frozenset[tuple[int, int]], root: Path) -> Iterator[_Candidate]:
    """Files with a content suffix, skipping hidden and `_` names; a pipe, socket or
    device with such a name is never opened.

    `above` holds the folders this one is in, up to the museum folder (device and inode):
    a link back to one of them would lead round in a circle for ever, and a link to a
    folder outside `root` (the museum folder, resolved) could lead through the whole
    disk, so neither is followed; each is reported once, at the link."""
    try:
        here = os.stat(folder)
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as exc:  # no permission, for one
        yield _Candidate(folder, problem=("error", _("cannot read this folder: {problem}", problem=str(exc.strerror or exc))))
        return
    above = above | {(here.st_dev, here.st_ino)}
    for entry in entries:
        if entry.name.startswith((".", "_")):
            continue
        is_link = entry.is_symlink()
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
        except OSError:  # a link to itself, or in a circle of links
            is_dir = is_file = False
        if is_dir:
            if is_link:
                target = entry.stat()
                if (target.st_dev, target.st_ino) in above:
                    yield _Candidate(entry.path, True, _LOOP)
                    continue
                if not Path(entry.path).resolve().is_relative_to(root):
                    yield _Candidate(entry.path, True, _OUT)
                    continue
            yield from _candidates(entry.path, linked or is_link, above, root)
        elif entry.name.lower().endswith(CONTENT_SUFFIXES):
            if is_file:
                yield _Candidate(entry.path, linked or is_link)
            else:
                yield _Candidate(entry.path, True, _LEADS_NOWHERE if is_link and not os.path.exists(entry.path) else _NOT_REGULAR)
        elif (problem := not_content(entry.name)) is not None:
            yield _Candidate(entry.path, problem=problem)
