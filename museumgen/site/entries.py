"""What the model is made of: entries (`Doc`) with who they are and where they were written, and the
site (`Site`) that holds them by kind.

Plain data: the content kinds (`museumgen.site.kinds`) say how entries are found, linked and
sorted; `museumgen.site.model` fills these in; templates and outputs read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from museumgen.images import Plan, Settings
from museumgen.schema import Museum
from museumgen.site.media import AudioFile, MediaFile


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
    focus: str | None = None  # what crops keep, as CSS `object-position` reads it: `50% 20%`


@dataclass(frozen=True)
class Track:
    url: str
    language: str
    label: str


@dataclass(frozen=True)
class Happening:
    """Something on a day or at a time, as a calendar shows it: an event, an opening day."""

    uid: str  # the same in every build and language: the entry's kind and slug, and what of it this is
    title: str
    start: dt.date | dt.datetime  # a day: all day long; a time: aware, in the museum's time zone
    end: dt.date | dt.datetime | None  # a day: the day after the last
    location: str | None
    summary: str
    path: str  # site path of the entry's page
    label: str | None = None  # the interface text said before the title: `opening_day`
    online: bool = False  # not at the museum: its location is all of its place (a live room's address)


@dataclass(frozen=True)
class Recording:
    """A recording of the audio guide as a page plays it, with its transcript."""

    audio: AudioFile
    transcript: Markup  # rendered from Markdown; empty when staff wrote none


@dataclass(frozen=True)
class Stop:
    """A stop of the audio guide: a number on a label in the gallery, and where it leads."""

    number: int
    title: str
    path: str  # site path of the page it leads to, with `#stop-12` for a part of a page
    recording: Recording | None
    doc: Doc = field(compare=False, repr=False)  # the entry it belongs to (an object, or an exhibition for its sections)
    line: int = 0  # where its number is written in the entry's file

    @property
    def written_at(self) -> str:
        return f"{self.doc.rel}:{self.line}"


@dataclass(frozen=True)
class TourPlace:
    """Where an object's stop is in the tour of one exhibition: the stops before and after it."""

    exhibition: Doc = field(repr=False)
    previous: Stop | None
    next: Stop | None
    position: int  # from 1
    count: int


@dataclass(frozen=True)
class Chapter:
    start: float  # seconds from the start of the video
    title: str


@dataclass(frozen=True, order=True)
class EntryKey:
    """Who an entry is, apart from where it was written: its kind, slug and language."""

    kind: str
    slug: str
    language: str

    def __str__(self) -> str:
        return f"{self.kind}/{self.slug}@{self.language}"


@dataclass(frozen=True)
class Origin:
    """Where an entry was written, for messages: a file and the line its data starts on."""

    file: str  # relative to the museum folder, forward slashes
    line: int = 0


@dataclass(eq=False, repr=False)
class Doc:
    """One entry of the museum with everything its pages need.

    Fields of the entry itself (`title`, `start`, …) read straight through: `doc.title`;
    so do its relations to other entries (`doc.items`, `doc.exhibition`, as its kind
    declares them) and what its kind's own step added (`doc.status`, `doc.start_at`).
    """

    key: EntryKey
    written_at: Origin  # where it comes from (not `origin`: objects have an origin of their own)
    path: str  # site path of its page
    entry: Any
    body: Markup = Markup("")
    summary: str = ""
    cover: Figure | None = None
    images: list[Figure] = field(default_factory=list)
    links: dict[str, Any] = field(default_factory=dict)  # relations by name: a Doc, None, or a list of Docs
    extra: dict[str, Any] = field(default_factory=dict)  # what the kind's own step adds
    original: str | None = None  # for a translation: the file it translates
    translations: dict[str, Doc] = field(default_factory=dict)  # by language, itself included
    # From `key` and `written_at`, kept as plain attributes: they are read for every lookup a
    # template makes (see `render.RecordingEnvironment`).
    kind: str = field(init=False, repr=False)
    slug: str = field(init=False, repr=False)
    rel: str = field(init=False, repr=False)  # the file it was written in
    uid: str = field(init=False, repr=False)  # `key` as text, unique in the site

    def __post_init__(self) -> None:
        self.kind, self.slug, self.rel = self.key.kind, self.key.slug, self.written_at.file
        self.uid = str(self.key)

    def __repr__(self) -> str:  # its links lead to every other entry: a whole repr would be the site's
        return f"Doc({self.key})"

    def __getattr__(self, name: str) -> Any:
        if name in ("entry", "links", "extra", "key", "written_at", "translations"):  # not yet set (copying, unpickling)
            raise AttributeError(name)
        links = self.links
        if name in links:
            return links[name]
        extra = self.extra
        if name in extra:
            return extra[name]
        return getattr(self.entry, name)


@dataclass
class Site:
    """The whole checked museum. Entries are held by kind (`entries["collection"]`) and
    read by the name templates use for each kind's list (`site.items`)."""

    root: Path = field(repr=False)  # where the museum is on the build machine: never shown
    museum: Museum
    today: dt.date
    entries: dict[str, list[Doc]]  # by kind, each kind in its own order
    lists: dict[str, str]  # the kind of each list name, e.g. "items" -> "collection"
    media: dict[str, MediaFile]  # published as they are
    images: dict[str, tuple[MediaFile, Plan]]  # published as derivatives, by the source's site path
    logo: Figure | None
    qr_codes: dict[int, Figure]  # by index in museum.social
    settings: Settings = field(default_factory=Settings)  # how images are made
    colours: dict[str, str] = field(default_factory=dict)  # dominant colour of each made image, by plan key
    language: str = "zh-CN"
    prefix: str = ""  # where its pages are: "" for the default language, else e.g. "en/"
    siblings: list[Site] = field(default_factory=list, repr=False)  # the site in every language, the default first
    stops: list[Stop] = field(default_factory=list)  # of the audio guide, by number

    def stop_pages(self) -> list[tuple[str, Stop | None]]:
        """The keypad's pages without script: one for every number a visitor can have typed
        so far (each prefix of a stop's number), with the stop of that number if there is one."""
        numbers = {str(stop.number): stop for stop in self.stops}
        typed = sorted({str(n)[:end] for n in numbers for end in range(1, len(str(n)) + 1)}, key=lambda t: (len(t), t))
        return [(text, numbers.get(text)) for text in typed]

    def __getattr__(self, name: str) -> list[Doc]:
        if name in ("lists", "entries", "siblings", "stops"):  # not yet set (copying, unpickling)
            raise AttributeError(name)
        kind = self.lists.get(name)
        if kind is None:
            raise AttributeError(name)
        return self.entries[kind]

    @property
    def docs(self) -> list[Doc]:
        """Every entry, kind after kind, each kind in its own order."""
        return [doc for docs in self.entries.values() for doc in docs]

    def exhibitions_with(self, status: str) -> list[Doc]:
        return [e for e in self.entries.get("exhibitions", []) if e.status == status]

    @property
    def upcoming_events(self) -> list[Doc]:
        return [e for e in self.entries.get("events", []) if (e.end_at or e.start_at).date() >= self.today]

    @property
    def past_events(self) -> list[Doc]:
        return [e for e in reversed(self.entries.get("events", [])) if (e.end_at or e.start_at).date() < self.today]
