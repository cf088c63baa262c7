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

import bisect
import html as html_text
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

import nh3
import pyromark

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


_NEWLINE = re.compile(b"\n")
# CommonMark with tables and strikethrough, as GitHub and most editors show Markdown.
_OPTIONS = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH


@dataclass
class _Edit:
    """A part of the body's source written again before it is rendered: a link or image
    as the HTML it stands for, with its published address, or raw HTML with its files'."""

    start: int  # byte offsets in the UTF-8 source
    end: int
    make: Callable[[str], str]  # from the source of what it holds (a link's text) to its replacement
    inner: tuple[int, int] | None = None  # what it holds, rendered as Markdown


class MarkdownRenderer:
    """Renders with pulldown-cmark (through pyromark), a CommonMark parser in Rust.

    Its events carry the byte range of what they were read from, which gives every link,
    image and raw tag its line. Those whose addresses change are written again in the
    source as the HTML they stand for (Markdown passes raw HTML through), and the whole
    body is then rendered once and sanitised once (docs/decisions.md says why)."""

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
        page = _Page(rel, relative_url, resolve_link, resolve_image, resolve_file, report)
        source = body.encode()

        newlines: list[int] = []  # where each line ends, found when a first line is asked for

        def line_at(offset: int) -> int:  # asked only for links, images and raw tags
            if not newlines:
                newlines.extend(found.start() for found in _NEWLINE.finditer(source))
                newlines.append(len(source))
            return body_line + bisect.bisect_left(newlines, offset)

        edits, summary, code = _read(pyromark.events_with_range(body, options=_OPTIONS), source, line_at, page)
        _report_full_width_links(body, code, line_at, page)
        rewritten = _apply(source, edits, 0, len(source)).decode() if edits else body
        html = pyromark.html(rewritten, options=_OPTIONS)
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


def _read(events: Iterable[Any], source: bytes, line_at: Callable[[int], int], page: _Page) -> tuple[list[_Edit], str, list[tuple[int, int]]]:
    """The edits a body needs, the plain text of its first paragraph, and the byte ranges
    of its code (where nothing is a link)."""
    edits: list[_Edit] = []
    code: list[tuple[int, int]] = []
    summary: list[str] | None = None  # collecting while inside the first paragraph
    summary_done = False
    open_links: list[tuple[dict[str, Any], dict[str, int], list[tuple[int, int]], list[str]]] = []
    for event, span in events:
        if isinstance(event, dict):
            (name, value), = event.items()
        else:
            name, value = event, None
        if open_links and name not in ("End",):
            open_links[-1][2].append((span["start"], span["end"]))
        if name == "Start":
            kind = value if isinstance(value, str) else next(iter(value))
            if kind == "Paragraph" and not summary_done and summary is None:
                summary = []
            elif kind in ("Link", "Image"):
                open_links.append(({"kind": kind, **value[kind]}, span, [], []))
            elif kind == "CodeBlock":
                code.append((span["start"], span["end"]))
        elif name == "End":
            kind = value if isinstance(value, str) else next(iter(value))
            if kind == "Paragraph" and summary is not None and not summary_done:
                summary_done = True
            elif kind in ("Link", "Image") and open_links:
                attributes, own, children, text = open_links.pop()
                edit = _link_edit(attributes, own, children, "".join(text), line_at(own["start"]), page)
                if edit is not None:
                    edits.append(edit)
                if open_links:  # an image inside a link's text: the link holds its source
                    open_links[-1][2].append((own["start"], own["end"]))
                    open_links[-1][3].append("".join(text))
        elif name in ("Text", "Code"):
            if summary is not None and not summary_done and not any(held[0]["kind"] == "Image" for held in open_links):
                summary.append(value)  # an image's alt text describes the image, not the text
            if open_links:
                open_links[-1][3].append(value)
            if name == "Code":
                code.append((span["start"], span["end"]))
        elif name in ("Html", "InlineHtml"):
            start, end = span["start"], span["end"]
            raw = source[start:end].decode()
            rewritten = _rewrite_html(raw, line_at(start), page)
            if rewritten != raw:
                edits.append(_Edit(start, end, _always(rewritten)))
    return edits, "".join(summary or []).strip(), code


def _link_edit(attributes: dict[str, Any], span: dict[str, int], children: list[tuple[int, int]], text: str, line: int, page: _Page) -> _Edit | None:
    """How a Markdown link or image is written again, or None when it stays as it is."""
    target = str(attributes.get("dest_url") or "")
    title = str(attributes.get("title") or "")
    inner = (min(start for start, _ in children), max(end for _, end in children)) if children else None
    if attributes["kind"] == "Link":
        if not is_local(target):
            return None
        address = _local_address(target, line, "link", page)
        if address is None or address == target:
            return None
        titled = f' title="{_escape(title)}"' if title else ""
        return _Edit(span["start"], span["end"], lambda held: f'<a href="{_escape(address)}"{titled}>{held}</a>', inner)
    made = _image_html(target, text, title, line, page)
    return _Edit(span["start"], span["end"], _always(made)) if made is not None else None


def _always(html: str) -> Callable[[str], str]:
    return lambda _held: html


