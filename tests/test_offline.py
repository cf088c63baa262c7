"""The service worker's precache list and version, the offline page, and the web app
manifest with its icons, from built sites (the browser tests are in test_offline_browser.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from PIL import Image

from museumgen.build import Options, build
from museumgen.outputs import MODEL, OUTPUTS, Output

from .conftest import EXAMPLE

OPTIONS = Options(date=dt.date(2026, 11, 25), base_url="https://example.org/")


def worker(site: Path) -> tuple[str, list[str]]:
    """The version of a built site's worker and its precache list, as written in it."""
    text = (site / "sw.js").read_text(encoding="utf-8")
    version = json.loads(re.search(r"var VERSION = (.*?);", text)[1])  # type: ignore[index]
    return version, json.loads(re.search(r"var PRECACHE = (.*?);  //", text)[1])  # type: ignore[index]


def file_of(site: Path, address: str) -> Path:
    path = unquote(address).removeprefix("./")
    return site / (path + "index.html" if path == "" or path.endswith("/") else path)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("offline") / "site"
    build(EXAMPLE, site, OPTIONS)
    return site


def test_every_kept_file_is_in_the_site_and_none_outside(built: Path) -> None:
    _version, kept = worker(built)
    assert len(kept) == len(set(kept)) > 20
    for address in kept:
        assert not address.startswith(("/", "../")) and "://" not in address, address
        path = file_of(built, address).resolve()
        assert path.is_relative_to(built.resolve()) and path.is_file(), address


def test_the_gallery_is_kept(built: Path) -> None:
    _version, kept = worker(built)
    wanted = [
        "./",
        "visit/",
        "stops/",
        "offline.html",
        "exhibitions/lanterns-of-qingxi/",
        "exhibitions/qingxi-history/",
    ]
    wanted += [
        "collection/qx-0009-revolving-lantern/",
        "media/audio/qx-0001-ding.mp3",
        "media/audio/qx-0006-meiping.opus",
    ]
    wanted += ["en/", "en/visit/", "en/stops/", "en/offline.html", "manifest.webmanifest", "en/manifest.webmanifest"]
    assert set(wanted) <= set(kept)
    assert {"exhibitions/paper-and-ink/", "exhibitions/celadon-dialogue/", "news/"}.isdisjoint(
        kept
    )  # to come, past, not the gallery's
    assert any(re.fullmatch(r"assets/style\.\w+\.css", a) for a in kept) and any(
        re.fullmatch(r"assets/app\.\w+\.js", a) for a in kept
    )
    assert not any(re.search(r"-(800|1200|1600)\.", a) for a in kept)  # small images only
    assert {"plans/", "plans/1f/", "stamps/", "stamps/lanterns/"} <= set(kept)  # walking the halls
    assert any(re.fullmatch(r"media/plans/1f\.\w+-480\.webp", a) for a in kept)  # with the plan's drawing
    # Both languages' search index is 290 KB; each kept page carries the inlined stylesheet (20 KB, 5 KB sent compressed).
    assert sum(file_of(built, a).stat().st_size for a in kept) < 2_500_000


def test_the_same_build_keeps_its_version_and_a_changed_kept_page_changes_it(
    built: Path, museum: Path, tmp_path: Path
) -> None:
    build(EXAMPLE, tmp_path / "again", OPTIONS)
    assert worker(tmp_path / "again") == worker(built)
    assert (tmp_path / "again" / "sw.js").read_bytes() == (built / "sw.js").read_bytes()
    news = next((museum / "news").glob("*.md"))
    news.write_text(news.read_text(encoding="utf-8") + "\n又及。\n", encoding="utf-8")
    build(museum, tmp_path / "news-changed", OPTIONS)
    assert worker(tmp_path / "news-changed")[0] == worker(built)[0]  # a page not kept
    lanterns = museum / "exhibitions" / "lanterns-of-qingxi.md"
    lanterns.write_text(lanterns.read_text(encoding="utf-8") + "\n新增一段说明。\n", encoding="utf-8")
    build(museum, tmp_path / "changed", OPTIONS)
    assert worker(tmp_path / "changed")[0] != worker(built)[0]
    assert worker(tmp_path / "changed")[1] == worker(built)[1]


