""" "Open now, closes at 17:00" at fixed clocks, in the museum's timezone (Asia/Shanghai)
wherever the visitor's phone is. The example opens Tuesday to Sunday 09:00-17:00 with
the last entry at 16:30, is closed on 2026-12-08 and 2027-02-05 to 07, opens late on
2027-01-01 (to 20:00) and 10:00-16:00 from 2027-02-08 (a Monday)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from .browser import ENGLISH, PHONE, Site

pytestmark = pytest.mark.browser

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def status(
    chromium: Any, site: Site, path: str, moment: dt.datetime, timezone: str = "Asia/Shanghai"
) -> tuple[str, str]:
    """What the header's line and the visit page's hours say at `moment`, on a phone set
    to `timezone`."""
    context = chromium.new_context(**PHONE, timezone_id=timezone)
    page = context.new_page()
    page.clock.set_fixed_time(moment)
    page.goto(site.page(path))
    header = page.locator(".titlebar .open-now").inner_text().strip()
    today = page.locator(".today-text").first.inner_text().strip() if page.locator(".today-text").count() else ""
    context.close()
    return header, today


@pytest.mark.parametrize(
    ("moment", "expected"),  # the visit page's words; the header has them up to the last entry
    [
        (dt.datetime(2026, 11, 25, 10, 0), "正在开放，17:00 闭馆 · 16:30 停止入场"),  # a Wednesday morning
        (dt.datetime(2026, 11, 25, 16, 45), "正在开放，17:00 闭馆；已于 16:30 停止入场"),
        (dt.datetime(2026, 11, 25, 8, 0), "尚未开馆，今天 9:00 开放"),
        (dt.datetime(2026, 11, 25, 17, 0), "已闭馆，明天 9:00 开放"),  # closing time is closed
        (dt.datetime(2026, 11, 29, 18, 0), "已闭馆，星期二 9:00 开放"),  # Sunday evening: closed on Mondays
        (dt.datetime(2026, 11, 30, 12, 0), "已闭馆，明天 9:00 开放"),  # a closed day
        (dt.datetime(2026, 12, 6, 18, 0), "已闭馆，星期三 9:00 开放"),  # Monday, then Tuesday's closure
        (dt.datetime(2027, 1, 1, 19, 0), "正在开放，20:00 闭馆 · 19:30 停止入场"),  # the late opening's own last entry
        (
            dt.datetime(2027, 2, 4, 18, 0),
            "已闭馆，星期一 10:00 开放",
        ),  # Spring Festival: shut three days, then a Monday opening
        (dt.datetime(2027, 2, 8, 15, 45), "正在开放，16:00 闭馆；已于 15:30 停止入场"),
    ],
    ids=lambda value: value.isoformat() if isinstance(value, dt.datetime) else None,
)
def test_the_header_and_the_visit_page_say_whether_the_museum_is_open(
    chromium: Any, site_url: Site, moment: dt.datetime, expected: str
) -> None:
    header, today = status(chromium, site_url, "visit/", moment.replace(tzinfo=SHANGHAI))
    assert today == expected
    assert header == expected.split(" · ")[0].split("；")[0]


def test_a_visitor_elsewhere_sees_the_museums_own_time(chromium: Any, site_url: Site) -> None:
    # 21:00 on Tuesday in New York is 10:00 on Wednesday in Shanghai
    moment = dt.datetime(2026, 11, 24, 21, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    header, _today = status(chromium, site_url, ENGLISH + "visit/", moment, "America/New_York")
    assert header == "Open now, closes at 17:00"
    # 10:00 on Sunday in London is 18:00 in Shanghai: the museum is shut until Tuesday
    header, today = status(
        chromium, site_url, ENGLISH, dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC), "Europe/London"
    )
    assert header == today == "Closed now, opens Tuesday at 9:00"


def test_every_page_has_the_line_and_only_the_home_and_visit_pages_the_hours(chromium: Any, site_url: Site) -> None:
    header, today = status(chromium, site_url, "collection/", dt.datetime(2026, 11, 25, 8, 0, tzinfo=SHANGHAI))
    assert (header, today) == ("尚未开馆，今天 9:00 开放", "")


def test_without_script_the_weekly_hours_stay_and_the_line_is_empty(chromium: Any, site_url: Site) -> None:
    context = chromium.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url.page("visit/"))
    assert page.locator(".titlebar .open-now").inner_text() == ""
    assert page.locator(".today-text").inner_text().strip() == "周二至周日 09:00–17:00"
    assert page.locator("table.hours").is_visible()
    context.close()
