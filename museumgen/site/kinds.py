"""The content kinds, each declared once: where its files are, what they may say, how its
entries are named, linked, sorted and shown.

Every stage reads these declarations and nothing else about a kind: discovery takes the
folders, loading the schemas, the model the references and sort orders, rendering the
URLs, templates and icons, structured data the makers, incremental rebuilds and
reserved names the rest. Adding a kind is one `Kind(...)` here (or `KINDS.register`),
plus its templates if the generic `entry.html` and `list.html` are not enough.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from museumgen import dates, geo
from museumgen.images import ZOOM_MIN
from museumgen.messages import _
from museumgen.schema import (
    Entry,
    Event,
    Exhibition,
    FloorPlan,
    Item,
    KeyPath,
    LiveStream,
    News,
    Page,
    Series,
    Speaker,
    Stamp,
    Video,
)
from museumgen.site import channel, gallery, structured
from museumgen.site.entries import Doc, Happening, Recording, Site, Stop
from museumgen.site.markup import short_markdown
from museumgen.site.steps import Finishing, Preparing


@dataclass(frozen=True)
class Reference:
    """An entry's key that names other entries, e.g. an exhibition's `items`."""

    key: str  # the key in the entry's file; also what templates call the linked entries
    target: str  # the kind named
    # What the named entries call the entries naming them, e.g. "exhibitions". It may be one
    # of their own references (a video's `exhibition`), which is then filled in when they
    # leave it out: a relation is the same whichever side writes it.
    back: str | None = None
    # Whether the key may hold a person written in place instead of a name (`{name: 王敏}`):
    # someone with no page of their own. Left as written; templates read it from the entry.
    in_place: bool = False


Sort = Callable[[Doc], Any]
ListValues = Callable[[Site, list[Doc]], dict[str, Any]]


@dataclass(frozen=True)
class Kind:
    """One kind of content. `name` is its folder and its section of the site."""

    name: str
    schema: type[Entry]
    singular: str  # in messages: "no item `QX-9`"
    list_name: str  # what templates call the list of all of them: `site.items`
    sort: Sort
    entry_template: str  # falls back to `entry.html` when the theme has none
    list_template: str | None = None  # falls back to `list.html`; None: no list page
    url: str = "{kind}/{slug}/"  # of each entry's page
    references: tuple[Reference, ...] = ()
    key_field: str | None = None  # references name entries by this field (any case), not by file name
    key_label: str = ""  # what the key field is, for messages: "accession numbers"
    paginate: bool = False  # list pages of `museum.per_page` entries each
    # With `list_values`, which of its values is paged: the long part of a grouped list (the
    # past events); the other groups show on the first page only.
    paged_part: str | None = None
    # A reference whose entries an entry's page lists in pages of `museum.per_page` (an
    # exhibition's objects: `exhibitions/{slug}/page/2/`).
    paged_reference: str | None = None
    cover: str | None = None  # the key of the cover image
    gallery: str | None = None  # the key of a list of photographs; the first is the cover
    people: tuple[str, ...] = ()  # keys of people written in place (not named) whose photo is shown
    prepare: Callable[[Doc, Any, Preparing], None] | None = None  # (doc, entry, context)
    finish: Callable[[Doc, Finishing], None] | None = None  # after every relation is linked: orders, neighbours
    list_values: ListValues | None = None  # the list page's values; default: the list under `list_name`
    icon: str | None = None  # SVG path data of its tab icon, 24×24, drawn with a stroke
    icon_name: str | None = None  # the icon's name in `museum.yaml` tabs; default: `name`
    structured: Callable[[Doc, Any], structured.Json] | None = None  # schema.org node of a page
    dated: Callable[[Doc], dt.date | dt.datetime | None] | None = None  # when an entry came out: kinds with it have feeds
    happenings: Callable[[Doc], list[Happening]] | None = None  # what an entry puts in the calendar
    taxonomies: tuple[str, ...] = ()  # fields it is browsed by, each value a page: `category`, `tags`
    og_type: str = "article"  # the Open Graph type of its pages
    dc_type: str = "Text"  # the DCMI type of what its pages describe (Dublin Core)
    # The reference whose entries' stops, with its own, make its tour of the audio guide
    # (`doc.tour`, in stop order); each stop's entry gets its place in it (`doc.tours`).
    # Stops themselves are what `prepare` puts in `doc.extra["stops"]`.
    tour: str | None = None

    @property
    def at_top(self) -> bool:
        """Whether its pages sit at the top of the site (`/about/`), where the site's own names are."""
        return self.url.startswith("{slug}")

    @property
    def icon_key(self) -> str:
        return self.icon_name or self.name

    @property
    def list_url(self) -> str | None:
        return f"{self.name}/" if self.list_template is not None else None

    def page_path(self, slug: str) -> str:
        return self.url.format(kind=self.name, slug=slug)

    def list_path(self, number: int) -> str:
        """The site path of list page `number` (from 1)."""
        assert self.list_url is not None
        return self.list_url if number == 1 else f"{self.list_url}page/{number}/"

    @property
    def hint(self) -> str:
        """How an entry of this kind is named in references, for messages."""
        if self.key_field:
            return _("an `{key}` in {folder}/", key=self.key_field, folder=self.name)
        return _("a file name in {folder}/", folder=self.name)


