"""The CMS's admin folder: its config made from the content kinds' schemas, and staff
creating an entry in a real browser against Decap's local back end (`decap-server`)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from museumgen import cms
from museumgen.build import Options, build
from museumgen.site.kinds import KINDS

from .conftest import BUILD_DATE, REPO

NODE_MODULES = REPO / "node_modules"
BUNDLE = NODE_MODULES / "decap-cms" / "dist" / "decap-cms.js"
SERVER = NODE_MODULES / "decap-server" / "dist" / "index.js"


def _config(folders: list[cms.Folder]) -> dict:
    return yaml.safe_load(yaml.safe_dump(cms.config(folders, cms.Backend("github", "museum/site"))))


def test_a_collection_per_kind_with_the_schemas_fields() -> None:
    found = _config([cms.Folder("", "测试博物馆")])
    by_name = {one["name"]: one for one in found["collections"]}
    assert list(by_name) == ["museum", *KINDS.names()]
    for kind in KINDS:
        collection = by_name[kind.name]
        assert collection["folder"] == kind.name and collection["format"] == "yaml-frontmatter"
        fields = {one["name"]: one for one in collection["fields"]}
        assert set(fields) - {"body"} <= set(kind.schema.model_fields)
        for key, info in kind.schema.model_fields.items():
            if key in fields:
                assert fields[key]["required"] is info.is_required(), (kind.name, key)
        assert fields["title"]["required"] and fields["body"]["widget"] == "markdown"
    assert found["backend"] == {"name": "github", "branch": "main", "repo": "museum/site"}
    assert "local_backend" not in found


def test_fields_follow_their_types() -> None:
    collections = {one["name"]: one for one in _config([cms.Folder("", "m")])["collections"]}
    fields = {k: {f["name"]: f for f in c.get("fields", [])} for k, c in collections.items()}
    assert fields["news"]["date"]["widget"] == "datetime" and fields["news"]["date"]["time_format"] is False
    assert fields["events"]["start"]["format"] == "YYYY-MM-DD HH:mm"
    assert fields["exhibitions"]["cover"]["widget"] == "object"
    cover_file = fields["exhibitions"]["cover"]["fields"][0]
    assert (cover_file["name"], cover_file["widget"], cover_file["required"]) == (
        "file",
        "image",
        False,
    )  # the cover is optional
    assert fields["collection"]["images"]["fields"][0]["required"] is True
    items = fields["exhibitions"]["items"]
    assert (items["widget"], items["collection"], items["value_field"], items["multiple"]) == (
        "relation",
        "collection",
        "id",
        True,
    )
    assert (
        fields["events"]["exhibition"]["value_field"] == "{{slug}}" and not fields["events"]["exhibition"]["multiple"]
    )
    assert fields["exhibitions"]["tags"]["widget"] == "list" and fields["collection"]["stop"]["value_type"] == "int"
    assert fields["collection"]["images"]["widget"] == "list" and "fields" in fields["collection"]["images"]
    assert fields["news"]["title"]["label"] == "标题 Title"
    assert collections["museum"]["files"][0]["file"] == "museum.yaml"


def test_a_network_has_a_set_of_collections_per_museum() -> None:
    network = REPO / "examples" / "network"
    from museumgen.network.config import load_network

    members = [member.root for member in load_network(network).members]
    found = _config(cms.museums(network, network, members))
    folders = {one["name"]: one.get("folder") for one in found["collections"]}
    for member in members:
        assert folders[f"{member.name}-news"] == f"{member.name}/news"
        items = next(c for c in found["collections"] if c["name"] == f"{member.name}-exhibitions")
        assert {f["name"]: f for f in items["fields"]}["items"]["collection"] == f"{member.name}-collection"
        assert items["media_folder"] == f"/{member.name}/media"
    assert len(found["collections"]) == len(members) * (len(KINDS.names()) + 1)


def test_the_command_writes_admin(starter: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from museumgen.cli import main

    fake = tmp_path / "dist" / "decap-cms.js"
    fake.parent.mkdir()
    fake.write_text("// cms", encoding="utf-8")
    (fake.parent / "1.decap-cms.js").write_text("// chunk", encoding="utf-8")
    (fake.parent / "1.decap-cms.js.map").write_text("{}", encoding="utf-8")
    out = tmp_path / "site"
    result = CliRunner().invoke(
        main, ["cms", str(starter), "-o", str(out), "--repo", "museum/site", "--script", str(fake)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "admin").iterdir()) == [
        "1.decap-cms.js",
        "config.yml",
        "decap-cms.js",
        "index.html",
    ]
    page = (out / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<script src="decap-cms.js"></script>' in page and "http" not in page
    assert (
        yaml.safe_load((out / "admin" / "config.yml").read_text(encoding="utf-8"))["backend"]["repo"] == "museum/site"
    )


# --- in a real browser --------------------------------------------------------------


@pytest.fixture
def decap_server(starter: Path) -> Iterator[str]:
    """Decap's local back end on loopback, saving into the starter museum's folder."""
    from .browser import free_port, require

    require(
        SERVER.exists() and BUNDLE.exists(), "decap-cms and decap-server are not installed (tests/install-tools.sh)"
    )
    port = free_port()
    env = dict(
        os.environ, PORT=str(port), BIND_HOST="127.0.0.1", MODE="fs", GIT_REPO_DIRECTORY=str(starter), LOG_LEVEL="warn"
    )
    process = subprocess.Popen(["node", str(SERVER)], env=env, stdout=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/api/v1"
        for _attempt in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.browser
def test_staff_create_entries_that_then_build(chromium, starter: Path, decap_server: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from .browser import Recorder, Server, Site

    site = tmp_path / "site"
    build(starter, site, Options(date=BUILD_DATE))
    command = [
        sys.executable,
        "-m",
        "museumgen",
        "cms",
        str(starter),
        "-o",
        str(site),
        "--root",
        str(starter),
        "--script",
        str(BUNDLE),
        "--local-backend",
        decap_server,
    ]
    subprocess.run(command, check=True, capture_output=True)
    server = Server(site)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        recorder = Recorder(page, Site(site, f"{server.origin}/"))
        page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?" when going on to the next form
        page.goto(f"{server.origin}/admin/")
        page.get_by_role("button", name="登录").click()
        page.get_by_text("新闻 News").first.wait_for()
        page.goto(f"{server.origin}/admin/#/collections/news/new")
        page.get_by_label("标题 Title").fill("Open day")
        page.get_by_label("日期 Date", exact=True).fill("2026-11-20")
        page.get_by_role("button", name="发布").first.click()
        page.get_by_text("立即发布").click()
        entry = starter / "news" / "open-day.md"
        for _attempt in range(100):
            if entry.exists():
                break
            page.wait_for_timeout(100)
        # An exhibition showing an object, chosen by its title and saved as its accession number.
        page.goto(f"{server.origin}/admin/#/collections/exhibitions/new")
        page.reload()  # going from one form to another by address keeps the first one's fields
        page.get_by_label("标题 Title").fill("Spring show")
        page.get_by_label("开始 Start").fill("2026-12-01")
        objects = page.get_by_label("藏品 Objects")
        objects.click()
        objects.fill("第一")
        page.get_by_text("第一件藏品", exact=True).last.click()
        page.get_by_role("button", name="发布").first.click()
        page.get_by_text("立即发布").click()
        exhibition = starter / "exhibitions" / "spring-show.md"
        for _attempt in range(100):
            if exhibition.exists():
                break
            page.wait_for_timeout(100)
        # museum.yaml too: what the form changes, and the keys it has no field for kept as they were.
        page.goto(f"{server.origin}/admin/#/collections/museum/entries/museum")
        page.reload()  # going from one form to another by address keeps the first one's fields
        phone = page.get_by_label("电话 Phone")
        page.wait_for_function("e => e.value !== ''", arg=phone.element_handle())  # the file's own values are in
        phone.fill("0571-1234")
        page.get_by_role("button", name="发布").first.click()
        page.get_by_text("立即发布").click()
        for _attempt in range(100):
            if "0571-1234" in (starter / "museum.yaml").read_text(encoding="utf-8"):
                break
            page.wait_for_timeout(100)
        # Every request went to the page's own server or to the local back end, on loopback.
        assert recorder.requests and all(
            url.startswith(("http://127.0.0.1:", "data:", "blob:")) for url in recorder.requests
        ), recorder.elsewhere()
    finally:
        context.close()
        server.close()
    text = entry.read_text(encoding="utf-8")
    assert text.startswith("---\n"), text
    front = yaml.safe_load(text.split("---")[1])
    assert front["title"] == "Open day" and str(front["date"]) == "2026-11-20"
    shown = yaml.safe_load(exhibition.read_text(encoding="utf-8").split("---")[1])
    assert shown["items"] == ["M-0001"] and str(shown["start"]) == "2026-12-01"
    settings = yaml.safe_load((starter / "museum.yaml").read_text(encoding="utf-8"))
    assert (
        settings["phone"] == "0571-1234" and settings["facilities"] == ["无障碍通道"] and "weekly" in settings["hours"]
    )
    result = build(starter, tmp_path / "rebuilt", Options(date=BUILD_DATE))
    assert not [d for d in result.diagnostics if d.severity.name == "ERROR"]
    assert "Open day" in (tmp_path / "rebuilt" / "news" / "open-day" / "index.html").read_text(encoding="utf-8")
    assert "第一件藏品" in (tmp_path / "rebuilt" / "exhibitions" / "spring-show" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "0571-1234" in (tmp_path / "rebuilt" / "visit" / "index.html").read_text(encoding="utf-8")
