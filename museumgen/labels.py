"""Gallery labels with a code to each object's page (`museumgen labels`), as a PDF to print
and as an HTML page with print CSS, on A4 sheets of common label stock or one large label
a page.

Geometry is pure (`positions`), so a test can check that every label fits its stock; the
PDF (fpdf2, the CJK font embedded as a subset) and the HTML are drawn from the same
`Label`s and the same boxes."""

from __future__ import annotations

import datetime as dt
import html
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from museumgen.build import Options, load
from museumgen.errors import MuseumError, did_you_mean
from museumgen.messages import _
from museumgen.printed import QUIET_ZONE, Font, code, find_font, museum_font, page_address, wrapped
from museumgen.site.entries import Doc, Site

if TYPE_CHECKING:  # fpdf2 takes a third of museumgen's start: imported only to draw a sheet
    from fpdf import FPDF

MIN_CODE_MM = 15.0  # narrowest code a phone reads at arm's length, quiet zone left out


@dataclass(frozen=True)
class Stock:
    """A sheet of labels: page size, labels across and down, and where the first sits (mm)."""

    name: str
    title: str
    page: tuple[float, float]
    label: tuple[float, float]
    across: int = 1
    down: int = 1
    margin: tuple[float, float] = (0.0, 0.0)  # left, top
    gap: tuple[float, float] = (0.0, 0.0)  # between columns, between rows

    @property
    def per_page(self) -> int:
        return self.across * self.down


STOCKS = {
    stock.name: stock
    for stock in (
        Stock(
            "l7160",
            "A4, 3 × 7 labels of 63.5 × 38.1 mm (Avery L7160)",
            (210, 297),
            (63.5, 38.1),
            3,
            7,
            (7.25, 15.15),
            (2.5, 0),
        ),
        Stock(
            "l7165",
            "A4, 2 × 4 labels of 99.1 × 67.7 mm (Avery L7165)",
            (210, 297),
            (99.1, 67.7),
            2,
            4,
            (4.65, 13.1),
            (2.5, 0),
        ),
        Stock("a6", "one label of A6 a page, landscape (148 × 105 mm)", (148, 105), (148, 105)),
        Stock("a5", "one label of A5 a page, landscape (210 × 148 mm)", (210, 148), (210, 148)),
    )
}


@dataclass(frozen=True)
class Label:
    title: str
    lines: tuple[str, ...]  # date, material, credit: those the object has
    stop: str | None
    address: str  # the code's
    heading: str | None = None  # what the label is for, above the rest (a stamp's "scan to collect")


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float


def stock(name: str) -> Stock:
    found = STOCKS.get(name.lower())
    if found is None:
        hint = did_you_mean(name.lower(), STOCKS)
        raise MuseumError.outside(
            "--stock", _("unknown label stock `{name}`; known: {known}", name=name, known=", ".join(STOCKS)) + hint
        )
    return found


def labels(site: Site, exhibitions: Sequence[str] = (), strings: Mapping[str, str] | None = None) -> list[Label]:
    """A label for every object of the site, or of the `exhibitions` named (by slug), in the
    collection's order, then one for each stamp of the passport (of those exhibitions),
    headed by the theme's `stamp_label` text from `strings`; a located error without a
    `base_url` (codes need full addresses)."""
    base_url = site.museum.base_url
    if not base_url:
        raise MuseumError.outside(
            "museum.yaml",
            _(
                "labels need `base_url` in museum.yaml (or --base-url): their codes lead to the objects' full web addresses"
            ),
        )
    docs = site.entries.get("collection", [])
    stamps = site.entries.get("stamps", [])
    if exhibitions:
        chosen = _exhibitions(site, exhibitions)
        docs = [doc for doc in docs if any(doc in (e.items or []) for e in chosen)]
        stamps = [doc for doc in stamps if doc.entry.exhibition in exhibitions]
    heading = (strings or {}).get("stamp_label") or None
    return [_label(doc, base_url) for doc in docs] + [_stamp_label(doc, base_url, heading) for doc in stamps]


def _exhibitions(site: Site, slugs: Sequence[str]) -> list[Doc]:
    known = {doc.slug: doc for doc in site.entries.get("exhibitions", [])}
    for slug in slugs:
        if slug not in known:
            raise MuseumError.outside(
                "--exhibition", _("no exhibition `{slug}`", slug=slug) + did_you_mean(slug, known)
            )
    return [known[slug] for slug in slugs]


