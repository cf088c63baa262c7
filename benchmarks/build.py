"""Time a clean `museumgen build` of generated museums, as a whole process.

    python benchmarks/build.py                 # 1,000 and 10,000 objects, 3 runs each
    python benchmarks/build.py --items 2000 --repeat 5
    python benchmarks/build.py --items 10000 --against ../old-checkout   # this code and that one, runs alternating
    python benchmarks/build.py --items 10000 --bilingual                  # every entry also in English

Each museum is generated once, deterministically, under benchmarks/_work/ and reused.
Every object has about 400 words of mixed Chinese and English Markdown and a photograph;
exhibitions and events refer to the objects. Each run builds into an empty folder in a
fresh process and records the wall time and the peak memory of that process; then a
plain copy of the finished site on the same disk is timed, the least any program would
spend writing those files at that moment (`copy s`).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image

WORK = Path(__file__).resolve().parent / "_work"
GENERATOR_VERSION = "3"  # change to regenerate museums after changing this file
PHOTOS = 20

ZH = (
    "青溪县博物馆收藏的这件器物出土于上世纪七十年代的考古发掘纹饰精美工艺考究是研究本地区早期文明的重要实物资料"
    "先民沿溪而居烧制陶器铸造青铜开窑制瓷修桥建学编修县志彩灯在檐下旋转竹编龙灯在田埂上游走"
)
EN = (
    "bronze vessel excavated in the county with fine decoration careful workmanship important evidence for early "
    "settlement along the stream glaze kiln trade river harbour lantern festival villagers carved panel paper ink"
).split()


def words(rng: random.Random, count: int) -> str:
    """About `count` words: runs of Chinese characters and English words, mixed."""
    parts = []
    while count > 0:
        if rng.random() < 0.5:
            start = rng.randrange(len(ZH) - 12)
            parts.append(ZH[start : start + rng.randint(6, 12)])
            count -= 4
        else:
            parts.append(" " + " ".join(rng.choices(EN, k=6)) + " ")
            count -= 6
    return "".join(parts).strip()


def body(rng: random.Random, number: int) -> str:
    return (
        f"## 简介 Introduction\n\n{words(rng, 110)}\n\n"
        f"* **材质 Material**: {rng.choice(['青铜', '瓷', '竹', '纸'])}\n* *年代 Period*: {rng.choice(['商代', '宋代', '清代'])}\n"
        f"* 编号 {number}\n\n{words(rng, 120)}\n\n"
        f"> {words(rng, 30)} [more](https://example.org/objects/{number})\n\n"
        f"## 研究 Research\n\n{words(rng, 140)}\n"
    )


def english(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(EN) for _ in range(count))


def translate(folder: Path, rng: random.Random) -> None:
    """An English translation beside every entry: its title and an English body of about
    the same length, as a bilingual museum has."""
    for path in sorted(folder.glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        words_in_body = len(text.split("---\n", 2)[2].split())
        title = f"Entry {path.stem}"
        path.with_name(f"{path.stem}.en.md").write_text(f"---\ntitle: {title}\n---\n{english(rng, max(20, words_in_body * 2))}\n", encoding="utf-8")
    (folder / "museum.en.yaml").write_text("name: Benchmark Museum\nfacilities: [Step-free access, Cloakroom]\n", encoding="utf-8")
    museum = folder / "museum.yaml"
    museum.write_text(museum.read_text(encoding="utf-8") + "languages: [zh-CN, en]\n", encoding="utf-8")


def generate(items: int, bilingual: bool = False) -> Path:
    folder = WORK / f"museum-{items}{'-bilingual' if bilingual else ''}"
    stamp = folder / ".generated"
    if stamp.is_file() and stamp.read_text() == GENERATOR_VERSION:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    rng = random.Random(items)
    for kind in ("collection", "exhibitions", "events", "videos", "news", "pages", "media"):
        (folder / kind).mkdir(parents=True)
    for index in range(PHOTOS):
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        Image.new("RGB", (800, 600), colour).save(folder / "media" / f"photo-{index:02}.jpg", quality=80)
    (folder / "museum.yaml").write_text(
        "name: 基准博物馆\nbase_url: https://example.org/bench/\nhours:\n  weekly:\n    tue-sun: \"09:00-17:00\"\n"
        "tickets:\n  free: true\nfacilities: [无障碍通道, 寄存]\n"
        # No pages of categories and tags: peers.py builds Hugo without its taxonomies, to compare the same pages.
        "browse:\n  collection: []\n"
        # Nor share posters, which Hugo does not make (docs/performance.md gives their cost).
        "posters: none\n",
        encoding="utf-8",
    )
    ids = [f"BM-{n:05}" for n in range(items)]
    for number, item_id in enumerate(ids):
        (folder / "collection" / f"{item_id.lower()}.md").write_text(
            f"---\nid: {item_id}\ntitle: 藏品 {number} Object {number}\nperiod: 清代\nmaterial: 瓷\n"
            f"category: {rng.choice(['陶瓷器', '青铜器', '书画', '民俗'])}\ntags: [tag{number % 40}, 基准]\n"
            f"featured: {'true' if number < 6 else 'false'}\n"
            f"images:\n  - file: media/photo-{number % PHOTOS:02}.jpg\n    alt: 藏品 {number} 的照片\n---\n{body(rng, number)}",
            encoding="utf-8",
        )
    for number in range(max(1, items // 50)):
        chosen = rng.sample(ids, k=min(len(ids), rng.randint(20, 50)))
        start = f"2026-{rng.randint(1, 12):02}-01"
        (folder / "exhibitions" / f"ex-{number:04}.md").write_text(
            f"---\ntitle: 展览 {number}\nstart: {start}\nitems: [{', '.join(chosen)}]\n---\n{words(rng, 150)}\n",
            encoding="utf-8",
        )
    for number in range(max(1, items // 100)):
        exhibition = f"\nexhibition: ex-{rng.randrange(max(1, items // 50)):04}" if number % 2 else ""
        (folder / "events" / f"ev-{number:04}.md").write_text(
            f"---\ntitle: 活动 {number}\nstart: 2026-{rng.randint(1, 12):02}-{rng.randint(1, 28):02} 14:00{exhibition}\n---\n{words(rng, 80)}\n",
            encoding="utf-8",
        )
    for number in range(5):
        (folder / "videos" / f"v{number}.md").write_text(
            f"---\ntitle: 视频 {number}\nsource: https://www.bilibili.com/video/BV{number}\nitems: [{ids[number]}]\n---\n{words(rng, 60)}\n",
            encoding="utf-8",
        )
        (folder / "news" / f"n{number}.md").write_text(
            f"---\ntitle: 新闻 {number}\ndate: 2026-0{number + 1}-01\n---\n{words(rng, 80)}\n", encoding="utf-8"
        )
    (folder / "pages" / "about.md").write_text("---\ntitle: 关于\nmenu: true\n---\n关于本馆。\n", encoding="utf-8")
    if bilingual:
        translate(folder, rng)
    stamp.write_text(GENERATOR_VERSION)
    return folder


def run_build(museum: Path, out_root: Path, code: Path | None = None) -> tuple[float, float, str, float]:
    """One clean build in a new process: (seconds, peak RSS in MB, its summary line, and
    the seconds a plain copy of the finished site took on the same disk just after).
    `code` is another checkout of museumgen to run instead of this one."""
    out = out_root / f"out-{museum.name}"
    copy = out_root / f"copy-{museum.name}"
    shutil.rmtree(out, ignore_errors=True)
    os.sync()  # the disk finishes removing the last run's site before the clock starts
    command = [sys.executable, "-c", MEASURE, str(museum), str(out)]
    env = {**os.environ, "PYTHONPATH": str(code.resolve())} if code else None
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stdout}{result.stderr}")
    summary, peak = result.stdout.strip().rsplit("\n", 1)
    # Writing ten thousand small files costs what the disk says at that moment (on a busy
    # shared disk, from under one second to several): the copy shows that floor.
    shutil.rmtree(copy, ignore_errors=True)
    os.sync()
    started = time.perf_counter()
    shutil.copytree(out, copy)
    copied = time.perf_counter() - started
    shutil.rmtree(copy)
    return seconds, float(peak), summary, copied


# Runs the real command line in a child, then reports the peak memory of the build:
# the child itself and the worker processes it forked, whichever was largest.
MEASURE = """
import resource, sys
from click.testing import CliRunner
from museumgen.cli import main
result = CliRunner().invoke(main, ["build", sys.argv[1], "-o", sys.argv[2], "--date", "2026-11-25"])
print(result.output.strip())
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(max(own, workers) / 1024)
sys.exit(result.exit_code)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, action="append", help="objects in the museum (repeatable)")
    parser.add_argument("--repeat", type=int, default=3, help="builds per museum (the median is reported)")
    parser.add_argument("--out", type=Path, default=WORK, help="where the sites are written, e.g. /dev/shm to leave the disk out")
    parser.add_argument("--against", type=Path, help="another checkout of museumgen: its builds alternate with this one's")
    parser.add_argument("--bilingual", action="store_true", help="museums in Chinese and English: every entry translated")
    args = parser.parse_args()
    if args.against:
        compare(args.items or [10000], args.repeat, args.out, args.against)
        return
    sizes = args.items or [1000, 10000]
    print(f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}")
    print(f"{'objects':>8} {'pages':>7} {'files':>7} {'median s':>9} {'pages/s':>8} {'peak MB':>8} {'copy s':>7}")
    medians: dict[int, float] = {}
    for items in sizes:
        museum = generate(items, args.bilingual)
        runs = [run_build(museum, args.out) for _ in range(args.repeat)]
        seconds = statistics.median(r[0] for r in runs)
        peak = max(r[1] for r in runs)
        summary = runs[-1][2]
        pages = int(summary.split(": ", 1)[1].split(" pages")[0])
        files = int(summary.split("pages, ")[1].split(" files")[0])
        copied = statistics.median(r[3] for r in runs)
        medians[items] = seconds
        print(f"{items:>8} {pages:>7} {files:>7} {seconds:>9.2f} {pages / seconds:>8.0f} {peak:>8.0f} {copied:>7.2f}")
        print(f"{'':>8} each run, build / copy s: " + ", ".join(f"{r[0]:.2f} / {r[3]:.2f}" for r in runs))
    if 1000 in medians and 10000 in medians:
        print(f"10,000 / 1,000 time ratio: {medians[10000] / medians[1000]:.1f}")


def compare(sizes: list[int], repeat: int, out: Path, other: Path) -> None:
    """This checkout against `other`, builds alternating so that both meet the same load."""
    print(f"{'objects':>8} {'this s':>8} {'other s':>8} {'this/other':>10}")
    for items in sizes:
        museum = generate(items)
        mine, theirs = [], []
        for _ in range(repeat):
            theirs.append(run_build(museum, out, other)[0])
            mine.append(run_build(museum, out)[0])
        a, b = statistics.median(mine), statistics.median(theirs)
        print(f"{items:>8} {a:>8.2f} {b:>8.2f} {a / b:>10.3f}")
        print(f"{'':>8} runs, this: {', '.join(f'{s:.2f}' for s in mine)}; other: {', '.join(f'{s:.2f}' for s in theirs)}")


if __name__ == "__main__":
    main()
