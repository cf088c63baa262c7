"""Gallery labels and share posters: every QR code they print decodes (zbar) to the address
of a page the build wrote; labels fit their stock; bad input is a located error and
nothing is written; posters are the same bytes each build and come from the cache."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner, Result

from museumgen.build import Options, build
from museumgen.cli import main
from museumgen.labels import STOCKS, code_box, positions
from museumgen.outputs import posters
from museumgen.printed import QUIET_ZONE, code, page_address, system_font

from .conftest import BUILD_DATE

BASE = "https://example.org/museum/"
pytestmark = [
    pytest.mark.skipif(
        not (shutil.which("zbarimg") and shutil.which("pdftoppm")),
        reason="needs zbar-tools and poppler-utils (tests/install-tools.sh)",
    ),
    pytest.mark.skipif(system_font() is None, reason="needs fonts-noto-cjk (tests/install-tools.sh)"),
]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def gallery(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A starter museum with a base_url and 23 objects (more than a sheet of 21), one named in Chinese."""
    from museumgen.starter import create_starter

    folder = tmp_path_factory.mktemp("gallery") / "museum"
    create_starter(folder, "测试博物馆", "zh-CN", today=BUILD_DATE)
    settings = (folder / "museum.yaml").read_text("utf-8") + f"base_url: {BASE}\nposters: all\n"
    (folder / "museum.yaml").write_text(settings, "utf-8")
    first = (folder / "collection" / "first-object.md").read_text("utf-8")
    for number in range(2, 24):
        name = "青铜鼎" if number == 2 else f"object-{number}"
        text = first.replace("M-0001", f"M-{number:04}").replace(
            "第一件藏品", f"第{number}件藏品，一个很长很长的标题要换行" if number == 3 else f"第{number}件藏品"
        )
        if number == 4:  # no photograph: its page shares its poster
            text = re.sub(r"images:\n(  .*\n)+", "", text)
        (folder / "collection" / f"{name}.md").write_text(
            text.replace("featured: true\n", f"stop: {number}\ndate: 清代中期\ncredit: 2021 年村民捐赠\n"), "utf-8"
        )
    return folder


@pytest.fixture(scope="module")
def built(gallery: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "_site"
    build(gallery, out, Options(date=BUILD_DATE))
    return out


def decoded(png: Path) -> list[str]:
    result = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True, check=False)
    return result.stdout.split()


def page_of(address: str, site: Path) -> Path:
    """The file that serves `address` in the built site."""
    assert address.startswith(BASE) and address.isascii(), address
    path = unquote(address[len(BASE) :])
    return site / (path + "index.html" if path.endswith("/") else path)


def test_every_code_on_every_pdf_sheet_leads_to_a_built_page(gallery: Path, built: Path, tmp_path: Path) -> None:
    out = tmp_path / "labels"
    result = run(
        "labels", str(gallery), "-o", str(out), "--stock", "l7160", "--stock", "a6", "--date", BUILD_DATE.isoformat()
    )
    assert result.exit_code == 0, result.output
    objects = sorted(
        built / "collection" / source.stem / "index.html" for source in (gallery / "collection").glob("*.md")
    )
    for stock in ("l7160", "a6"):
        subprocess.run(
            ["pdftoppm", "-r", "300", "-png", str(out / f"labels-{stock}.pdf"), str(tmp_path / stock)],
            check=True,
            capture_output=True,
        )
        pages = sorted(tmp_path.glob(f"{stock}-*.png"))
        assert len(pages) == (2 if stock == "l7160" else 23)
        addresses = [address for png in pages for address in decoded(png)]
        assert len(addresses) == 23
        assert sorted(page_of(a, built) for a in addresses) == objects
        assert all(page_of(a, built).is_file() for a in addresses)
    assert any("%E9%9D%92" in a for a in addresses)  # 青铜鼎, percent-encoded


