"""What the browser tests share: the built example, a loopback server, Chromium.

Chromium, Java and the npm tools come from `tests/install-tools.sh`. Where they are
missing the browser tests are skipped with the reason, unless `MUSEUMGEN_REQUIRE_BROWSER`
is set (CI sets it), in which case they fail.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import os
import shutil
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from museumgen.build import Options, build

from .conftest import EXAMPLE, REPO

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
SMALL_PHONE = {"viewport": {"width": 360, "height": 640}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
BUILD_DATE = dt.date(2026, 11, 25)
_COMPRESSED = frozenset({".html", ".css", ".js", ".json", ".svg", ".xml", ".webmanifest", ".txt"})

# The example's second language, and the prefix its pages are under.
ENGLISH = "en/"

# One page of each template of the example museum, by site path.
CHINESE_PAGE_TYPES = {
    "home": "",
    "exhibition list": "exhibitions/",
    "exhibition": "exhibitions/lanterns-of-qingxi/",
    "collection list": "collection/",
    "map of find spots": "collection/map/",
    "collection table": "collection/table/",
    "collection timeline": "collection/timeline/",
    "tag cloud": "collection/tags/",
    "object": "collection/qx-0009-revolving-lantern/",
    "object (audio guide stop)": "collection/qx-0001-bronze-ding/",
    "object (deep zoom)": "collection/qx-0005-bronze-mirror/",
    "audio guide keypad": "stops/",
    "audio guide keypad (a number typed)": "stops/1/",
    "floor plan list": "plans/",
    "floor plan": "plans/1f/",
    "stamp passport": "stamps/",
    "stamp": "stamps/lanterns/",
    "event list": "events/",
    "event": "events/lantern-workshop/",
    "video list": "videos/",
    "video (local file)": "videos/lantern-making/",
    "video (platform)": "videos/bronze-ding-talk/",
    "series list": "series/",
    "series": "series/curators-talk/",
    "speaker list": "speakers/",
    "speaker": "speakers/chen-yu/",
    "live stream list": "live/",
    "live stream": "live/lantern-live/",
    "news list": "news/",
    "news": "news/春节开放安排/",
    "search": "search/",
    "visit": "visit/",
    "free page": "about/",
    "not found": "404.html",
    "offline": "offline.html",
}
# The same pages in English: hosts serve one 404 page, so it has no English version.
ENGLISH_PAGE_TYPES = {f"{name} (en)": ENGLISH + path for name, path in CHINESE_PAGE_TYPES.items() if path != "404.html"}
PAGE_TYPES = {**CHINESE_PAGE_TYPES, **ENGLISH_PAGE_TYPES}


def free_port() -> int:
    """A port on loopback that nothing listens on now, for a server a test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def require(condition: bool, reason: str) -> None:
    """Skip (or, in CI, fail) when a tool the test needs is missing."""
    if condition:
        return
    if os.environ.get("MUSEUMGEN_REQUIRE_BROWSER"):
        pytest.fail(f"{reason}: run tests/install-tools.sh")
    pytest.skip(f"{reason}: run tests/install-tools.sh")


class _Handler(SimpleHTTPRequestHandler):
    """A static host: files as they are (with `compress`, text gzipped for a browser that
    takes it, as most static hosts send it), and the site's own 404.html for what is missing."""

    not_found: Path | None = None
    compress: bool = False

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        found = Path(self.translate_path(self.path))
        if found.is_dir() and self.path.split("?")[0].endswith("/"):
            found = found / "index.html"
        wanted = self.compress and "gzip" in self.headers.get("Accept-Encoding", "")
        if not wanted or found.suffix not in _COMPRESSED or not found.is_file():
            return super().do_GET()
        body = gzip.compress(found.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(found)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404 or self.not_found is None:
            return super().send_error(code, message, explain)
        body = self.not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@dataclass
class Server:
    """Serves `folder` on 127.0.0.1, on a free port, in a thread of the test process."""

    folder: Path
    not_found: Path | None = None
    compress: bool = False
    _server: ThreadingHTTPServer = field(init=False)

    def __post_init__(self) -> None:
        handler_class = type("Handler", (_Handler,), {"not_found": self.not_found, "compress": self.compress})
        handler = functools.partial(handler_class, directory=str(self.folder))
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@dataclass
class Site:
    """A built site and the address it is served at (ending in `/`)."""

    folder: Path
    url: str

    def page(self, path: str) -> str:
        return self.url + path

    def is_local(self, address: str) -> bool:
        return urlsplit(address).netloc == urlsplit(self.url).netloc or address.startswith(("data:", "blob:"))


def serve_example(tmp: Path, sub_path: str, museum: Path = EXAMPLE, compress: bool = False) -> Iterator[Site]:
    """Build the example (or `museum`, a changed copy of it) and serve it at `/` or under
    `/qingxi/`, as its base_url says."""
    root = tmp / "www"
    folder = root / sub_path if sub_path else root
    base_url = None if sub_path else "https://example.org/"
    build(museum, folder, Options(date=BUILD_DATE, base_url=base_url))
    server = Server(root, not_found=folder / "404.html", compress=compress)
    try:
        yield Site(folder, f"{server.origin}/{sub_path + '/' if sub_path else ''}")
    finally:
        server.close()


def serve_network(tmp: Path) -> Iterator[Site]:
    """Build the example network and serve it at `/`: the portal there, each museum at its path."""
    from museumgen.network import build as networks

    root = tmp / "network"
    networks.build(REPO / "examples" / "network", root, Options(date=BUILD_DATE))
    server = Server(root)
    try:
        yield Site(root, f"{server.origin}/")
    finally:
        server.close()


class Recorder:
    """Everything a page asked the network for, and everything that went wrong."""

    def __init__(self, page: Any, site: Site) -> None:
        self.site = site
        self.requests: list[str] = []
        self.problems: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("requestfailed", lambda request: self._failed(request))
        page.on("response", lambda response: self._check(response))
        page.on("console", lambda message: self._console(message))
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))

    def _failed(self, request: Any) -> None:
        # Leaving a page cancels what it was still loading: that is not a failure.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.problems.append(f"failed: {request.url} ({request.failure})")

    def _check(self, response: Any) -> None:
        if response.status >= 400:
            self.problems.append(f"{response.status}: {response.url}")

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.problems.append(f"console: {message.text}")

    def elsewhere(self) -> list[str]:
        return [url for url in self.requests if not self.site.is_local(url)]