def _label(doc: Doc, base_url: str) -> Label:
    entry = doc.entry
    lines = tuple(str(value) for value in (entry.date, entry.material, entry.credit) if value)
    return Label(
        doc.title, lines, str(entry.stop) if entry.stop is not None else None, page_address(base_url, doc.path)
    )


def _stamp_label(doc: Doc, base_url: str, heading: str | None) -> Label:
    """A stamp's code for its hall: scanning it opens the stamp's page, which collects it;
    its number, printed beside the code, is what visitors type in on the passport instead.
    The heading says so, since a visitor meets it away from any object."""
    entry = doc.entry
    lines = tuple(str(value) for value in (entry.hall,) if value)
    return Label(doc.title, lines, f"#{entry.number}", page_address(base_url, doc.path), heading)


# --- geometry ----------------------------------------------------------------------------


def positions(stock: Stock) -> list[Box]:
    """Each label's box on a page, row by row."""
    (w, h), (left, top), (gx, gy) = stock.label, stock.margin, stock.gap
    return [
        Box(left + col * (w + gx), top + row * (h + gy), w, h)
        for row in range(stock.down)
        for col in range(stock.across)
    ]


def padding(box: Box) -> float:
    return max(2.5, box.h * 0.07)


def code_box(box: Box) -> Box:
    """Where a label's code goes, quiet zone included: a square at the right, as tall as fits."""
    pad = padding(box)
    side = min(box.h - 2 * pad, box.w * 0.42, 80.0)
    return Box(box.x + box.w - pad - side, box.y + (box.h - side) / 2, side, side)


def scale(box: Box) -> float:
    """Type sizes grow with the label: 1 for the small stock's 38.1 mm."""
    return min(box.h / 38.1, 2.8)


# --- PDF ---------------------------------------------------------------------------------


def pdf(items: Sequence[Label], stock: Stock, font: Font, title: str, day: dt.date) -> bytes:
    from fpdf import FPDF

    doc = FPDF(unit="mm", format=stock.page)
    doc.set_auto_page_break(False)
    doc.set_margins(0, 0)
    doc.set_creation_date(
        dt.datetime.combine(day, dt.time(), dt.UTC)
    )  # the build's day: the same labels give the same bytes
    doc.set_title(title)
    doc.add_font("label", fname=str(font.path), collection_font_number=font.number)
    boxes = positions(stock)
    for index, item in enumerate(items):
        if index % stock.per_page == 0:
            doc.add_page()
        _draw(doc, item, boxes[index % stock.per_page])
    return bytes(doc.output())


def _draw(doc: FPDF, item: Label, box: Box) -> None:
    pad, s, qr = padding(box), scale(box), code_box(box)
    _code(doc, item.address, qr)
    width = qr.x - box.x - pad - 1.0
    y = box.y + pad
    if item.heading:
        y = _text(doc, wrapped(item.heading, width, _measure(doc, 7 * s), 1), box.x + pad, y, width, 7 * s)
    if item.stop:
        y = _text(doc, [item.stop], box.x + pad, y, width, 15 * s)
    y = _text(doc, wrapped(item.title, width, _measure(doc, 9.5 * s), 2), box.x + pad, y, width, 9.5 * s)
    for line in item.lines:
        if y + 7 * s * 0.3528 * 1.25 > box.y + box.h - pad:
            break  # what does not fit is left off rather than printed over the edge
        most = 2 if s > 1.5 else 1  # large labels have room for two lines each
        y = _text(doc, wrapped(line, width, _measure(doc, 7 * s), most), box.x + pad, y, width, 7 * s)


def _code(doc: FPDF, address: str, box: Box) -> None:
    """The code as filled squares: sharp at any size, a few bytes each."""
    qr = code(address)
    modules = qr.symbol_size(border=QUIET_ZONE)[0]
    unit = box.w / modules
    doc.set_fill_color(0, 0, 0)
    for row, cells in enumerate(qr.matrix_iter(border=QUIET_ZONE)):
        for col, dark in enumerate(cells):
            if dark:
                doc.rect(box.x + col * unit, box.y + row * unit, unit, unit, style="F")


def _measure(doc: FPDF, size: float) -> Callable[[str], float]:
    def measure(text: str) -> float:
        doc.set_font("label", size=size)
        return float(doc.get_string_width(text))

    return measure


