from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from museumgen import dates
from museumgen.build import Options, load
from museumgen.schema import HoursException, OpeningHours

TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("start", "end", "status"),
    [
        (None, None, "permanent"),
        ("2020-01-01", None, "permanent"),
        ("2027-01-01", None, "upcoming"),
        ("2026-11-26", "2027-01-01", "upcoming"),
        ("2026-11-25", "2026-11-25", "current"),
        ("2026-01-01", "2026-11-24", "past"),
        (None, "2026-12-01", "current"),
    ],
)
def test_exhibition_status(start: str | None, end: str | None, status: str) -> None:
    as_date = lambda s: dt.date.fromisoformat(s) if s else None  # noqa: E731
    assert dates.exhibition_status(as_date(start), as_date(end), TODAY) == status


def test_exceptions_and_weekly_rows() -> None:
    hours = OpeningHours(
        weekly={"tue-sun": "09:00-17:00"},
        exceptions=[
            HoursException(date=dt.date(2026, 12, 1), until=dt.date(2026, 12, 3), note="闭馆"),
            HoursException(date=dt.date(2026, 11, 30), hours="10:00-12:00"),
        ],
    )
    assert [e.date.day for e in dates.upcoming_exceptions(hours, TODAY)] == [30, 1]
    assert dates.weekly_rows(hours) == [("mon", "mon", "closed"), ("tue", "sun", "09:00-17:00")]


def test_build_date_uses_the_museums_timezone() -> None:
    # 2026-11-24 16:30 UTC is already the 25th in Shanghai.
    env = {"SOURCE_DATE_EPOCH": "1795537800"}
    assert dates.build_date("Asia/Shanghai", environ=env) == TODAY
    assert dates.build_date("UTC", environ=env) == dt.date(2026, 11, 24)
    assert dates.build_date("UTC", dt.date(2000, 1, 1), environ=env) == dt.date(2000, 1, 1)


def test_relations_are_shown_on_both_sides(starter: Path) -> None:
    (starter / "videos" / "first-video.md").write_text(
        "---\ntitle: V\nsource: https://v.qq.com/x/page/abc.html\nexhibition: first-exhibition\nitems: [m-0001]\n---\n",
        encoding="utf-8",
    )
    (starter / "events" / "first-event.md").write_text(
        "---\ntitle: E\nstart: 2026-12-01 10:00\nexhibition: First-Exhibition\n---\n", encoding="utf-8"
    )
    site = load(starter, Options(date=TODAY)).site
    exhibition, item, video = site.exhibitions[0], site.items[0], site.videos[0]
    assert exhibition.items == [item] and item.exhibitions == [exhibition]
    assert exhibition.videos == [video] and item.videos == [video]
    assert [e.title for e in exhibition.events] == ["E"]
    assert video.platform == "tencent"
    assert site.events[0].start_at.isoformat() == "2026-12-01T10:00:00+08:00"


def test_events_split_on_the_build_date(starter: Path) -> None:
    for name, day in [("a", "2026-11-24"), ("b", "2026-11-25"), ("c", "2026-11-26")]:
        (starter / "events" / f"{name}.md").write_text(f"---\ntitle: {name}\nstart: {day} 10:00\n---\n", encoding="utf-8")
    (starter / "events" / "first-event.md").unlink()
    site = load(starter, Options(date=TODAY)).site
    assert [e.slug for e in site.upcoming_events] == ["b", "c"]
    assert [e.slug for e in site.past_events] == ["a"]


def test_accession_numbers_sort_naturally(starter: Path) -> None:
    for number in (10, 2, 1):
        (starter / "collection" / f"o{number}.md").write_text(f"---\nid: QX-{number}\ntitle: O{number}\n---\n", encoding="utf-8")
    site = load(starter, Options(date=TODAY)).site
    assert [d.entry.id for d in site.items] == ["M-0001", "QX-1", "QX-2", "QX-10"]
