"""Markdown bodies to safe HTML.

Content comes from volunteers and pull requests, so it is untrusted. The policy:
CommonMark (plus tables and strikethrough) is rendered with raw HTML allowed, then the
result is cleaned by nh3 (the ammonia sanitiser) against an allowlist of harmless tags
and attributes. Scripts, styles, event handlers, iframes, forms and every URL scheme but
http, https, mailto and tel are removed. Links to other content files (`../collection/x.md`)
become links to their pages; images get their published address, their size, and a
<picture> of the sizes and formats the image pipeline made.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from museumgen.errors import Report
from museumgen.images import Plan, Variant

# HTML5 tags and attributes only: obsolete ones (center, tt, align …) would make pages invalid.
ALLOWED_TAGS = (nh3.ALLOWED_TAGS - {"acronym", "area", "center", "map", "strike", "tt"}) | {"picture", "source"}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "hreflang", "title"},
    "abbr": {"title"},
    "bdo": {"dir"},
    "blockquote": {"cite"},
    "col": {"span"},
    "colgroup": {"span"},
    "data": {"value"},
    "del": {"cite", "datetime"},
    "img": {"alt", "decoding", "height", "loading", "sizes", "src", "srcset", "title", "width"},
    "source": {"media", "sizes", "srcset", "type"},  # inside <picture> only: no `src`, no audio or video
    "ins": {"cite", "datetime"},
    "ol": {"reversed", "start"},
    "q": {"cite"},
    "td": {"colspan", "headers", "rowspan"},
    "th": {"colspan", "headers", "rowspan", "scope"},
    "time": {"datetime"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
BODY_IMAGE_SIZES = "(min-width: 720px) 688px, 100vw"  # the width of the text column


@dataclass(frozen=True)
class PublishedImage:
    url: str  # site path of the source, e.g. "media/collection/a.jpg"
    width: int
    height: int
    plan: Plan | None = None  # its derivatives; None when it is published as it is


# (target written in the Markdown, file it appears in) -> site path of a page, or None
LinkResolver = Callable[[str, str], "str | None"]
# (src, file it appears in, line) -> published image, or None after reporting why
ImageResolver = Callable[[str, str, int], "PublishedImage | None"]


@dataclass(frozen=True)
class Rendered:
    html: str
    summary: str  # plain text of the first paragraph


class MarkdownRenderer:
    def __init__(self) -> None:
        self._md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
        self._md.add_render_rule("image", _render_image)

    def render(
        self,
        body: str,
        rel: str,
        body_line: int,
        relative_url: Callable[[str], str],
        resolve_link: LinkResolver,
        resolve_image: ImageResolver,
        report: Report,
    ) -> Rendered:
        """Render `body` from file `rel` for the page whose links `relative_url` makes."""
        tokens = self._md.parse(body)
        summary = ""
        for index, block in enumerate(tokens):
            if block.type != "inline" or not block.children:
                continue
            line = body_line + (block.map[0] if block.map else 0)
            if not summary and index > 0 and tokens[index - 1].type == "paragraph_open":
                summary = _plain_text(block.children)
            for token in block.children:
                if token.type == "link_open":
                    _rewrite_link(token, rel, line, relative_url, resolve_link, report)
                elif token.type == "image":
                    _rewrite_image(token, rel, line, relative_url, resolve_image, report)
        html = self._md.renderer.render(tokens, self._md.options, {})
        clean = nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel=None,
            strip_comments=True,
        )
        return Rendered(clean, summary)


def _plain_text(children: list[Token]) -> str:
    return "".join(t.content for t in children if t.type in ("text", "code_inline")).strip()


def is_local(target: str) -> bool:
    """True for a path inside the museum folder, False for a web address or a fragment."""
    parts = urlsplit(target)
    return not (parts.scheme or parts.netloc or target.startswith(("#", "/")) or not parts.path)


def _rewrite_link(
    token: Token,
    rel: str,
    line: int,
    relative_url: Callable[[str], str],
    resolve_link: LinkResolver,
    report: Report,
) -> None:
    href = str(token.attrGet("href") or "")
    if not is_local(href):
        return
    parts = urlsplit(href)
    if not parts.path.lower().endswith((".md", ".markdown", ".yaml", ".yml")):
        return
    page = resolve_link(unquote(parts.path), rel)
    if page is None:
        report.error(rel, line, f"link to `{href}`: there is no such content file, or it is a draft")
        return
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    token.attrSet("href", relative_url(page) + fragment)


def _rewrite_image(
    token: Token,
    rel: str,
    line: int,
    relative_url: Callable[[str], str],
    resolve_image: ImageResolver,
    report: Report,
) -> None:
    src = str(token.attrGet("src") or "")
    if not _plain_text(token.children or []):
        report.warning(rel, line, f"image `{src}` has no alt text: write it inside the brackets, `![what it shows]({src})`")
    if not is_local(src):
        return
    published = resolve_image(unquote(src), rel, line)
    if published is None:
        return
    token.attrSet("width", str(published.width))
    token.attrSet("height", str(published.height))
    if published.plan is None:
        token.attrSet("src", relative_url(published.url))
    else:  # every width of every format; the browser picks by format support and page width
        *modern, fallback = published.plan.responsive.items()

        def srcset(variants: Iterable[Variant]) -> str:
            return ", ".join(f"{relative_url(v.path)} {v.width}w" for v in variants)

        token.attrSet("src", relative_url(fallback[1][(len(fallback[1]) - 1) // 2].path))
        token.attrSet("srcset", srcset(fallback[1]))
        token.attrSet("sizes", BODY_IMAGE_SIZES)
        token.meta["sources"] = [(mime, srcset(variants)) for mime, variants in modern]
    token.attrSet("loading", "lazy")
    token.attrSet("decoding", "async")


def _render_image(self: RendererHTML, tokens: Sequence[Token], index: int, options: OptionsDict, env: EnvType) -> str:
    """An image, wrapped in <picture> with a <source> per modern format when it has them."""
    img = self.image(tokens, index, options, env)
    sources = tokens[index].meta.get("sources")
    if not sources:
        return img
    return (
        "<picture>"
        + "".join(f'<source type="{mime}" srcset="{escapeHtml(srcset)}" sizes="{BODY_IMAGE_SIZES}">' for mime, srcset in sources)
        + img
        + "</picture>"
    )


def join_relative(base_rel: str, target: str) -> str:
    """`target` written in file `base_rel`, as a normalised path from the museum folder."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_rel), target))
