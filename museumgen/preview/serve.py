"""`museumgen serve`: the site on a local web server, rebuilt on every save.

The site is served from memory. Each rebuild makes a whole new `Snapshot` and swaps it
in at once, so nobody ever sees half a site; when a rebuild fails, the last good site
stays and every page shows the problems on top. Open pages reload themselves after a
rebuild through a small script added to HTML responses here, never to built files.

Only what the snapshot lists is served: a request names an output path, not a file, so
`..`, encoded slashes, absolute paths and links out of the site find nothing.
"""

from __future__ import annotations

import html
import logging
import mimetypes
import posixpath
import re
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from museumgen.build import Options
from museumgen.errors import Diagnostic, MuseumError
from museumgen.incremental import Session, Snapshot
from museumgen.messages import _, current_language, message_language, shown
from museumgen.outputs.offline import WORKER
from museumgen.preview.watch import Watcher
from museumgen.workers import allow_processes

log = logging.getLogger(__name__)

EVENTS_PATH = "/__museumgen/events"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
KEEPALIVE_SECONDS = 15.0
# What browsers need to be told that `mimetypes` may not know on every system.
_TYPES = {".webp": "image/webp", ".avif": "image/avif", ".vtt": "text/vtt", ".mp4": "video/mp4", ".webm": "video/webm", ".xml": "application/xml"}
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_BODY_OPEN = re.compile(rb"<body[^>]*>", re.IGNORECASE)


class Preview:
    """What the server shows: the last good snapshot and the problems of the latest
    rebuild, with a generation number that changes whenever either does.

    `language` is the one problems are shown in: chosen where the preview is made, as the
    server's threads do not share the choice made for the command."""

    def __init__(self, language: str | None = None) -> None:
        self.language = message_language(language) or current_language()
        self.snapshot: Snapshot | None = None
        self.problems: list[Diagnostic] = []
        self.generation = 0
        self.closed = False
        self._changed = threading.Condition()

    def publish(self, snapshot: Snapshot) -> None:
        with self._changed:
            self.snapshot, self.problems = snapshot, []
            self.generation += 1
            self._changed.notify_all()

    def fail(self, problems: list[Diagnostic]) -> None:
        with self._changed:
            self.problems = problems
            self.generation += 1
            self._changed.notify_all()

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def wait_past(self, generation: int, timeout: float) -> int:
        """Wait until the generation is past `generation` (or `timeout`); return it."""
        with self._changed:
            self._changed.wait_for(lambda: self.generation > generation or self.closed, timeout)
            return self.generation


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str = "text/plain; charset=utf-8"
    body: bytes | Path = b""
    location: str | None = None


def resolve(preview: Preview, raw_path: str) -> Response:
    """What to answer for a request path: pure, given the preview's state."""
    target = urlsplit(raw_path).path
    try:
        path = unquote(target, errors="strict")
    except UnicodeDecodeError:  # not UTF-8, e.g. an overlong encoding of `.`
        path = ""
    if not path.startswith("/") or "\\" in path or "\x00" in path or ".." in path.split("/"):
        return Response(HTTPStatus.BAD_REQUEST, body=b"Bad request\n")
    snapshot = preview.snapshot
    if snapshot is None:  # the first build failed: only the problems can be shown
        return Response(HTTPStatus.SERVICE_UNAVAILABLE, "text/html; charset=utf-8", _problem_page(preview.language))
    base = snapshot.base_path
    if not path.startswith(base):
        if path == "/" or path + "/" == base:
            return Response(HTTPStatus.FOUND, location=base)
        return _not_found(snapshot)
    rel = path[len(base) :]
    name = rel + "index.html" if rel == "" or rel.endswith("/") else rel
    if name == WORKER and name in snapshot.files:
        return Response(HTTPStatus.OK, content_type(name), _NO_WORKER)
    if name in snapshot.files:
        return Response(HTTPStatus.OK, content_type(name), snapshot.files[name])
    if f"{rel}/index.html" in snapshot.files:  # a folder asked for without its slash
        return Response(HTTPStatus.MOVED_PERMANENTLY, location=target + "/")
    return _not_found(snapshot)


# The preview shows every edit at once: in place of the site's service worker, which keeps
# pages on the phone, one that removes itself and what an earlier one kept.
_NO_WORKER = (
    b'self.addEventListener("install",function(){self.skipWaiting()});'
    b'self.addEventListener("activate",function(e){e.waitUntil(caches.keys().then(function(names){'
    b'return Promise.all(names.filter(function(n){return n.indexOf("museumgen ")===0}).map(function(n){return caches.delete(n)}))'
    b"}).then(function(){return self.registration.unregister()}))});\n"
)


