"""A small link checker for built sites: every local link and asset must exist."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"href", "src", "poster"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in LINK_ATTRIBUTES and value:
                self.links.append(value)


def links_of(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.links


@dataclass
class Crawl:
    """What the link checker read: the pages (paths in the site), each local link it
    followed as `page -> target file`, and the links that lead to no file."""

    pages: list[str] = field(default_factory=list)
    followed: list[tuple[str, str]] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)


def crawl(site: Path, base_path: str = "/") -> Crawl:
    """Every local link of every page in `site`, followed to its file."""
    result = Crawl()
    broken = result.broken
    for page in sorted(site.rglob("*.html")):
        here = page.relative_to(site).as_posix()
        result.pages.append(here)
        for link in links_of(page.read_text(encoding="utf-8")):
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("#"):
                continue
            path = unquote(parts.path)
            if path.startswith("/"):
                if not path.startswith(base_path):
                    broken.append(f"{here}: {link} (outside {base_path})")
                    continue
                target = path[len(base_path):]
            else:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(here), path))
            if target.startswith(".."):
                broken.append(f"{here}: {link} (leaves the site)")
                continue
            file = site / target
            if file.is_dir():
                file = file / "index.html"
            if not file.is_file():
                broken.append(f"{here}: {link}")
            else:
                result.followed.append((here, file.relative_to(site).as_posix()))
    return result


def broken_links(site: Path, base_path: str = "/") -> list[str]:
    """`page: link` for every local link in `site` that leads to no file."""
    return crawl(site, base_path).broken


def unbrowsed(pages: list[str]) -> list[str]:
    """`pages` without the pages of the collection's values (`collection/category/…`), whose
    number differs between languages: two Chinese materials may be one English word."""
    return [page for page in pages if not re.search(r"(^|/)collection/(category|period|material|tags)/", page)]
