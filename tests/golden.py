"""Golden output of the example museum: build it, compare with `tests/golden/`.

Regenerate after an intended change of output, then review the diff:

    python -m tests.golden
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from PIL import Image

from museumgen.build import Options, build

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "qingxi"
GOLDEN = HERE / "golden" / "qingxi"
OPTIONS = Options(date=dt.date(2026, 11, 25))
# Text is compared byte for byte. Made images by name and pixel size (encoders may differ
# by a few bytes between library versions); other media by name and byte size.
TEXT_SUFFIXES = {".html", ".css", ".js", ".xml", ".txt", ".json", ".webmanifest", ".ics"}
IMAGE_SUFFIXES = {".jpg", ".png", ".webp", ".avif", ".gif"}


def _fingerprint(path: Path) -> str:
    if path.suffix in IMAGE_SUFFIXES:
        with Image.open(path) as image:
            return f"{image.width}x{image.height}"
    return str(path.stat().st_size)


def build_example(out: Path) -> None:
    build(EXAMPLE, out, OPTIONS)


def snapshot(folder: Path) -> dict[str, bytes | str]:
    files: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != ".museumgen":
            rel = path.relative_to(folder).as_posix()
            files[rel] = path.read_bytes() if path.suffix in TEXT_SUFFIXES else _fingerprint(path)
    return files


def regenerate() -> None:
    with tempfile.TemporaryDirectory() as temp:
        out = Path(temp) / "site"
        build_example(out)
        shutil.rmtree(GOLDEN, ignore_errors=True)
        GOLDEN.mkdir(parents=True)
        sizes = []
        for rel, value in snapshot(out).items():
            if isinstance(value, str):
                sizes.append(f"{rel}\t{value}")
                continue
            target = GOLDEN / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(value)
        (GOLDEN / "MEDIA_SIZES.tsv").write_text("\n".join(sizes) + "\n", encoding="utf-8")


def expected() -> dict[str, bytes | str]:
    files: dict[str, bytes | str] = {}
    for path in sorted(GOLDEN.rglob("*")):
        if path.is_file() and path.name != "MEDIA_SIZES.tsv":
            files[path.relative_to(GOLDEN).as_posix()] = path.read_bytes()
    for line in (GOLDEN / "MEDIA_SIZES.tsv").read_text(encoding="utf-8").splitlines():
        if line:
            rel, fingerprint = line.split("\t")
            files[rel] = fingerprint
    return dict(sorted(files.items()))


if __name__ == "__main__":
    regenerate()
    print(f"Rewrote {GOLDEN.relative_to(HERE.parent)}; review it with `git diff`.")