def text_fields(schema: type[Entry], lists: bool = False) -> tuple[str, ...]:
    """The fields of `schema` that hold a text (with `lists`, or a list of texts), in the
    order it declares them: what open data gives as columns, and browsing may group by."""
    found = []
    for name, info in schema.model_fields.items():
        annotation = info.annotation
        parts = typing.get_args(annotation) if isinstance(annotation, types.UnionType) else (annotation,)
        if (str in parts and set(parts) <= {str, type(None)}) or (lists and parts == (list[str],)):
            found.append(name)
    return tuple(found)


def browsable_fields(kind: Kind) -> tuple[str, ...]:
    """What `kind`'s entries may be browsed by: its texts and lists of texts, but for the
    title, the summary and the key, which are each entry's own, and its references."""
    own = {"title", "summary", kind.key_field, *(reference.key for reference in kind.references)}
    return tuple(name for name in text_fields(kind.schema, lists=True) if name not in own)


def taxonomies(kind: Kind, browse: dict[str, list[str]]) -> tuple[str, ...]:
    """The fields `kind` is browsed by: as museum.yaml's `browse` says, else as the kind declares."""
    return tuple(browse[kind.name]) if kind.name in browse else kind.taxonomies


class Registry:
    """The kinds in the order the site lists them (and builds and checks them)."""

    def __init__(self, kinds: list[Kind]) -> None:
        self._kinds = {kind.name: kind for kind in kinds}

    def __iter__(self) -> Iterator[Kind]:
        return iter(list(self._kinds.values()))

    def __getitem__(self, name: str) -> Kind:
        return self._kinds[name]

    def __contains__(self, name: object) -> bool:
        return name in self._kinds

    def names(self) -> tuple[str, ...]:
        return tuple(self._kinds)

    def register(self, kind: Kind) -> None:
        if kind.name in self._kinds:
            raise ValueError(f"a content kind `{kind.name}` is declared already")
        for reference in kind.references:
            if reference.target not in self._kinds and reference.target != kind.name:
                raise ValueError(f"`{kind.name}.{reference.key}` names an undeclared kind `{reference.target}`")
        self._kinds[kind.name] = kind

    def unregister(self, name: str) -> None:
        del self._kinds[name]

    @contextmanager
    def extended(self, kind: Kind) -> Iterator[Kind]:
        """The registry with `kind` added for the duration of a `with` block."""
        self.register(kind)
        try:
            yield kind
        finally:
            self.unregister(kind.name)

    def back_names(self, target: str) -> tuple[str, ...]:
        """What the entries of kind `target` call the entries that name them (`exhibitions` on objects)."""
        return tuple(dict.fromkeys(ref.back for kind in self for ref in kind.references if ref.target == target and ref.back))

    def reserved(self) -> frozenset[str]:
        """Top-level names of the site the kinds use themselves."""
        return frozenset(kind.url.split("/")[0].format(kind=kind.name) for kind in self if not kind.at_top)


# --- what the built-in kinds do of their own -------------------------------------------


def _order(doc: Doc) -> int:
    return doc.entry.order if doc.entry.order is not None else 1 << 30


