"""How fast an edit reaches the preview, and how fast a build with nothing to do is.

    python benchmarks/rebuild.py               # 1,000 objects, 10 edits of each kind
    python benchmarks/rebuild.py --items 10000 --edits 5

Uses the museum of benchmarks/build.py (generated once under benchmarks/_work/), copied
so the edits never touch it. Runs `museumgen serve` as its own process and, for each
edit, measures from just before the file is saved to the moment the rebuilt page has
been received: the watcher noticing the save, the quiet time that gathers a burst of
saves into one rebuild, the rebuild, the page's reload message, and fetching the page.

Edits: one object's file; the museum's own object template (every object page); the
museum's own frame template (every page). Then a clean `museumgen build --no-cache`, one
with nothing changed, and one with nothing changed that uses the build cache, each as a
whole process.
"""

from __future__ import annotations

import argparse
import http.client
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import WORK, generate  # noqa: E402

DATE = "2026-11-25"


class Preview:
    def __init__(self, museum: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "museumgen", "serve", str(museum), "--port", "0", "--date", DATE],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert self.process.stdout is not None
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise SystemExit(f"serve stopped: {self.process.communicate()}")
            if match := re.search(r"http://localhost:(\d+)(/\S*)", line):
                self.port, self.base = int(match[1]), match[2]
                break
        self.lines: list[str] = []  # the rest of its output, read so its pipe never fills
        threading.Thread(target=lambda: self.lines.extend(iter(self.process.stdout.readline, "")), daemon=True).start()  # type: ignore[union-attr]

    def rebuild_seconds(self) -> float:
        """The server's own time for its latest rebuild, from its `Rebuilt … in N s` line."""
        deadline = time.monotonic() + 10
        while not self.lines or "Rebuilt" not in self.lines[-1]:
            assert time.monotonic() < deadline, "no rebuild reported"
            time.sleep(0.01)
        return float(re.findall(r"in ([\d.]+) s", self.lines[-1])[-1])

    def get(self, path: str) -> bytes:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request("GET", self.base + path)
        body = connection.getresponse().read()
        connection.close()
        return body

    def time_edit(self, page: str, save: callable, expect: bytes) -> float:  # type: ignore[valid-type]
        """Seconds from just before `save()` until `page`, rebuilt, has arrived."""
        generation = int(re.search(rb"since=(\d+)", self.get(page))[1])  # type: ignore[index]
        with socket.create_connection(("127.0.0.1", self.port), timeout=60) as stream:
            stream.sendall(f"GET /__museumgen/events?since={generation} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            received = b""
            while b"\r\n\r\n" not in received:
                received += stream.recv(4096)
            started = time.perf_counter()
            save()
            while b"data: reload" not in received:
                received += stream.recv(4096)
            body = self.get(page)
            seconds = time.perf_counter() - started
        assert expect in body, "the page did not change"
        return seconds

    def stop(self) -> None:
        self.process.terminate()
        self.process.communicate(timeout=30)


def build_seconds(museum: Path, out: Path, *options: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "museumgen", "build", str(museum), "-o", str(out), "--date", DATE, *options], check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=10)
    args = parser.parse_args()
    museum = WORK / f"rebuild-{args.items}"
    shutil.rmtree(museum, ignore_errors=True)
    shutil.copytree(generate(args.items), museum)
    item = sorted((museum / "collection").glob("*.md"))[args.items // 2]
    page = f"collection/{item.stem}/"
    templates = museum / "templates"
    templates.mkdir(exist_ok=True)
    item_template, frame = templates / "item.html", templates / "base.html"
    item_template.write_text('{% extends "theme:item.html" %}{% block title %}0 · {{ super() }}{% endblock %}', encoding="utf-8")
    frame.write_text('{% extends "theme:base.html" %}{% block description %}0{% endblock %}', encoding="utf-8")
    text = item.read_text(encoding="utf-8")

    preview = Preview(museum)
    results: dict[str, list[float]] = {"one object's file": [], "object template (every object page)": [], "frame template (every page)": []}
    rebuilds: dict[str, list[float]] = {name: [] for name in results}
    try:
        for n in range(1, args.edits + 1):
            title = f"title: 编辑{n} "
            results["one object's file"].append(
                preview.time_edit(page, lambda t=title: item.write_text(text.replace("title: ", t, 1), encoding="utf-8"), title[7:].encode())
            )
            rebuilds["one object's file"].append(preview.rebuild_seconds())
            mark = f"{n} · "
            results["object template (every object page)"].append(
                preview.time_edit(
                    page,
                    lambda m=mark: item_template.write_text(f'{{% extends "theme:item.html" %}}{{% block title %}}{m}{{{{ super() }}}}{{% endblock %}}', encoding="utf-8"),
                    mark.encode(),
                )
            )
            rebuilds["object template (every object page)"].append(preview.rebuild_seconds())
            description = f"描述{n}"
            results["frame template (every page)"].append(
                preview.time_edit(
                    "",
                    lambda d=description: frame.write_text(f'{{% extends "theme:base.html" %}}{{% block description %}}{d}{{% endblock %}}', encoding="utf-8"),
                    description.encode(),
                )
            )
            rebuilds["frame template (every page)"].append(preview.rebuild_seconds())
    finally:
        preview.stop()
    out = WORK / f"rebuild-{args.items}-site"
    shutil.rmtree(out, ignore_errors=True)
    clean = build_seconds(museum, out, "--no-cache")
    again = statistics.median(build_seconds(museum, out, "--no-cache") for _ in range(3))
    build_seconds(museum, out)  # the build cache learns the museum
    cached = statistics.median(build_seconds(museum, out) for _ in range(3))

    print(f"{args.items} objects, {args.edits} edits each: from the save to the rebuilt page received, and the rebuild alone\n")
    print("| edit | save to page, median | range | rebuild alone, median |\n|---|---:|---:|---:|")
    for name, times in results.items():
        print(
            f"| {name} | {statistics.median(times) * 1000:.0f} ms | {min(times) * 1000:.0f}–{max(times) * 1000:.0f} ms "
            f"| {statistics.median(rebuilds[name]) * 1000:.0f} ms |"
        )
    print(f"\n`museumgen build --no-cache`: clean {clean:.2f} s, nothing changed {again:.2f} s (median of 3)")
    print(f"`museumgen build` with its cache, nothing changed: {cached:.2f} s (median of 3)")


if __name__ == "__main__":
    main()
