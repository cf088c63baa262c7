"""What the gallery labels (`labels`) and the share posters (`outputs.posters`) share: the
address a code leads to, the code itself, and a font that has Chinese glyphs.

Codes stay small when addresses are short and plain ASCII: a page's path is
percent-encoded (scanners read raw Chinese without ECI as mojibake), and error correction
M survives a smudged or curved label. Noto CJK (Debian `fonts-noto-cjk`) comes as font
collections; the font is taken by its file and its number in the collection."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote

import segno
from fontTools.ttLib import TTCollection, TTFont

from museumgen.errors import Diagnostic, MuseumError
from museumgen.messages import _

QUIET_ZONE = 4  # modules of white around a code, as the standard asks
ERROR = "m"
CHINESE_SAMPLE = "博物馆展品年代"  # a font that draws these draws a label's Chinese

# Simplified Chinese faces of Noto CJK as Debian, Fedora and Homebrew install them: (file, number in the collection).
SYSTEM_FONTS = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/opt/homebrew/share/fonts/NotoSansCJK-Regular.ttc", 2),
)


def page_address(base_url: str, path: str) -> str:
    """The full address of a site path, percent-encoded so the code holds only ASCII."""
    return base_url + quote(path, safe="/")


def code(address: str) -> segno.QRCode:
    return segno.make(address, error=ERROR, micro=False, boost_error=True)


@dataclass(frozen=True)
class Font:
    path: Path
    number: int = 0  # in a collection (.ttc); 0 for a single font

    def key(self) -> str:
        return _font_key(self)


@cache
def _font_key(font: Font) -> str:
    """What changes when the font does, for caches: its file's size and start (read once a process)."""
    with font.path.open("rb") as file:
        head = file.read(65536)
    return hashlib.sha256(f"{font.path.stat().st_size}|{font.number}|".encode() + head).hexdigest()[:16]


@cache
def system_font() -> Font | None:
    """The first CJK font of the system, if there is one."""
    return next((Font(Path(path), number) for path, number in SYSTEM_FONTS if Path(path).is_file()), None)


def find_font(named: Path | None, where: str = "--font") -> Font:
    """The font `named` (a file the museum gives), else the first system CJK font found;
    an error located at `where` (an option, or `museum.yaml`) when there is none or it
    cannot draw Chinese."""
    if named is None:
        found = system_font()
        if found is None:
            raise MuseumError.outside(
                where,
                _(
                    "no font with Chinese glyphs was found: install Noto CJK (Debian: fonts-noto-cjk) or name a font file with --font"
                ),
            )
        return found
    if not named.is_file():
        raise _problem(where, _("there is no font file `{path}`", path=named.as_posix()))
    font = Font(named, _chinese_face(named))
    if font.number < 0:
        raise MuseumError.outside(
            where,
            _("the font `{path}` has no Chinese glyphs: name a CJK font such as Noto Sans CJK", path=named.as_posix()),
        )
    return font


def _problem(where: str, message: str) -> MuseumError:
    if where == "museum.yaml":  # a file of the museum folder, not an option
        return MuseumError([Diagnostic(where, 0, _("`labels.font`: {problem}", problem=message))])
    return MuseumError.outside(where, message)


def museum_font(site_root: Path, named: str | None) -> Font | None:
    """The font museum.yaml names (`labels.font`, in the museum folder or a full path), else the system's."""
    return find_font(site_root / named, "museum.yaml") if named else system_font()


def _chinese_face(path: Path) -> int:
    """The number of the first face in the file that draws Chinese; -1 if none does (or it is no font)."""
    try:
        faces = (
            TTCollection(str(path)).fonts if path.suffix.lower() in (".ttc", ".otc") else [TTFont(str(path), lazy=True)]
        )
    except Exception:  # fontTools raises many kinds for a file that is no font
        return -1
    try:
        drawing = [
            number
            for number, face in enumerate(faces)
            if all(ord(c) in (face.getBestCmap() or {}) for c in CHINESE_SAMPLE)
        ]
        simplified = [number for number in drawing if " SC" in str(faces[number]["name"].getDebugName(1) or "")]
    finally:
        for face in faces:
            face.close()
    return (simplified or drawing or [-1])[0]  # in a collection, the Simplified Chinese face (its glyph shapes)


def wrapped(text: str, width: float, measure: Callable[[str], float], most: int) -> list[str]:
    """`text` in lines no wider than `width`, at most `most` of them (the last cut with "…").
    Chinese breaks between any characters; other text between words where it can."""
    lines: list[str] = []
    line = ""
    for char in text:
        if measure(line + char) <= width or not line:
            line += char
            continue
        cut = line.rfind(" ")
        if cut > 0 and char != " " and line[cut + 1 :].isascii():
            lines.append(line[:cut])
            line = line[cut + 1 :] + char
        else:
            lines.append(line)
            line = char.lstrip()
    lines.append(line)
    if len(lines) > most:
        last = lines[most - 1]
        while last and measure(last + "…") > width:
            last = last[:-1]
        lines = [*lines[: most - 1], last + "…"]
    return [line.strip() for line in lines]
