"""Content types: one class per folder of the museum (`exhibitions/`, `collection/` …)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Discriminator, Field, Tag, field_validator

from museumgen.messages import _
from museumgen.schema.base import (
    IN_PLACE,
    NAMED,
    ImageRef,
    KeyPath,
    Person,
    Schema,
    Slug,
    Tags,
    WebAddress,
    file_shorthand,
    is_blank,
    list_shorthand,
    naive,
)


class Entry(Schema):
    """Fields every content type shares."""

    title: str = Field(description="Title shown on cards and as the page heading.")
    summary: str | None = Field(
        None, description="One sentence for cards and search results; defaults to the start of the body."
    )
    tags: Tags = Field(default_factory=list, description="Keywords, e.g. `[青铜, bronze]`.")
    draft: bool = Field(False, description="`true` keeps the entry out of the built site.")
    publish: dt.date | None = Field(
        None,
        description="Day the entry appears, `YYYY-MM-DD`: until then it is kept out of the site, its lists, feed and sitemap, as a draft is (a build on or after that day publishes it).",
    )
    order: int | None = Field(None, description="Sort position in lists: lower numbers come first.")
    updated: dt.date | None = Field(
        None, description="Day the entry was last changed, `YYYY-MM-DD`: search engines (the sitemap) and feed readers are told."
    )

    @field_validator("title")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if is_blank(value):
            raise ValueError(_("the title is empty: write a title"))
        return value


# Stop numbers are what visitors type on the keypad: whole numbers, at most four digits.
StopNumber = Annotated[int, Field(ge=1, le=9999)]


class Audio(Schema):
    """A sound file of the audio guide, with what it says."""

    file: str = Field(
        description="Path of the sound file: `.mp3`, `.m4a` or `.aac` (AAC), `.opus` or `.ogg` (Opus, Vorbis); at most 20 MB."
    )
    transcript: str | None = Field(
        None,
        description="Everything the recording says, as Markdown, shown under the player for visitors who cannot"
        " hear it or would rather read: write `transcript: |` and the text on the lines below, indented by two spaces.",
    )


AudioRef = Annotated[Audio, BeforeValidator(file_shorthand, json_schema_input_type=str | Audio)]


class Section(Schema):
    """A part of an exhibition (a hall, a theme) with a stop of its own in the audio guide."""

    title: str = Field(description="Its heading, e.g. 第一单元 · 青铜时代.")
    stop: StopNumber | None = Field(None, description="Its number in the audio guide, as printed on the label in the gallery.")
    audio: AudioRef | None = Field(None, description="Its recording: a file path, or `file` and `transcript`.")
    text: str | None = Field(None, description="A short introduction, as Markdown, shown on the exhibition's page.")

    @field_validator("title")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if is_blank(value):
            raise ValueError(_("the title is empty: write a title"))
        return value


# A speaker named by the file name of their page in `speakers/`, or written in place with a
# name and no page of their own (`{name: 王敏, role: 策展人}`). A plain name used to mean the
# second; it now names a page, and a name with no page is a located error saying so.
def _named_or_in_place(value: Any) -> str:
    return IN_PLACE if isinstance(value, dict | Person) else NAMED


def _not_blank_name(value: str) -> str:
    if is_blank(value):
        raise ValueError(_("the speaker is empty: write the file name of their page in speakers/, or leave the key out"))
    return value


SpeakerRef = Annotated[
    Annotated[Slug, AfterValidator(_not_blank_name), Tag(NAMED)] | Annotated[Person, Tag(IN_PLACE)],
    Discriminator(_named_or_in_place),
]


class Speaker(Entry):
    """A speaker (主讲人), a curator, expert or lead guide, with a page listing what they present: `speakers/*.md`."""

    title: str = Field(description="Full name, shown as the page heading and wherever they present something.")

    role: str | None = Field(None, description="Role, e.g. 策展人 (curator), 研究馆员 (expert) or 金牌讲解员 (lead guide).")
    photo: ImageRef | None = Field(None, description="Portrait; the name is its alt text unless `alt` is given.")
    bio: str | None = Field(None, description="One or two sentences shown with the name; the body of the file is the full biography.")


class Exhibition(Entry):
    """An exhibition (展览): `exhibitions/*.md`."""

    subtitle: str | None = Field(None, description="Second line of the title, e.g. its English name.")
    start: dt.date | None = Field(None, description="Opening day, `YYYY-MM-DD`.")
    end: dt.date | None = Field(
        None, description="Last day, `YYYY-MM-DD`. Leave it out for a permanent exhibition."
    )
    venue: str | None = Field(None, description="Hall or gallery, e.g. 二号展厅.")
    cover: ImageRef | None = Field(None, description="Cover image for cards and the page top.")
    curator: SpeakerRef | None = Field(
        None,
        description="The curator, expert or guide who presents the exhibition: the file name of their page in"
        " `speakers/` (`curator: lin-xiaowen`), or, for someone without a page, `name`, `role`, `photo`, `bio` in place.",
    )
    items: list[str] = Field(default_factory=list, description="Accession numbers (`id`) of the objects shown.")
    videos: list[Slug] = Field(
        default_factory=list, description="Slugs (file names) of related videos; each video's page then names this exhibition."
    )
    featured: bool = Field(False, description="`true` puts it first among the exhibitions of its kind (current, upcoming …) and on the home page.")
    sections: list[Section] = Field(
        default_factory=list,
        description="Its parts (halls, themes), each with a `title`, and a `stop` number, `audio` and `text` if it has them; shown on its page in this order.",
    )

    def problems(self) -> Iterator[tuple[KeyPath, str]]:
        if self.start and self.end and self.end < self.start:
            yield ("end",), _("`end` ({end}) is before `start` ({start})", end=str(self.end), start=str(self.start))


class FindSpot(Schema):
    """Where an object was found (or made), as a point on the collection's map."""

    name: str | None = Field(None, description="The place's name, e.g. 青溪县城关镇.")
    lat: float = Field(ge=-90, le=90, description="Latitude in degrees, north positive (WGS 84), e.g. 30.25.")
    lon: float = Field(ge=-180, le=180, description="Longitude in degrees, east positive (WGS 84), e.g. 118.9.")