def _apply(source: bytes, edits: list[_Edit], start: int, end: int) -> bytes:
    """`source[start:end]` with the edits inside it made. Edits nest as their links do (an
    image in a link's text is made in that text first); in the order of their starts, one
    that starts inside the one before is inside it, so each is looked at a few times only."""
    ordered = sorted(edits, key=lambda edit: (edit.start, -edit.end))
    return _made(source, ordered, [edit.start for edit in ordered], start, end)


def _made(source: bytes, ordered: list[_Edit], starts: list[int], start: int, end: int) -> bytes:
    parts, at = [], start
    for index in range(bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)):
        edit = ordered[index]
        if edit.start < at or edit.end > end:
            continue  # inside an edit already made: made with its text
        parts.append(source[at : edit.start])
        held = _made(source, ordered, starts, *edit.inner).decode() if edit.inner else ""
        parts.append(edit.make(held).encode())
        at = edit.end
    parts.append(source[at:end])
    return b"".join(parts)


def _escape(text: str) -> str:
    return html_text.escape(text, quote=True)


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


def _image_html(src: str, alt: str, title: str, line: int, page: _Page) -> str | None:
    """A Markdown image as HTML: its published address and size, lazily loaded, in a
    <picture> of every width and format made of it; None to leave it as written."""
    alt = alt.strip()
    if not alt:
        page.report.warning(page.rel, line, _("image `{src}` has no alt text: write it inside the brackets, `![what it shows]({src})`", src=unquote(src)))
    if is_remote(src):
        page.report.warning(page.rel, line, _remote(src))
    if not is_local(src):
        return None
    published = page.resolve_image(unquote(src), page.rel, line)
    if published is None:
        return None
    relative_url = page.relative_url
    size = f'width="{published.width}" height="{published.height}"'
    titled = f' title="{_escape(title)}"' if title else ""
    lazy = 'loading="lazy" decoding="async"'
    if published.plan is None:
        return f'<img src="{_escape(relative_url(published.url))}" alt="{_escape(alt)}"{titled} {size} {lazy}>'

    def srcset(variants: Iterable[Variant]) -> str:
        return _escape(", ".join(f"{relative_url(v.path)} {v.width}w" for v in variants))

    *modern, fallback = published.plan.responsive.items()  # every width of every format: the browser picks
    middle = relative_url(fallback[1][(len(fallback[1]) - 1) // 2].path)
    img = f'<img src="{_escape(middle)}" alt="{_escape(alt)}"{titled} {size} srcset="{srcset(fallback[1])}" sizes="{BODY_IMAGE_SIZES}" {lazy}>'
    if not modern:
        return img
    sources = "".join(f'<source type="{mime}" srcset="{srcset(variants)}" sizes="{BODY_IMAGE_SIZES}">' for mime, variants in modern)
    return f"<picture>{sources}{img}</picture>"


# Links and images typed with a Chinese input method's punctuation, which Markdown does not see.
_FULL_WIDTH_LINKS = (
    (re.compile(r"!?\[[^\]\n]*\][（(][^）)\n]*）|!?\[[^\]\n]*\]（"), "（ ）", "( )"),
    (re.compile(r"【[^】\n]*】[（(]"), "【 】", "[ ]"),
    (re.compile(r"！\[[^\]\n]*\]\("), "！", "!"),
)


def _report_full_width_links(text: str, code: list[tuple[int, int]], line_at: Callable[[int], int], page: _Page) -> None:
    for pattern, wrong, right in _FULL_WIDTH_LINKS:
        for found in pattern.finditer(text):
            offset = len(text[: found.start()].encode())
            if any(start <= offset < end for start, end in code):
                continue  # code shows what it says
            here = line_at(offset)
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
    return f' {attribute}="{_escape(text)}"'


def _removed(tag: str) -> str:
    if tag in _FRAMES:
        return _("`<{tag}>` is removed: pages do not show other websites inside them; link to the page instead, `[what it is](https://…)`", tag=tag)
    if tag == "script":
        return _("`<script>` is removed: content cannot run programs in the museum's pages")
    return _("`<{tag}>` is removed: it is not among the HTML tags content may use (see docs/content.md)", tag=tag)


# Short texts written in a key (a transcript, a section's introduction): paragraphs,
# emphasis, lists and web links. Pictures, media and links to the museum's own files are
# what bodies are for; here their tags are left out and their text kept.
_SHORT_TAGS = {"p", "br", "em", "strong", "b", "i", "ul", "ol", "li", "blockquote", "a", "code", "del", "sub", "sup", "abbr", "q", "cite", "small"}


def short_markdown(text: str) -> str:
    """A short Markdown text as safe HTML: see `_SHORT_TAGS`."""
    return nh3.clean(
        pyromark.html(text, options=_OPTIONS),
        tags=_SHORT_TAGS,
        attributes={"a": {"href"}},
        attribute_filter=lambda tag, name, value: value if name != "href" or is_remote(value) or value.startswith(("mailto:", "tel:")) else None,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )


def join_relative(base_rel: str, target: str) -> str:
    """`target` written in file `base_rel`, as a normalised path from the museum folder."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_rel), target))