def _natural(text: str) -> tuple[tuple[int, str], ...]:
    """Sort key where `QX-2` comes before `QX-10`."""
    return tuple((int(part), "") if part.isdigit() else (0, part.casefold()) for part in re.split(r"(\d+)", text))


def _exhibition_order(doc: Doc) -> tuple[int, bool, int, int, str]:
    """By status (current first), then featured ones, then `order`, then newest first."""
    start = doc.entry.start or dt.date.min
    return (dates.STATUS_ORDER.index(doc.status), not doc.entry.featured, _order(doc), -start.toordinal(), doc.slug)


def event_time(doc: Doc) -> tuple[dt.datetime, str]:
    return doc.start_at, doc.slug


def _prepare_exhibition(doc: Doc, entry: Exhibition, context: Preparing) -> None:
    doc.extra["status"] = dates.exhibition_status(entry.start, entry.end, context.today)


def _prepare_event(doc: Doc, entry: Event, context: Preparing) -> None:
    doc.extra["start_at"] = dates.localize(entry.start, context.zone)
    doc.extra["end_at"] = dates.localize(entry.end, context.zone) if entry.end else None


def _exhibition_opening(doc: Doc) -> list[Happening]:
    """An exhibition's opening day, all day long (its run would fill a calendar for months)."""
    start = doc.entry.start
    if start is None:
        return []
    return [Happening(f"{doc.kind}/{doc.slug}/opening", doc.title, start, start + dt.timedelta(days=1), doc.entry.venue, doc.summary, doc.path, "opening_day")]


def _event_happening(doc: Doc) -> list[Happening]:
    return [Happening(f"{doc.kind}/{doc.slug}", doc.title, doc.start_at, doc.end_at, doc.entry.location, doc.summary, doc.path)]


def _live_happening(doc: Doc) -> list[Happening]:
    """A live stream where it happens: its live room (a web address) is its place."""
    return [Happening(f"{doc.kind}/{doc.slug}", doc.title, doc.start_at, doc.end_at, doc.entry.link, doc.summary, doc.path, online=True)]


def _stop(doc: Doc, number: int | None, title: str, recording: Recording | None, key: KeyPath, context: Preparing, anchor: bool) -> list[Stop]:
    if number is None:
        return []
    path = f"{doc.path}#stop-{number}" if anchor else doc.path
    return [Stop(number, title, path, recording, doc, context.line(key))]


def _prepare_item(doc: Doc, item: Item, context: Preparing) -> None:
    doc.extra["recording"] = recording = context.recording(item.audio, ("audio",))
    doc.extra["stops"] = _stop(doc, item.stop, item.title, recording, ("stop",), context, anchor=False)
    spot, shape = item.find_spot, geo.outline()
    if spot is not None and not shape.covers(spot.lat, spot.lon):
        degrees = {name: format(value, "g") for name, value in zip(("lat", "lon", "west", "south", "east", "north"), (spot.lat, spot.lon, *shape.area), strict=True)}
        message = _(
            "the find spot ({lat}, {lon}) is outside the collection's map, which draws {south}° to {north}° north and {west}° to {east}° east: it is left off the map",
            **degrees,
        )
        context.warning(("find_spot",), message)
    if item.deep_zoom:
        _zoomed(doc, context)


def _zoomed(doc: Doc, context: Preparing) -> None:
    """Give the largest of the object's photographs its deep-zoom tiles; one too small to
    tile (or an animation) is said, and shown as it is: said once, in the file that asks
    for it (a translation that only inherits it says nothing)."""
    said = context.writes(("deep_zoom",))
    still = [figure for figure in doc.images if figure.plan is not None]
    if not still:
        if said:
            context.warning(("deep_zoom",), _("`deep_zoom: true` needs a photograph (not an animation) to zoom into: add one to `images`"))
        return
    largest = max(still, key=lambda figure: figure.width * figure.height)
    if max(largest.width, largest.height) < ZOOM_MIN:
        if said:
            context.warning(("deep_zoom",), _(
                "`deep_zoom: true`, but its largest photograph is {width}×{height} pixels: too small to zoom into (at least {least} pixels on its long side are needed); use a larger photograph, or remove `deep_zoom`",
                width=largest.width, height=largest.height, least=ZOOM_MIN,
            ))
        return
    zoomed = context.zoom(largest)
    doc.images = [zoomed if figure is largest else figure for figure in doc.images]
    doc.cover = doc.images[0]