def _text(doc: FPDF, lines: list[str], x: float, y: float, width: float, size: float) -> float:
    """Write `lines` from `y` down; the `y` below them."""
    doc.set_font("label", size=size)
    height = size * 0.3528 * 1.25  # points to mm, with line spacing
    for line in lines:
        doc.set_xy(x, y)
        doc.cell(w=width, h=height, text=line)
        y += height
    return y


# --- HTML --------------------------------------------------------------------------------


def page(items: Sequence[Label], stock: Stock, title: str, language: str) -> str:
    """The same sheets as the PDF, as an HTML page that prints to the stock (A4, no margins)."""
    boxes = positions(stock)
    sheets = [items[i : i + stock.per_page] for i in range(0, len(items), stock.per_page)]
    body = "\n".join(_sheet(sheet, boxes, stock) for sheet in sheets)
    w, h = stock.page
    style = (
        f"@page{{size:{w}mm {h}mm;margin:0}}*{{box-sizing:border-box;margin:0}}"
        'body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;background:#ccc}'
        f".sheet{{position:relative;width:{w}mm;height:{h}mm;background:#fff;overflow:hidden;break-after:page;margin:0 auto 8mm}}"
        ".label{position:absolute;overflow:hidden}.label img{position:absolute;image-rendering:pixelated}"
        ".label p{overflow:hidden;text-overflow:ellipsis;line-height:1.25}.title{display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical}"
        ".line{white-space:nowrap}@media print{body{background:none}.sheet{margin:0}}"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(language)}">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n'
        f"<style>{style}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _sheet(items: Sequence[Label], boxes: list[Box], stock: Stock) -> str:
    return (
        '<div class="sheet">\n'
        + "\n".join(_html_label(item, box) for item, box in zip(items, boxes, strict=False))
        + "\n</div>"
    )


def _html_label(item: Label, box: Box) -> str:
    pad, s, qr = padding(box), scale(box), code_box(box)
    width = qr.x - box.x - pad - 1.0
    src = code(item.address).png_data_uri(scale=4, border=QUIET_ZONE)
    stop = f'<p style="font-size:{15 * s:.1f}pt">{html.escape(item.stop)}</p>' if item.stop else ""
    if item.heading:
        stop = f'<p class="line" style="font-size:{7 * s:.1f}pt">{html.escape(item.heading)}</p>' + stop
    lines = "".join(f'<p class="line" style="font-size:{7 * s:.1f}pt">{html.escape(line)}</p>' for line in item.lines)
    return (
        f'<div class="label" style="left:{box.x:.2f}mm;top:{box.y:.2f}mm;width:{box.w:.2f}mm;height:{box.h:.2f}mm">'
        f'<div style="position:absolute;left:{pad:.2f}mm;top:{pad:.2f}mm;width:{width:.2f}mm;bottom:{pad:.2f}mm;overflow:hidden">'
        f'{stop}<p class="title" style="font-size:{9.5 * s:.1f}pt">{html.escape(item.title)}</p>{lines}</div>'
        f'<img src="{src}" alt="{html.escape(item.address)}" style="left:{qr.x - box.x:.2f}mm;top:{qr.y - box.y:.2f}mm;width:{qr.w:.2f}mm;height:{qr.h:.2f}mm"></div>'
    )


# --- the command -------------------------------------------------------------------------


def write_sheets(
    root: Path,
    out: Path,
    options: Options,
    stocks: Sequence[str],
    exhibitions: Sequence[str] = (),
    font_file: Path | None = None,
) -> list[Path]:
    """Write a PDF and an HTML page of labels for each stock into `out`; the files written.
    Every one is made before the first is written, and each is written whole or not at all."""
    loaded = load(root, options)
    site = loaded.site
    chosen = [stock(name) for name in stocks or (site.museum.labels.stock,)]
    font = (
        find_font(font_file)
        if font_file is not None
        else museum_font(site.root, site.museum.labels.font) or find_font(None)
    )
    items = labels(site, exhibitions, loaded.strings.get(site.language))
    if not items:
        raise MuseumError.outside(
            "--exhibition" if exhibitions else "collection", _("there are no objects to make labels for")
        )
    title = _("Labels: {museum}", museum=site.museum.name)
    files = [(f"labels-{s.name}.pdf", pdf(items, s, font, title, site.today)) for s in chosen]
    files += [(f"labels-{s.name}.html", page(items, s, title, site.language).encode("utf-8")) for s in chosen]
    out.mkdir(parents=True, exist_ok=True)
    return [_write(out / name, data) for name, data in files]


def _write(path: Path, data: bytes) -> Path:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
    return path