class Item(Entry):
    """A collection highlight (藏品): `collection/*.md`."""

    id: str = Field(description="Accession number, unique in the museum, e.g. `QX-0001`.")
    period: str | None = Field(None, description="Period or dynasty, e.g. 商代晚期 / Late Shang.")
    date: str | None = Field(None, description="Date as text, e.g. 约公元前1200年.")
    origin: str | None = Field(None, description="Where it was made or found.")
    material: str | None = Field(None, description="Material and technique.")
    dimensions: str | None = Field(None, description="Size as text, e.g. 高 32.5 厘米.")
    category: str | None = Field(None, description="Category for grouping, e.g. 青铜器.")
    images: Annotated[list[ImageRef], BeforeValidator(list_shorthand, json_schema_input_type=ImageRef | list[ImageRef])] = Field(
        default_factory=list, description="Photographs; the first is the main one. Each needs `alt` text."
    )
    credit: str | None = Field(None, description="Credit line, e.g. donor or lender.")
    rights: str | None = Field(None, description="Rights statement for the images, e.g. CC BY 4.0.")
    deep_zoom: bool = Field(
        False,
        description="`true` lets visitors zoom into its largest photograph (at least 1024 pixels on its long side),"
        " tile by tile, and gives its IIIF manifest an image service for other viewers.",
    )
    featured: bool = Field(False, description="`true` shows it among the highlights on the home page.")
    stop: StopNumber | None = Field(
        None, description="Its number in the audio guide (1–9999), as printed on its label: visitors type it on the keypad page."
    )
    audio: AudioRef | None = Field(None, description="Its recording for the audio guide: a file path, or `file` and `transcript`.")
    find_spot: FindSpot | None = Field(
        None, description="Where it was found, with `lat` and `lon` in degrees (and a `name`): a point on the collection's map."
    )


