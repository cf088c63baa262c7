"""Markdown bodies to safe HTML.

Content comes from volunteers and pull requests, so it is untrusted. The policy:
CommonMark (plus tables and strikethrough) is rendered with raw HTML allowed, then the
result is cleaned by nh3 (the ammonia sanitiser) against an allowlist of harmless tags
and attributes. Scripts, styles, event handlers, iframes, forms and every URL scheme but
http, https, mailto and tel are removed, and each tag removed is said, not dropped silently.
Links to other content files (`../collection/x.md`) become links to their pages; links to
other local files (`../media/docs/预约表.pdf`) and the sources of raw `<img>`, `<audio>`,
`<video>`, `<source>` and `<track>` tags are found and published; images get their
published address, their size, and a <picture> of the sizes and formats the image
pipeline made. What pages would load from other websites is warned about: a page should
work without them, and visitors' addresses should not be shown to other hosts.
"""

from __future__ import annotations

import html as html_text
import posixpath
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from museumgen.errors import Report
from museumgen.images import Plan, Variant
from museumgen.messages import _

# HTML5 tags and attributes only: obsolete ones (center, tt, align …) would make pages invalid.
# Audio and video play from files of the museum's own, with the browser's controls.
ALLOWED_TAGS = (nh3.ALLOWED_TAGS - {"acronym", "area", "center", "map", "strike", "tt"}) | {"picture", "source", "audio", "video", "track"}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "hreflang", "title"},
    "abbr": {"title"},
    "audio": {"loop", "muted", "preload", "src"},
    "bdo": {"dir"},
    "blockquote": {"cite"},
    "col": {"span"},
    "colgroup": {"span"},
    "data": {"value"},
    "del": {"cite", "datetime"},
    "img": {"alt", "decoding", "height", "loading", "sizes", "src", "srcset", "title", "width"},
    # `src` for audio and video; inside <picture> it is removed before (see `_rewrite_html`)
    "source": {"media", "sizes", "src", "srcset", "type"},
    "ins": {"cite", "datetime"},
    "ol": {"reversed", "start"},
    "q": {"cite"},
    "td": {"colspan", "headers", "rowspan"},
    "th": {"colspan", "headers", "rowspan", "scope"},
    "time": {"datetime"},
    "track": {"default", "kind", "label", "src", "srclang"},
    "video": {"height", "loop", "muted", "playsinline", "poster", "preload", "src", "width"},
}
# Always shown with the browser's controls: without them there is nothing to press, and no autoplay.
SET_ATTRIBUTES = {"audio": {"controls": ""}, "video": {"controls": ""}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
BODY_IMAGE_SIZES = "(min-width: 720px) 688px, 100vw"  # the width of the text column
CONTENT_SUFFIXES = (".md", ".markdown", ".yaml", ".yml")


@dataclass(frozen=True)
class PublishedImage:
    url: str  # site path of the source, e.g. "media/collection/a.jpg"
    width: int
    height: int
    plan: Plan | None = None  # its derivatives; None when it is published as it is


# (target written in the Markdown, file it appears in) -> site path of a page, or None;
# "" for a file left out with errors of its own, which are not reported again
LinkResolver = Callable[[str, str], "str | None"]
# (src, file it appears in, line) -> published image, or None after reporting why
ImageResolver = Callable[[str, str, int], "PublishedImage | None"]
# (path, file it appears in, line, use) -> site path of the file, published as it is, or
# None after reporting why. The use is one of `FILE_USES`: it says which types may be named.
FileResolver = Callable[[str, str, int, str], "str | None"]
FILE_USES = ("link", "image", "media", "captions")
# The addresses of raw HTML that name files, and what each file is for.
_ADDRESSES = {
    ("a", "href"): "link",
    ("img", "src"): "image",
    ("video", "poster"): "image",
    ("audio", "src"): "media",
    ("video", "src"): "media",
    ("source", "src"): "media",
    ("track", "src"): "captions",
}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*(/?)>")
_ATTRIBUTE = re.compile(r"\s+([^\s=>/]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_FRAMES = {"iframe", "embed", "object", "frame", "frameset"}


@dataclass(frozen=True)
class Rendered:
    html: str
    summary: str  # plain text of the first paragraph


@dataclass
class _Page:
    """What rewriting the addresses of one body needs."""

    rel: str  # the content file
    relative_url: Callable[[str], str]
    resolve_link: LinkResolver
    resolve_image: ImageResolver
    resolve_file: FileResolver | None
    report: Report
    open: list[str] = field(default_factory=list)  # the raw <picture>, <audio> and <video> tags we are in


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
        resolve_file: FileResolver | None = None,
    ) -> Rendered:
        """Render `body` from file `rel` for the page whose links `relative_url` makes.
        Without `resolve_file`, local files other than content and images are not looked for."""
        tokens = self._md.parse(body)
        page = _Page(rel, relative_url, resolve_link, resolve_image, resolve_file, report)
        summary = ""
        for index, block in enumerate(tokens):
            line = body_line + (block.map[0] if block.map else 0)
            if block.type == "html_block":
                block.content = _rewrite_html(block.content, line, page)
            if block.type != "inline" or not block.children:
                continue
            if not summary and index > 0 and tokens[index - 1].type == "paragraph_open":
                summary = _plain_text(block.children)
            _report_full_width_links(block.content, line, page)
            for token in block.children:
                if token.type == "link_open":
                    _rewrite_link(token, line, page)
                elif token.type == "image":
                    _rewrite_image(token, line, page)
                elif token.type == "html_inline":
                    token.content = _rewrite_html(token.content, line, page)
                elif token.type in ("softbreak", "hardbreak"):
                    line += 1
        html = self._md.renderer.render(tokens, self._md.options, {})
        clean = nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            set_tag_attribute_values=SET_ATTRIBUTES,
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


def is_remote(target: str) -> bool:
    """True for an address on another website (`https://…`, `//host/…`)."""
    parts = urlsplit(target.strip())
    return parts.scheme.lower() in ("http", "https") or (not parts.scheme and bool(parts.netloc))


def _local_address(target: str, line: int, use: str, page: _Page) -> str | None:
    """The address in the site of a local `target` (a path with a file name), written on
    `line`; the target itself when it is not a local file; None when it names nothing."""
    parts = urlsplit(target)
    path = unquote(parts.path)
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    if use == "link" and path.lower().endswith(CONTENT_SUFFIXES):
        found = page.resolve_link(path, page.rel)
        if found == "":
            return None
        if found is None:
            # Markdown percent-encodes link targets: show the name as staff wrote it
            page.report.error(page.rel, line, _("link to `{target}`: there is no such content file, or it is a draft", target=unquote(target)))
            return None
        return page.relative_url(found) + fragment
    if use == "link" and not posixpath.splitext(path)[1]:
        found = page.resolve_link(path.rstrip("/") + ".md", page.rel) if path.strip("./") else None
        return page.relative_url(found) + fragment if found else target  # `../collection/qx-0001`, its `.md` left out
    if page.resolve_file is None:
        return target
    published = page.resolve_file(path, page.rel, line, use)
    return page.relative_url(published) + fragment if published is not None else None


def _rewrite_link(token: Token, line: int, page: _Page) -> None:
    href = str(token.attrGet("href") or "")
    if not is_local(href):
        return
    address = _local_address(href, line, "link", page)
    if address is not None:
        token.attrSet("href", address)


def _rewrite_image(token: Token, line: int, page: _Page) -> None:
    src = str(token.attrGet("src") or "")
    if not _plain_text(token.children or []):
        page.report.warning(page.rel, line, _("image `{src}` has no alt text: write it inside the brackets, `![what it shows]({src})`", src=unquote(src)))
    if is_remote(src):
        page.report.warning(page.rel, line, _remote(src))
    if not is_local(src):
        return
    published = page.resolve_image(unquote(src), page.rel, line)
    if published is None:
        return
    relative_url = page.relative_url
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


# Links and images typed with a Chinese input method's punctuation, which Markdown does not see.
_FULL_WIDTH_LINKS = (
    (re.compile(r"!?\[[^\]\n]*\][（(][^）)\n]*）|!?\[[^\]\n]*\]（"), "（ ）", "( )"),
    (re.compile(r"【[^】\n]*】[（(]"), "【 】", "[ ]"),
    (re.compile(r"！\[[^\]\n]*\]\("), "！", "!"),
)


def _report_full_width_links(text: str, line: int, page: _Page) -> None:
    for pattern, wrong, right in _FULL_WIDTH_LINKS:
        for found in pattern.finditer(text):
            here = line + text.count("\n", 0, found.start())
            page.report.warning(page.rel, here, _("`{text}` has full-width `{wrong}`, which Markdown does not read as part of a link or image: type `{right}` instead", text=found[0], wrong=wrong, right=right))


def _remote(address: str) -> str:
    return _("`{address}` is loaded from another website: pages should load nothing from other sites (it may change, vanish or track visitors); copy the file into `media/` and write its path instead", address=address)


def _rewrite_html(raw: str, line: int, page: _Page) -> str:
    """Raw HTML written in a body, with the files its tags name found and published (see
    `_ADDRESSES`), addresses on other websites warned about, and every tag the sanitiser
    will remove said so."""
    said: set[str] = set()

    def tag(found: re.Match[str]) -> str:
        closing, name, attributes, self_closing = found[1], found[2].lower(), found[3], found[4]
        here = line + raw.count("\n", 0, found.start())
        if closing:
            if name in page.open:
                del page.open[len(page.open) - 1 - page.open[::-1].index(name)]
            return found[0]
        if name not in ALLOWED_TAGS:
            if name not in said:
                said.add(name)
                page.report.warning(page.rel, here, _removed(name))
            return found[0]
        kept = [_rewrite_attribute(name, attribute, value, here, page) for attribute, value in _ATTRIBUTE.findall(attributes)]
        if name in ("picture", "audio", "video") and not self_closing:
            page.open.append(name)
        return f"<{name}" + "".join(part for part in kept if part) + f"{' /' if self_closing else ''}>"

    return _TAG.sub(tag, raw)


def _rewrite_attribute(name: str, attribute: str, value: str, line: int, page: _Page) -> str:
    """One attribute of a raw tag, as it is kept: with the published address of the file
    it names, or removed (empty) when that file is not there (which is reported)."""
    attribute = attribute.lower()
    text = html_text.unescape(value[1:-1] if value[:1] in ('"', "'") else value)
    use = _ADDRESSES.get((name, attribute))
    if name == "source" and attribute == "src" and page.open[-1:] == ["picture"]:
        return ""  # a picture's sources name images by `srcset` only
    if attribute == "srcset" and any(is_remote(part.split()[0]) for part in text.split(",") if part.strip()):
        page.report.warning(page.rel, line, _remote(text))
    if use is not None and is_remote(text) and use != "link":
        page.report.warning(page.rel, line, _remote(text))
    if use is not None and is_local(text):
        address = _local_address(text, line, use, page)
        if address is None:
            return ""
        text = address
    if not value:
        return f" {attribute}"
    return f' {attribute}="{escapeHtml(text)}"'


def _removed(tag: str) -> str:
    if tag in _FRAMES:
        return _("`<{tag}>` is removed: pages do not show other websites inside them; link to the page instead, `[what it is](https://…)`", tag=tag)
    if tag == "script":
        return _("`<script>` is removed: content cannot run programs in the museum's pages")
    return _("`<{tag}>` is removed: it is not among the HTML tags content may use (see docs/content.md)", tag=tag)


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
