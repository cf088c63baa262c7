"""What every schema shares: the base class, line-addressable keys, images and people."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from museumgen.messages import _

KeyPath = tuple[str | int, ...]


class Schema(BaseModel):
    model_config = ConfigDict(
        extra="allow",
        coerce_numbers_to_str=True,
        str_strip_whitespace=True,
        frozen=True,
    )

    def problems(self) -> Iterator[tuple[KeyPath, str]]:
        """Checks across fields, run after each field passed on its own.

        Kept out of pydantic's validators so that one of them failing does not hide
        the entry's other problems (missing files, unknown references).
        """
        return iter(())


# Characters no text of a museum needs: C0 controls other than tab and line ends, DEL,
# C1 controls, and lone surrogate halves (which only a YAML escape such as "\ud800" can
# make). They are invisible, XML 1.0 forbids most of them, so one in a title would make
# feed.xml unreadable to feed readers, and in a terminal some of them are commands.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def control_character(text: str) -> str | None:
    """How to name the first control character in `text` (`U+0001`), or None."""
    found = CONTROL_CHARACTERS.search(text)
    return f"U+{ord(found[0]):04X}" if found else None


# Letters that show as nothing: Hangul fillers and the blank Braille pattern.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def is_blank(text: str) -> bool:
    """Nothing a reader would see: spaces of any width, and invisible characters such as
    the zero-width space or joiner, word joiner and byte order mark (Unicode format
    characters), which `strip` keeps."""
    return all(ch.isspace() or unicodedata.category(ch) in ("Cf", "Zs", "Zl", "Zp") or ch in _BLANK_LETTERS for ch in text)


def naive(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=None)


def file_shorthand(value: Any) -> Any:
    """Let `cover: media/a.jpg` stand for `cover: {file: media/a.jpg}`."""
    return {"file": value} if isinstance(value, str) else value


def name_shorthand(value: Any) -> Any:
    """Let `curator: 王敏` stand for `curator: {name: 王敏}`."""
    return {"name": value} if isinstance(value, str) else value


def names_shorthand(value: Any) -> Any:
    """Let a list of plain names stand for a list of `{name: ...}`."""
    return [name_shorthand(item) for item in value] if isinstance(value, list) else value


def list_shorthand(value: Any) -> Any:
    """Let a single value stand for a list of one."""
    return [value] if isinstance(value, str | dict) else value


# `focus:` words, as points across and down (0 = left or top, 1 = right or bottom)
_FOCUS_WORDS = {"left": (0.0, None), "right": (1.0, None), "top": (None, 0.0), "bottom": (None, 1.0), "center": (None, None), "centre": (None, None)}
_PERCENT = re.compile(r"^(\d{1,3}(?:\.\d+)?)%$")


def parse_focus(value: str) -> tuple[float, float] | None:
    """`top`, `bottom left`, `50% 20%` … as a point (across, down), each 0–1; None if it is not one."""
    parts = value.lower().split()
    if len(parts) == 2 and all(_PERCENT.match(part) for part in parts):
        across, down = (float(part[:-1]) / 100 for part in parts)
        return (across, down) if across <= 1 and down <= 1 else None
    if not 1 <= len(parts) <= 2 or any(part not in _FOCUS_WORDS for part in parts):
        return None
    found = [_FOCUS_WORDS[part] for part in parts]
    xs = [point[0] for point in found if point[0] is not None]
    ys = [point[1] for point in found if point[1] is not None]
    if len(xs) > 1 or len(ys) > 1:  # `left right`, `top bottom`
        return None
    return (xs[0] if xs else 0.5, ys[0] if ys else 0.5)


class Image(Schema):
    """An image file with its text alternative."""

    file: str = Field(description="Path of the image, relative to this file's folder or to the museum folder.")
    alt: str | None = Field(None, description="What the image shows, for visitors who cannot see it.")
    caption: str | None = Field(None, description="Caption shown under the image.")
    credit: str | None = Field(None, description="Photographer or source, shown with the image.")
    focus: str | None = Field(
        None,
        description="The part of the image to keep when it is cropped (square thumbnails, cards, the picture"
        " shown when a page is shared): `top`, `bottom`, `left`, `right`, `center`, two of them such as"
        " `top left`, or two percentages, across then down, such as `50% 20%` (a standing figure's head)."
        " Default: the middle (a little above it for shared pictures).",
    )

    @field_validator("focus")
    @classmethod
    def _focus(cls, value: str | None) -> str | None:
        if value is None:
            return None
        point = parse_focus(value)
        if point is None:
            raise ValueError(_(
                "`{value}` is not a place in the image: write `top`, `bottom`, `left`, `right` or `center`,"
                " two of them (`top left`), or two percentages from 0% to 100%, across then down (`50% 20%`)",
                value=value,
            ))
        return f"{point[0] * 100:g}% {point[1] * 100:g}%"

    @property
    def focus_point(self) -> tuple[float, float] | None:
        return parse_focus(self.focus) if self.focus else None


# `json_schema_input_type`: what may be written, for the editors' schema (museumgen.editor).
ImageRef = Annotated[Image, BeforeValidator(file_shorthand, json_schema_input_type=str | Image)]
Slug = str


class Person(Schema):
    """A curator, expert or guide."""

    name: str = Field(description="Full name.")
    role: str | None = Field(None, description="Role, e.g. 策展人 (curator) or 金牌讲解员 (lead guide).")
    photo: ImageRef | None = Field(None, description="Portrait; the name is its alt text unless `alt` is given.")
    bio: str | None = Field(None, description="One or two sentences about the person.")


    @field_validator("name")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if is_blank(value):
            raise ValueError(_("the person's name is empty: write it"))
        return value


# The tags of a union that is either a name of an entry or a value written in place: pydantic
# puts them in an error's location, where staff never wrote them.
NAMED, IN_PLACE = "[named]", "[in place]"
Tags = Annotated[list[str], BeforeValidator(list_shorthand, json_schema_input_type=str | list[str])]


def check_web_address(value: str) -> str:
    """Only http(s) addresses become links: `javascript:` and friends never do."""
    if not re.match(r"^https?://[^\s/]+\S*$", value.strip()) or control_character(value):
        raise ValueError(_("`{value}` should be a web address starting with https:// or http://", value=value))
    return value.strip()


WebAddress = Annotated[str, BeforeValidator(lambda v: check_web_address(v) if isinstance(v, str) else v)]
