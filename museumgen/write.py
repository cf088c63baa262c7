"""Writing the site: only inside the output folder, and all or nothing.

The new site is written to a hidden sibling folder, then swapped in with two renames,
so a failed or interrupted build leaves the previous site as it was. A folder is only
ever replaced if museumgen made it (it holds the `.museumgen` marker) or it is empty.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from museumgen.errors import Diagnostic, MuseumError
from museumgen.images import Plan, cached_file
from museumgen.messages import _
from museumgen.site.media import MediaFile
from museumgen.urls import NAME_MAX

MARKER = ".museumgen"
MARKER_TEXT = "This folder is made by museumgen. A build replaces all of it.\n"
T = TypeVar("T")


def check_output_folder(out: Path, root: Path, source_folders: frozenset[str]) -> None:
    """Refuse outputs that could overwrite content or someone else's files; `source_folders`
    are the museum's folders an output folder must never be placed in."""
    root_abs, out_abs = _resolved(root), _resolved(out)
    if Path(os.path.abspath(out)).is_relative_to(os.path.abspath(root)) and not out_abs.is_relative_to(root_abs):
        # A museum folder can come from a pull request, with `_site` (or a folder on the way
        # to the output) committed as a link to anywhere on the build machine.
        message = _(
            "this folder is inside the museum folder but is (or is in) a link to a place outside it, `{target}`:"
            " a build would write there. Delete the link, or give that place itself with `-o`",
            target=str(out_abs),
        )
        raise MuseumError.outside(str(out), message)
    if out_abs == root_abs or root_abs.is_relative_to(out_abs):
        raise MuseumError.outside(str(out), _("the output folder must not be the museum folder or contain it: choose another, e.g. `-o _site`"))
    if out_abs.is_relative_to(root_abs) and out_abs.relative_to(root_abs).parts[0] in source_folders:
        raise MuseumError.outside(str(out), _("the output folder must not be inside a content, media or templates folder: choose another, e.g. `-o _site`"))
    if out_abs.exists() and not out_abs.is_dir():
        raise MuseumError.outside(str(out), _("this is a file, not a folder: choose another output folder"))
    if out_abs.is_dir() and any(out_abs.iterdir()) and not (out_abs / MARKER).is_file():
        raise MuseumError.single(str(out), 0, _("this folder is not empty and was not made by museumgen: choose an empty or new folder"))


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a circle of links, before Python 3.13
        raise MuseumError.outside(str(path), _("this is a link that leads round in a circle (to itself, or through other links): fix or delete the link")) from None


