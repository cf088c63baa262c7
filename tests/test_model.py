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


def test_an_entry_is_held_back_until_its_publish_day(starter: Path, tmp_path: Path) -> None:
    from museumgen.build import build

    (starter / "news" / "soon.md").write_text("---\ntitle: 新展预告\ndate: 2026-11-20\npublish: 2026-12-01\n---\n下月开幕。\n", encoding="utf-8")
    before = build(starter, tmp_path / "before", Options(date=TODAY))
    assert [(d.path, d.severity, d.line) for d in before.diagnostics if "held back" in d.message] == [("news/soon.md", "note", 4)]
    assert not (tmp_path / "before" / "news" / "soon").exists()
    for listing in ("sitemap.xml", "feed.xml", "news/index.html"):
        if (tmp_path / "before" / listing).exists():
            assert "soon" not in (tmp_path / "before" / listing).read_text(encoding="utf-8"), listing
    build(starter, tmp_path / "after", Options(date=dt.date(2026, 12, 1)))
    assert (tmp_path / "after" / "news" / "soon" / "index.html").exists()


def test_files_a_body_names_are_published_and_its_audio_plays(starter: Path, tmp_path: Path) -> None:
    from museumgen.build import build

    (starter / "media" / "docs").mkdir()
    (starter / "media" / "docs" / "团体预约表.pdf").write_bytes(b"%PDF-1.4\n")
    (starter / "media" / "guide.mp3").write_bytes(b"ID3")
    about = starter / "pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + '\n[预约表](../media/docs/团体预约表.pdf)\n\n<audio src="../media/guide.mp3" autoplay></audio>\n', encoding="utf-8")
    build(starter, tmp_path / "out", Options(date=TODAY))
    assert (tmp_path / "out" / "media" / "docs" / "团体预约表.pdf").read_bytes() == b"%PDF-1.4\n"
    page = (tmp_path / "out" / "about" / "index.html").read_text(encoding="utf-8")
    assert 'href="../media/docs/团体预约表.pdf"' in page or 'href="../media/docs/%E5' in page
    assert '<audio src="../media/guide.mp3" controls="">' in page  # controls always, autoplay never