def _not_found(snapshot: Snapshot) -> Response:
    page = snapshot.files.get("404.html", b"Not found\n")
    return Response(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8" if "404.html" in snapshot.files else "text/plain; charset=utf-8", page)


def content_type(name: str) -> str:
    suffix = posixpath.splitext(name)[1].lower()
    kind = _TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind in ("application/javascript", "application/xml") else kind


def decorate(page: bytes, preview: Preview, generation: int) -> bytes:
    """An HTML page as the preview shows it: the problems on top, the reload script at the end."""
    if preview.problems:
        match = _BODY_OPEN.search(page)
        at = match.end() if match else 0
        page = page[:at] + _overlay(preview.problems, preview.snapshot is not None, preview.language).encode() + page[at:]
    script = (
        "<script>(function(){if(!window.EventSource)return;"
        f'var s=new EventSource("{EVENTS_PATH}?since={generation}");'
        "s.onmessage=function(){s.close();location.reload()}})()</script>"
    ).encode()
    end = page.lower().rfind(b"</body>")
    return page[:end] + script + page[end:] if end >= 0 else page + script


def _overlay(problems: list[Diagnostic], has_site: bool, language: str) -> str:
    items = "".join(f'<li style="display:list-item;list-style:disc;margin:0 0 6px">{html.escape(p.format(language=language))}</li>' for p in problems)
    heading = _("The site could not be rebuilt; this is the last good version. Fix these and save:") if has_site else _("The site could not be built. Fix these and save:")
    return (
        f'<div role="alert" lang="{html.escape(language)}" style="position:fixed;top:0;left:0;right:0;z-index:2147483647;max-height:70vh;overflow:auto;'
        "background:#fff4f2;color:#5a0f07;border-bottom:3px solid #b3261e;padding:12px 16px;"
        'font:15px/1.5 system-ui,sans-serif;box-shadow:0 2px 10px rgba(0,0,0,.35)">'
        f"<strong>{html.escape(shown(heading, language))}</strong>"
        f'<ul style="margin:8px 0 0;padding-left:20px;font-family:ui-monospace,monospace;font-size:13px;word-break:break-word">{items}</ul></div>'
    )


def _problem_page(language: str) -> bytes:
    """Shown for every page while there is no good build yet; `decorate` adds the problems."""
    title = html.escape(shown(_("museumgen: problems"), language))
    return (
        f'<!doctype html><html lang="{html.escape(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">'
        f"<title>{title}</title></head><body></body></html>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds a client may stay silent mid-request: slow senders cannot hold threads for ever

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        preview = self.server.preview
        if urlsplit(self.path).path == EVENTS_PATH:
            self._events(preview)
            return
        generation = preview.generation  # before reading the state it describes
        response = resolve(preview, self.path)
        body = response.body
        try:
            if response.content_type.startswith("text/html"):  # a page read from disk too (a network's)
                body = decorate(body.read_bytes() if isinstance(body, Path) else body, preview, generation)
            size = body.stat().st_size if isinstance(body, Path) else len(body)
        except OSError:  # removed since the build: the next rebuild will notice
            response, body, size = Response(HTTPStatus.NOT_FOUND, body=b"Not found\n"), b"Not found\n", 10
        status, start, end = response.status, 0, size
        if status == HTTPStatus.OK and (wanted := self.headers.get("Range")):
            span = _byte_range(wanted, size)
            if span is None:
                self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status, (start, end) = HTTPStatus.PARTIAL_CONTENT, span
        self.send_response(status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(end - start))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Accept-Ranges", "bytes")
        if status == HTTPStatus.PARTIAL_CONTENT:
            self.send_header("Content-Range", f"bytes {start}-{end - 1}/{size}")
        if response.location:
            self.send_header("Location", response.location)
        self.end_headers()
        if send_body:
            self._send(body, start, end)

    def _send(self, body: bytes | Path, start: int, end: int) -> None:
        if isinstance(body, bytes):
            self.wfile.write(body[start:end])
            return
        with body.open("rb") as file:  # media can be large: in pieces, from where asked
            file.seek(start)
            left = end - start
            while left > 0 and (piece := file.read(min(left, 1 << 16))):
                self.wfile.write(piece)
                left -= len(piece)

    def _events(self, preview: Preview) -> None:
        """Server-sent events: one `reload` message after each rebuild, then the page reloads."""
        query = urlsplit(self.path).query
        match = re.search(r"(?:^|&)since=(\d+)", query)
        seen = int(match[1]) if match else preview.generation
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            while not preview.closed:
                now = preview.wait_past(seen, KEEPALIVE_SECONDS)
                if now > seen:
                    self.wfile.write(b"data: reload\n\n")
                    self.wfile.flush()
                    return
                self.wfile.write(b": still here\n\n")  # finds closed connections
                self.wfile.flush()
        except OSError:
            return

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s %s", self.address_string(), format % args)


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """`(start, end)` of a single `bytes=` range (video players ask for them), or None."""
    match = _RANGE.match(header.strip())
    if not match or not (match[1] or match[2]):
        return None
    if match[1]:
        start = int(match[1])
        end = min(size, int(match[2]) + 1) if match[2] else size
    else:  # the last N bytes
        start, end = max(0, size - int(match[2])), size
    return (start, end) if start < end else None


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # open event streams must not keep the process alive
    allow_reuse_address = True
    # The standard library queues only 5 connections waiting to be accepted; a page with
    # many images, or a few phones reloading at once, opens more, and the rest would wait
    # for the client to retry (a second or more) or time out. The system caps this value.
    request_queue_size = 1024
    preview: Preview

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):  # a browser that went away mid-answer
            return
        log.exception("answering %s failed", client_address)


class _Server6(_Server):
    address_family = socket.AF_INET6


def make_server(host: str, port: int, preview: Preview) -> _Server:
    """A threaded server for the preview, bound but not yet serving."""
    server_class: type[_Server] = _Server6 if ":" in host else _Server
    try:
        server = server_class((host, port), _Handler)
    except OSError as exc:
        if exc.errno in (98, 48, 10048):  # address in use (Linux, macOS, Windows)
            raise MuseumError.outside("--port", _("port {port} is in use (another preview?): try `--port {next}`", port=port, next=port + 1)) from None
        raise MuseumError.outside("--host", _("cannot listen on {host}:{port}: {reason}", host=host, port=port, reason=exc.strerror or str(exc))) from None
    server.preview = preview
    return server


def exposed(host: str) -> bool:
    return host not in LOOPBACK


def network_address() -> str | None:
    """This computer's address on the local network, for opening the preview on a phone.

    Connecting a UDP socket sends nothing: it only asks the system which address it
    would use for that route."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            address = str(probe.getsockname()[0])
    except OSError:
        return None
    return None if address.startswith("127.") else address


# Builds the site again after a save, given the paths that changed (None: the first
# build); raises `MuseumError` on problems.
Builds = Callable[[set[str] | None], Snapshot]


class PreviewServer:
    """Builds the museum, serves it, and rebuilds it whenever its folders change.

    `report` is told the outcome of every build: a `Snapshot` or a `MuseumError`. Problems
    are shown in the browser in `language` (default: the one chosen when it is made).
    `builds` makes something else than the museum in `root` (a network): until its first
    build succeeds, `root` is watched.
    """

    def __init__(
        self,
        root: Path,
        options: Options,
        host: str,
        port: int,
        report: Callable[[Snapshot | MuseumError], None],
        language: str | None = None,
        builds: Builds | None = None,
    ) -> None:
        self.builds = builds or _museum_builds(Session(root, options))
        self.preview = Preview(language)
        self.report = report
        self.root = root
        self.watcher = Watcher(self.rebuild)
        self._first = self._build()  # before any thread starts: this build may use processes
        allow_processes(False)
        self.server = make_server(host, port, self.preview)
        self.host = host
        self.port = int(self.server.server_address[1])
        self.watcher.start(self._first.folders if self._first else (root,))

    @property
    def url(self) -> str:
        return self.url_at("localhost" if self.host in ("127.0.0.1", "0.0.0.0", "::") else self.host)

    def url_at(self, host: str) -> str:
        """The preview's address as seen from `host` (this computer, or its network address)."""
        base = self.preview.snapshot.base_path if self.preview.snapshot else "/"
        return f"http://{f'[{host}]' if ':' in host else host}:{self.port}{base}"

    def rebuild(self, changed: set[str] | None = None) -> None:
        snapshot = self._build(changed)
        if snapshot is not None:
            self.watcher.watch(snapshot.folders)

    def _build(self, changed: set[str] | None = None) -> Snapshot | None:
        try:
            snapshot = self.builds(changed)
        except MuseumError as exc:
            self.preview.fail(exc.diagnostics)
            self.report(exc)
            return None
        self.preview.publish(snapshot)
        self.report(snapshot)
        return snapshot

    def serve_forever(self) -> None:
        """Serve until `stop` (from another thread) or Ctrl-C."""
        try:
            self.server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            self.close()

    def stop(self) -> None:
        self.server.shutdown()

    def close(self) -> None:
        self.watcher.stop()
        self.preview.close()
        self.server.server_close()
        allow_processes(True)


def _museum_builds(session: Session) -> Builds:
    """A museum's builds: its session finds what changed by itself."""
    return lambda changed: session.build()
