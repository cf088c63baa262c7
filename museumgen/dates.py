"""The build date, exhibition status, opening hours, and how dates, times and numbers
read in each language.

Pages never read the clock: everything that depends on "today" takes the build date,
fixed once per build by the command line (`--date`, `SOURCE_DATE_EPOCH`, or today in the
museum's timezone).

Dates, times and numbers are written the way the language writes them, from the Unicode
CLDR locale data that Babel ships (see docs/decisions.md), never from code that asks
which language it is. Languages are BCP 47 codes: `zh-CN`, `zh-TW`, `en`, `bo`, `ug-CN`.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import re
import zoneinfo
from collections.abc import Mapping
from decimal import Decimal

import babel
import babel.dates
import babel.numbers

from museumgen.errors import MuseumError
from museumgen.languages import DEFAULT_LANGUAGE, cldr_locale
from museumgen.schema import WEEKDAYS, HoursException, OpeningHours

log = logging.getLogger(__name__)

CURRENT, UPCOMING, PAST, PERMANENT = "current", "upcoming", "past", "permanent"
STATUS_ORDER = (CURRENT, PERMANENT, UPCOMING, PAST)


def build_date(timezone: str, override: dt.date | None = None, environ: Mapping[str, str] = os.environ) -> dt.date:
    """`override`, else the day of `SOURCE_DATE_EPOCH`, else today, in the museum's timezone."""
    if override is not None:
        return override
    zone = zoneinfo.ZoneInfo(timezone)
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=zone).date()
        except (ValueError, OverflowError, OSError):  # not a number, or beyond the calendar
            raise MuseumError.outside(
                "SOURCE_DATE_EPOCH", f"`{epoch}` is not a time this computer can read: give seconds since 1970, e.g. `1767225600`, or unset it"
            ) from None
    return dt.datetime.now(tz=zone).date()


def days_after(day: dt.date, days: int) -> dt.date:
    """`day` plus `days`, or the last day of the calendar (9999-12-31) if that is sooner:
    a build dated near the end of the calendar still looks ahead without overflowing."""
    return day + dt.timedelta(days=min(days, (dt.date.max - day).days))


def exhibition_status(start: dt.date | None, end: dt.date | None, today: dt.date) -> str:
    if start and today < start:
        return UPCOMING
    if end is None:
        return PERMANENT
    return PAST if today > end else CURRENT


def localize(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """A naive time is read in the museum's timezone; an aware one is converted to it."""
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)


def upcoming_exceptions(hours: OpeningHours, today: dt.date, days: int = 90) -> list[HoursException]:
    """Exceptions that touch the next `days` days, soonest first."""
    horizon = days_after(today, days)
    return sorted(
        (e for e in hours.exceptions if (e.until or e.date) >= today and e.date <= horizon),
        key=lambda e: e.date,
    )


def weekly_rows(hours: OpeningHours) -> list[tuple[str, str, str]]:
    """Weekly hours as (first day, last day, hours), runs of equal days joined."""
    rows: list[tuple[str, str, str]] = []
    for day in WEEKDAYS:
        value = hours.weekly.get(day, "closed")
        if rows and rows[-1][2] == value:
            rows[-1] = (rows[-1][0], day, value)
        else:
            rows.append((day, day, value))
    return rows


# ---------------------------------------------------------------------------------------
# Languages


# Formatting runs for every list card of every page: the same few hundred dates, over and
# over. Results are kept per (value, language); a few thousand cover any museum.
_CACHED = 4096


@functools.lru_cache(maxsize=64)
def _locale(language: str) -> babel.Locale:
    """The locale `language` is written in: its own, a parent's, or the default language's."""
    found = cldr_locale(language)
    if found is None:
        log.warning("no locale data for language %r: dates and numbers are written as in %s", language, DEFAULT_LANGUAGE)
        found = cldr_locale(DEFAULT_LANGUAGE)
        assert found is not None
    return found


# Where our pages read differently from CLDR on purpose, by CLDR language; everything
# else is CLDR's. Chinese pages have always put a space between the date and the weekday
# of an event (CLDR writes `2026年12月5日周六`): on a narrow card it sets the day apart.
_OWN_PATTERNS: dict[str, dict[str, str]] = {
    "zh": {"yMMMEd": "y年M月d日 E"},
}


def _pattern(skeleton: str, locale: babel.Locale) -> str:
    own = _OWN_PATTERNS.get(locale.language, {})
    return own.get(skeleton) or str(locale.datetime_skeletons[skeleton])


# ---------------------------------------------------------------------------------------
# Dates, times and numbers


def format_date(day: dt.date, language: str) -> str:
    """`2026年12月5日`, `Dec 5, 2026`: the day with the month abbreviated."""
    return _skeleton("yMMMd", _day(day), language)


def format_weekday(day: dt.date, language: str) -> str:
    """`周六`, `週六`, `Sat`."""
    return _skeleton("E", _day(day), language)


