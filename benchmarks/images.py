"""The image pipeline on camera-sized photographs: museumgen cold, warm, and a naive baseline.

    python benchmarks/images.py               # 100 photographs (50 of 6000×4000, 50 of 3000×2000)
    python benchmarks/images.py --photos 20

The photographs are generated once, deterministically, under benchmarks/_work/photos/:
smooth light and shade with edges and sensor-like noise, saved as JPEG at quality 92,
as a camera would. Three runs, each as a separate process, on the same machine:

- cold: `museumgen build` with an empty image cache;
- warm: the same build again, nothing changed;
- naive: one process that opens each photograph and, for every file museumgen makes
  (the same widths and formats, the thumbnail and the share image), resizes the full
  image and saves it: open → resize → save, no cache.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "benchmarks" / "_work"
sys.path.insert(0, str(REPO))

from museumgen.images import SHARE_SIZE, Settings  # noqa: E402


def photograph(seed: int, size: tuple[int, int]) -> Image.Image:
    """A deterministic stand-in for a camera photograph."""
    rng = np.random.default_rng(seed)
    width, height = size
    small = rng.integers(40, 220, (6, 9, 3)).astype(np.uint8)  # broad areas of colour
    base = Image.fromarray(small).resize((width // 8, height // 8), Image.Resampling.BICUBIC)
    base = base.resize(size, Image.Resampling.BICUBIC)
    pixels = np.asarray(base, dtype=np.int16)
    pixels = pixels + rng.normal(0, 7, (height, width, 1)).astype(np.int16)  # sensor noise
    stripes = (np.arange(width) // 97 % 2 * 18).astype(np.int16)  # some edges to keep
    pixels[: height // 3] += stripes[None, :, None]
    return Image.fromarray(pixels.clip(0, 255).astype(np.uint8))


def photographs(count: int) -> list[Path]:
    folder = WORK / "photos"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        size = (6000, 4000) if index % 2 == 0 else (3000, 2000)
        path = folder / f"photo-{index:03}-{size[0]}.jpg"
        if not path.exists():
            photograph(index, size).save(path, quality=92)
        paths.append(path)
    return paths


def museum(photos: list[Path]) -> Path:
    folder = WORK / f"photo-museum-{len(photos)}"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "collection").mkdir(parents=True)
    (folder / "media").mkdir()
    for photo in photos:  # hard links: inside the museum folder, without copying
        (folder / "media" / photo.name).hardlink_to(photo)
    (folder / "museum.yaml").write_text("name: 图片基准博物馆\n", encoding="utf-8")
    for index, photo in enumerate(photos):
        (folder / "collection" / f"p{index:03}.md").write_text(
            f"---\nid: P-{index:03}\ntitle: 照片 {index}\nimages:\n  - file: media/{photo.name}\n    alt: 照片 {index}\n---\n",
            encoding="utf-8",
        )
    return folder


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def naive(photos: list[Path], out: Path) -> None:
    """The straightforward way: every output from a fresh open of the full photograph."""
    settings = Settings()
    out.mkdir(parents=True, exist_ok=True)
    for photo in photos:
        with Image.open(photo) as probe:
            width, height = probe.size
        widths = sorted({w for w in settings.widths if w < width} | {min(width, max(settings.widths))})
        for target in widths:
            for fmt, suffix in (("WEBP", "webp"), ("JPEG", "jpg")):
                with Image.open(photo) as image:
                    resized = image.resize((target, round(height * target / width)), Image.Resampling.LANCZOS)
                    resized.save(out / f"{photo.stem}-{target}.{suffix}", fmt, quality=80)
        for fmt, suffix in (("WEBP", "webp"), ("JPEG", "jpg")):
            with Image.open(photo) as image:
                ImageOps.fit(image, (settings.thumbnail,) * 2).save(out / f"{photo.stem}-sq.{suffix}", fmt, quality=80)
        with Image.open(photo) as image:
            ImageOps.fit(image, SHARE_SIZE).save(out / f"{photo.stem}-share.jpg", "JPEG", quality=80)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--photos", type=int, default=100)
    args = parser.parse_args()
    photos = photographs(args.photos)
    folder = museum(photos)
    cache, out = WORK / "image-cache", WORK / "image-site"
    shutil.rmtree(cache, ignore_errors=True)
    build = [sys.executable, "-m", "museumgen", "build", str(folder), "-o", str(out), "--cache-dir", str(cache), "--date", "2026-11-25"]
    cold = timed(build)
    warm = timed(build)
    shutil.rmtree(WORK / "naive", ignore_errors=True)
    started = time.perf_counter()
    naive(photos, WORK / "naive")
    baseline = time.perf_counter() - started
    count = len(photos)
    print(f"{count} photographs ({sum(p.stat().st_size for p in photos) / 1e6:.0f} MB of JPEG)")
    print("| run | seconds | seconds per photograph |\n|---|---:|---:|")
    for name, seconds in (("naive, 1 process", baseline), ("museumgen cold", cold), ("museumgen warm", warm)):
        print(f"| {name} | {seconds:.1f} | {seconds / count:.3f} |")
    print(f"cold is {baseline / cold:.1f}× faster than naive; warm is {cold / warm:.0f}× faster than cold")


if __name__ == "__main__":
    main()