class Event(Entry):
    """An education event (社教活动): `events/*.md`."""

    start: dt.datetime = Field(description="Start, `YYYY-MM-DD HH:MM` in the museum's timezone.")
    end: dt.datetime | None = Field(None, description="End, `YYYY-MM-DD HH:MM`.")
    location: str | None = Field(None, description="Where it happens.")
    audience: str | None = Field(None, description="Who it is for, e.g. 8–12 岁儿童及家长.")
    capacity: int | None = Field(None, ge=1, description="Number of places.")
    fee: str | None = Field(None, description="Price as text, e.g. 免费 or 20 元.")
    registration: str | None = Field(
        None, description="How to sign up: a web address (shown as a button) or text such as a phone number."
    )
    cover: ImageRef | None = Field(None, description="Cover image.")
    exhibition: Slug | None = Field(None, description="Slug of the exhibition it belongs to.")

    def problems(self) -> Iterator[tuple[KeyPath, str]]:
        if self.end and naive(self.end) < naive(self.start):
            end, start = (moment.strftime("%Y-%m-%d %H:%M") for moment in (self.end, self.start))
            yield ("end",), _("`end` ({end}) is before `start` ({start})", end=end, start=start)


class Caption(Schema):
    """A WebVTT captions or subtitles file."""

    file: str = Field(description="Path of the `.vtt` file.")
    language: str | None = Field(None, description="Language code, e.g. `zh-CN` or `en`; defaults to the museum's.")
    label: str | None = Field(None, description="Name shown in the player's menu, e.g. 中文字幕.")


def _caption_shorthand(value: Any) -> Any:
    """Let a file path, or one caption, stand for a list of captions."""
    items = [value] if isinstance(value, str | dict) else value
    return [file_shorthand(item) for item in items] if isinstance(items, list) else items


CaptionRef = str | Caption
Captions = Annotated[list[Caption], BeforeValidator(_caption_shorthand, json_schema_input_type=CaptionRef | list[CaptionRef])]


class Video(Entry):
    """A video (视频): `videos/*.md`."""

    source: str = Field(
        description="A video file in the museum folder (`.mp4`, `.webm`), or a page on a video platform"
        " (Bilibili, Tencent Video, Youku, Douyin, YouTube, WeChat Channels …): its poster, and its player once a visitor taps,"
        " where the platform allows it; a link card where it does not."
    )
    poster: ImageRef | None = Field(None, description="Still image shown before playing.")
    captions: Captions = Field(
        default_factory=list, description="WebVTT captions: a file path, or a list of `file`, `language`, `label`."
    )
    chapters: str | None = Field(
        None, description="A WebVTT file of chapters: each cue's text is a chapter's title, listed on the page to jump to."
    )
    transcript: str | None = Field(
        None, description="What is said, as text (paragraphs apart by an empty line); default: the words of the captions in the page's language."
    )
    duration: str | None = Field(None, description="Length, e.g. `12:30`; captions that go on after it are an error.")
    speaker: SpeakerRef | None = Field(
        None,
        description="Who speaks: the file name of their page in `speakers/` (`speaker: chen-yu`), or, for someone"
        " without a page, `name`, `role`, `photo` in place.",
    )
    date: dt.date | None = Field(None, description="Publication date, `YYYY-MM-DD`; newest first in lists.")
    exhibition: Slug | None = Field(None, description="Slug of the exhibition it presents.")
    items: list[str] = Field(default_factory=list, description="Accession numbers of the objects it shows.")
    series: Slug | None = Field(None, description="The file name of the series in `series/` it is an episode of.")
    episode: int | None = Field(
        None, ge=1, description="Its number in the series, from 1: the series page lists its episodes in this order."
    )

    def problems(self) -> Iterator[tuple[KeyPath, str]]:
        if self.episode is not None and self.series is None:
            yield ("episode",), _("`episode` needs `series`: write which series it is an episode of")


