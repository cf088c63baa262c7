"""The whole museum as one checked model: entries linked to each other, media found,
bodies rendered, lists sorted. Built once, before anything is written.

Checks here need every file at once: duplicate slugs and keys, references between
entries, media files, links between Markdown files. What each kind of entry has and
names is declared in `museumgen.site.kinds`; nothing here is written for one kind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
import unicodedata
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from markupsafe import Markup

from museumgen import languages
from museumgen.content.discover import slug_for
from museumgen.content.load import BROKEN, DRAFT, LeftOut, Loaded, unread_files
from museumgen.content.parse import Source
from museumgen.errors import Diagnostic, Report
from museumgen.images import Settings
from museumgen.messages import _, _n
from museumgen.schema import Audio, Image, KeyPath, Museum, Person
from museumgen.site import captions
from museumgen.site.entries import Doc, EntryKey, Figure, Origin, Recording, Site, Stop, TourPlace
from museumgen.site.kinds import KINDS, Kind, Reference
from museumgen.site.markup import MarkdownRenderer, PublishedImage, join_relative, short_markdown
from museumgen.site.media import ImageProbes, MediaFile, MediaIndex
from museumgen.urls import relative
from museumgen.workers import map_chunks

__all__ = ["BodyCache", "Doc", "Figure", "Site", "build_model"]


def build_model(
    root: Path,
    museums: dict[str, tuple[Museum, Source]],
    loaded: list[Loaded],
    left_out: LeftOut,
    today: dt.date,
    report: Report,
    body_cache: BodyCache | None = None,
    probes: ImageProbes | None = None,
    reserved: frozenset[str] = frozenset(),
) -> list[Site]:
    """The checked model of the whole museum: a site for each language, the default
    first, each with the museum (`museums`, by language) and the entries written in it.

    The caches, kept by a long-running process, let unchanged Markdown bodies and
    photographs skip their work. `reserved` names are the site's own top-level folders and
    files, which no top-level page may take."""
    languages = tuple(museums)
    museum = museums[languages[0]][0]
    loaded, held = _hold_back(loaded, today, report)
    left_out = {**left_out, **held}
    settings = Settings(widths=tuple(sorted(set(museum.images.widths))), formats=tuple(dict.fromkeys(museum.images.formats)))
    shared = _Shared(root, today, report, MediaIndex(root, report, settings, probes=probes), left_out, reserved, body_cache, languages=languages)
    media = shared.media
    sites: list[Site] = []
    for language in languages:
        written = [item for item in loaded if (item.file.language or languages[0]) == language]
        sites.append(_language_site(shared, *museums[language], language, written, sites[0] if sites else None))
    if body_cache is not None:  # keep what this build used, forget the rest
        body_cache.clear()
        body_cache.update(shared.fresh)
    for site in sites:
        site.settings, site.media, site.images, site.siblings = settings, media.published, media.images, sites
    _link_translations(sites)
    _warn_untranslated(sites, museums[languages[0]][1], report)
    return sites


# Why an entry is left out: its `publish` day is still to come.
HELD = "held"


def _hold_back(loaded: list[Loaded], today: dt.date, report: Report) -> tuple[list[Loaded], LeftOut]:
    """The entries to publish today, and those held back until their `publish` day, each
    noted once (at the file that sets the day): references to them are left out quietly until then."""
    kept: list[Loaded] = []
    held: LeftOut = {}
    for item in loaded:
        day = item.entry.publish
        if day is None or day <= today:
            kept.append(item)
            continue
        kind = KINDS[item.file.kind]
        held[(kind.name, item.file.slug)] = HELD
        if kind.key_field:
            held[(kind.name, str(getattr(item.entry, kind.key_field)).casefold())] = HELD
        if item.file.language is None or ("publish",) in item.source.lines:  # a translation's own day is said too
            line = item.source.line_of(("publish",))
            report.note(item.file.rel, line, _("held back until {date} (`publish: {date}`): a build on or after that day publishes it", date=day.isoformat()))
    return kept, held


@dataclass
class _Shared:
    """What the site of every language is made with."""

    root: Path
    today: dt.date
    report: Report
    media: MediaIndex  # media are published once, for every language
    left_out: LeftOut
    reserved: frozenset[str]
    body_cache: BodyCache | None
    fresh: BodyCache = field(default_factory=dict)  # bodies this build rendered or reused
    sources: dict[str, Source] = field(default_factory=dict)  # of each entry, by its `uid`: a file may hold several
    languages: tuple[str, ...] = ()
    tracks: dict[str, captions.Track] = field(default_factory=dict)  # caption files read


def _language_site(shared: _Shared, museum: Museum, museum_source: Source, language: str, loaded: list[Loaded], default: Site | None) -> Site:
    """The site of one language. `default` is the default language's, made before: entries
    not translated are left out of this one, and references to them are dropped quietly."""
    root, today, report, media, sources = shared.root, shared.today, shared.report, shared.media, shared.sources
    prefix = languages.prefix(language, default.language if default else language)
    docs = _make_docs(loaded, language, prefix, shared.reserved, report, sources)
    by_kind: dict[str, list[Doc]] = defaultdict(list)
    for doc in docs:
        by_kind[doc.kind].append(doc)
    tables = {kind.name: _index(kind, by_kind[kind.name], sources, report) for kind in KINDS}
    untranslated = {kind.name: _lookups(kind, default.entries[kind.name]) for kind in KINDS} if default else {}
    zone = zoneinfo.ZoneInfo(museum.timezone)
    backs = {kind.name: KINDS.back_names(kind.name) for kind in KINDS}
    for doc in docs:
        doc.links.update((name, []) for name in backs[doc.kind])  # filled by `_link_back`, forward names may join them
        context = _Preparing(today, zone, media, sources[doc.uid], doc.rel, report, shared.languages, shared.tracks)
        _attach(doc, KINDS[doc.kind], context, tables, shared.left_out, untranslated)
    page_of = {unicodedata.normalize("NFC", d.rel): d.path for d in default.docs} if default else {}
    page_of.update((unicodedata.normalize("NFC", d.rel), d.path) for d in docs)
    page_of.update((unicodedata.normalize("NFC", d.original), d.path) for d in docs if d.original)
    broken = frozenset(key for key, why in shared.left_out.items() if why == BROKEN)
    shared.fresh.update(_render_bodies(docs, sources, media, museum, shared.body_cache, page_of, broken))
    entries = {kind.name: sorted(by_kind[kind.name], key=kind.sort) for kind in KINDS}
    _link_back(entries)
    stops = _stops(entries, report if default is None else None)
    _finish(entries, sources, report, stops)
    _tours(entries)
    logo = _figure(museum.logo, museum_source, ("logo",), media, museum.name)
    qr_codes = {
        index: figure
        for index, social in enumerate(museum.social)
        if (figure := _figure(social.qr, museum_source, ("social", index, "qr"), media, f"{social.name} QR")) is not None
    }
    lists = {kind.list_name: kind.name for kind in KINDS}
    return Site(root, museum, today, entries, lists, {}, {}, logo, qr_codes, language=language, prefix=prefix, stops=stops)


def _stops(entries: dict[str, list[Doc]], report: Report | None) -> list[Stop]:
    """Every stop of the audio guide, by number; a number used twice is an error at both
    places (reported by the default language's site only: translations share its numbers)."""
    first: dict[int, Stop] = {}
    for stop in (stop for docs in entries.values() for doc in docs for stop in doc.extra.get("stops", [])):
        if stop.number not in first:
            first[stop.number] = stop
            continue
        if report is not None:
            other = first[stop.number]
            report.error(stop.doc.rel, stop.line, _taken(stop, other))
            report.error(other.doc.rel, other.line, _taken(other, stop))
    return sorted(first.values(), key=lambda stop: stop.number)


def _taken(stop: Stop, other: Stop) -> str:
    return _("stop {number} is also used by {other}: each stop needs its own number, as visitors type it to find one place", number=str(stop.number), other="`" + other.written_at + "`")


def _tours(entries: dict[str, list[Doc]]) -> None:
    """The tour of each entry whose kind has one (its own stops and its linked entries', in
    stop order), and each stop's entry its place in every tour it is on."""
    for doc in (doc for docs in entries.values() for doc in docs):
        doc.extra.setdefault("tours", [])
    for kind in (kind for kind in KINDS if kind.tour is not None):
        for doc in entries[kind.name]:
            linked = doc.links.get(kind.tour or "") or []
            tour = sorted({stop.number: stop for d in [doc, *linked] for stop in d.extra.get("stops", [])}.values(), key=lambda stop: stop.number)
            doc.extra["tour"] = tour
            for index, stop in enumerate(tour):
                if stop.doc is not doc:
                    previous = tour[index - 1] if index else None
                    following = tour[index + 1] if index + 1 < len(tour) else None
                    stop.doc.extra["tours"].append(TourPlace(doc, previous, following, index + 1, len(tour)))


def _lookups(kind: Kind, docs: list[Doc]) -> set[str]:
    return {_lookup(kind, str(getattr(d.entry, kind.key_field))) if kind.key_field else d.slug for d in docs}


def _link_translations(sites: list[Site]) -> None:
    """Each entry's versions in every language it is written in, itself included."""
    versions: dict[tuple[str, str], dict[str, Doc]] = defaultdict(dict)
    for site in sites:
        for doc in site.docs:
            versions[(doc.kind, doc.slug)][site.language] = doc
    for site in sites:
        for doc in site.docs:
            doc.translations = versions[(doc.kind, doc.slug)]


def _warn_untranslated(sites: list[Site], museum_source: Source, report: Report) -> None:
    """Say which entries another language's site leaves out for want of a translation."""
    default = sites[0]
    for site in sites[1:]:
        files = Counter(doc.rel for doc in default.docs)
        missing = [_where(doc, files) for doc in default.docs if site.language not in doc.translations]
        if missing:
            listed = ", ".join(f"`{rel}`" for rel in missing[:5])
            shown = listed + _(" and {count} more", count=len(missing) - 5) if len(missing) > 5 else listed
            line = museum_source.line_of(("languages", sites.index(site)))
            message = _n(
                "{count} entry has no `{language}` translation, so /{prefix} leaves it out: {files} (a translation sits beside its original: `name.{language}.md` beside `name.md`)",
                "{count} entries have no `{language}` translation, so /{prefix} leaves them out: {files} (a translation sits beside its original: `name.{language}.md` beside `name.md`)",
                len(missing), language=site.language, prefix=site.prefix, files=shown,
            )
            report.warning("museum.yaml", line, message)


def _where(doc: Doc, files: Counter[str]) -> str:
    """An entry's file, with its line when the file holds several entries."""
    return f"{doc.rel}:{doc.written_at.line}" if files[doc.rel] > 1 else doc.rel


def _make_docs(
    loaded: list[Loaded], language: str, prefix: str, reserved: frozenset[str], report: Report, sources: dict[str, Source]
) -> list[Doc]:
    """One `Doc` per entry, its source noted in `sources`; a slug taken twice (even in
    another case or Unicode form) is an error."""
    seen: dict[tuple[str, str], str] = {}
    docs: list[Doc] = []
    for item in loaded:
        kind, slug = KINDS[item.file.kind], item.file.slug
        key = (kind.name, unicodedata.normalize("NFKC", slug).casefold())
        if key in seen:
            report.error(item.file.rel, 0, _("this file name clashes with `{other}`: {why}: rename or delete one of them", other=seen[key], why=_why_same(seen[key], item.file.rel)))
            continue
        path = kind.page_path(slug)
        if kind.at_top and path.split("/")[0] in reserved:
            report.error(item.file.rel, 0, _("`{slug}` is used by the site itself: rename this {kind}", slug=slug, kind=kind.singular))
            continue
        seen[key] = item.file.rel
        doc = Doc(EntryKey(kind.name, slug, language), Origin(item.file.rel, item.source.start_line), prefix + path, item.entry)
        doc.original = item.original  # a translation: links to its original lead here
        sources[doc.uid] = item.source
        docs.append(doc)
    return docs


def _why_same(one: str, other: str) -> str:
    if unicodedata.normalize("NFC", one) == unicodedata.normalize("NFC", other):
        return _("its letters are the same but stored differently (Unicode NFC and NFD; Macs can save names either way)")
    if unicodedata.normalize("NFC", one).casefold() == unicodedata.normalize("NFC", other).casefold():
        return _("it differs only in capital and small letters, so both would have the same web address")
    return _("both would have the same web address")


def _lookup(kind: Kind, name: str) -> str:
    """How a reference's text finds an entry of `kind`: by its key field in any case, or by slug."""
    return name.casefold() if kind.key_field else slug_for(name)


def _index(kind: Kind, docs: list[Doc], sources: dict[str, Source], report: Report) -> dict[str, Doc]:
    """The entries of `kind` by the name references use; a key field's value taken twice is an error."""
    if kind.key_field is None:
        return {doc.slug: doc for doc in docs}
    field_name = kind.key_field
    by_key: dict[str, Doc] = {}
    for doc in docs:
        value = str(getattr(doc.entry, field_name))
        if value.casefold() in by_key:
            line = sources[doc.uid].line_of((field_name,))
            report.error(doc.rel, line, _("`{key}: {value}` is also used by `{other}`: {label} must be unique", key=field_name, value=value, other=by_key[value.casefold()].rel, label=kind.key_label))
            continue
        by_key[value.casefold()] = doc
    return by_key


@dataclass
class _Preparing:
    """What the kinds' own steps may use, for one entry (see `steps.Preparing`)."""

    today: dt.date
    zone: zoneinfo.ZoneInfo
    media: MediaIndex
    source: Source
    rel: str
    report: Report
    languages: tuple[str, ...]
    tracks: dict[str, captions.Track]  # shared by every entry: by the file's path in the museum

    def figure(self, image: Image | None, key: KeyPath, default_alt: str | None) -> Figure | None:
        return _figure(image, self.source, key, self.media, default_alt)

    def publish(self, ref: str, key: KeyPath, suffixes: set[str]) -> MediaFile | None:
        return self.media.publish(ref, self.rel, self.source.line_of(key), suffixes)

    def zoom(self, figure: Figure) -> Figure:
        assert figure.plan is not None  # an animation is never zoomed: see `kinds._zoomed`
        return replace(figure, plan=self.media.zoom(figure.plan, figure.url))

    def recording(self, audio: Audio | None, key: KeyPath) -> Recording | None:
        """A recording of the audio guide, checked, measured and published, with its transcript."""
        if audio is None:
            return None
        found = self.media.audio(audio.file, self.rel, self.source.line_of(key + ("file",)))
        if found is None:
            return None
        if not audio.transcript:  # as an image needs its alt text, a recording needs its words
            self.report.warning(self.rel, self.source.line_of(key), _("the recording `{file}` has no transcript: write what it says under `transcript:`, for visitors who cannot hear it", file=audio.file))
        return Recording(found, Markup(short_markdown(audio.transcript)) if audio.transcript else Markup(""))

    def line(self, key: KeyPath) -> int:
        return self.source.line_of(key)

    def error(self, key: KeyPath, message: str) -> None:
        self.report.error(self.rel, self.source.line_of(key), message)

    def warning(self, key: KeyPath, message: str) -> None:
        self.report.warning(self.rel, self.source.line_of(key), message)

    def writes(self, key: KeyPath) -> bool:
        return tuple(key) in self.source.lines

    def error_in(self, rel: str, line: int, message: str) -> None:
        self.report.error(rel, line, message)

    def track(self, found: MediaFile) -> captions.Track:
        track = self.tracks.get(found.rel)
        if track is None:  # read once for every entry and language that uses it
            track = self.tracks[found.rel] = _read_track(found)
            for line, message in track.problems:
                self.report.error(found.rel, line, message)
        return track


# Caption files are a few kilobytes; far larger ones are not captions.
MAX_TRACK_BYTES = 2_000_000


def _read_track(found: MediaFile) -> captions.Track:
    try:
        if found.source.stat().st_size > MAX_TRACK_BYTES:
            return captions.Track(problems=((0, _("this file is too large for captions (more than 2 MB): is it the right file?")),))
        text = found.source.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return captions.Track(problems=((0, _("this captions file is not saved as UTF-8: save it again with the encoding UTF-8")),))
    except OSError as exc:
        return captions.Track(problems=((0, _("cannot read this file: {reason}", reason=exc.strerror or str(exc))),))
    return captions.read(text)


def _attach(
    doc: Doc, kind: Kind, context: _Preparing, tables: dict[str, dict[str, Doc]], left_out: LeftOut, untranslated: dict[str, set[str]]
) -> None:
    """Resolve the media and references of one entry, then let its kind add its own."""
    entry = doc.entry
    for reference in kind.references:
        _resolve(doc, reference, context, tables[reference.target], left_out, untranslated.get(reference.target, set()))
    if kind.cover is not None:
        doc.cover = context.figure(getattr(entry, kind.cover), (kind.cover,), "")
    if kind.gallery is not None:
        photos = (context.figure(image, (kind.gallery, i), None) for i, image in enumerate(getattr(entry, kind.gallery)))
        doc.images = [figure for figure in photos if figure is not None]
        doc.cover = doc.images[0] if doc.images else None
    for key in kind.people:
        person = getattr(entry, key)
        photo = person.photo if isinstance(person, Person) else None  # a named one has a page and its own photo
        doc.extra["person_photo"] = context.figure(photo, (key, "photo"), person.name) if photo is not None else None
    if kind.prepare is not None:
        kind.prepare(doc, entry, context)


def _resolve(doc: Doc, reference: Reference, context: _Preparing, table: dict[str, Doc], left_out: LeftOut, untranslated: set[str]) -> None:
    """`doc.links[reference.key]`: the entries the reference names (a list), or the one it
    names. Entries `untranslated` into this language are left out without a word. A value
    written in place instead of a name (a person with no page) is left as written: the
    template reads it from the entry."""
    value = getattr(doc.entry, reference.key)
    if reference.in_place and value is not None and not isinstance(value, str | list):
        doc.links.pop(reference.key, None)
        return
    many = isinstance(value, list)
    target = KINDS[reference.target]
    found: list[Doc] = []
    for index, name in enumerate(value if many else [value] if value else []):
        key: KeyPath = (reference.key, index) if many else (reference.key,)
        lookup = _lookup(target, name)
        why = left_out.get((target.name, lookup))
        if lookup in table:
            found.append(table[lookup])
        elif lookup in untranslated:
            continue
        elif doc.original and (reference.key,) not in context.source.lines:
            continue  # taken from the original, where it is reported
        elif why == DRAFT:
            context.error(key, _("{kind} `{name}` is a draft: publish it or leave it out here", kind=target.singular, name=name))
        elif why is None:  # a broken or held-back file has its own message already
            in_place = _(" (someone without a page of their own is written in place: `{example}`)", example="{name: " + name + "}") if reference.in_place else ""
            context.error(key, _("no {kind} `{name}`: it should be {hint}", kind=target.singular, name=name, hint=target.hint) + in_place + _maybe_in(left_out, target.name))
    if many:
        doc.links[reference.key] = found
    else:
        doc.links[reference.key] = found[0] if found else None


def _maybe_in(left_out: LeftOut, kind: str) -> str:
    """A hint naming the broken files of `kind` whose key could not be read: the entry
    named may be one of them."""
    unread = unread_files(left_out, kind)
    if not unread:
        return ""
    files = ", ".join(f"`{rel}`" for rel in unread)
    return _(" (or it may be in {files}, which has errors above: correct those first)", files=files)


def _link_back(entries: dict[str, list[Doc]]) -> None:
    """Relations written on one side are shown on both, in the order of the side that
    wrote them (after the entries the other side names itself, if it names any)."""
    for kind in KINDS:
        for reference in kind.references:
            if reference.back is None:
                continue
            for doc in entries[kind.name]:
                for target in _as_list(doc.links.get(reference.key)):
                    listed = target.links.get(reference.back)
                    if isinstance(listed, list):
                        if doc not in listed:
                            listed.append(doc)
                    elif listed is None and reference.back in target.links:  # one the target may name itself
                        target.links[reference.back] = doc


@dataclass
class _Finishing:
    """What the kinds' last steps may use (see `steps.Finishing`)."""

    sources: dict[str, Source]
    report: Report
    entries: dict[str, list[Doc]] = field(default_factory=dict)
    numbered: dict[int, Stop] = field(default_factory=dict)

    def error(self, doc: Doc, key: KeyPath, message: str) -> None:
        self.report.error(doc.rel, self.sources[doc.uid].line_of(key), message)

    def docs(self, kind: str) -> list[Doc]:
        return self.entries[kind]

    def stop(self, number: int) -> Stop | None:
        return self.numbered.get(number)

    def find(self, kind: str, name: str) -> Doc | None:
        wanted = _lookup(KINDS[kind], name)
        key_field = KINDS[kind].key_field
        return next((d for d in self.entries[kind] if _lookup(KINDS[kind], str(getattr(d.entry, key_field)) if key_field else d.slug) == wanted), None)


def _finish(entries: dict[str, list[Doc]], sources: dict[str, Source], report: Report, stops: list[Stop]) -> None:
    """Each kind's last step, once every relation is known in both directions."""
    context = _Finishing(sources, report, entries, {stop.number: stop for stop in stops})
    for kind in KINDS:
        if kind.finish is not None:
            for doc in entries[kind.name]:
                kind.finish(doc, context)


def _as_list(value: Doc | list[Doc] | None) -> Iterable[Doc]:
    return value if isinstance(value, list) else [value] if value is not None else []


def _figure(image: Image | None, source: Source, key: KeyPath, media: MediaIndex, default_alt: str | None) -> Figure | None:
    """Find and measure an image; `default_alt` None means alt text is expected from staff."""
    if image is None:
        return None
    published = media.image(image.file, source.path, source.line_of(key + ("file",)), image.focus_point)
    if published is None:
        return None
    alt = image.alt if image.alt is not None else default_alt
    if alt is None:
        media.report.warning(
            source.path, source.line_of(key), _("image `{file}` has no `alt` text: describe what it shows", file=image.file)
        )
        alt = ""
    return Figure(published.url, published.width, published.height, alt, image.caption, image.credit, published.plan, image.focus)


@dataclass(frozen=True)
class RenderedBody:
    """A rendered Markdown body and everything its rendering looked up, to check on reuse."""

    html: Markup  # the entry's `body` itself: one copy of the text, not two
    summary: str
    links: tuple[tuple[str, str, str | None], ...]  # (target, file, page found)
    images: tuple[tuple[str, str, int, PublishedImage | None], ...]  # (src, file, line, image found)
    files: tuple[tuple[str, str, int, str, str | None], ...]  # (path, file, line, use, site path found)
    diagnostics: tuple[Diagnostic, ...]  # the renderer's own (media problems are found again)


# Rendered bodies by (file, page path, first line of the body, digest of the body, whether
# links end in a folder or in index.html), kept between builds.
BodyCache = dict[tuple[str, str, int, bytes, bool], RenderedBody]


def _render_bodies(
    docs: list[Doc], sources: dict[str, Source], media: MediaIndex, museum: Museum, cache: BodyCache | None, page_of: dict[str, str],
    broken: frozenset[tuple[str, str]] = frozenset(),
) -> BodyCache:
    """Render every Markdown body once; on several cores when there are many. Links to
    content files lead to the page `page_of` names for the file (NFC); links to files
    left out with errors of their own (`broken`, by kind and slug) are not a second error.

    With a `cache`, a body is only rendered again when its text, its page, or what one of
    its links or images leads to has changed. Returns what was rendered or reused (with
    a cache; without, the sources' bodies are emptied once rendered, as nothing reads
    them again, and memory at 100,000 objects matters)."""
    renderer = MarkdownRenderer()
    with_body = [d for d in docs if sources[d.uid].body.strip()]
    for doc in docs:
        doc.summary = doc.entry.summary or ""

    # A link leads to the page, not to the file, so a file named in other capitals is found
    # as well (the address is the page's, right on every server).
    folded = {path.casefold(): page for path, page in page_of.items()}

    def resolve_link(target: str, rel: str) -> str | None:
        path = unicodedata.normalize("NFC", join_relative(rel, target))
        found = page_of.get(path) or folded.get(path.casefold())
        folder, _slash, name = path.partition("/")
        if found is None and (folder, slug_for(posixpath.splitext(name)[0])) in broken:
            return ""  # its own errors are said already
        return found

    def still_valid(known: RenderedBody, found: MediaIndex) -> bool:
        if any(resolve_link(target, rel) != page for target, rel, page in known.links):
            return False
        trial = found.child()
        if any(trial.image(src, rel, line) != image for src, rel, line, image in known.images):
            return False
        if any(trial.publish_for(path, rel, line, use) != url for path, rel, line, use, url in known.files):
            return False
        found.adopt(trial)
        found.report.extend(known.diagnostics)
        return True

    def render_one(doc: Doc, source: Source, found: MediaIndex) -> RenderedBody:
        links: list[tuple[str, str, str | None]] = []
        images: list[tuple[str, str, int, PublishedImage | None]] = []
        files: list[tuple[str, str, int, str, str | None]] = []
        own = Report()

        def link_from(target: str) -> str:
            return relative(doc.path, target, museum.directory_urls)

        def link(target: str, rel: str) -> str | None:
            links.append((target, rel, page := resolve_link(target, rel)))
            return page

        def image(src: str, rel: str, line: int) -> PublishedImage | None:
            images.append((src, rel, line, published := found.image(src, rel, line)))
            return published

        def file(path: str, rel: str, line: int, use: str) -> str | None:
            files.append((path, rel, line, use, url := found.publish_for(path, rel, line, use)))
            return url

        rendered = renderer.render(source.body, doc.rel, source.body_line, link_from, link, image, own, file)
        found.report.extend(own.diagnostics)
        return RenderedBody(Markup(rendered.html), rendered.summary, tuple(links), tuple(images), tuple(files), tuple(own.diagnostics))

    def render_chunk(chunk: range) -> tuple[list[RenderedBody], MediaIndex]:
        found = media.child()
        results = []
        for index in chunk:
            doc, source = with_body[index], sources[with_body[index].uid]
            known = cache.get(_body_key(doc, source, museum)) if cache is not None else None
            results.append(known if known is not None and still_valid(known, found) else render_one(doc, source, found))
        return results, found.findings()

    fresh: BodyCache = {}
    offset = 0
    for results, found in map_chunks(render_chunk, len(with_body)):
        media.adopt(found)
        for result in results:
            doc = with_body[offset]
            doc.body = result.html
            doc.summary = doc.entry.summary or _shorten(result.summary)
            if cache is not None:
                fresh[_body_key(doc, sources[doc.uid], museum)] = result
            else:  # nothing keeps this build's sources: let the Markdown go as its HTML comes
                sources[doc.uid].body = ""
            offset += 1
    return fresh


def _body_key(doc: Doc, source: Source, museum: Museum) -> tuple[str, str, int, bytes, bool]:
    # The body's digest, not its text: the build cache keeps these keys on disk.
    body = hashlib.blake2b(source.body.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    return (doc.rel, doc.path, source.body_line, body, museum.directory_urls)


def _shorten(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
