"""IIIF: Presentation 3 manifests and collections (validated with iiif-prezi3's models, made
from the IIIF presentation validator's JSON Schema), every address in them a file of the
site, and the deep-zoom tiles of a level-0 image service as its info.json describes them."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
from iiif_prezi3 import Collection, Manifest
from PIL import Image

from museumgen.build import Options, build

from .conftest import EXAMPLE, tree

OPTIONS = Options(date=dt.date(2026, 11, 25))
BASE = "https://example.org/qingxi/"
MIRROR = "collection/qx-0005-bronze-mirror/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("iiif") / "site"
    build(EXAMPLE, out, OPTIONS)
    return out


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def manifests(site: Path) -> list[Path]:
    return sorted(site.glob("collection/*/manifest.json"))


def collections(site: Path) -> list[Path]:
    return sorted(site.rglob("iiif-collection.json"))


def language_maps(node: Any) -> list[Any]:
    """Every value of a `label`, `summary` or `value`: each must be a IIIF language map."""
    if isinstance(node, list):
        return [found for item in node for found in language_maps(item)]
    if not isinstance(node, dict):
        return []
    own = [value for key, value in node.items() if key in ("label", "summary", "value")]
    return own + [found for value in node.values() for found in language_maps(value)]


def test_every_object_has_a_manifest_that_validates(site: Path) -> None:
    assert len(manifests(site)) == 15
    for path in manifests(site):
        data = load(path)
        Manifest.model_validate(data, strict=True)
        for found in language_maps(data):  # the models turn a bare string into a map: say it is not one
            assert isinstance(found, dict) and all(isinstance(texts, list) and texts for texts in found.values()), path


def test_collections_validate_and_name_every_manifest(site: Path) -> None:
    found = {path.relative_to(site).as_posix() for path in collections(site)}
    assert "collection/iiif-collection.json" in found and any(path.startswith("exhibitions/") for path in found)
    for path in collections(site):
        Collection.model_validate(load(path), strict=True)
    every = load(site / "collection" / "iiif-collection.json")
    assert {item["id"] for item in every["items"]} == {
        BASE + path.relative_to(site).as_posix() for path in manifests(site)
    }


def test_a_manifest_has_both_languages_credit_rights_pages_and_data(site: Path) -> None:
    data = load(site / MIRROR / "manifest.json")
    assert data["label"] == {
        "zh-Hans": ["海兽葡萄纹铜镜"],
        "en": ["Bronze mirror with auspicious beasts and grapevines"],
    }
    assert set(data["summary"]) == {"zh-Hans", "en"}
    labels = [pair["label"]["en"][0] for pair in data["metadata"]]
    assert labels[:2] == ["Accession number", "Period"]
    assert data["requiredStatement"]["value"]["zh-Hans"][0].startswith("青溪县博物馆")
    assert (
        data["rights"] == "http://creativecommons.org/licenses/by/4.0/"
    )  # IIIF asks for http: Creative Commons addresses
    assert [page["id"] for page in data["homepage"]] == [BASE + MIRROR, BASE + "en/" + MIRROR]
    assert data["seeAlso"][0]["id"] == BASE + "data/collection.json"
    canvas = data["items"][0]
    assert (canvas["width"], canvas["height"]) == (1200, 1200)
    body = canvas["items"][0]["items"][0]["body"]
    assert body["format"] == "image/jpeg" and body["width"] == 1200  # the largest published copy
    assert body["service"][0]["type"] == "ImageService3" and body["service"][0]["profile"] == "level0"


def test_an_object_with_several_photographs_has_a_canvas_for_each(site: Path) -> None:
    data = load(site / "collection" / "qx-0009-revolving-lantern" / "manifest.json")
    assert len(data["items"]) == 2 and len({canvas["id"] for canvas in data["items"]}) == 2


def addresses(node: Any) -> list[str]:
    """The ids of what a IIIF file points to that must be files: documents, images, services (not canvases
    or annotations, which are named, not fetched)."""
    if isinstance(node, list):
        return [found for item in node for found in addresses(item)]
    if not isinstance(node, dict):
        return []
    own = (
        [node["id"]]
        if node.get("type") in ("Manifest", "Collection", "Image", "Text", "Dataset", "ImageService3")
        else []
    )
    return own + [found for value in node.values() for found in addresses(value)]


def test_every_address_is_a_file_the_build_wrote(site: Path) -> None:
    for path in manifests(site) + collections(site):
        for address in addresses(load(path)):
            assert address.startswith(BASE), address
            rel = address.removeprefix(BASE)
            target = site / rel / ("index.html" if rel.endswith("/") else "info.json" if rel.endswith("-iiif") else "")
            assert target.is_file(), f"{path.relative_to(site)}: {address}"
    own = load(site / MIRROR / "manifest.json")["id"]
    assert own == BASE + MIRROR + "manifest.json"


def service(site: Path) -> Path:
    found = sorted(site.glob("media/collection/qx-0005-mirror.*-iiif"))
    assert len(found) == 1
    return found[0]


def expected_tiles(info: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Every file a IIIF viewer may ask a level-0 service for, worked out from info.json alone
    as the Image API's implementation notes do, with its size."""
    width, height = info["width"], info["height"]
    tile = info["tiles"][0]
    files = {}
    for factor in tile["scaleFactors"]:
        side_w, side_h = tile["width"] * factor, tile.get("height", tile["width"]) * factor
        for y in range(0, height, side_h):
            for x in range(0, width, side_w):
                w, h = min(side_w, width - x), min(side_h, height - y)
                region = "full" if (x, y, w, h) == (0, 0, width, height) else f"{x},{y},{w},{h}"
                size = (math.ceil(w / factor), math.ceil(h / factor))
                files[f"{region}/{size[0]},{size[1]}/0/default.jpg"] = size
    for size in info["sizes"]:
        files[f"full/{size['width']},{size['height']}/0/default.jpg"] = (size["width"], size["height"])
    return files


