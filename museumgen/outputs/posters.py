"""Share posters: for each exhibition, object and event a 1080-pixel-wide JPEG beside its
page (`exhibitions/spring/poster.jpg`) with its cover, its title, the museum's name and a
QR code to the page, for visitors to save and send on (chat apps show a saved image
whole, where a shared link gets a small card).

A poster is drawn from a few values (`Poster`), and kept in the cache folder under a hash
of them, so an unchanged poster is never drawn again and every build writes the same bytes."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from museumgen.printed import QUIET_ZONE, Font, code, museum_font, page_address, system_font, wrapped
from museumgen.render.pages import SiteRenderer
from museumgen.site.entries import Doc, Site
from museumgen.workers import map_chunks

KINDS = ("exhibitions", "collection", "events")
WIDTH, HEIGHT = 1080, 1440
COVER_HEIGHT = 810  # 4:3 of the width
MARGIN = 72
CODE_SIDE = 300  # pixels, quiet zone included: 7 px a module for a version 4 code
VERSION = 1  # bump when the drawing changes, so cached posters are drawn again
QUALITY = 85


@dataclass(frozen=True)
class Poster:
    title: str
    museum: str
    hint: str  # "long-press to open", in the page's language
    address: str
    colour: str  # behind a poster without a cover
    cover: str | None  # the cover's source file
    cover_key: str  # its content hash, with the focus
    focus: tuple[float, float]
    font: str  # the font's key

    def key(self) -> str:
        parts = (
            VERSION,
            self.title,
            self.museum,
            self.hint,
            self.address,
            self.colour,
            self.cover_key,
            self.focus,
            self.font,
        )  # not the cover's path: its hash
        return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


def wanted(site: Site) -> bool:
    """With a `base_url` (the code needs a full address) and a font that draws Chinese:
    museum.yaml's `labels.font` (an error if it cannot), else the system's."""
    return (
        bool(site.museum.base_url)
        and bool(docs(site))
        and (bool(site.museum.labels.font) or system_font() is not None)
    )


def docs(site: Site) -> list[Doc]:
    """The entries with a poster, as museum.yaml's `posters` chooses."""
    chosen = site.museum.posters
    if chosen == "none":
        return []
    return [doc for kind in KINDS for doc in site.entries.get(kind, []) if _has_poster(doc, chosen)]


def _has_poster(doc: Doc, chosen: str) -> bool:
    # Objects can be thousands: by default only the highlights, which visitors share most.
    return doc.kind != "collection" or chosen == "all" or bool(getattr(doc.entry, "featured", False))


def path(doc: Doc) -> str:
    return f"{doc.path}poster.jpg"


def paths(site: Site) -> list[str]:
    return [path(doc) for doc in docs(site)]


def poster_path(site: Site) -> Callable[[Doc], str | None]:
    """For templates: the path of a doc's poster, if it has one. Whether the site has
    posters is worked out once, not on each of the thousands of pages that ask."""
    if not wanted(site):
        return lambda doc: None
    chosen = site.museum.posters
    return lambda doc: path(doc) if doc.kind in KINDS and _has_poster(doc, chosen) else None


def made(pages: SiteRenderer) -> list[tuple[str, bytes]]:
    site = pages.site
    font = museum_font(site.root, site.museum.labels.font)
    assert font is not None  # see `wanted`
    hint = pages.strings.get("poster_hint", "")
    chosen, folder = docs(site), pages.cache / "posters"
    wanted_posters = [poster(doc, site, hint, font) for doc in chosen]
    missing = [p for p in wanted_posters if not (folder / f"{p.key()}.jpg").is_file()]
    # Drawing takes about 0.1 s a poster: spread over the cores, each worker keeping its own in the cache.
    map_chunks(lambda indexes: [cached(missing[i], font, folder) and None for i in indexes], len(missing), min_items=8)
    return [(path(doc), cached(made, font, folder)) for doc, made in zip(chosen, wanted_posters, strict=True)]