def _prepare_exhibition_guide(doc: Doc, entry: Exhibition, context: Preparing) -> None:
    _prepare_exhibition(doc, entry, context)
    sections, stops = [], []
    for index, section in enumerate(entry.sections):
        recording = context.recording(section.audio, ("sections", index, "audio"))
        text = Markup(short_markdown(section.text)) if section.text else Markup("")
        sections.append(SectionShown(section.title, section.stop, text, recording))
        stops += _stop(doc, section.stop, section.title, recording, ("sections", index, "stop"), context, anchor=True)
    doc.extra["sections"], doc.extra["stops"] = sections, stops


@dataclass(frozen=True)
class SectionShown:
    """A part of an exhibition as its page shows it."""

    title: str
    stop: int | None
    text: Markup
    recording: Recording | None

    @property
    def anchor(self) -> str | None:
        return f"stop-{self.stop}" if self.stop is not None else None


def _exhibition_lists(site: Site, docs: list[Doc]) -> dict[str, Any]:
    """The exhibitions by status; the past ones, which only grow, apart (they are paged)."""
    shown = [status for status in dates.STATUS_ORDER if status != dates.PAST]
    return {"groups": [(status, [d for d in docs if d.status == status]) for status in shown], "past": [d for d in docs if d.status == dates.PAST]}


def _event_lists(site: Site, docs: list[Doc]) -> dict[str, Any]:
    return {"upcoming": site.upcoming_events, "past": site.past_events}