class Series(Entry):
    """A series of videos (系列), such as one talk per object: `series/*.md`. Videos name it in `series`."""

    cover: ImageRef | None = Field(None, description="Cover image for cards and the page top; default: the first episode's poster.")
    speaker: SpeakerRef | None = Field(
        None, description="Who presents the series: the file name of their page in `speakers/`, or `name`, `role`, `photo` in place."
    )


class LiveStream(Entry):
    """A live stream (直播) on a video platform, announced before it starts: `live/*.md`."""

    start: dt.datetime = Field(description="Start, `YYYY-MM-DD HH:MM` in the museum's timezone.")
    end: dt.datetime = Field(description="End, `YYYY-MM-DD HH:MM`: until then the page says it is live.")
    link: WebAddress = Field(description="The live room's address on the platform (Bilibili, Douyin, WeChat Channels …).")
    recording: Slug | None = Field(
        None, description="The file name of the video in `videos/` that keeps the recording: once it ends, the page offers it."
    )
    cover: ImageRef | None = Field(None, description="Cover image.")
    exhibition: Slug | None = Field(None, description="Slug of the exhibition it presents.")
    speaker: SpeakerRef | None = Field(
        None, description="Who presents it: the file name of their page in `speakers/`, or `name`, `role`, `photo` in place."
    )
    items: list[str] = Field(default_factory=list, description="Accession numbers of the objects it shows.")

    def problems(self) -> Iterator[tuple[KeyPath, str]]:
        if naive(self.end) <= naive(self.start):
            end, start = (moment.strftime("%Y-%m-%d %H:%M") for moment in (self.end, self.start))
            yield ("end",), _("`end` ({end}) is not after `start` ({start}): a live stream ends after it starts", end=end, start=start)


class News(Entry):
    """A news item or announcement (展讯): `news/*.md`."""

    date: dt.date = Field(description="Publication date, `YYYY-MM-DD`.")
    cover: ImageRef | None = Field(None, description="Cover image.")


class Page(Entry):
    """A free page such as `pages/about.md`, published at `/about/`."""

    menu: bool = Field(False, description="`true` lists the page in the footer menu.")


class Place(Schema):
    """Something placed on a floor plan: a stop of the audio guide or an object, at a point of the drawing."""

    stop: StopNumber | None = Field(None, description="The number of a stop of the audio guide (an object's or an exhibition section's).")
    item: str | None = Field(None, description="The accession number of an object in `collection/`.")
    x: int = Field(ge=0, description="How far from the drawing's left edge, in pixels of the image file (as an image editor shows it).")
    y: int = Field(ge=0, description="How far from the drawing's top edge, in pixels of the image file.")


class FloorPlan(Entry):
    """The plan of one floor (楼层平面图) with the stops and objects on it: `plans/*.md`."""

    floor: str = Field(description="The floor's short name, as signs in the building say it: `1F`, `B1`, `二层`.")
    image: ImageRef = Field(description="The plan drawing (PNG, JPEG or WebP), shown whole; `alt` says what it shows.")
    places: list[Place] = Field(
        default_factory=list,
        description="What is on it, each with `stop` (a stop number) or `item` (an accession number), and `x`, `y`:"
        " the point in pixels of the image file, from its top left corner.",
    )

    def problems(self) -> Iterator[tuple[KeyPath, str]]:
        for index, place in enumerate(self.places):
            if (place.stop is None) == (place.item is None):
                yield ("places", index), _("a place on a plan needs either `stop` or `item`: write the stop number or the accession number it marks")


class Stamp(Entry):
    """A stamp of the stamp passport (集章), collected in a hall or an exhibition: `stamps/*.md`."""

    number: Annotated[int, Field(ge=1, le=999)] = Field(
        description="Its number (1–999), printed by its QR code: visitors enter it on the passport page to collect it."
    )
    exhibition: Slug | None = Field(None, description="The file name of the exhibition in `exhibitions/` it is collected in.")
    hall: str | None = Field(None, description="Where it is collected, e.g. 二层东厅.")
    image: ImageRef | None = Field(None, description="Its picture; without one the theme draws a round seal with its number and title.")