def test_the_html_sheet_embeds_the_same_codes(gallery: Path, built: Path, tmp_path: Path) -> None:
    run("labels", str(gallery), "-o", str(tmp_path), "--stock", "l7165", "--date", BUILD_DATE.isoformat())
    html = (tmp_path / "labels-l7165.html").read_text("utf-8")
    assert "@page{size:210mm 297mm;margin:0}" in html and html.count('class="sheet"') == 3
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    assert len(images) == 23
    for index, data in enumerate(images):
        (tmp_path / f"{index}.png").write_bytes(base64.b64decode(data))
        [address] = decoded(tmp_path / f"{index}.png")
        assert page_of(address, built).is_file()


@pytest.mark.browser
def test_the_html_sheet_prints_from_chromium_with_every_code_readable(
    gallery: Path, built: Path, tmp_path: Path
) -> None:
    """The print CSS puts the labels where the PDF has them: printed by Chromium to A4, each code decodes."""
    from .browser import CHROMIUM, CHROMIUM_FLAGS

    run("labels", str(gallery), "-o", str(tmp_path), "--stock", "l7160", "--date", BUILD_DATE.isoformat())
    printed = tmp_path / "printed.pdf"
    profile = tmp_path / "profile"
    command = [
        CHROMIUM,
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={printed}",
    ]
    subprocess.run([*command, (tmp_path / "labels-l7160.html").as_uri()], check=True, capture_output=True, timeout=60)
    subprocess.run(["pdfinfo", str(printed)], check=True, capture_output=True)
    subprocess.run(
        ["pdftoppm", "-r", "300", "-png", str(printed), str(tmp_path / "printed")], check=True, capture_output=True
    )
    pages = sorted(tmp_path.glob("printed-*.png"))
    assert len(pages) == 2  # 21 labels a sheet
    addresses = [address for png in pages for address in decoded(png)]
    assert len(addresses) == 23 and all(page_of(a, built).is_file() for a in addresses)


@pytest.mark.parametrize("name", sorted(STOCKS))
def test_labels_and_their_codes_fit_the_stock(name: str) -> None:
    stock = STOCKS[name]
    boxes = positions(stock)
    assert len(boxes) == stock.per_page
    for box in boxes:
        assert (
            0 <= box.x
            and box.x + box.w <= stock.page[0] + 1e-6
            and 0 <= box.y
            and box.y + box.h <= stock.page[1] + 1e-6
        )
        qr = code_box(box)
        assert box.x < qr.x and qr.x + qr.w < box.x + box.w and box.y < qr.y and qr.y + qr.h < box.y + box.h
        modules = code(page_address(BASE, "collection/qx-0015-bamboo-brush-pot/")).symbol_size(border=0)[0]
        assert qr.w * modules / (modules + 2 * QUIET_ZONE) >= 15  # the code itself, quiet zone left out
    for a, b in zip(boxes, boxes[1:], strict=False):  # none overlaps the next
        assert a.x + a.w <= b.x + 1e-6 or a.y + a.h <= b.y + 1e-6
    if name == "l7160":  # Avery's geometry: the bottom margin is the top's
        assert abs(stock.page[1] - (boxes[-1].y + boxes[-1].h) - 15.15) < 0.01


def test_short_addresses_give_small_codes() -> None:
    """An object's address of 63 characters fits a version 5 code (37 modules) at M or better."""
    qr = code(page_address(BASE, "collection/qx-0015-bamboo-brush-pot/"))
    assert qr.version <= 5 and qr.error in ("M", "Q", "H")
    assert code(page_address(BASE, "collection/m-1/")).version <= 3  # 42 characters


