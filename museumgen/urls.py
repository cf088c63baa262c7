"""Where each page lives, and links between pages.

Site paths are relative to the site root: `""` is the home page, `exhibitions/` a
section, `exhibitions/spring/` a page, `media/a.jpg` a file. Links in pages are written
relative to the page they are on, so one build works at the root of a domain, under a
sub-path such as `/qingxi/`, and (with `directory_urls: false`) opened from disk.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

# Bytes in one file or folder name: the most Linux, macOS and Windows file systems allow.
NAME_MAX = 255


# Names Windows keeps for devices, with any extension: such files cannot be checked out
# or opened there, and some hosts refuse them. Windows counts the superscript digits
# ¹ ² ³ as digits here too, and keeps the console's own CONIN$ and CONOUT$.
_PORT_NUMBERS = (*"0123456789", "\u00b9", "\u00b2", "\u00b3")
_WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$", *(f"{port}{n}" for port in ("com", "lpt") for n in _PORT_NUMBERS)}
)


def unusable_on_windows(name: str) -> bool:
    """A file name Windows cannot have: a device name (`CON`, `aux.jpg`) or one ending in `.` or a space."""
    return name.split(".")[0].strip().lower() in _WINDOWS_DEVICES or name.endswith((".", " "))


def output_file(path: str) -> str:
    """The file that serves site path `path`."""
    return f"{path}index.html" if path == "" or path.endswith("/") else path


# Pages a host or the service worker serves at any address (a missing page, a page not
# saved for offline use): their links start at the site's root.
SERVED_ANYWHERE = ("404.html", "offline.html")


def served_anywhere(path: str) -> bool:
    return path.rsplit("/", 1)[-1] in SERVED_ANYWHERE


def relative(from_path: str, to_path: str, directory_urls: bool = True) -> str:
    """A link from the page at `from_path` to `to_path`, percent-encoded."""
    depth = from_path.count("/")
    target = to_path if directory_urls else output_file(to_path) if _is_page(to_path) else to_path
    link = "../" * depth + _quoted(target)
    return link or "./"


# Characters a link keeps as they are (`quote` always keeps letters, digits and `_.-~`).
_KEPT = "/#?=&.-_~"
_ALL_KEPT = re.compile(r"[A-Za-z0-9/#?=&._~-]*").fullmatch


def _quoted(path: str) -> str:
    """`path` percent-encoded; most paths have nothing to encode, and are not encoded again."""
    return str(path) if _ALL_KEPT(path) else quote(path, safe=_KEPT)


def _is_page(path: str) -> bool:
    return path == "" or path.endswith("/")


def base_path(base_url: str | None) -> str:
    """The path part of `base_url` (`/qingxi/`), or `/` when there is none."""
    if not base_url:
        return "/"
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"


def absolute(base_url: str | None, path: str) -> str | None:
    """The full address of `path` when the site's `base_url` is known."""
    return f"{base_url}{_quoted(path)}" if base_url else None
