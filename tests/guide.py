"""The staff guide's pictures (docs/guide.md and docs/guide.zh-CN.md): one museum taken
from an inventory spreadsheet to a built site, every step run for real, as the guide says.

    python -m tests.guide

Writes docs/screenshots/guide-*.png: the spreadsheet (examples/spreadsheet/, drawn as a
spreadsheet program shows it), what `museumgen import`, `check` and `ci` print (in Chinese,
and in English as guide-*.en.png), the preview with a mistake and without, the built site
on a phone, and the web editor (Decap CMS, when tests/install-tools.sh has installed it).
"""

from __future__ import annotations

import datetime as dt
import html
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
from playwright.sync_api import Browser, Page, sync_playwright

from .browser import BUILD_DATE, CHROMIUM, CHROMIUM_FLAGS, Server, free_port
from .conftest import REPO

SPREADSHEET = REPO / "examples" / "spreadsheet" / "藏品总账.xlsx"
PHOTOS = REPO / "examples" / "spreadsheet" / "photos"
MAPPING = REPO / "examples" / "spreadsheet" / "columns.yaml"
OUT = REPO / "docs" / "screenshots"
MUSEUM = "松溪"
NAME = "松溪县博物馆"
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESK = {"viewport": {"width": 900, "height": 560}, "device_scale_factor": 1}
MESSAGES = {"": "zh-CN", ".en": "en"}  # a picture's name ending: the language museumgen speaks in it
CMS = REPO / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"
CMS_SERVER = REPO / "node_modules" / "decap-server" / "dist" / "index.js"
DATE = BUILD_DATE.isoformat()
MISTAKE = ("phone: ", "phone： ")  # a full-width colon, the mistake staff typing Chinese make most


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp, sync_playwright() as playwright:
        work = Path(temp)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        desk = browser.new_context(**DESK).new_page()
        _shoot(desk, "guide-spreadsheet", _sheet_page(SPREADSHEET))
        for ending, language in MESSAGES.items():
            _walk(work / language, language, lambda name, text, e=ending: _shoot(desk, name + e, text))
        site = _built(work / "zh-CN")
        _phone_pictures(browser, site)
        _preview_pictures(browser, work / "zh-CN")
        if CMS.is_file() and CMS_SERVER.is_file():
            _editor_picture(browser, work / "zh-CN", site)
        else:
            print("guide-editor.png not made: Decap CMS is not installed (tests/install-tools.sh)")
        browser.close()


# --- the steps of the guide, as a newcomer types them --------------------------------


def _walk(folder: Path, language: str, shoot) -> None:  # type: ignore[no-untyped-def]
    """New museum, photos in, spreadsheet imported (first without, then with the mapping),
    checked, and the CI file written, as the guide's steps say; each command's output drawn."""
    folder.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    shoot("guide-new", _terminal(folder, language, ["new", MUSEUM, "--name", NAME]))
    for photo in sorted(PHOTOS.iterdir()):
        shutil.copy(photo, folder / MUSEUM / "media" / photo.name)
    shutil.copy(SPREADSHEET, folder / SPREADSHEET.name)
    shutil.copy(MAPPING, folder / MAPPING.name)
    shoot("guide-import", _terminal(folder, language, ["import", SPREADSHEET.name, MUSEUM]))
    _terminal(folder, language, ["import", SPREADSHEET.name, MUSEUM, "--mapping", MAPPING.name])
    (folder / MUSEUM / "collection" / "first-object.md").unlink()  # the starter's sample, replaced by real ones
    exhibition = folder / MUSEUM / "exhibitions" / "first-exhibition.md"
    exhibition.write_text(exhibition.read_text(encoding="utf-8").replace("M-0001", "SX-0001"), encoding="utf-8")
    settings = folder / MUSEUM / "museum.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(*MISTAKE, 1), encoding="utf-8")
    shoot("guide-check", _terminal(folder, language, ["check", MUSEUM]))
    settings.write_text(settings.read_text(encoding="utf-8").replace(*reversed(MISTAKE), 1), encoding="utf-8")
    source = "museumgen @ git+https://gitee.com/example/museumgen.git@v1.0"
    shoot("guide-ci", _terminal(folder, language, ["ci", MUSEUM, "--host", "github", "--source", source]))