@pytest.mark.parametrize(
    ("args", "where", "message"),
    [
        (["--stock", "l7161"], "--stock", "unknown label stock `l7161`"),
        (["--font", "/no/such/font.ttc"], "--font", "there is no font file `/no/such/font.ttc`"),
        (
            ["--font", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"],
            "--font",
            "the font `/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf` has no Chinese glyphs",
        ),
        (["--exhibition", "nowhere"], "--exhibition", "no exhibition `nowhere`"),
    ],
)
def test_bad_options_are_located_errors_and_write_nothing(
    gallery: Path, tmp_path: Path, args: list[str], where: str, message: str
) -> None:
    if "DejaVuSans" in " ".join(args) and not Path(args[1]).is_file():
        pytest.skip("no DejaVu font here")
    result = run("labels", str(gallery), "-o", str(tmp_path / "out"), *args)
    assert result.exit_code == 1
    assert f"{where}: {message}" in result.output
    assert not (tmp_path / "out").exists()


def test_labels_need_a_base_url(starter: Path, tmp_path: Path) -> None:
    result = run("labels", str(starter), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1 and "museum.yaml: labels need `base_url`" in result.output
    assert not (tmp_path / "out").exists()


def test_posters_decode_to_their_pages_and_are_linked(built: Path) -> None:
    found = sorted(built.rglob("poster.jpg"))
    assert len(found) == 23 + 1 + 1  # objects, the exhibition, the event
    for poster in found[:3] + found[-2:]:
        [address] = decoded(poster)
        assert page_of(address, built) == poster.parent / "index.html"
    html = (built / "events" / "first-event" / "index.html").read_text("utf-8")
    assert (
        '<a class="button button-quiet" href="../../events/first-event/poster.jpg" type="image/jpeg" download>保存海报</a>'
        in html
    )


def test_a_page_without_a_cover_shares_its_poster(built: Path) -> None:
    html = (built / "collection" / "object-4" / "index.html").read_text("utf-8")
    assert f'<meta property="og:image" content="{BASE}collection/object-4/poster.jpg">' in html
    with_cover = (built / "collection" / "object-5" / "index.html").read_text("utf-8")
    assert re.search(r'<meta property="og:image" content="[^"]+-share\.jpg">', with_cover)


def test_posters_are_the_same_bytes_each_build_and_drawn_once(
    gallery: Path, built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> bytes:
        raise AssertionError("a cached poster was drawn again")

    monkeypatch.setattr(posters, "draw", refuse)
    again = tmp_path / "again"
    build(gallery, again, Options(date=BUILD_DATE))
    for poster in built.rglob("poster.jpg"):
        assert (again / poster.relative_to(built)).read_bytes() == poster.read_bytes()
    monkeypatch.undo()
    sample = next(built.rglob("poster.jpg"))
    drawn = posters.draw(
        posters.Poster("标题", "博物馆", "扫码", BASE, "#8c2f1b", None, "", (0.5, 0.5), "x"), system_font()
    )  # type: ignore[arg-type]
    assert drawn == posters.draw(
        posters.Poster("标题", "博物馆", "扫码", BASE, "#8c2f1b", None, "", (0.5, 0.5), "x"), system_font()
    )  # type: ignore[arg-type]
    assert sample.read_bytes()[:3] == b"\xff\xd8\xff"


def test_museum_yaml_names_the_stock_and_the_font(gallery: Path, tmp_path: Path) -> None:
    from typing import get_args

    from museumgen.schema.museum import LabelStock

    assert set(get_args(LabelStock)) == set(STOCKS)
    museum = tmp_path / "museum"
    shutil.copytree(gallery, museum)
    settings = (museum / "museum.yaml").read_text("utf-8")
    (museum / "museum.yaml").write_text(settings + "labels:\n  stock: a6\n", "utf-8")
    result = run("labels", str(museum), "-o", str(tmp_path / "out"), "--date", BUILD_DATE.isoformat())
    assert result.exit_code == 0 and [p.name for p in sorted((tmp_path / "out").iterdir())] == [
        "labels-a6.html",
        "labels-a6.pdf",
    ]
    (museum / "museum.yaml").write_text(settings + "labels:\n  stock: l7159\n", "utf-8")
    result = run("labels", str(museum), "-o", str(tmp_path / "bad"))
    assert (
        result.exit_code == 1
        and re.search(r"museum\.yaml:\d+: .*l7160", result.output)
        and not (tmp_path / "bad").exists()
    )
    (museum / "museum.yaml").write_text(settings + "labels:\n  font: fonts/missing.otf\n", "utf-8")
    result = run("build", str(museum), "-o", str(tmp_path / "site"), "--date", BUILD_DATE.isoformat())
    assert result.exit_code == 1 and "museum.yaml: `labels.font`: there is no font file" in result.output
    assert not (tmp_path / "site").exists()


def test_by_default_objects_have_posters_only_when_featured() -> None:
    """The example museum keeps `posters: featured`: every exhibition and event, and only
    the objects marked `featured` (a collection can be thousands)."""
    from .golden import GOLDEN

    sizes = (GOLDEN / "MEDIA_SIZES.tsv").read_text("utf-8")
    with_poster = set(re.findall(r"^collection/([^/]+)/poster\.jpg\t", sizes, re.M))
    collection = Path(__file__).parent.parent / "examples" / "qingxi" / "collection"
    featured = {p.stem for p in collection.glob("*.md") if "\nfeatured: true\n" in p.read_text("utf-8") and "." not in p.stem}
    assert with_poster == featured and 0 < len(featured) < len(list(collection.glob("*.md")))
    assert re.search(r"^exhibitions/[^/]+/poster\.jpg\t", sizes, re.M) and re.search(r"^events/[^/]+/poster\.jpg\t", sizes, re.M)


def test_each_stamp_gets_a_label_whose_code_collects_it(tmp_path: Path) -> None:
    """After the objects, a label per stamp: its code opens the stamp's page (which collects
    it), with the number visitors may type on the passport instead."""
    from museumgen.build import load
    from museumgen.labels import labels

    from .conftest import EXAMPLE

    loaded = load(EXAMPLE, Options(date=BUILD_DATE, base_url=BASE))
    site = loaded.site
    stamps = [label for label in labels(site, strings=loaded.strings["zh-CN"]) if label.stop and label.stop.startswith("#")]
    assert {label.heading for label in stamps} == {"扫码集章"}  # a stamp's label says what it is for
    assert not [label for label in labels(site) if label.heading and not label.stop.startswith("#")]
    assert [label.address.removeprefix(BASE) for label in stamps] == [doc.path for doc in site.entries["stamps"]]
    assert len(stamps) == 3 and all(label.stop == f"#{doc.entry.number}" for label, doc in zip(stamps, site.entries["stamps"], strict=True))
    only = labels(site, ["lanterns-of-qingxi"])
    assert [label.title for label in only if label.stop and label.stop.startswith("#")] == [
        doc.title for doc in site.entries["stamps"] if doc.entry.exhibition == "lanterns-of-qingxi"
    ]


def test_without_a_chinese_font_the_build_says_there_are_no_posters(
    starter: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import museumgen.build

    monkeypatch.setattr(museumgen.build, "system_font", lambda: None)
    monkeypatch.setattr(posters, "system_font", lambda: None)
    settings = starter / "museum.yaml"
    settings.write_text(settings.read_text("utf-8") + f"base_url: {BASE}\n", "utf-8")
    result = build(starter, tmp_path / "site", Options(date=BUILD_DATE))
    [warning] = [d for d in result.diagnostics if "share posters" in d.message]
    assert warning.path == "museum.yaml" and "fonts-noto-cjk" in warning.message
    assert not list((tmp_path / "site").rglob("poster.jpg"))
    settings.write_text(settings.read_text("utf-8") + "posters: none\n", "utf-8")
    quiet = build(starter, tmp_path / "again", Options(date=BUILD_DATE))
    assert not [d for d in quiet.diagnostics if "share posters" in d.message]
