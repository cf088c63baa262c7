"""Measure the search index (museumgen/outputs/search.py) on generated museums.

    python benchmarks/search.py                 # 1,000 and 10,000 objects
    python benchmarks/search.py --items 10000 --repeat 5

For each museum of benchmarks/build.py: the index's size (files, bytes, gzipped bytes);
the bytes a first query and a later one download, read as search.js reads them (the
manifest, the shards of the query's keys, the texts that check a long query's first
results, and what the first page of 20 results shows), as stored and gzipped as most
hosts send JSON; and the time to make the index, against a whole clean build of the
same museum: clean builds (`museumgen build` in a new process, into memory) with the
search and without it, alternately.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import generate  # noqa: E402

from museumgen.build import Options, load  # noqa: E402
from museumgen.outputs import search  # noqa: E402

DATE = dt.date(2026, 11, 25)
# A first query and the later ones, each in a new page's cache but for the files the earlier read.
QUERIES = ("青铜", "瓷", "博物馆", "bronze vessels", "考古发掘", "陶器 kiln")


def sizes(files: dict[str, bytes], names: set[str]) -> tuple[int, int]:
    return sum(len(files[n]) for n in names), sum(len(gzip.compress(files[n], 6)) for n in names)


def measure(items: int, repeat: int) -> None:
    museum = generate(items)
    loaded = load(museum, Options(date=DATE))
    site, strings = loaded.site, loaded.strings[loaded.site.language]
    times, cpu_times, files = [], [], {}
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        files = dict(search.made(site, strings))
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
    index = {name.removeprefix(search.folder(site)): data for name, data in files.items()}
    raw, packed = sizes(index, set(index))
    builds = whole_builds(museum, repeat)
    (with_search, with_cpu), (without, without_cpu) = builds["with"], builds["without"]
    made = statistics.median(times)
    print(
        f"\n{items} objects, {len(index)} index files, {raw / 1e6:.2f} MB ({packed / 1e6:.2f} MB gzipped), {index and search.shard_count(len(search.records(site)))} shards"
    )
    print(
        f"index made in {made:.2f} s ({statistics.median(cpu_times):.2f} s of processor time) in this process (median of {repeat})"
    )
    print(f"clean build {with_search:.2f} s with the search, {without:.2f} s without: {with_search / without - 1:+.0%}")
    print(
        f"processor time of the build {with_cpu:.2f} s with the search, {without_cpu:.2f} s without: {with_cpu / without_cpu - 1:+.0%}"
    )
    reader = search.Reader(index)
    seen: set[str] = set()
    for number, query in enumerate(QUERIES):
        reader.fetched = set()
        shown = reader.page(query)
        new = reader.fetched - seen
        seen |= reader.fetched
        raw, packed = sizes(index, new)
        print(
            f"{'first' if number == 0 else 'later'} query {query!r}: {len(reader.search(query))} results, {len(shown)} shown; {len(new)} files, {raw / 1e3:.0f} KB ({packed / 1e3:.0f} KB gzipped)"
        )


# A clean build in a new process, with or without the search output.
BUILD = """
import sys
from museumgen.outputs import OUTPUTS
if sys.argv.pop(1) == "without":
    OUTPUTS.unregister("search")
from museumgen.cli import main
main(sys.argv[1:])
"""


def whole_builds(museum: Path, repeat: int) -> dict[str, tuple[float, float]]:
    """Median seconds of clean builds with the search and without it, run alternately, into
    memory where the machine has it (/dev/shm), so that the disk's moods stay out."""
    memory = Path("/dev/shm")
    out = Path(tempfile.mkdtemp(prefix="museumgen-search-bench-", dir=memory if memory.is_dir() else None))
    times: dict[str, list[float]] = {"with": [], "without": []}
    cpu: dict[str, list[float]] = {
        "with": [],
        "without": [],
    }  # processor time, steadier than wall time on a busy machine
    try:
        for run in range(repeat + 1):
            for how in times:
                shutil.rmtree(out / "site", ignore_errors=True)
                command = [
                    sys.executable,
                    "-c",
                    BUILD,
                    how,
                    "--lang",
                    "en",
                    "build",
                    str(museum),
                    "-o",
                    str(out / "site"),
                    "--date",
                    DATE.isoformat(),
                    # Clean builds: with the build cache, each would take what the other,
                    # made with another set of outputs, kept (made images are still reused).
                    "--no-cache",
                ]
                started, before = time.perf_counter(), os.times()
                subprocess.run(command, check=True, capture_output=True, env={**os.environ})
                after = os.times()
                if run:  # the first pair warms the image cache
                    times[how].append(time.perf_counter() - started)
                    cpu[how].append(
                        after.children_user + after.children_system - before.children_user - before.children_system
                    )
        return {how: (statistics.median(times[how]), statistics.median(cpu[how])) for how in times}
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, action="append", help="objects in the museum (repeatable)")
    parser.add_argument("--repeat", type=int, default=3, help="times the index is made (the median is given)")
    args = parser.parse_args()
    for items in args.items or [1000, 10000]:
        measure(items, args.repeat)


if __name__ == "__main__":
    main()
