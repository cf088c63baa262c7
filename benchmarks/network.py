"""Time builds of a generated network of museums: clean, warm (nothing changed) and with
one museum changed, each beside a one-process build (MUSEUMGEN_WORKERS=1).

    python benchmarks/network.py                          # 100 museums of 500 objects
    python benchmarks/network.py --museums 20 --items 500

The network is generated once, deterministically, under benchmarks/_work/ and reused:
each museum is benchmarks/build.py's generated museum (about 400 words of Markdown per
object, exhibitions and events) with photographs of its own, small (320 × 240) so that
generating them is quick. Each build is a whole process (`museumgen build NETWORK`), and
its peak memory is measured as benchmarks/build.py does: the largest of the process and
the worker processes it forked.

- clean: `--no-cache`, into an empty folder, with an empty cache folder (every image made);
- first: with the build cache, empty, into an empty folder (what the cache costs to fill);
- warm: the same again, nothing changed;
- one changed: one object of one museum edited, then the same again.

The last column says how many pages were rendered (the others kept from the last build).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import PHOTOS, WORK, generate  # noqa: E402

DATE = "2026-11-25"
NETWORK_VERSION = "2"  # change to regenerate networks after changing this file


def network(museums: int, items: int) -> Path:
    """A network of `museums` copies of the generated museum of `items` objects, each with
    its own name and photographs."""
    folder = WORK / f"network-{museums}x{items}"
    stamp = folder / ".generated"
    if stamp.is_file() and stamp.read_text() == NETWORK_VERSION:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    template = generate(items)
    folder.mkdir(parents=True)
    listed = []
    for number in range(museums):
        name = f"m{number:03}"
        museum = shutil.copytree(template, folder / name, ignore=shutil.ignore_patterns(".generated"))
        text = (museum / "museum.yaml").read_text("utf-8").replace("name: 基准博物馆", f"name: 基准博物馆 {number}")
        (museum / "museum.yaml").write_text(text.replace("base_url: https://example.org/bench/\n", ""), "utf-8")
        rng = random.Random(number)
        for index in range(PHOTOS):
            colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
            photo = Image.new("RGB", (320, 240), colour)
            # A mark where no other photograph of the network has one: no two are the same bytes.
            ImageDraw.Draw(photo).rectangle((number * 3, index * 12, number * 3 + 20, index * 12 + 10), "white")
            photo.save(museum / "media" / f"photo-{index:02}.jpg", quality=80)
        listed.append(f"  - folder: {name}\n")
    (folder / "network.yaml").write_text(
        "name: 基准联盟\nlanguages: [zh-CN]\nbase_url: https://example.org/\nmuseums:\n" + "".join(listed), "utf-8"
    )
    stamp.write_text(NETWORK_VERSION)
    return folder


# Runs the build in a child and reports its result and peak memory (the child itself and
# the worker processes it forked, whichever was largest), as benchmarks/build.py does.
MEASURE = """
import datetime, resource, sys
from pathlib import Path
from museumgen.build import Options
from museumgen.network import build as networks
root, out, cache, cached = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4] == "1"
options = Options(date=datetime.date.fromisoformat(sys.argv[5]), cache_dir=cache)
result = networks.build(root, out, options, cached=cached)
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(result.museums, result.pages, result.files, result.rendered, max(own, workers) / 1024)
"""


def run(root: Path, out: Path, cache: Path, cached: bool, workers: int | None) -> tuple[float, list[str]]:
    env = {**os.environ, "MUSEUMGEN_WORKERS": str(workers)} if workers else None
    command = [sys.executable, "-c", MEASURE, str(root), str(out), str(cache), "1" if cached else "0", DATE]
    os.sync()
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stdout}{result.stderr}")
    return seconds, result.stdout.split()


def change(root: Path, number: int) -> None:
    """Edit one object of one museum (its title)."""
    item = sorted((root / f"m{number:03}" / "collection").glob("*.md"))[0]
    text = item.read_text("utf-8")
    item.write_text(text.replace("\ntitle: ", f"\ntitle: {time.time_ns()} ", 1), "utf-8")


def series(root: Path, scratch: Path, workers: int | None, museums: int) -> list[tuple[str, float, list[str]]]:
    """Clean, first, warm and one-changed builds, each from its own empty cache and output."""
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    rows = [("clean", *run(root, scratch / "clean", scratch / "cache-clean", False, workers))]
    shutil.rmtree(scratch / "clean")
    out, cache = scratch / "out", scratch / "cache"
    rows.append(("first (cache)", *run(root, out, cache, True, workers)))
    rows.append(("warm", *run(root, out, cache, True, workers)))
    change(root, museums // 2)
    rows.append(("one changed", *run(root, out, cache, True, workers)))
    return rows


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]  # each row as soon as it is measured
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--museums", type=int, default=100, help="museums in the network")
    parser.add_argument("--items", type=int, default=500, help="objects in each museum")
    parser.add_argument("--out", type=Path, default=WORK / "network-out", help="where the sites and caches are written")
    parser.add_argument("--no-one-process", action="store_true", help="leave out the builds with MUSEUMGEN_WORKERS=1")
    args = parser.parse_args()
    started = time.perf_counter()
    root = network(args.museums, args.items)
    print(f"network of {args.museums} × {args.items} objects ready in {time.perf_counter() - started:.1f} s")
    print(
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}"
    )
    print(
        f"{'build':<14} {'workers':>7} {'pages':>7} {'files':>7} {'s':>8} {'pages/s':>8} {'peak MB':>8} {'rendered':>8}"
    )
    clean: dict[str, float] = {}
    for workers in [None] if args.no_one_process else [None, 1]:
        for name, seconds, (_museums, pages, files, rendered, peak) in series(root, args.out, workers, args.museums):
            clean.setdefault(str(workers), seconds)
            shown = str(workers or os.environ.get("MUSEUMGEN_WORKERS") or "all")
            speed = int(pages) / seconds
            print(
                f"{name:<14} {shown:>7} {pages:>7} {files:>7} {seconds:>8.1f} {speed:>8.0f} {float(peak):>8.0f} {rendered:>8}"
            )
            if name == "warm":
                print(f"{'':<14} warm / clean: {seconds / clean[str(workers)]:.0%}")
    shutil.rmtree(args.out, ignore_errors=True)


if __name__ == "__main__":
    main()
