"""`museumgen serve`: what it answers, the error overlay, reloading, debouncing, safety.

Nothing here depends on how fast the machine is: rebuilds are triggered by calling
them, event streams are read until their message arrives, and only the watcher test
waits for the file system (with a generous limit)."""

from __future__ import annotations

import datetime as dt
import http.client
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from museumgen.build import Options
from museumgen.errors import MuseumError
from museumgen.incremental import Snapshot
from museumgen.messages import language
from museumgen.preview.serve import Preview, PreviewServer, decorate, resolve
from museumgen.preview.watch import Debouncer, is_relevant

OPTIONS = Options(date=dt.date(2026, 11, 25))


@pytest.fixture
def server(museum: Path) -> Iterator[PreviewServer]:
    outcomes: list[Snapshot | MuseumError] = []
    preview = PreviewServer(museum, OPTIONS, "127.0.0.1", 0, outcomes.append)
    thread = threading.Thread(target=preview.serve_forever, daemon=True)
    thread.start()
    yield preview
    preview.stop()
    thread.join(timeout=10)


def get(server: PreviewServer, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """A request with `path` sent exactly as given (no normalising by a client library)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.putrequest("GET", path, skip_accept_encoding=True)
    for name, value in (headers or {}).items():
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), body


# --- what is answered, from the preview's state alone ---


def snapshot(files: dict[str, bytes | Path], base: str = "/") -> Preview:
    preview = Preview()
    preview.publish(Snapshot(files, [], 1, 1, 0.0, base))
    return preview


@pytest.mark.parametrize(
    "path",
    [
        "/../museum.yaml",
        "/%2e%2e/museum.yaml",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/a/%2e%2e/%2e%2e/museum.yaml",
        "/%2e%2e%2fmuseum.yaml",
        "/..%2fmuseum.yaml",
        "/..%5cmuseum.yaml",
        "/..\\museum.yaml",
        "/index.html%00.jpg",
        "/%c0%ae%c0%ae/museum.yaml",  # overlong UTF-8 for "..": not valid UTF-8, refused
        "museum.yaml",
    ],
)
def test_traversal_is_refused(path: str) -> None:
    preview = snapshot({"index.html": b"<html><body>home</body></html>"})
    assert resolve(preview, path).status == 400


@pytest.mark.parametrize("path", ["//etc/passwd", "/%252e%252e/museum.yaml", "/etc/passwd", "/museum.yaml", "/media/../../x"])
def test_what_is_not_in_the_site_is_not_found(path: str) -> None:
    preview = snapshot({"index.html": b"home", "404.html": b"<p>missing</p>"})
    response = resolve(preview, path)
    assert response.status in (400, 404)
    if response.status == 404:
        assert response.body == b"<p>missing</p>"


def test_the_preview_answers_with_a_worker_that_removes_itself() -> None:
    """Else the site's worker would keep pages, and an edit would show one reload late."""
    preview = snapshot({"index.html": b"home", "sw.js": b"var PRECACHE = [];"}, base="/qingxi/")
    worker = resolve(preview, "/qingxi/sw.js")
    assert worker.status == 200 and b"unregister()" in bytes(worker.body) and b"PRECACHE" not in bytes(worker.body)  # type: ignore[arg-type]
    assert worker.content_type.startswith(("text/javascript", "application/javascript"))


def test_pages_folders_and_the_base_path() -> None:
    preview = snapshot({"index.html": b"home", "news/index.html": b"news", "media/a.jpg": b"jpg"}, base="/qingxi/")
    assert resolve(preview, "/").location == "/qingxi/"
    assert resolve(preview, "/qingxi").location == "/qingxi/"
    assert resolve(preview, "/qingxi/").body == b"home"
    assert resolve(preview, "/qingxi/news").location == "/qingxi/news/"
    assert resolve(preview, "/qingxi/news/?x=1").body == b"news"
    assert resolve(preview, "/qingxi/media/a.jpg").content_type == "image/jpeg"
    assert resolve(preview, "/news/").status == 404


# --- the live server ---


def test_serves_the_site_with_the_reload_script(server: PreviewServer) -> None:
    status, headers, body = get(server, "/qingxi/collection/qx-0001-bronze-ding/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-store"
    assert b"<h1>" in body and b'EventSource("/__museumgen/events?since=1")' in body
    status, headers, body = get(server, "/qingxi/robots.txt")
    assert status == 200 and b"EventSource" not in body  # only HTML pages get the script
    assert get(server, "/qingxi/no-such-page/")[0] == 404


def test_raw_traversal_requests_reach_nothing(server: PreviewServer, museum: Path) -> None:
    (museum / "media" / "outside.jpg").symlink_to("/etc/passwd")
    server.rebuild()
    for path in ["/../museum.yaml", "/qingxi/../museum.yaml", "/qingxi/%2e%2e/museum.yaml", "/qingxi/media/outside.jpg",
                 "/qingxi/media/collection/qx-0001-ding.jpg", "http://127.0.0.1/../../etc/passwd"]:
        status, _, body = get(server, path)
        assert status in (400, 404), path
        assert b"root:" not in body and b"name:" not in body


def test_huge_and_slow_requests_are_cut_off(server: PreviewServer, monkeypatch: pytest.MonkeyPatch) -> None:
    assert get(server, "/qingxi/" + "a" * 70_000)[0] == 414  # the standard library's limit on the request line
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as stream:
        stream.sendall(b"GET /qingxi/ HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % n for n in range(200)) + b"\r\n")
        assert stream.recv(4096).startswith(b"HTTP/1.1 431")  # too many headers
    monkeypatch.setattr("museumgen.preview.serve._Handler.timeout", 0.5)
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as stream:
        stream.sendall(b"GET /qingxi/ HT")  # and then nothing more
        assert stream.recv(4096) == b""  # the server hangs up rather than wait for ever


def test_video_is_served_in_ranges(server: PreviewServer, museum: Path) -> None:
    size = (museum / "media" / "video" / "lantern-making.mp4").stat().st_size
    status, headers, body = get(server, "/qingxi/media/video/lantern-making.mp4", {"Range": "bytes=10-19"})
    assert status == 206 and len(body) == 10
    assert headers["Content-Range"] == f"bytes 10-19/{size}" and headers["Content-Type"] == "video/mp4"
    assert body == (museum / "media" / "video" / "lantern-making.mp4").read_bytes()[10:20]
    assert get(server, "/qingxi/media/video/lantern-making.mp4", {"Range": f"bytes={size}-"})[0] == 416


def test_many_requests_at_once_while_pages_wait_for_reloads(server: PreviewServer) -> None:
    streams = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(5)]
    for stream in streams:  # open event streams hold a thread each
        stream.sendall(b"GET /__museumgen/events?since=1 HTTP/1.1\r\nHost: x\r\n\r\n")
    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(lambda _: get(server, "/qingxi/")[0], range(64)))
    assert statuses == [200] * 64
    for stream in streams:
        stream.close()


def test_a_broken_save_shows_the_problems_on_the_last_good_site(server: PreviewServer, museum: Path) -> None:
    item = museum / "collection" / "qx-0001-bronze-ding.md"
    good = item.read_text(encoding="utf-8")
    item.write_text(good.replace("id: QX-0001", "id: [QX-0001"), encoding="utf-8")
    server.rebuild()
    status, _, body = get(server, "/qingxi/collection/qx-0001-bronze-ding/")
    assert status == 200 and "兽面纹青铜鼎".encode() in body  # the last good page ...
    assert b'role="alert"' in body and b"collection/qx-0001-bronze-ding.md:2: the `[` after `id:` is not closed" in body  # ... with the problems
    assert b'role="alert"' in get(server, "/qingxi/visit/")[2]  # on every page
    item.write_text(good.replace("兽面纹青铜鼎", "兽面纹铜鼎"), encoding="utf-8")
    server.rebuild()
    body = get(server, "/qingxi/collection/qx-0001-bronze-ding/")[2]
    assert b'role="alert"' not in body and "兽面纹铜鼎".encode() in body


def test_problems_are_shown_when_the_first_build_fails(museum: Path) -> None:
    (museum / "museum.yaml").write_text("name: [broken\n", encoding="utf-8")
    outcomes: list[Snapshot | MuseumError] = []
    preview = PreviewServer(museum, OPTIONS, "127.0.0.1", 0, outcomes.append)
    try:
        response = resolve(preview.preview, "/anything/")
        assert response.status == 503 and isinstance(outcomes[0], MuseumError)
        assert preview.preview.problems[0].path == "museum.yaml"
        shown = decorate(response.body, preview.preview, preview.preview.generation)  # type: ignore[arg-type]
        assert b"The site could not be built. Fix these and save:" in shown and b"museum.yaml:1: the `[` after `name:` is not closed" in shown
    finally:
        preview.close()


def test_problems_are_shown_in_the_language_chosen_for_the_command(museum: Path) -> None:
    # The server's threads do not share the command's choice: the preview keeps its own.
    (museum / "museum.yaml").write_text((museum / "museum.yaml").read_text(encoding="utf-8").replace('primary: "#8c2f1b"', "primary: red"), encoding="utf-8")
    with language("zh-CN"):
        preview = PreviewServer(museum, OPTIONS, "127.0.0.1", 0, lambda outcome: None)
    try:
        response = resolve(preview.preview, "/anything/")
        page = decorate(response.body, preview.preview, preview.preview.generation).decode()  # type: ignore[arg-type]
        assert '<html lang="zh-CN">' in page and "网站没能生成。请改正下面的问题，然后保存：" in page
        assert "museum.yaml:11: `colors.primary`：`red` 应该是写成 `#rrggbb` 的颜色" in page
        assert "should be" not in page
    finally:
        preview.close()


def test_open_pages_are_told_to_reload_after_a_rebuild(server: PreviewServer) -> None:
    generation = server.preview.generation
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as stream:
        stream.sendall(f"GET /__museumgen/events?since={generation} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        received = b""
        while b"\r\n\r\n" not in received:  # the headers come at once
            received += stream.recv(4096)
        assert b"text/event-stream" in received
        threading.Thread(target=server.rebuild).start()
        while b"data: reload" not in received:
            received += stream.recv(4096)


def test_the_watcher_rebuilds_after_a_save(server: PreviewServer, museum: Path) -> None:
    item = museum / "collection" / "qx-0001-bronze-ding.md"
    item.write_text(item.read_text(encoding="utf-8").replace("兽面纹青铜鼎", "兽面纹大鼎"), encoding="utf-8")
    deadline = time.monotonic() + 20
    while "兽面纹大鼎".encode() not in get(server, "/qingxi/collection/qx-0001-bronze-ding/")[2]:
        assert time.monotonic() < deadline, "the page was not rebuilt after the save"
        time.sleep(0.05)


# --- debouncing ---


def test_a_burst_of_saves_gives_one_rebuild() -> None:
    debouncer = Debouncer(quiet=0.1, longest=2.0)
    assert debouncer.ready_in(0.0) is None
    for index in range(500):  # a git checkout: 500 files, a millisecond apart
        debouncer.add(f"collection/{index}.md", 10.0 + index / 1000)
        assert debouncer.ready_in(10.0 + index / 1000) == pytest.approx(0.1)
    assert debouncer.ready_in(10.55) == pytest.approx(0.049)
    assert debouncer.ready_in(10.6) == 0
    assert len(debouncer.take()) == 500
    assert debouncer.ready_in(10.7) is None


def test_an_editor_save_is_one_change() -> None:
    debouncer = Debouncer(quiet=0.05)
    for path in ("about.md.tmp", "about.md", "about.md"):  # written aside, renamed over, closed
        debouncer.add(path, 5.0)
    assert debouncer.ready_in(5.05) == 0 and debouncer.take() == {"about.md.tmp", "about.md"}


def test_a_stream_of_events_cannot_hold_the_preview_back() -> None:
    debouncer = Debouncer(quiet=0.1, longest=1.0)
    now = 0.0
    while debouncer.ready_in(now) != 0:
        debouncer.add("log.md", now)
        now += 0.05
    assert now == pytest.approx(1.0)  # one second after the first event, though events kept coming


def test_which_changes_count(tmp_path: Path) -> None:
    folders = [tmp_path / "museum", tmp_path / "theme"]
    assert is_relevant(tmp_path / "museum" / "collection" / "a.md", folders)
    assert is_relevant(tmp_path / "theme" / "templates" / "_macros.html", folders)
    for path in [".git/index", "_site/index.html", "collection/.a.md.swp", "collection/a.md~", "collection/.#a.md", "4913"]:
        assert not is_relevant(tmp_path / "museum" / path, folders), path
    assert not is_relevant(tmp_path / "elsewhere" / "a.md", folders)


# --- the command ---


_STARTED: list[subprocess.Popen[str]] = []  # servers started by this test


@pytest.fixture(autouse=True)
def _no_server_left_running() -> Iterator[None]:
    """A test that fails half-way must not leave its `museumgen serve` running."""
    yield
    while _STARTED:
        process = _STARTED.pop()
        if process.poll() is None:
            process.kill()
            process.communicate()


def start_cli(*args: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "museumgen", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # a test run started in the background has SIGINT ignored, and children inherit that
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    _STARTED.append(process)
    assert process.stdout is not None
    lines = ""
    while "Serving" not in lines:
        line = process.stdout.readline()
        assert line, f"serve ended early: {process.communicate()}"
        lines += line
    return process, lines


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_stops_cleanly(museum: Path, stop: signal.Signals) -> None:
    process, lines = start_cli(str(museum), "--port", "0", "--date", "2026-11-25")
    assert re.search(r"Built \d+ pages", lines) and "http://localhost:" in lines
    process.send_signal(stop)
    out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert out.strip().endswith("Stopped.") and "Traceback" not in err


def test_listening_beyond_this_computer_is_said_loudly(museum: Path) -> None:
    process, _ = start_cli(str(museum), "--port", "0", "--host", "0.0.0.0")
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=20)
    assert "Anyone on your network can open this preview" in err


def test_a_port_in_use_is_explained(museum: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "museumgen", "serve", str(museum), "--port", str(port)], capture_output=True, text=True, timeout=60
        )
    assert result.returncode == 1
    assert f"port {port} is in use (another preview?): try `--port {port + 1}`" in result.stderr