def _museumgen(folder: Path, language: str, arguments: list[str]) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "MUSEUMGEN_LANG": language, "COLUMNS": "100", "NO_COLOR": "1"}
    command = [sys.executable, "-m", "museumgen", "--lang", language, *arguments]
    return subprocess.run(command, cwd=folder, env=environment, capture_output=True, text=True)


def _terminal(folder: Path, language: str, arguments: list[str]) -> str:
    """A terminal window's page showing the command and everything it printed."""
    done = _museumgen(folder, language, arguments)
    typed = " ".join(("museumgen", *(f'"{a}"' if " " in a else a for a in arguments)))
    printed = (done.stdout + done.stderr).replace(str(folder) + os.sep, "")
    return _TERMINAL.format(typed=html.escape(typed), printed=html.escape(printed.rstrip()))


_TERMINAL = """<!doctype html><meta charset=utf-8><style>
body{{margin:0;background:#1f2326;color:#e8e6e3;font:15px/1.5 "Noto Sans Mono CJK SC","DejaVu Sans Mono",monospace}}
.bar{{background:#3a3f44;padding:6px 12px;color:#b9bcbf;font-size:13px}}
pre{{margin:0;padding:12px 16px;white-space:pre-wrap;word-break:break-all;font:inherit}}
b{{color:#8fd18f;font-weight:normal}}</style>
<div class=bar>命令行 · Terminal</div><pre><b>$</b> {typed}
{printed}</pre>"""


def _built(folder: Path) -> Path:
    site = folder / MUSEUM / "_site"
    done = _museumgen(folder, "zh-CN", ["build", MUSEUM, "--date", DATE])
    assert done.returncode == 0, done.stdout + done.stderr
    return site


# --- pictures ------------------------------------------------------------------------


def _shoot(page: Page, name: str, content: str) -> None:
    page.set_content(content)
    page.set_viewport_size({"width": DESK["viewport"]["width"], "height": 100})
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": DESK["viewport"]["width"], "height": min(height, 900)})
    page.screenshot(path=str(OUT / f"{name}.png"))
    print(f"docs/screenshots/{name}.png")


def _phone_pictures(browser: Browser, site: Path) -> None:
    server = Server(site, not_found=site / "404.html")
    page = browser.new_context(**PHONE).new_page()
    try:
        for name, path in (("guide-site", "collection/"), ("guide-object", "collection/sx-0001/")):
            page.goto(f"{server.origin}/{path}", wait_until="networkidle")
            page.screenshot(path=str(OUT / f"{name}.png"))
            print(f"docs/screenshots/{name}.png")
    finally:
        page.context.close()
        server.close()


def _preview_pictures(browser: Browser, folder: Path) -> None:
    """`museumgen serve` in the browser: a mistake saved shows where it is; fixed, the page is back."""
    settings = folder / MUSEUM / "museum.yaml"
    command = [sys.executable, "-m", "museumgen", "serve", MUSEUM, "--date", DATE, "--port", str(free_port())]
    with _process(command, folder, {"MUSEUMGEN_LANG": "zh-CN"}) as (port, _):
        page = browser.new_context(**PHONE).new_page()
        page.goto(f"http://127.0.0.1:{port}/visit/", wait_until="networkidle")
        original = settings.read_text(encoding="utf-8")
        settings.write_text(original.replace(*MISTAKE, 1), encoding="utf-8")
        page.wait_for_function("document.body.innerText.includes('museum.yaml:')", timeout=20_000)
        page.wait_for_timeout(300)
        page.screenshot(path=str(OUT / "guide-preview-mistake.png"))
        print("docs/screenshots/guide-preview-mistake.png")
        settings.write_text(original, encoding="utf-8")
        page.wait_for_function("!document.body.innerText.includes('museum.yaml:')", timeout=20_000)
        page.context.close()


