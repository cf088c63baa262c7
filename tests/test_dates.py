"""How dates, times and numbers read in each language (CLDR's patterns through Babel)."""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo

import pytest

from museumgen import dates, languages

THIN = "\u2009"  # CLDR sets the dash of a range between thin spaces in zh and en
NARROW = "\u202f"  # and a narrow no-break space before AM and PM in en

SAT = dt.date(2026, 12, 5)
TWO_PM = dt.datetime(2026, 12, 5, 14, 0)


@pytest.mark.parametrize(
    ("language", "date", "weekday", "month"),
    [
        ("zh-CN", "2026年12月5日", "周六", "12月"),
        ("zh-TW", "2026年12月5日", "週六", "12月"),
        ("en", "Dec 5, 2026", "Sat", "Dec"),
    ],
)
def test_days(language: str, date: str, weekday: str, month: str) -> None:
    assert dates.format_date(SAT, language) == date
    assert dates.format_weekday(SAT, language) == weekday
    assert dates.format_month(SAT, language) == month


@pytest.mark.parametrize(
    ("language", "same_year", "across_years"),
    [
        ("zh-CN", f"2026年1月1日{THIN}–{THIN}3月1日", f"2026年12月28日{THIN}–{THIN}2027年1月3日"),
        ("zh-TW", "2026年1月1日至3月1日", "2026年12月28日至2027年1月3日"),
        ("en", f"Jan 1{THIN}–{THIN}Mar 1, 2026", f"Dec 28, 2026{THIN}–{THIN}Jan 3, 2027"),
    ],
)
def test_date_ranges(language: str, same_year: str, across_years: str) -> None:
    assert dates.format_date_range(dt.date(2026, 1, 1), dt.date(2026, 3, 1), language) == same_year
    assert dates.format_date_range(dt.date(2026, 12, 28), dt.date(2027, 1, 3), language) == across_years


def test_a_range_with_no_end_takes_its_words_from_the_theme() -> None:
    start = dt.date(2026, 1, 1)
    assert dates.format_date_range(start, None, "zh-CN", "{date}起") == "2026年1月1日起"
    assert dates.format_date_range(start, None, "en", "{date} onwards") == "Jan 1, 2026 onwards"
    assert dates.format_date_range(start, None, "zh-TW") == "2026年1月1日 –"  # no words: left open
    assert dates.format_date_range(None, None, "zh-CN") == ""


@pytest.mark.parametrize(
    ("language", "same_day", "no_end", "two_days"),
    [
        (
            "zh-CN",
            "2026年12月5日 周六 14:00–16:00",
            "2026年12月5日 周六 14:00",
            "2026年12月5日 周六 14:00 – 2026年12月6日 周日 11:00",  # zh's fallback range: plain spaces
        ),
        (
            "zh-TW",
            f"2026年12月5日 週六 下午2:00{THIN}–{THIN}下午4:00",
            "2026年12月5日 週六 下午2:00",
            f"2026年12月5日 週六 下午2:00{THIN}–{THIN}2026年12月6日 週日 上午11:00",
        ),
        (
            "en",
            f"Sat, Dec 5, 2026, 2:00{THIN}–{THIN}4:00{NARROW}PM",
            f"Sat, Dec 5, 2026, 2:00{NARROW}PM",
            f"Sat, Dec 5, 2026, 2:00{NARROW}PM{THIN}–{THIN}Sun, Dec 6, 2026, 11:00{NARROW}AM",
        ),
    ],
)
def test_event_times(language: str, same_day: str, no_end: str, two_days: str) -> None:
    assert dates.format_event_time(TWO_PM, TWO_PM.replace(hour=16), language) == same_day
    assert dates.format_event_time(TWO_PM, None, language) == no_end
    assert dates.format_event_time(TWO_PM, dt.datetime(2026, 12, 6, 11, 0), language) == two_days


def test_times_read_on_the_clocks_of_their_own_zone() -> None:
    shanghai = TWO_PM.replace(tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    utc = shanghai.astimezone(dt.UTC)  # the same instant, so equal: a cache must tell them apart
    assert dates.format_event_time(shanghai, None, "zh-CN") == "2026年12月5日 周六 14:00"
    assert dates.format_event_time(utc, None, "zh-CN") == "2026年12月5日 周六 06:00"
    late = dt.datetime(2026, 11, 30, 23, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    assert dates.format_month(late, "zh-CN") == "11月"
    assert dates.format_month(late.astimezone(dt.UTC), "zh-CN") == "11月"
    assert dates.format_month(late.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo")), "zh-CN") == "12月"


@pytest.mark.parametrize(
    ("language", "time", "number"),
    [("zh-CN", "14:00", "12,000"), ("zh-TW", "下午2:00", "12,000"), ("en", f"2:00{NARROW}PM", "12,000"), ("de", "14:00", "12.000")],
)
def test_times_and_numbers(language: str, time: str, number: str) -> None:
    assert dates.format_time(TWO_PM, language) == time
    assert dates.format_time(TWO_PM.time(), language) == time
    assert dates.format_number(12000, language) == number


def test_numbers_of_each_type_are_kept_apart() -> None:
    assert dates.format_number(1.5, "zh-CN") == "1.5"
    assert dates.format_number(2, "zh-CN") == "2"
    assert dates.format_number(2.25, "zh-CN") == "2.25"


@pytest.mark.parametrize(
    ("language", "weekday"),
    [("bo", "སྤེན་པ་"), ("ug", "شە"), ("mn", "Бя"), ("ii", "ꆏꃘ"), ("za", "singhgizroek"), ("ug-CN", "شە")],
)
def test_the_minority_languages_cldr_has(language: str, weekday: str) -> None:
    assert languages.known_language(language)
    assert dates.format_weekday(SAT, language) == weekday


@pytest.mark.parametrize("code", ["zh-CN", "zh-TW", "zh-Hant", "zh-Hant-HK", "en", "en-CN", "bo-CN", "mn-Mong-CN", "yue"])
def test_known_languages(code: str) -> None:
    assert languages.known_language(code)


@pytest.mark.parametrize("code", ["", "qaa", "xx-CN", "zh_CN", "中文"])
def test_unknown_languages(code: str) -> None:
    assert not languages.known_language(code)


def test_a_code_cldr_lacks_falls_back_to_a_parent_then_to_the_default(caplog: pytest.LogCaptureFixture) -> None:
    assert dates.format_date(SAT, "en-CN") == dates.format_date(SAT, "en")  # no en-CN in CLDR
    with caplog.at_level(logging.WARNING, logger="museumgen.dates"):
        assert dates.format_date(SAT, "qab") == "2026年12月5日"
    assert "no locale data for language 'qab'" in caplog.text