def test_the_tiles_are_those_info_json_describes(site: Path) -> None:
    folder = service(site)
    info = load(folder / "info.json")
    assert info["id"] == BASE + folder.relative_to(site).as_posix()
    assert (info["width"], info["height"]) == (1200, 1200) and info["tiles"][0]["width"] == 512
    assert info["tiles"][0]["scaleFactors"] == [1, 2, 4]
    expected = expected_tiles(info)
    written = {path.relative_to(folder).as_posix() for path in folder.rglob("*.jpg")}
    assert written == set(expected)
    for rel, size in expected.items():
        with Image.open(folder / rel) as image:
            assert image.size == size and image.format == "JPEG", rel
    assert max(expected.values(), key=lambda size: size[0] * size[1]) == (512, 512)


def test_the_object_page_links_its_manifest_and_offers_zoom(site: Path) -> None:
    page = (site / MIRROR / "index.html").read_text(encoding="utf-8")
    href = f"../../{MIRROR}manifest.json"
    assert (
        f'<link rel="alternate" type="application/ld+json;profile=&#34;http://iiif.io/api/presentation/3/context.json&#34;" title="IIIF" href="{href}">'
        in page
    )
    assert re.search(rf'<p class="iiif-link"><a href="{re.escape(href)}"[^>]*>IIIF</a>', page)
    assert re.search(r'<p class="zoom-open" hidden><button [^>]*data-zoom="[^"]*-iiif/info.json"', page)
    other = (site / "collection" / "qx-0001-bronze-ding" / "index.html").read_text(encoding="utf-8")
    assert "data-zoom" not in other and "zoom.js" not in other.split("</head>")[0]


