"""A collection file written from an item's values, in the form of the example museum.

The same values always give the same bytes. Every value reads back as exactly the text
it was: it is written plain only when no YAML reader could take it for anything else,
and double-quoted otherwise (`"[特展]"`, `"#1f"`, `"00123"`, `"yes"`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any


def render(data: Mapping[str, Any], body: str) -> bytes:
    """A collection file as staff would write it: front matter in `data`'s order, then the description."""
    lines = ["---"]
    for key, value in data.items():
        lines.extend(_yaml_lines(key, value))
    lines.append("---")
    text = "\n".join(lines) + "\n"
    if body:
        text += body.rstrip() + "\n"
    return text.encode("utf-8")


def _yaml_lines(key: str, value: Any) -> list[str]:
    if key == "images":
        lines = [f"{key}:"]
        for image in value:
            lines.append(f"  - file: {scalar(image['file'])}")
            lines.append(f"    alt: {scalar(image['alt'])}")
        return lines
    if isinstance(value, list):
        return [f"{key}: [{', '.join(scalar(item, flow=True) for item in value)}]"]
    if isinstance(value, bool):
        return [f"{key}: {'true' if value else 'false'}"]
    if isinstance(value, int):
        return [f"{key}: {value}"]
    return [f"{key}: {scalar(value)}"]


# Plain scalars are written only when they could not be read as anything else, by
# museumgen or by another YAML reader (YAML 1.1 reads `yes`, `00123` and `2001-05-03`).
_RISKY_START = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\d.+~]|^\s|\s$")
_RISKY_INSIDE = re.compile(r": |:$| #|\t|\n")
# Plain, these read as a list typed with full-width brackets: museumgen says so (see
# content/parse.py), so a value that is meant as it is goes in quotes.
_LIST_LOOKALIKE = re.compile(r"^[［【].*[］】]$")


def scalar(text: str, flow: bool = False) -> str:
    """`text` as a YAML value that reads back as exactly `text`: plain when safe, else double-quoted."""
    plain = bool(text) and not _RISKY_START.search(text) and not _RISKY_INSIDE.search(text) and not _LIST_LOOKALIKE.match(text)
    if plain and flow:  # a full-width comma in a plain list item reads as a mistake: quoted, it is meant
        plain = not re.search(r"[,:\[\]{}，、]", text)
    if plain:
        plain = text.casefold() not in ("true", "false", "yes", "no", "on", "off", "y", "n", "null", "~")
    return text if plain else json.dumps(text, ensure_ascii=False)