def test_every_page_registers_the_worker_from_its_deferred_script_and_links_the_manifest(built: Path) -> None:
    for page in [
        built / "index.html",
        built / "collection" / "qx-0001-bronze-ding" / "index.html",
        built / "en" / "visit" / "index.html",
    ]:
        html = page.read_text(encoding="utf-8")
        script = re.search(r'<script src="[^"]*assets/app\.\w+\.js"[^>]*>', html)
        assert script and " defer" in script[0] and 'data-worker="' in script[0]
        assert '<link rel="manifest"' in html and '<link rel="apple-touch-icon"' in html
    offline = (built / "en" / "offline.html").read_text(encoding="utf-8")
    assert 'href="/en/"' in offline and 'data-worker="/sw.js"' in offline  # served at any address: links from the root
    assert "offline.html" not in (built / "sitemap.xml").read_text(encoding="utf-8")


def test_the_manifest_names_the_museum_and_its_icons(built: Path) -> None:
    data = json.loads((built / "en" / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert (data["name"], data["short_name"], data["lang"]) == ("Qingxi County Museum", "Qingxi Museum", "en")
    assert (data["start_url"], data["scope"], data["display"], data["theme_color"]) == (
        "./",
        "./",
        "standalone",
        "#8c2f1b",
    )
    sizes = {}
    for icon in data["icons"]:
        image = Image.open(io.BytesIO((built / "en" / icon["src"]).resolve().read_bytes()))
        assert f"{image.width}x{image.height}" == icon["sizes"] and image.format == "PNG"
        sizes[icon["purpose"], icon["sizes"]] = image
    assert set(sizes) == {("any", "192x192"), ("any", "512x512"), ("maskable", "512x512")}
    maskable = sizes["maskable", "512x512"].convert("RGBA")
    assert maskable.getpixel((2, 2)) == (255, 255, 255, 255)  # opaque: the phone cuts it to its shape
    chinese = json.loads((built / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert chinese["name"] == "青溪县博物馆" and chinese["icons"][0]["src"].startswith("icons/")


def test_offline_false_leaves_out_the_worker_and_its_page(museum: Path, tmp_path: Path) -> None:
    config = museum / "museum.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "offline: false\n", encoding="utf-8")
    build(museum, tmp_path / "site", OPTIONS)
    assert not (tmp_path / "site" / "sw.js").exists() and not (tmp_path / "site" / "offline.html").exists()
    assert "data-worker" not in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert (tmp_path / "site" / "manifest.webmanifest").is_file()  # the home screen still has its icon


def test_without_directory_urls_pages_are_kept_by_their_files(museum: Path, tmp_path: Path) -> None:
    config = museum / "museum.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "directory_urls: false\n", encoding="utf-8")
    build(museum, tmp_path / "site", OPTIONS)
    _version, kept = worker(tmp_path / "site")
    assert {"index.html", "visit/index.html", "stops/index.html"} <= set(kept)
    assert all(file_of(tmp_path / "site", a).is_file() for a in kept)


def test_an_output_can_add_files_to_keep(museum: Path, tmp_path: Path) -> None:
    extra = Output(
        "stamps-test",
        MODEL,
        ("stamps-test.json",),
        lambda pages: [("stamps-test.json", "test")],
        make=lambda pages, written: [("stamps-test.json", b"{}")],
        precache=lambda pages: ["stamps-test.json"],
    )
    OUTPUTS.register(extra)
    try:
        build(museum, tmp_path / "site", OPTIONS)
    finally:
        OUTPUTS.unregister(extra.name)
    assert "stamps-test.json" in worker(tmp_path / "site")[1]


def test_a_kept_path_the_site_does_not_have_is_left_out(museum: Path, tmp_path: Path) -> None:
    pages = next(o for o in OUTPUTS if o.name == "pages")
    OUTPUTS.outputs[OUTPUTS.outputs.index(pages)] = dataclasses.replace(pages, precache=lambda r: ["no-such-page/"])
    try:
        build(museum, tmp_path / "site", OPTIONS)
    finally:
        OUTPUTS.outputs[[o.name for o in OUTPUTS.outputs].index("pages")] = pages
    assert "no-such-page/" not in worker(tmp_path / "site")[1]