def test_an_exhibition_page_links_its_collection_in_every_language(site: Path) -> None:
    exhibitions = [path.parent for path in site.glob("exhibitions/*/iiif-collection.json")]
    assert exhibitions
    for folder in exhibitions:
        name = folder.relative_to(site).as_posix()
        for page, href in [
            (folder / "index.html", f"../../{name}/iiif-collection.json"),
            (site / "en" / name / "index.html", f"../../../{name}/iiif-collection.json"),
        ]:
            text = page.read_text(encoding="utf-8")
            assert (
                f'<link rel="alternate" type="application/ld+json;profile=&#34;http://iiif.io/api/presentation/3/context.json&#34;" title="IIIF" href="{href}">'
                in text
            )
            assert re.search(rf'<p class="iiif-link"><a href="{re.escape(href)}"[^>]*>IIIF</a>', text)
    without = [p for p in site.glob("exhibitions/*/index.html") if p.parent not in exhibitions]
    assert all("iiif-collection.json" not in p.read_text(encoding="utf-8") for p in without)


def test_the_same_museum_makes_the_same_files(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build(EXAMPLE, again, Options(date=OPTIONS.date, cache_dir=tmp_path / "cache"))  # tiles made anew
    before, after = tree(site), tree(again)
    iiif = [rel for rel in before if rel.endswith(("manifest.json", "iiif-collection.json")) or "-iiif/" in rel]
    assert len(iiif) > 30
    assert {rel: before[rel] for rel in iiif} == {rel: after[rel] for rel in iiif}


def test_without_a_base_url_there_are_no_manifests_but_zoom_works(museum: Path, tmp_path: Path) -> None:
    settings = museum / "museum.yaml"
    settings.write_text(re.sub(r"(?m)^base_url:.*\n", "", settings.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "site"
    build(museum, out, OPTIONS)
    assert not list((out / "collection").rglob("manifest.json")) and not list(out.rglob("iiif-collection.json"))
    info = load(service(out) / "info.json")
    assert (
        info["id"] == service(out).relative_to(out).as_posix()
    )  # its path: the site's viewer reads the tiles beside it
    page = (out / MIRROR / "index.html").read_text(encoding="utf-8")
    assert "data-zoom" in page and "IIIF" not in page


def test_a_photograph_too_small_to_zoom_into_is_a_located_warning(museum: Path, tmp_path: Path) -> None:
    item = museum / "collection" / "qx-0006-celadon-meiping.md"  # its photograph is 575×900
    text = item.read_text(encoding="utf-8")
    item.write_text(text.replace("\n---\n", "\ndeep_zoom: true\n---\n", 1), encoding="utf-8")
    line = item.read_text(encoding="utf-8").splitlines().index("deep_zoom: true") + 1
    result = build(museum, tmp_path / "site", OPTIONS)
    found = [d for d in result.diagnostics if "deep_zoom" in d.message]
    assert [(d.path, d.line, d.severity) for d in found] == [("collection/qx-0006-celadon-meiping.md", line, "warning")]
    assert "575×900" in found[0].message and "1024" in found[0].message
    assert len(list((tmp_path / "site").rglob("*-iiif"))) == 1  # the mirror's only


def test_an_object_without_a_photograph_has_no_manifest(museum: Path, tmp_path: Path) -> None:
    for name in ("qx-0003-black-cup.md", "qx-0003-black-cup.en.md"):
        item = museum / "collection" / name
        item.write_text(re.sub(r"(?m)^images:\n(  .*\n)+", "", item.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "site"
    build(museum, out, OPTIONS)
    assert not (out / "collection" / "qx-0003-black-cup" / "manifest.json").exists()
    assert "IIIF" not in (out / "collection" / "qx-0003-black-cup" / "index.html").read_text(encoding="utf-8")
    every = load(out / "collection" / "iiif-collection.json")
    assert len(every["items"]) == 14 and not any("qx-0003" in item["id"] for item in every["items"])
    Collection.model_validate(every, strict=True)


def test_the_english_page_links_the_one_manifest(site: Path) -> None:
    page = (site / "en" / MIRROR / "index.html").read_text(encoding="utf-8")
    assert (
        f'href="../../../{MIRROR}manifest.json"' in page
        and "en/collection/qx-0005-bronze-mirror/manifest.json" not in page
    )