def _editor_picture(browser: Browser, folder: Path, site: Path) -> None:
    """The web editor (Decap CMS) open on an imported object, against Decap's local back end."""
    museum = folder / MUSEUM
    port = free_port()
    environment = {"PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "fs", "GIT_REPO_DIRECTORY": str(museum), "LOG_LEVEL": "warn"}
    with _process(["node", str(CMS_SERVER)], folder, environment, port):
        backend = f"http://127.0.0.1:{port}/api/v1"
        arguments = ["cms", MUSEUM, "-o", str(site), "--root", MUSEUM, "--script", str(CMS), "--local-backend", backend]
        assert _museumgen(folder, "zh-CN", arguments).returncode == 0
        server = Server(site)
        page = browser.new_context(viewport={"width": 1100, "height": 760}).new_page()
        try:
            page.goto(f"{server.origin}/admin/")
            page.get_by_role("button", name="登录").click()
            page.goto(f"{server.origin}/admin/#/collections/collection/entries/sx-0001")
            page.get_by_label("标题 Title").wait_for()
            page.wait_for_timeout(1500)  # the preview pane and the images
            page.screenshot(path=str(OUT / "guide-editor.png"))
            print("docs/screenshots/guide-editor.png")
        finally:
            page.context.close()
            server.close()


def _sheet_page(path: Path) -> str:
    """The first sheet of `path` drawn as a spreadsheet program shows it: column letters,
    row numbers, merged cells."""
    sheet = openpyxl.load_workbook(path).worksheets[0]
    spans = {(r.min_row, r.min_col): (r.max_row - r.min_row + 1, r.max_col - r.min_col + 1) for r in sheet.merged_cells.ranges}
    hidden = {(row, col) for r in sheet.merged_cells.ranges for row, col in _cells(r) if (row, col) != (r.min_row, r.min_col)}
    head = "".join(f"<th>{get_column_letter(c)}</th>" for c in range(1, sheet.max_column + 1))
    rows = [f"<tr><th></th>{head}</tr>"]
    for r in range(1, sheet.max_row + 1):
        cells = []
        for c in range(1, sheet.max_column + 1):
            if (r, c) in hidden:
                continue
            down, across = spans.get((r, c), (1, 1))
            cells.append(f"<td rowspan={down} colspan={across}>{html.escape(_shown(sheet.cell(r, c).value))}</td>")
        rows.append(f"<tr><th>{r}</th>{''.join(cells)}</tr>")
    return _SHEET.format(name=html.escape(path.name), sheet=html.escape(sheet.title), rows="".join(rows))


def _shown(value: object) -> str:
    """A cell as the program shows it: a date cell formatted as a date."""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return "" if value is None else str(value)


def _cells(merged) -> Iterator[tuple[int, int]]:  # type: ignore[no-untyped-def]
    for row in range(merged.min_row, merged.max_row + 1):
        for col in range(merged.min_col, merged.max_col + 1):
            yield row, col


_SHEET = """<!doctype html><meta charset=utf-8><style>
body{{margin:0;font:13px/1.4 "Noto Sans CJK SC",sans-serif;background:#fff}}
.bar{{background:#217346;color:#fff;padding:6px 12px}}
table{{border-collapse:collapse;margin:0 0 8px}}
td,th{{border:1px solid #d4d4d4;padding:3px 6px;white-space:nowrap;max-width:16em;overflow:hidden;text-overflow:ellipsis}}
th{{background:#f0f0f0;color:#555;font-weight:normal}}
.tab{{display:inline-block;border:1px solid #d4d4d4;border-top:0;padding:3px 14px;margin-left:40px;color:#217346}}</style>
<div class=bar>{name}</div><table>{rows}</table><span class=tab>{sheet}</span>"""


# --- processes -------------------------------------------------------------------------


@contextmanager
def _process(command: list[str], folder: Path, environment: dict[str, str] | None = None, port: int | None = None) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """Run `command` in `folder` until the block ends, once it listens on its port."""
    if port is None:
        port = int(command[command.index("--port") + 1])
    process = subprocess.Popen(command, cwd=folder, env={**os.environ, **(environment or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _attempt in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port, process
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
