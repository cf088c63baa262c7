"""Writing the site: only inside the output folder, and all or nothing.

The new site is written to a hidden sibling folder, then swapped in with two renames,
so a failed or interrupted build leaves the previous site as it was. A folder is only
ever replaced if museumgen made it (it holds the `.museumgen` marker) or it is empty.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from museumgen.errors import MuseumError
from museumgen.media import MediaFile
from museumgen.schema import CONTENT_TYPES

MARKER = ".museumgen"
MARKER_TEXT = "This folder is made by museumgen. A build replaces all of it.\n"
# Folders of the museum that an output folder must never be placed in.
_SOURCE_FOLDERS = {*CONTENT_TYPES, "media", "templates"}


@dataclass(frozen=True)
class WriteStats:
    pages: int
    files: int


def check_output_folder(out: Path, root: Path) -> None:
    """Refuse outputs that could overwrite content or someone else's files."""
    out_abs, root_abs = out.resolve(), root.resolve()
    if out_abs == root_abs or root_abs.is_relative_to(out_abs):
        raise MuseumError.outside(str(out), "the output folder must not be the museum folder or contain it: choose another, e.g. `-o _site`")
    if out_abs.is_relative_to(root_abs) and out_abs.relative_to(root_abs).parts[0] in _SOURCE_FOLDERS:
        raise MuseumError.outside(str(out), "the output folder must not be inside a content, media or templates folder")
    if out_abs.exists() and not out_abs.is_dir():
        raise MuseumError.outside(str(out), "this is a file, not a folder: choose another output folder")
    if out_abs.is_dir() and any(out_abs.iterdir()) and not (out_abs / MARKER).is_file():
        raise MuseumError.single(
            str(out), 0, "this folder is not empty and was not made by museumgen: choose an empty or new folder"
        )


def write_site(out: Path, files: Iterable[tuple[str, bytes]], media: dict[str, MediaFile]) -> WriteStats:
    """Write `files` and copy `media` into a fresh folder, then put it in place of `out`."""
    out = out.resolve()
    staging = out.parent / f".{out.name}.museumgen-new"
    retired = out.parent / f".{out.name}.museumgen-old"
    _remove_leftover(staging)
    _remove_leftover(retired)
    try:
        staging.mkdir(parents=True)
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        stats = _fill(staging, files, media)
        if out.exists():
            os.replace(out, retired)
        os.replace(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if retired.exists() and not out.exists():
            os.replace(retired, out)
        raise MuseumError.outside(str(out), f"cannot write the site: {exc.strerror or exc} (the previous site is unchanged)") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(retired, ignore_errors=True)
    return stats


def _remove_leftover(folder: Path) -> None:
    """Remove what an interrupted build left, but only if museumgen made it."""
    if not folder.exists():
        return
    if folder.is_dir() and ((folder / MARKER).is_file() or not any(folder.iterdir())):
        shutil.rmtree(folder)
    else:
        raise MuseumError.outside(str(folder), "this folder is in the way of the build: move or delete it")


def _fill(staging: Path, files: Iterable[tuple[str, bytes]], media: dict[str, MediaFile]) -> WriteStats:
    written: dict[str, str] = {}
    made_dirs: set[Path] = set()
    pages = count = 0

    def target(rel: str, what: str) -> Path:
        path = safe_join(staging, rel)
        key = rel.casefold()
        if key in written:
            raise MuseumError.outside(what, f"two things would be written to `{rel}`: the other is {written[key]}")
        written[key] = what
        if path.parent not in made_dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
            made_dirs.add(path.parent)
        return path

    for rel, data in files:
        target(rel, f"page `{rel}`").write_bytes(data)
        count += 1
        pages += rel.endswith(".html")
    for url, item in sorted(media.items()):
        shutil.copy2(item.source, target(url, item.rel))
        count += 1
    return WriteStats(pages=pages, files=count)


def safe_join(folder: Path, rel: str) -> Path:
    """`folder / rel`, refusing any `rel` that would lead outside `folder`."""
    parts = PurePosixPath(rel).parts
    if not parts or PurePosixPath(rel).is_absolute() or ".." in parts or "\\" in rel or ":" in parts[0]:
        raise MuseumError.outside(rel, "refusing to write outside the output folder")
    return folder.joinpath(*parts)