def format_month(day: dt.date, language: str) -> str:
    """`12月`, `Dec`: the month of a day, abbreviated, as on a calendar leaf."""
    return _skeleton("MMM", _day(day), language)


def _day(day: dt.date) -> dt.date:
    """The calendar day of a date or of a time (as read on the clocks of its own zone)."""
    return day.date() if isinstance(day, dt.datetime) else day


def _wall_clock(moment: dt.datetime) -> dt.datetime:
    """The time as read on the clocks of its zone. Pages show no timezone, and two aware
    times that are the same instant in different zones are equal, so must not share a
    cached text."""
    return moment.replace(tzinfo=None)


@functools.lru_cache(maxsize=_CACHED)
def _skeleton(skeleton: str, day: dt.date, language: str) -> str:
    locale = _locale(language)
    return babel.dates.format_date(day, _pattern(skeleton, locale), locale=locale)


def format_time(moment: dt.time | dt.datetime, language: str) -> str:
    """`14:00`, `下午2:00` (zh-TW), `2:00 PM` (en): the hour as the language's clocks show it."""
    time = moment.time() if isinstance(moment, dt.datetime) else moment.replace(tzinfo=None)
    return _format_time(time, language)


@functools.lru_cache(maxsize=_CACHED)
def _format_time(time: dt.time, language: str) -> str:
    return babel.dates.format_time(time, "short", locale=_locale(language))


@functools.lru_cache(maxsize=_CACHED, typed=True)
def format_number(value: int | float | Decimal, language: str) -> str:
    """`12,000` (zh-CN, en), `12.000` (de): digits grouped as the language groups them."""
    return babel.numbers.format_decimal(value, locale=_locale(language))


@functools.lru_cache(maxsize=_CACHED)
def format_date_range(start: dt.date | None, end: dt.date | None, language: str, onwards: str | None = None) -> str:
    """`2026年1月1日 – 3月1日`, `Jan 1 – Mar 1, 2026`: what the two dates share is written once
    (CLDR sets the dash between thin spaces).

    With no end it is `onwards` with the start put in for `{date}` (`{date}起`): such words
    are interface text, which CLDR does not have, so the theme passes its own; without
    them the range is left open (`2026年1月1日 –`).
    """
    if start and end:
        return babel.dates.format_interval(start, end, "yMMMd", locale=_locale(language))
    if start:
        return (onwards or "{date} –").replace("{date}", format_date(start, language))
    return ""


def format_event_time(start: dt.datetime, end: dt.datetime | None, language: str) -> str:
    """`2026年12月5日 周六 14:00–16:00`, `Sat, Dec 5, 2026, 2:00 – 4:00 PM`; an event over
    several days gives both ends in full."""
    return _event_time(_wall_clock(start), _wall_clock(end) if end else None, language)


@functools.lru_cache(maxsize=_CACHED)
def _event_time(start: dt.datetime, end: dt.datetime | None, language: str) -> str:
    locale = _locale(language)
    if end is None:
        return _date_and_time(start, format_time(start, language), locale)
    if end.date() == start.date():
        return _date_and_time(start, _hours(start.time(), end.time(), language), locale)
    first = _date_and_time(start, format_time(start, language), locale)
    return _range(first, _date_and_time(end, format_time(end, language), locale), locale)


def _hours(start: dt.time, end: dt.time, language: str) -> str:
    """`14:00–16:00`, `2:00 – 4:00 PM`: what the two times share is written once."""
    locale = _locale(language)
    try:
        return babel.dates.format_interval(start, end, _hour_skeleton(locale), locale=locale)
    except NotImplementedError:  # Babel cannot yet compare the day periods (`B`) of zh-Hant
        return _range(format_time(start, language), format_time(end, language), locale)


def _range(first: str, last: str, locale: babel.Locale) -> str:
    """Two ends joined by CLDR's pattern for any range (`{0} – {1}`)."""
    return str(locale.interval_formats.get(None, "{0} – {1}")).replace("{0}", first).replace("{1}", last)


def _date_and_time(day: dt.date, time: str, locale: babel.Locale) -> str:
    """The day with its weekday, then the time, joined as the language joins them."""
    date = babel.dates.format_date(day, _pattern("yMMMEd", locale), locale=locale)
    joined = _unquote(str(locale.datetime_formats["medium"]))  # `{1} {0}`, `{1}, {0}`
    return joined.replace("{1}", date).replace("{0}", time)


def _hour_skeleton(locale: babel.Locale) -> str:
    """`hm` where the language's clocks count to 12 (`2:00 PM`), `Hm` where they count to 24."""
    return "hm" if re.search("[hK]", locale.time_formats["short"].pattern) else "Hm"


def _unquote(pattern: str) -> str:
    """A CLDR pattern's quoted literal text as plain text (`{1} 'à' {0}` → `{1} à {0}`)."""
    return re.sub("'([^']*)'", lambda m: m.group(1) or "'", pattern)