def write_site(out: Path, fill: Callable[[Path, Path | None], T]) -> T:
    """Let `fill` write the site into a fresh folder, then put that folder in place of `out`.

    `fill` is given the fresh folder and the previous site (None on a first build), from
    which it can take the files that have not changed."""
    out = out.resolve()
    staging = out.parent / f".{out.name}.museumgen-new"
    retired = out.parent / f".{out.name}.museumgen-old"
    _remove_leftover(staging)
    _remove_leftover(retired)
    try:
        staging.mkdir(parents=True)
        previous = out if (out / MARKER).is_file() else None
        write_files(staging, [(MARKER, MARKER_TEXT.encode())], previous)
        result = fill(staging, previous)
        if out.exists():
            os.replace(out, retired)
        os.replace(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if retired.exists() and not out.exists():
            os.replace(retired, out)
        message = _("cannot write the site: {reason}{naming} (the previous site is unchanged)", reason=exc.strerror or str(exc), naming=_naming(exc, staging))
        raise MuseumError.outside(str(out), message) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(retired, ignore_errors=True)
    return result


def _naming(exc: OSError, staging: Path) -> str:
    """Which file the system refused, as a path of the site when it is one."""
    if not exc.filename:
        return ""
    path = Path(os.fsdecode(exc.filename))
    return _(" for `{path}`", path=path.relative_to(staging).as_posix() if path.is_relative_to(staging) else str(path))


def check_unique(paths: Iterable[tuple[str, str]]) -> None:
    """Refuse outputs that cannot all be written: two with one file name (also when they
    differ only in case), one that needs a folder where another is a file (a page
    `feed.xml/`, that is `feed.xml/index.html`, and the news feed `feed.xml`), and names
    longer than a file system allows. Each `(path, what)` names what is written there."""
    files: dict[str, tuple[str, str]] = {}  # by the path in lower case
    folders: dict[str, tuple[str, str]] = {}  # the first file in each folder
    problems: list[Diagnostic] = []
    for rel, what in paths:
        too_long = next((part for part in rel.split("/") if len(part.encode("utf-8", "surrogateescape")) > NAME_MAX), None)
        if too_long is not None:
            size = len(too_long.encode("utf-8", "surrogateescape"))
            message = _(
                "it would be written as `{name}…`, a name of {size} bytes; file systems allow at most {most}: shorten the file name",
                name=too_long[:30], size=size, most=NAME_MAX,
            )
            problems.append(Diagnostic(what, 0, message, external=True))
            continue
        key = rel.casefold()
        parents = ["/".join(key.split("/")[:depth]) for depth in range(1, key.count("/") + 1)]
        clash = files.get(key) or folders.get(key) or next((files[p] for p in parents if p in files), None)
        if clash is not None:
            problems.append(Diagnostic(what, 0, _clash(rel, clash), external=True))
            continue
        files[key] = (rel, what)
        for parent in parents:
            folders.setdefault(parent, (rel, what))
    if problems:
        raise MuseumError(problems)


def _clash(rel: str, other: tuple[str, str]) -> str:
    """Why `rel` cannot be written beside `other`, naming both."""
    other_rel, other_what = other
    mine, theirs = rel.casefold(), other_rel.casefold()
    if mine == theirs:
        return _("two things would be written to `{path}`: the other is {other}; rename one of them", path=rel, other=other_what)
    if theirs.startswith(mine + "/"):
        return _(
            "two things would be written to `{path}`: this as a file, the other as a folder (for `{inside}`): {other}; rename one of them",
            path=rel, inside=other_rel, other=other_what,
        )
    return _(
        "two things would be written to `{path}`: this as a folder (for `{inside}`), the other as a file: {other}; rename one of them",
        path=rel[: len(theirs)], inside=rel, other=other_what,
    )


def write_files(folder: Path, files: Iterable[tuple[str, bytes]], previous: Path | None = None) -> int:
    """Write each `(path, bytes)` below `folder`; return how many.

    A file with the same bytes in the `previous` site is taken from there instead, with
    its modification time, so sync tools and CDNs see only what really changed."""
    count = 0
    made: set[Path] = set()
    for rel, data in files:
        path = safe_join(folder, rel)
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        old = safe_join(previous, rel) if previous is not None else None
        if old is None or not same_bytes(old, data):
            path.write_bytes(data)
        else:
            link_or_copy(old, path)
        count += 1
    return count


def same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """A hard link where the disk allows (instant, no space), else a copy with its times."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def copy_media(folder: Path, media: dict[str, MediaFile], previous: Path | None = None) -> int:
    """Copy media files, keeping their modification times (sync tools compare them).

    One already in the `previous` site with the same size and time is linked, not copied."""
    for url, item in sorted(media.items()):
        path = safe_join(folder, url)
        path.parent.mkdir(parents=True, exist_ok=True)
        old = safe_join(previous, url) if previous is not None else None
        if old is not None and _same_file_info(old, item.source):
            link_or_copy(old, path)
        else:
            shutil.copy2(item.source, path)
    return len(media)


def _same_file_info(old: Path, source: Path) -> bool:
    try:
        a, b = old.stat(), source.stat()
    except OSError:
        return False
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns


def copy_images(folder: Path, images: dict[str, tuple[MediaFile, Plan]], cache: Path) -> int:
    """Put each made image in place: a hard link to the cached file where the disk allows."""
    count = 0
    for _media, target in sorted(images.values(), key=lambda image: image[0].url):
        for variant in target.variants:
            path = safe_join(folder, variant.path)
            path.parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(cached_file(cache, target, variant), path)
            count += 1
    return count


def _remove_leftover(folder: Path) -> None:
    """Remove what an interrupted build left, but only if museumgen made it."""
    if not folder.exists():
        return
    if folder.is_dir() and ((folder / MARKER).is_file() or not any(folder.iterdir())):
        shutil.rmtree(folder)
    else:
        raise MuseumError.outside(str(folder), _("this folder is in the way of the build: move or delete it"))


def safe_join(folder: Path, rel: str) -> Path:
    """`folder / rel`, refusing any `rel` that would lead outside `folder`."""
    return folder.joinpath(*safe_parts(rel))


def safe_parts(rel: str) -> list[str]:
    """The folders and name of `rel`, a path inside some folder; refused if it would lead
    outside it. (Text only, for the many paths of a large site.)"""
    parts = [part for part in rel.split("/") if part not in ("", ".")]
    if not parts or rel.startswith("/") or ".." in parts or "\\" in rel or ":" in parts[0]:
        raise MuseumError.outside(rel, _("refusing to write outside the output folder"))
    return parts
