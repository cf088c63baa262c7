"""The build date, exhibition status, opening hours and how dates read in each language.

Pages never read the clock: everything that depends on "today" takes the build date,
fixed once per build by the command line (`--date`, `SOURCE_DATE_EPOCH`, or today in the
museum's timezone).
"""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from collections.abc import Mapping

from museumgen.errors import MuseumError
from museumgen.schema import WEEKDAYS, HoursException, OpeningHours

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


_ZH_WEEKDAYS = "一二三四五六日"


def format_date(day: dt.date, language: str) -> str:
    if language == "en":
        return f"{day.day} {day:%b} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


def format_weekday(day: dt.date, language: str) -> str:
    return f"{day:%a}" if language == "en" else f"周{_ZH_WEEKDAYS[day.weekday()]}"


def format_date_range(start: dt.date | None, end: dt.date | None, language: str) -> str:
    if start and end:
        if language != "en" and start.year == end.year:
            return f"{format_date(start, language)} – {end.month}月{end.day}日"
        return f"{format_date(start, language)} – {format_date(end, language)}"
    if start:
        return f"{format_date(start, language)} {'起' if language != 'en' else 'onwards'}".replace(" 起", "起")
    return ""


def format_event_time(start: dt.datetime, end: dt.datetime | None, language: str) -> str:
    """`2026年12月5日 周六 14:00–16:00`, or across days when the event spans them."""
    text = f"{format_date(start.date(), language)} {format_weekday(start.date(), language)} {start:%H:%M}"
    if end is None:
        return text
    if end.date() == start.date():
        return f"{text}–{end:%H:%M}"
    return f"{text} – {format_date(end.date(), language)} {end:%H:%M}"
