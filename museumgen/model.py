"""The whole museum as one checked model: entries linked to each other, media found,
bodies rendered, lists sorted. Built once, before anything is written.

Checks here need every file at once: duplicate slugs and ids, references between
entries, media files, links between Markdown files.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from museumgen import dates
from museumgen.discover import slug_for
from museumgen.errors import Diagnostic, Report
from museumgen.images import Plan, Settings
from museumgen.load import DRAFT, LeftOut, Loaded
from museumgen.markup import MarkdownRenderer, PublishedImage, join_relative
from museumgen.media import CAPTION_SUFFIXES, VIDEO_SUFFIXES, ImageProbes, MediaFile, MediaIndex
from museumgen.parse import Source
from museumgen.schema import (
    Event,
    Exhibition,
    Image,
    Item,
    KeyPath,
    Museum,
    Person,
    Video,
)
from museumgen.urls import RESERVED, relative
from museumgen.workers import map_chunks

# Video platforms linked by name; a visitor's tap leaves the site, nothing loads before.
PLATFORMS = {
    "bilibili.com": "bilibili",
    "b23.tv": "bilibili",
    "v.qq.com": "tencent",
    "channels.weixin.qq.com": "wechat",
    "youtube.com": "youtube",
    "youtu.be": "youtube",
    "youku.com": "youku",
    "ixigua.com": "ixigua",
    "douyin.com": "douyin",
    "vimeo.com": "vimeo",
}


@dataclass(frozen=True)
class Figure:
    """An image as a page shows it."""

    url: str  # of the source; its derivatives are in `plan`
    width: int
    height: int
    alt: str
    caption: str | None = None
    credit: str | None = None
    plan: Plan | None = None


@dataclass(frozen=True)
class Track:
    url: str
    language: str
    label: str


@dataclass(eq=False)
class Doc:
    """One entry of the museum with everything its pages need.

    Fields of the entry itself (`title`, `start`, …) read straight through: `doc.title`.
    """

    kind: str
    slug: str
    path: str  # site path of its page
    entry: Any
    rel: str  # content file, relative to the museum folder
    body: Markup = Markup("")
    summary: str = ""
    cover: Figure | None = None
    images: list[Figure] = field(default_factory=list)
    person_photo: Figure | None = None  # curator or speaker
    status: str | None = None  # exhibitions
    start_at: dt.datetime | None = None  # events, in the museum's timezone
    end_at: dt.datetime | None = None
    items: list[Doc] = field(default_factory=list)
    videos: list[Doc] = field(default_factory=list)
    events: list[Doc] = field(default_factory=list)
    exhibitions: list[Doc] = field(default_factory=list)
    exhibition: Doc | None = None
    video_file: MediaFile | None = None
    platform: str | None = None
    captions: list[Track] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        if name == "entry":  # not yet set (copying, unpickling)
            raise AttributeError(name)
        return getattr(self.entry, name)


@dataclass
class Site:
    root: Path = field(repr=False)  # where the museum is on the build machine: never shown
    museum: Museum
    today: dt.date
    exhibitions: list[Doc]
    items: list[Doc]
    events: list[Doc]
    videos: list[Doc]
    news: list[Doc]
    pages: list[Doc]
    media: dict[str, MediaFile]  # published as they are
    images: dict[str, tuple[MediaFile, Plan]]  # published as derivatives, by the source's site path
    logo: Figure | None
    qr_codes: dict[int, Figure]  # by index in museum.social
    settings: Settings = field(default_factory=Settings)  # how images are made
    colours: dict[str, str] = field(default_factory=dict)  # dominant colour of each made image, by plan key

    @property
    def docs(self) -> list[Doc]:
        """Every entry, kind after kind, each kind in its own order."""
        return [*self.exhibitions, *self.items, *self.events, *self.videos, *self.news, *self.pages]

    def exhibitions_with(self, status: str) -> list[Doc]:
        return [e for e in self.exhibitions if e.status == status]

    @property
    def upcoming_events(self) -> list[Doc]:
        return [e for e in self.events if (e.end_at or e.start_at).date() >= self.today]  # type: ignore[union-attr]

    @property
    def past_events(self) -> list[Doc]:
        return [e for e in reversed(self.events) if (e.end_at or e.start_at).date() < self.today]  # type: ignore[union-attr]


def build_model(
    root: Path,
    museum: Museum,
    museum_source: Source,
    loaded: list[Loaded],
    left_out: LeftOut,
    today: dt.date,
    report: Report,
    body_cache: BodyCache | None = None,
    probes: ImageProbes | None = None,
) -> Site:
    """The checked model of the whole museum. The caches, kept by a long-running process,
    let unchanged Markdown bodies and photographs skip their work."""
    settings = Settings(widths=tuple(sorted(set(museum.images.widths))), formats=tuple(dict.fromkeys(museum.images.formats)))
    media = MediaIndex(root, report, settings, probes=probes)
    docs = _make_docs(loaded, report)
    by_kind: dict[str, list[Doc]] = defaultdict(list)
    for doc in docs:
        by_kind[doc.kind].append(doc)
    sources = {item.file.rel: item.source for item in loaded}
    zone = zoneinfo.ZoneInfo(museum.timezone)
    items_by_id = _index_items(by_kind["collection"], sources, report)
    slugs = {kind: {d.slug: d for d in by_kind[kind]} for kind in ("exhibitions", "videos")}
    for doc in docs:
        _attach(doc, sources[doc.rel], media, items_by_id, slugs, left_out, zone, today, report)
    _render_bodies(docs, sources, media, museum, body_cache)
    _link_back(docs)
    logo = _figure(museum.logo, museum_source, ("logo",), media, museum.name)
    qr_codes = {
        index: figure
        for index, social in enumerate(museum.social)
        if (figure := _figure(social.qr, museum_source, ("social", index, "qr"), media, f"{social.name} QR")) is not None
    }
    return Site(
        root=root,
        museum=museum,
        today=today,
        exhibitions=sorted(by_kind["exhibitions"], key=_exhibition_order),
        items=sorted(by_kind["collection"], key=lambda d: (_order(d), _natural(d.entry.id))),
        events=sorted(by_kind["events"], key=_event_time),
        videos=sorted(by_kind["videos"], key=lambda d: (_order(d), -(d.entry.date or dt.date.min).toordinal(), d.slug)),
        news=sorted(by_kind["news"], key=lambda d: (-d.entry.date.toordinal(), d.slug)),
        pages=sorted(by_kind["pages"], key=lambda d: (_order(d), d.entry.title)),
        media=media.published,
        images=media.images,
        settings=settings,
        logo=logo,
        qr_codes=qr_codes,
    )


def _make_docs(loaded: list[Loaded], report: Report) -> list[Doc]:
    """One `Doc` per entry; a slug taken twice (even in another case or Unicode form) is an error."""
    seen: dict[tuple[str, str], str] = {}
    docs: list[Doc] = []
    for item in loaded:
        kind, slug = item.file.kind, item.file.slug
        key = (kind, unicodedata.normalize("NFKC", slug).casefold())
        if key in seen:
            other = seen[key]
            if unicodedata.normalize("NFC", other) == unicodedata.normalize("NFC", item.file.rel):
                why = "its letters are the same but stored differently (Unicode NFC and NFD; Macs can save names either way)"
            elif unicodedata.normalize("NFC", other).casefold() == unicodedata.normalize("NFC", item.file.rel).casefold():
                why = "it differs only in capital and small letters, so both would have the same web address"
            else:
                why = "both would have the same web address"
            report.error(item.file.rel, 0, f"this file name clashes with `{other}`: {why}: rename or delete one of them")
            continue
        if kind == "pages" and slug in RESERVED:
            report.error(item.file.rel, 0, f"`{slug}` is used by the site itself: rename this page")
            continue
        seen[key] = item.file.rel
        path = f"{slug}/" if kind == "pages" else f"{kind}/{slug}/"  # the folder name is the section
        docs.append(Doc(kind=kind, slug=slug, path=path, entry=item.entry, rel=item.file.rel))
    return docs


def _index_items(items: list[Doc], sources: dict[str, Source], report: Report) -> dict[str, Doc]:
    by_id: dict[str, Doc] = {}
    for doc in items:
        key = doc.entry.id.casefold()
        if key in by_id:
            report.error(doc.rel, sources[doc.rel].line_of(("id",)), f"`id: {doc.entry.id}` is also used by `{by_id[key].rel}`: accession numbers must be unique")
            continue
        by_id[key] = doc
    return by_id


def _attach(
    doc: Doc,
    source: Source,
    media: MediaIndex,
    items_by_id: dict[str, Doc],
    slugs: dict[str, dict[str, Doc]],
    left_out: LeftOut,
    zone: zoneinfo.ZoneInfo,
    today: dt.date,
    report: Report,
) -> None:
    """Resolve the media and references of one entry."""
    entry = doc.entry

    def refs(key: str, kind: str, table: dict[str, Doc], values: list[str]) -> list[Doc]:
        found = []
        for index, value in enumerate(values):
            name = value.casefold() if kind == "item" else slug_for(value)
            target = table.get(name)
            why = left_out.get((_FOLDER_OF[kind], name))
            if target is not None:
                found.append(target)
            elif why == DRAFT:
                report.error(doc.rel, source.line_of((key, index)), f"{kind} `{value}` is a draft: publish it or leave it out here")
            elif why is None:  # a broken file has its own error already
                report.error(doc.rel, source.line_of((key, index)), f"no {kind} `{value}`{_ref_hint(kind)}")
        return found

    if getattr(entry, "cover", None) is not None:
        doc.cover = _figure(entry.cover, source, ("cover",), media, "")
    if isinstance(entry, Item):
        for index, image in enumerate(entry.images):
            figure = _figure(image, source, ("images", index), media, None)
            if figure is not None:
                doc.images.append(figure)
        doc.cover = doc.images[0] if doc.images else None
    if isinstance(entry, Exhibition):
        doc.status = dates.exhibition_status(entry.start, entry.end, today)
        doc.items = refs("items", "item", items_by_id, entry.items)
        doc.videos = refs("videos", "video", slugs["videos"], entry.videos)
        doc.person_photo = _person_photo(entry.curator, "curator", source, media)
    if isinstance(entry, Event):
        doc.start_at = dates.localize(entry.start, zone)
        doc.end_at = dates.localize(entry.end, zone) if entry.end else None
    if isinstance(entry, Event | Video) and entry.exhibition:
        found = refs("exhibition", "exhibition", slugs["exhibitions"], [entry.exhibition])
        doc.exhibition = found[0] if found else None
    if isinstance(entry, Video):
        doc.items = refs("items", "item", items_by_id, entry.items)
        doc.person_photo = _person_photo(entry.speaker, "speaker", source, media)
        doc.cover = _figure(entry.poster, source, ("poster",), media, "") if entry.poster else None
        _attach_video(doc, entry, source, media, report)


_FOLDER_OF = {"item": "collection", "video": "videos", "exhibition": "exhibitions"}


def _ref_hint(kind: str) -> str:
    where = {"item": "an `id` in collection/", "video": "a file name in videos/", "exhibition": "a file name in exhibitions/"}
    return f": it should be {where[kind]}"


def _attach_video(doc: Doc, video: Video, source: Source, media: MediaIndex, report: Report) -> None:
    parts = urlsplit(video.source)
    if parts.scheme in ("http", "https"):
        host = parts.hostname or ""
        doc.platform = next((name for domain, name in PLATFORMS.items() if host == domain or host.endswith("." + domain)), "web")
    elif parts.scheme:
        report.error(doc.rel, source.line_of(("source",)), f"`source` should be a video file or an http(s) address, not `{video.source}`")
    else:
        doc.video_file = media.publish(video.source, doc.rel, source.line_of(("source",)), VIDEO_SUFFIXES)
    for index, caption in enumerate(video.captions):
        line = source.line_of(("captions", index))
        found = media.publish(caption.file, doc.rel, line, CAPTION_SUFFIXES)
        if found is not None:
            language = caption.language or ""
            doc.captions.append(Track(found.url, language, caption.label or language))


def _person_photo(person: Person | None, key: str, source: Source, media: MediaIndex) -> Figure | None:
    if person is None or person.photo is None:
        return None
    return _figure(person.photo, source, (key, "photo"), media, person.name)


def _figure(image: Image | None, source: Source, key: KeyPath, media: MediaIndex, default_alt: str | None) -> Figure | None:
    """Find and measure an image; `default_alt` None means alt text is expected from staff."""
    if image is None:
        return None
    published = media.image(image.file, source.path, source.line_of(key + ("file",)))
    if published is None:
        return None
    alt = image.alt if image.alt is not None else default_alt
    if alt is None:
        media.report.warning(
            source.path, source.line_of(key), f"image `{image.file}` has no `alt` text: describe what it shows"
        )
        alt = ""
    return Figure(published.url, published.width, published.height, alt, image.caption, image.credit, published.plan)


@dataclass(frozen=True)
class RenderedBody:
    """A rendered Markdown body and everything its rendering looked up, to check on reuse."""

    html: str
    summary: str
    links: tuple[tuple[str, str, str | None], ...]  # (target, file, page found)
    images: tuple[tuple[str, str, int, PublishedImage | None], ...]  # (src, file, line, image found)
    diagnostics: tuple[Diagnostic, ...]  # the renderer's own (media problems are found again)


# Rendered bodies by (file, page path, first line of the body, body, whether links end in
# a folder or in index.html), kept between builds.
BodyCache = dict[tuple[str, str, int, str, bool], RenderedBody]


def _render_bodies(docs: list[Doc], sources: dict[str, Source], media: MediaIndex, museum: Museum, cache: BodyCache | None) -> None:
    """Render every Markdown body once; on several cores when there are many.

    With a `cache`, a body is only rendered again when its text, its page, or what one of
    its links or images leads to has changed."""
    renderer = MarkdownRenderer()
    page_of = {unicodedata.normalize("NFC", d.rel): d.path for d in docs}
    with_body = [d for d in docs if sources[d.rel].body.strip()]
    for doc in docs:
        doc.summary = doc.entry.summary or ""

    def resolve_link(target: str, rel: str) -> str | None:
        return page_of.get(unicodedata.normalize("NFC", join_relative(rel, target)))

    def still_valid(known: RenderedBody, found: MediaIndex) -> bool:
        if any(resolve_link(target, rel) != page for target, rel, page in known.links):
            return False
        trial = found.child()
        if any(trial.image(src, rel, line) != image for src, rel, line, image in known.images):
            return False
        found.adopt(trial)
        found.report.extend(known.diagnostics)
        return True

    def render_one(doc: Doc, source: Source, found: MediaIndex) -> RenderedBody:
        links: list[tuple[str, str, str | None]] = []
        images: list[tuple[str, str, int, PublishedImage | None]] = []
        own = Report()

        def link_from(target: str) -> str:
            return relative(doc.path, target, museum.directory_urls)

        def link(target: str, rel: str) -> str | None:
            links.append((target, rel, page := resolve_link(target, rel)))
            return page

        def image(src: str, rel: str, line: int) -> PublishedImage | None:
            images.append((src, rel, line, published := found.image(src, rel, line)))
            return published

        rendered = renderer.render(source.body, doc.rel, source.body_line, link_from, link, image, own)
        found.report.extend(own.diagnostics)
        return RenderedBody(rendered.html, rendered.summary, tuple(links), tuple(images), tuple(own.diagnostics))

    def render_chunk(chunk: range) -> tuple[list[RenderedBody], MediaIndex]:
        found = media.child()
        results = []
        for index in chunk:
            doc, source = with_body[index], sources[with_body[index].rel]
            known = cache.get(_body_key(doc, source, museum)) if cache is not None else None
            results.append(known if known is not None and still_valid(known, found) else render_one(doc, source, found))
        return results, found

    fresh: BodyCache = {}
    offset = 0
    for results, found in map_chunks(render_chunk, len(with_body)):
        media.adopt(found)
        for result in results:
            doc = with_body[offset]
            doc.body = Markup(result.html)
            doc.summary = doc.entry.summary or _shorten(result.summary)
            fresh[_body_key(doc, sources[doc.rel], museum)] = result
            offset += 1
    if cache is not None:  # keep what this build used, forget the rest
        cache.clear()
        cache.update(fresh)


def _body_key(doc: Doc, source: Source, museum: Museum) -> tuple[str, str, int, str, bool]:
    return (doc.rel, doc.path, source.body_line, source.body, museum.directory_urls)


def _shorten(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _link_back(docs: list[Doc]) -> None:
    """Relations that are written on one side are shown on both."""
    for doc in docs:
        if doc.kind == "exhibitions":
            for item in doc.items:
                item.exhibitions.append(doc)
        elif doc.kind == "videos":
            for item in doc.items:
                item.videos.append(doc)
            if doc.exhibition is not None and doc not in doc.exhibition.videos:
                doc.exhibition.videos.append(doc)
        elif doc.kind == "events" and doc.exhibition is not None:
            doc.exhibition.events.append(doc)
    for doc in docs:
        doc.events.sort(key=_event_time)


def _event_time(doc: Doc) -> tuple[dt.datetime, str]:
    assert doc.start_at is not None  # set for every event by _attach
    return doc.start_at, doc.slug


def _order(doc: Doc) -> int:
    return doc.entry.order if doc.entry.order is not None else 1 << 30


def _exhibition_order(doc: Doc) -> tuple[int, bool, int, int, str]:
    """By status (current first), then featured ones, then `order`, then newest first."""
    start = doc.entry.start or dt.date.min
    return (dates.STATUS_ORDER.index(doc.status), not doc.entry.featured, _order(doc), -start.toordinal(), doc.slug)


def _natural(text: str) -> tuple[tuple[int, str], ...]:
    """Sort key where `QX-2` comes before `QX-10`."""
    return tuple((int(part), "") if part.isdigit() else (0, part.casefold()) for part in re.split(r"(\d+)", text))
