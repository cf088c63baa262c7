"""Deep zoom: the time and bytes of the IIIF level-0 tiles of one photograph.

    python benchmarks/zoom.py                          # the example's mirror (1200×1200)
    python benchmarks/zoom.py --size 6000x4000         # a generated camera-sized photograph

Each run makes the tiles into an empty cache folder (`images._make_tiles`, what a cold
build does), five times, and prints the median time, the number of tiles and their bytes.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

from museumgen.images import Settings, _make_tiles, content_key, inspect, plan, zoomed

REPO = Path(__file__).resolve().parent.parent
MIRROR = REPO / "examples" / "qingxi" / "media" / "collection" / "qx-0005-mirror.jpg"


def photograph(size: tuple[int, int], folder: Path) -> Path:
    """Smooth shade with noise, as a camera's JPEG at quality 92."""
    width, height = size
    rng = np.random.default_rng(1)
    x, y = np.meshgrid(np.linspace(0, 1, width), np.linspace(0, 1, height))
    base = (np.sin(x * 9) * np.cos(y * 7) + 1) * 100 + rng.normal(0, 6, (height, width))
    pixels = np.stack([base, base * 0.9 + 20, base * 0.7 + 30], axis=-1).clip(0, 255).astype("uint8")
    path = folder / "photo.jpg"
    Image.fromarray(pixels).save(path, quality=92)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", help="WIDTHxHEIGHT of a generated photograph instead of the example's")
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory() as work:
        source = photograph(tuple(int(n) for n in args.size.split("x")), Path(work)) if args.size else MIRROR  # type: ignore[arg-type]
        size, alpha, _animated = inspect(source)
        target = zoomed(plan("media/photo.jpg", content_key(source.read_bytes(), settings), size, alpha, settings))
        times = []
        for run in range(5):
            cache = Path(work) / f"cache{run}"
            cache.mkdir()
            started = time.perf_counter()
            _make_tiles(source, target, settings, cache)
            times.append(time.perf_counter() - started)
        files = [p for p in (Path(work) / "cache0").rglob("*.jpg")]
        total = sum(p.stat().st_size for p in files)
        print(
            f"{size[0]}×{size[1]}: {len(files)} tiles, {total / 1024:.1f} KiB, made in {statistics.median(times) * 1000:.0f} ms (median of 5)"
        )
        largest = max(p.stat().st_size for p in files)
        print(
            f"largest tile {largest / 1024:.1f} KiB; the whole image at the smallest scale: {(next(p for p in files if 'full' in p.parts)).stat().st_size / 1024:.1f} KiB"
        )


if __name__ == "__main__":
    main()
