"""`museum.yaml`: the museum's identity and visit information."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterator
from typing import Annotated, Literal

from PIL import features
from pydantic import BeforeValidator, Field, field_validator

from museumgen.languages import DEFAULT_LANGUAGE, known_language
from museumgen.messages import _
from museumgen.schema.base import (
    ImageRef,
    KeyPath,
    Schema,
    WebAddress,
    check_web_address,
    control_character,
    is_blank,
    names_shorthand,
)

_HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_TIME_RANGE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)\s*[-–~]\s*([01]\d|2[0-4]):([0-5]\d)$")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def check_hours(value: str) -> str:
    """`closed`, or `HH:MM-HH:MM` with the end after the start."""
    text = value.strip()
    if text.lower() == "closed":
        return "closed"
    match = _TIME_RANGE.match(text)
    if not match:
        raise ValueError(_("opening hours `{hours}` should look like `09:00-17:00`, or be `closed`", hours=text))
    opens, closes = f"{match[1]}:{match[2]}", f"{match[3]}:{match[4]}"
    if closes <= opens:
        raise ValueError(_("closing time {closes} is not after opening time {opens}", closes=closes, opens=opens))
    return f"{opens}-{closes}"


Hours = Annotated[str, BeforeValidator(lambda v: check_hours(v) if isinstance(v, str) else v)]


class Colors(Schema):
    """Theme colours as `#rrggbb`."""

    primary: str = Field(
        "#8c2f1b",
        description="Title bar, buttons and links; the other colours of the theme are made from it."
        " White text on it, and it as text on white, need a contrast of 4.5:1: the build says when they do not.",
        json_schema_extra={"pattern": _HEX_COLOUR.pattern},
    )
    accent: str = Field(
        "#b8860b",
        description="Highlights: the mark of the current tab, the badge of exhibitions now on, the focus"
        " ring and quotations. It needs a contrast of 3:1 against white.",
        json_schema_extra={"pattern": _HEX_COLOUR.pattern},
    )

    @field_validator("primary", "accent")
    @classmethod
    def _hex(cls, value: str) -> str:
        if not _HEX_COLOUR.match(value):
            raise ValueError(_("`{value}` should be a colour written `#rrggbb`, e.g. `#8c2f1b`", value=value))
        return value.lower()


class Geo(Schema):
    """Coordinates of the entrance, WGS-84 (as GPS and OpenStreetMap give them)."""

    lat: float = Field(ge=-90, le=90, description="Latitude, e.g. 30.2741.")
    lng: float = Field(ge=-180, le=180, description="Longitude, e.g. 120.1551.")


# Open licences a museum may give its collection data, by SPDX identifier: (title, address).
LICENCES = {
    "CC0-1.0": ("CC0 1.0 Universal", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "PDDL-1.0": ("Open Data Commons Public Domain Dedication and License v1.0", "https://opendatacommons.org/licenses/pddl/1-0/"),
    "CC-BY-4.0": ("Creative Commons Attribution 4.0 International", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("Creative Commons Attribution Share Alike 4.0 International", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC-BY-NC-4.0": ("Creative Commons Attribution Non Commercial 4.0 International", "https://creativecommons.org/licenses/by-nc/4.0/"),
    "CC-BY-NC-SA-4.0": ("Creative Commons Attribution Non Commercial Share Alike 4.0 International", "https://creativecommons.org/licenses/by-nc-sa/4.0/"),
    "CC-BY-ND-4.0": ("Creative Commons Attribution No Derivatives 4.0 International", "https://creativecommons.org/licenses/by-nd/4.0/"),
    "CC-BY-NC-ND-4.0": ("Creative Commons Attribution Non Commercial No Derivatives 4.0 International", "https://creativecommons.org/licenses/by-nc-nd/4.0/"),
    "ODC-By-1.0": ("Open Data Commons Attribution License v1.0", "https://opendatacommons.org/licenses/by/1-0/"),
    "ODbL-1.0": ("Open Data Commons Open Database License v1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
}


LabelStock = Literal["l7160", "l7165", "a6", "a5"]  # as museumgen.labels.STOCKS draws them


class Labels(Schema):
    """Gallery labels with QR codes (`museumgen labels`), and the font of the share posters."""

    stock: LabelStock = Field(
        "l7160",
        description="The label stock `museumgen labels` prints on without `--stock`: `l7160` (A4, 3 × 7 labels of 63.5 × 38.1 mm),"
        " `l7165` (A4, 2 × 4 of 99.1 × 67.7 mm), `a6` or `a5` (one large label a page).",
    )
    font: str | None = Field(
        None,
        description="A font file with Chinese glyphs for labels and share posters (`.ttf`, `.otf`, `.ttc`), in the museum folder"
        " or a full path on the build machine; without it, Noto Sans CJK SC of the system.",
    )


class OpenData(Schema):
    """The collection published as data: CSV, JSON, a data package and an OAI-PMH file."""

    publish: bool = Field(True, description="`false` leaves the collection's data files out of the site.")
    licence: str | None = Field(
        None,
        description="The licence of the data (not the photographs, whose `rights` each object says), by its SPDX"
        " identifier, e.g. `CC-BY-4.0` or `CC0-1.0`. Without one, reusers are told no licence is given.",
        json_schema_extra={"enum": list(LICENCES)},
    )
    oai_gateway: WebAddress | None = Field(
        None, description="The OAI-PMH static repository gateway the museum registered its `data/oai.xml` with, if any: harvesters reach it there."
    )

    @field_validator("licence")
    @classmethod
    def _known_licence(cls, value: str | None) -> str | None:
        if value is None:
            return None
        found = next((known for known in LICENCES if known.casefold() == value.strip().casefold()), None)
        if found is None:
            raise ValueError(_("`{value}` is not a licence museumgen knows: use the SPDX identifier of an open licence, one of {known}", value=value, known=", ".join(LICENCES)))
        return found


class HoursException(Schema):
    """A dated change to the weekly hours: a holiday closure or special opening."""

    date: dt.date = Field(description="The day, `YYYY-MM-DD` (the first day when `until` is given).")
    until: dt.date | None = Field(None, description="Last day of a range of days, `YYYY-MM-DD`.")
    hours: Hours = Field("closed", description="`closed` or `HH:MM-HH:MM`.")
    note: str | None = Field(None, description="Why, e.g. 春节闭馆.")



class OpeningHours(Schema):
    """Weekly opening hours and exceptions."""

    weekly: dict[str, Hours] = Field(
        default_factory=dict,
        description="Hours per weekday: keys `mon` … `sun` or ranges like `tue-sun`; values `09:00-17:00` or `closed`.",
    )
    last_entry: str | None = Field(None, description="Last admission, e.g. `16:30`.")
    note: str | None = Field(None, description="A line shown under the hours, e.g. 节假日照常开放.")
    exceptions: list[HoursException] = Field(default_factory=list, description="Dated closures and special openings.")

    @field_validator("weekly")
    @classmethod
    def _expand_days(cls, value: dict[str, str]) -> dict[str, str]:
        return expand_weekdays(value)


def expand_weekdays(spec: dict[str, str]) -> dict[str, str]:
    """Turn keys such as `tue-sun` into one key per day; unlisted days are closed."""
    days: dict[str, str] = {}
    for key, hours in spec.items():
        first, _dash, last = key.lower().replace("–", "-").partition("-")
        if first not in WEEKDAYS or (last and last not in WEEKDAYS):
            raise ValueError(_("`{key}` is not a weekday: use mon, tue, wed, thu, fri, sat, sun, or a range like tue-sun", key=key))
        start, stop = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
        span = range(start, stop + 1) if stop >= start else [*range(start, 7), *range(0, stop + 1)]
        for index in span:
            days[WEEKDAYS[index]] = hours
    return {day: days.get(day, "closed") for day in WEEKDAYS}


class Price(Schema):
    """One ticket price."""

    label: str = Field(description="Who it is for, e.g. 成人 / Adult.")
    price: str = Field(description="Price as text, e.g. 20 元.")
    note: str | None = Field(None, description="Conditions, e.g. 凭学生证.")


class Tickets(Schema):
    """Admission."""

    free: bool = Field(False, description="`true` when admission is free.")
    prices: list[Price] = Field(default_factory=list, description="Prices when admission is not free.")
    note: str | None = Field(None, description="e.g. 凭身份证免费领票 (free ticket on showing ID).")
    booking_url: WebAddress | None = Field(None, description="Web address for booking, shown as a button.")


class Transport(Schema):
    """How to get there by one means of transport."""

    mode: Literal["bus", "metro", "train", "car", "bike", "walk", "other"] = Field(
        "other", description="One of bus, metro, train, car, bike, walk, other."
    )
    text: str = Field(description="Directions, e.g. 乘 3 路公交至博物馆站.")


class Facility(Schema):
    """A service for visitors."""

    name: str = Field(description="e.g. 无障碍通道, 母婴室, 寄存处, 讲解服务.")
    note: str | None = Field(None, description="Where or when.")


class Social(Schema):
    """An official account, with its QR code where there is one."""

    name: str = Field(description="e.g. 微信公众号 (WeChat official account) or 视频号 (video channel).")
    account: str | None = Field(None, description="Account name or ID.")
    url: WebAddress | None = Field(None, description="Web address, if it has one.")
    qr: ImageRef | None = Field(None, description="QR code image for scanning.")


class Tab(Schema):
    """One entry of the bottom tab bar."""

    title: str = Field(description="Label.")
    url: str = Field(description="Site path such as `exhibitions/` or `about/`, or a full https:// address.")

    @field_validator("url")
    @classmethod
    def _site_path_or_web(cls, value: str) -> str:
        if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.I):
            return check_web_address(value)
        if value.startswith("/") or ".." in value.split("/"):
            raise ValueError(_("tab address `{value}` should be a site path such as `about/` (no leading `/`)", value=value))
        return value
    icon: str = Field(
        "page", description="Icon name: `home`, `visit`, `audio` (headphones, for the audio guide's `stops/`), or a content folder's name (`exhibitions`, `collection` …; `page` for free pages)."
    )


ImageFormat = Literal["webp", "avif"]


class ImageOptions(Schema):
    """How photographs are published."""

    widths: list[Annotated[int, Field(ge=100, le=4000)]] = Field(
        default_factory=lambda: [480, 800, 1200, 1600],
        min_length=1,
        description="Widths in pixels to make of each photograph (never wider than the original).",
    )
    formats: list[ImageFormat] = Field(
        default_factory=lambda: list[ImageFormat](["webp"]),
        description="Modern formats offered before the JPEG (or PNG) that every browser shows: `webp`, `avif`.",
    )


class Museum(Schema):
    """`museum.yaml`: the museum's identity and visit information."""

    @property
    def site_languages(self) -> tuple[str, ...]:
        """Every language of the site, the default first."""
        return tuple(self.languages) or (self.language or DEFAULT_LANGUAGE,)

    name: str = Field(description="Full name, e.g. 青溪县博物馆.")
    short_name: str | None = Field(None, description="Short name for the title bar; defaults to `name`.")
    description: str | None = Field(None, description="One or two sentences for the home page and search engines.")
    language: str | None = Field(
        None, description="The site's language when it has only one, e.g. `zh-CN` (the default) or `en`; for several, use `languages`."
    )
    languages: list[str] = Field(
        default_factory=list,
        description="The site's languages, e.g. `[zh-CN, en]`: the first at the root of the site, each other under its own"
        " prefix (`/en/`). A translation is a file beside the original named with the language: `vase.en.md` beside"
        " `vase.md`, `museum.en.yaml` beside `museum.yaml`.",
    )
    logo: ImageRef | None = Field(None, description="Logo image (square works best).")
    theme: str = Field("default", description="Built-in theme name, or a path to a theme folder.")
    colors: Colors = Field(default_factory=lambda: Colors.model_validate({}), description="Theme colours: `primary` and `accent`.")
    base_url: str | None = Field(
        None,
        description="Where the site is published, e.g. `https://example.org/qingxi/`. Used for share links, the sitemap, the news feed and the data for search engines.",
    )
    timezone: str = Field("Asia/Shanghai", description="IANA timezone, e.g. `Asia/Shanghai`.")
    address: str | None = Field(None, description="Street address.")
    geo: Geo | None = Field(
        None, description="`lat` and `lng` of the entrance, for map links (and in a network, its place on the portal's map)."
    )
    region: str | None = Field(None, description="The county, district or city it is in, e.g. 青溪县: a network's portal groups museums by it.")
    type: str | None = Field(None, description="What kind of museum it is, e.g. 综合博物馆, 纪念馆 or 历史博物馆: a network's portal groups museums by it.")
    phone: str | None = Field(None, description="Visitor phone number.")
    email: str | None = Field(None, description="Visitor email address.")
    hours: OpeningHours | None = Field(None, description="Opening hours: `weekly`, `last_entry`, `note`, `exceptions`.")
    tickets: Tickets | None = Field(None, description="Admission: `free`, `prices`, `note`, `booking_url`.")
    transport: list[Transport] = Field(default_factory=list, description="Directions, each with `mode` and `text`.")
    facilities: Annotated[list[Facility], BeforeValidator(names_shorthand, json_schema_input_type=list[str | Facility])] = Field(
        default_factory=list, description="Services: each a name, or `name` and `note`."
    )
    social: list[Social] = Field(default_factory=list, description="Official accounts: `name`, `account`, `url`, `qr`.")
    tabs: list[Tab] | None = Field(None, description="Bottom tab bar; defaults to 首页 / 展览 / 藏品 / 活动 / 参观.")
    copyright: str | None = Field(None, description="Footer line, e.g. © 2026 青溪县博物馆.")
    icp: str | None = Field(None, description="ICP filing number (ICP备案号) shown in the footer, linked to the registry.")
    directory_urls: bool = Field(
        True, description="`false` makes links end in `index.html`, so the site also works opened from disk."
    )
    offline: bool = Field(
        True,
        description="`false` leaves out the service worker that keeps the home and visit pages, the audio guide and the"
        " exhibitions now on (with their small images and recordings) on visitors' phones for galleries without signal.",
    )
    per_page: int = Field(
        24, ge=1, le=500, description="Entries per list page: the collection, news, videos, past exhibitions and events, an exhibition's objects."
    )
    images: ImageOptions = Field(
        default_factory=lambda: ImageOptions.model_validate({}), description="Photographs: `widths` and `formats`."
    )
    browse: dict[str, list[str]] = Field(
        default_factory=dict,
        description="The fields each kind is browsed by, every value a page: `collection: [category, period, material, tags]`"
        " is what the collection has unless this says otherwise; `collection: []` for none.",
    )
    open_data: OpenData = Field(
        default_factory=lambda: OpenData.model_validate({}),
        description="The collection as data files (`data/`): `licence`, `publish`, `oai_gateway`.",
    )
    posters: Literal["featured", "all", "none"] = Field(
        "featured",
        description="Which pages get a share poster (`poster.jpg`, 1080 px wide, with a QR code to the page): `featured`"
        " (every exhibition and event, and the objects marked `featured`), `all` (every object too: about 0.1 s and"
        " 90 KB each the first time, then kept in the cache folder) or `none`.",
    )
    labels: Labels = Field(
        default_factory=lambda: Labels.model_validate({}),
        description="Gallery labels and share posters: `stock` (the label stock), `font` (a font file with Chinese glyphs).",
    )

    def problems(self) -> Iterator[tuple[KeyPath, str]]:
        yield from self._language_problems()
        for index, exception in enumerate(self.hours.exceptions if self.hours else []):
            if exception.until and exception.until < exception.date:
                yield ("hours", "exceptions", index, "until"), _("`until` ({until}) is before `date` ({date})", until=str(exception.until), date=str(exception.date))
        if "avif" in self.images.formats and not features.check("avif"):
            index = self.images.formats.index("avif")
            yield ("images", "formats", index), _("the installed Pillow cannot write AVIF: remove `avif`, or install a Pillow built with AVIF support")

    def _language_problems(self) -> Iterator[tuple[KeyPath, str]]:
        if self.language and self.languages and self.language != self.languages[0]:
            yield ("language",), _("`language: {language}` and `languages` disagree: keep `languages` only (its first is the default)", language=self.language)
        written: KeyPath = ("languages",) if self.languages else ("language",)
        seen: set[str] = set()
        for index, code in enumerate(self.site_languages):
            key = (*written, index) if self.languages else written
            if not known_language(code):
                yield key, _("`{code}` is not a language code: use one such as `zh-CN`, `en`, `zh-TW`, `bo` or `ug` (BCP 47)", code=code)
            elif code.lower() in seen:
                yield key, _("`{code}` is listed twice", code=code)
            seen.add(code.lower())

    @field_validator("name")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if is_blank(value):
            raise ValueError(_("`name` is empty: write the museum's name"))
        return value

    @field_validator("base_url")
    @classmethod
    def _absolute_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not re.match(r"^https?://[^/\s]+(/\S*)?$", value) or control_character(value):  # also from --base-url
            raise ValueError(_("`base_url` should be a full web address such as `https://example.org/museum/`, got `{value}`", value=value))
        return value if value.endswith("/") else value + "/"

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(_("`{value}` is not a timezone name: use one such as `Asia/Shanghai`", value=value)) from None
        return value