KINDS = Registry(
    [
        Kind(
            "exhibitions",
            Exhibition,
            singular=_("exhibition"),
            list_name="exhibitions",
            sort=_exhibition_order,
            entry_template="exhibition.html",
            list_template="exhibition_list.html",
            references=(
                Reference("items", "collection", back="exhibitions"),
                Reference("videos", "videos", back="exhibition"),
                Reference("curator", "speakers", back="exhibitions", in_place=True),
            ),
            cover="cover",
            people=("curator",),
            prepare=_prepare_exhibition_guide,
            list_values=_exhibition_lists,
            paginate=True,
            paged_part="past",
            paged_reference="items",
            tour="items",
            icon="M3 9l9-5 9 5M5 9v9M9.5 9v9M14.5 9v9M19 9v9M3 20h18",
            structured=structured.exhibition,
            dated=lambda d: d.entry.publish or d.entry.start,
            happenings=_exhibition_opening,
            dc_type="Event",
        ),
        Kind(
            "collection",
            Item,
            singular=_("item"),
            list_name="items",
            sort=lambda d: (_order(d), _natural(d.entry.id)),
            entry_template="item.html",
            list_template="collection_list.html",
            key_field="id",
            key_label=_("accession numbers"),
            paginate=True,
            gallery="images",
            prepare=_prepare_item,
            icon="M8 3h8M9 3v4c-3 1-4 4-4 7 0 4 3 7 7 7s7-3 7-7c0-3-1-6-4-7V3",
            structured=structured.item,
            taxonomies=("category", "period", "material", "tags"),
            dc_type="PhysicalObject",
        ),
        Kind(
            "events",
            Event,
            singular=_("event"),
            list_name="events",
            sort=event_time,
            entry_template="event.html",
            list_template="event_list.html",
            references=(Reference("exhibition", "exhibitions", back="events"),),
            cover="cover",
            prepare=_prepare_event,
            list_values=_event_lists,
            paginate=True,
            paged_part="past",
            icon="M4 6h16v14H4zM4 10h16M8 3v5M16 3v5",
            structured=structured.event,
            dated=lambda d: d.entry.publish or d.start_at,
            happenings=_event_happening,
            dc_type="Event",
        ),
        Kind(
            "videos",
            Video,
            singular=_("video"),
            list_name="videos",
            sort=lambda d: (_order(d), -(d.entry.date or dt.date.min).toordinal(), d.slug),
            entry_template="video.html",
            list_template="video_list.html",
            references=(
                Reference("items", "collection", back="videos"),
                Reference("exhibition", "exhibitions", back="videos"),
                Reference("speaker", "speakers", back="videos", in_place=True),
                Reference("series", "series", back="episodes"),
            ),
            paginate=True,
            cover="poster",
            people=("speaker",),
            prepare=channel.prepare_video,
            icon="M4 6h11v12H4zM15 10l5-3v10l-5-3",
            structured=structured.video,
            dated=lambda d: d.entry.date,
            og_type="video.other",
            dc_type="MovingImage",
        ),
        Kind(
            "live",
            LiveStream,
            singular=_("live stream"),
            list_name="live_streams",
            sort=event_time,
            entry_template="live.html",
            list_template="live_list.html",
            references=(
                Reference("exhibition", "exhibitions", back="live_streams"),
                Reference("speaker", "speakers", back="live_streams", in_place=True),
                Reference("items", "collection", back="live_streams"),
                Reference("recording", "videos", back="live_streams"),
            ),
            cover="cover",
            people=("speaker",),
            prepare=channel.prepare_live,
            list_values=channel.live_lists,
            icon="M12 13a1 1 0 1 0 0-2 1 1 0 0 0 0 2zM8.5 8.5a5 5 0 0 0 0 7M15.5 8.5a5 5 0 0 1 0 7M5.6 5.6a9 9 0 0 0 0 12.8M18.4 5.6a9 9 0 0 1 0 12.8",
            structured=structured.live_stream,
            dated=lambda d: d.entry.publish or d.start_at,
            happenings=_live_happening,
            og_type="video.other",
            dc_type="Event",
        ),
        Kind(
            "speakers",
            Speaker,
            singular=_("speaker"),
            list_name="speakers",
            sort=lambda d: (_order(d), d.entry.title),
            entry_template="speaker.html",
            list_template="speaker_list.html",
            cover="photo",
            prepare=channel.prepare_speaker,
            icon="M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c0-4 4-6 8-6s8 2 8 6",
            structured=structured.person,
        ),
        Kind(
            "series",
            Series,
            singular=_("series"),
            list_name="series",
            sort=lambda d: (_order(d), d.entry.title),
            entry_template="series.html",
            list_template="series_list.html",
            references=(Reference("speaker", "speakers", back="series", in_place=True),),
            cover="cover",
            people=("speaker",),
            finish=channel.finish_series,
            icon="M4 5h16v10H4zM10 8l4 2-4 2zM4 19h16",
            structured=structured.series,
        ),
        Kind(
            "plans",
            FloorPlan,
            singular=_("floor plan"),
            list_name="plans",
            sort=lambda d: (_order(d), _natural(d.entry.floor)),
            entry_template="plan.html",
            list_template="plan_list.html",
            prepare=gallery.prepare_plan,
            finish=gallery.finish_plan,
            icon="M3 4h18v16H3zM3 12h7M10 4v5M10 15v5M14 12h7",
            og_type="website",
            dc_type="Image",
        ),
        Kind(
            "stamps",
            Stamp,
            singular=_("stamp"),
            list_name="stamps",
            sort=lambda d: (d.entry.number, d.slug),
            entry_template="stamp.html",
            list_template="passport.html",  # the list of stamps is the passport: what is collected, what is missing
            references=(Reference("exhibition", "exhibitions", back="stamps"),),
            prepare=gallery.prepare_stamp,
            finish=gallery.finish_stamp,
            icon="M12 3a4 4 0 0 0-2 7.5V13H5v4h14v-4h-5v-2.5A4 4 0 0 0 12 3zM4 21h16",
            og_type="website",
        ),
        Kind(
            "news",
            News,
            singular=_("news item"),
            list_name="news",
            sort=lambda d: (-d.entry.date.toordinal(), d.slug),
            entry_template="news.html",
            list_template="news_list.html",
            paginate=True,
            cover="cover",
            icon="M5 4h11l3 3v13H5zM8 9h8M8 13h8M8 17h5",
            structured=structured.news,
            dated=lambda d: d.entry.date,
        ),
        Kind(
            "pages",
            Page,
            singular=_("page"),
            list_name="pages",
            sort=lambda d: (_order(d), d.entry.title),
            entry_template="page.html",
            url="{slug}/",  # free pages sit at the top: /about/
            icon="M6 3h9l4 4v14H6zM9 11h7M9 15h7",
            icon_name="page",
            og_type="website",
        ),
    ]
)