def poster(doc: Doc, site: Site, hint: str, font: Font) -> Poster:
    base_url = site.museum.base_url or ""
    figure = doc.cover
    image = site.images.get(figure.url) if figure is not None else None
    source, key, focus = (
        (str(image[0].source), image[1].key, image[1].focus or (0.5, 0.5)) if image else (None, "", (0.5, 0.5))
    )
    return Poster(
        doc.title,
        site.museum.name,
        hint,
        page_address(base_url, doc.path),
        site.museum.colors.primary,
        source,
        key,
        focus,
        font.key(),
    )


def cached(poster: Poster, font: Font, folder: Path) -> bytes:
    """The poster's JPEG from the cache, drawn and kept there first when it is not."""
    file = folder / f"{poster.key()}.jpg"
    if file.is_file():
        return file.read_bytes()
    data = draw(poster, font)
    folder.mkdir(parents=True, exist_ok=True)
    # A name of its own: builds of a network's museums, in this process or others, may
    # draw the same poster at once into the one cache.
    handle, temporary = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=folder)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, file)
    return data


def draw(poster: Poster, font: Font) -> bytes:
    canvas = Image.new("RGB", (WIDTH, HEIGHT), "white")
    canvas.paste(_cover(poster), (0, 0))
    pen = ImageDraw.Draw(canvas)
    # The museum's colour under the photograph.
    pen.rectangle((0, COVER_HEIGHT, WIDTH, COVER_HEIGHT + 12), fill=poster.colour)
    title_font = _face(font, bold=True, size=64)
    lines = wrapped(poster.title, WIDTH - 2 * MARGIN, lambda text: pen.textlength(text, font=title_font), 2)
    y = COVER_HEIGHT + 56
    for line in lines:
        pen.text((MARGIN, y), line, font=title_font, fill="#1a1a1a")
        y += 84
    qr = _code_image(poster.address)
    top = HEIGHT - MARGIN // 2 - qr.height
    canvas.paste(qr, (WIDTH - MARGIN + 28 - qr.width, top))  # its white quiet zone takes the place of a margin
    text_width = WIDTH - 2 * MARGIN - qr.width
    name_font, hint_font = _face(font, bold=False, size=40), _face(font, bold=False, size=30)
    for index, line in enumerate(
        wrapped(poster.museum, text_width, lambda text: pen.textlength(text, font=name_font), 2)
    ):
        pen.text((MARGIN, top + 60 + 52 * index), line, font=name_font, fill="#1a1a1a")
    pen.text(
        (MARGIN, top + qr.height - 110),
        wrapped(poster.hint, text_width, lambda text: pen.textlength(text, font=hint_font), 1)[0],
        font=hint_font,
        fill="#555555",
    )
    buffer = io.BytesIO()
    canvas.save(buffer, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


def _code_image(address: str) -> Image.Image:
    """The code in whole pixels a module (sharp edges decode best), about `CODE_SIDE` wide."""
    rows = [bytes(0 if dark else 255 for dark in row) for row in code(address).matrix_iter(border=QUIET_ZONE)]
    modules = Image.frombytes("L", (len(rows), len(rows)), b"".join(rows))
    unit = max(CODE_SIDE // len(rows), 4)
    return modules.resize((len(rows) * unit, len(rows) * unit), Image.Resampling.NEAREST).convert("RGB")


def _cover(poster: Poster) -> Image.Image:
    if poster.cover is None:
        return Image.new("RGB", (WIDTH, COVER_HEIGHT), poster.colour)
    with Image.open(poster.cover) as source:
        source.draft("RGB", (WIDTH, COVER_HEIGHT))  # a JPEG decodes at the smallest scale that is large enough
        image = ImageOps.exif_transpose(source).convert("RGB")
    return ImageOps.fit(image, (WIDTH, COVER_HEIGHT), Image.Resampling.LANCZOS, centering=poster.focus)


@cache
def _face(font: Font, bold: bool, size: int) -> ImageFont.FreeTypeFont:
    bolder = font.path.with_name(font.path.name.replace("Regular", "Bold"))
    file = bolder if bold and bolder != font.path and bolder.is_file() else font.path
    return ImageFont.truetype(str(file), size, index=font.number)
