"""The video channel: speakers, series and episodes, and how videos tie to exhibitions
and objects, in the model the pages are made from."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import icalendar
import pytest

from museumgen.build import Options, build, load
from museumgen.errors import MuseumError
from museumgen.schema import Person
from museumgen.site import captions, platforms

from .conftest import EXAMPLE

TODAY = dt.date(2026, 11, 25)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def errors(root: Path) -> list[str]:
    with pytest.raises(MuseumError) as caught:
        load(root, Options(date=TODAY))
    return [f"{d.path}:{d.line}: {d.message}" for d in caught.value.diagnostics if d.severity == "error"]


def test_a_speaker_lists_the_exhibitions_and_videos_naming_them(starter: Path) -> None:
    write(starter / "speakers" / "wang.md", "---\ntitle: 王敏\nrole: 策展人\nbio: 研究青铜器。\n---\n")
    exhibition = starter / "exhibitions" / "first-exhibition.md"
    exhibition.write_text(exhibition.read_text(encoding="utf-8").replace("items: [M-0001]", "items: [M-0001]\ncurator: wang"), encoding="utf-8")
    video = starter / "videos" / "first-video.md"
    video.write_text(video.read_text(encoding="utf-8").replace("speaker: first-speaker", "speaker: Wang"), encoding="utf-8")
    site = load(starter, Options(date=TODAY)).site
    wang = next(s for s in site.speakers if s.slug == "wang")
    assert site.videos[0].speaker is wang and site.exhibitions[0].curator is wang
    assert wang.videos == site.videos and wang.exhibitions == site.exhibitions
    assert wang.name == "王敏" and wang.path == "speakers/wang/"


def test_a_person_written_in_place_still_works(starter: Path) -> None:
    video = starter / "videos" / "first-video.md"
    video.write_text(
        video.read_text(encoding="utf-8").replace("speaker: first-speaker", "speaker:\n  name: 王敏\n  role: 策展人\n  photo: media/object.jpg"),
        encoding="utf-8",
    )
    site = load(starter, Options(date=TODAY)).site
    speaker = site.videos[0].speaker
    assert isinstance(speaker, Person) and speaker.name == "王敏"
    assert site.videos[0].person_photo is not None and site.videos[0].person_photo.alt == "王敏"
    assert site.speakers[0].videos == []


def test_a_speaker_that_does_not_exist_is_a_located_error_with_the_fix(starter: Path) -> None:
    video = starter / "videos" / "first-video.md"
    video.write_text(video.read_text(encoding="utf-8").replace("speaker: first-speaker", "speaker: 王敏"), encoding="utf-8")
    [message] = errors(starter)
    assert message.startswith("videos/first-video.md:5: no speaker `王敏`: it should be a file name in speakers/")
    assert "speaker:\n" not in message and "`{name: 王敏}`" in message


def test_a_video_an_exhibition_lists_names_that_exhibition(starter: Path) -> None:
    exhibition = starter / "exhibitions" / "first-exhibition.md"
    exhibition.write_text(exhibition.read_text(encoding="utf-8").replace("items: [M-0001]", "items: [M-0001]\nvideos: [first-video]"), encoding="utf-8")
    write(starter / "exhibitions" / "second.md", "---\ntitle: Second\nstart: 2026-01-01\n---\n")
    write(starter / "videos" / "own.md", "---\ntitle: Own\nsource: https://v.qq.com/x/page/a.html\nexhibition: second\n---\n")
    exhibition.write_text(exhibition.read_text(encoding="utf-8").replace("videos: [first-video]", "videos: [first-video, own]"), encoding="utf-8")
    site = load(starter, Options(date=TODAY)).site
    first = next(e for e in site.exhibitions if e.slug == "first-exhibition")
    second = next(e for e in site.exhibitions if e.slug == "second")
    video, own = (next(v for v in site.videos if v.slug == slug) for slug in ("first-video", "own"))
    assert video.exhibition is first  # it names none itself: the exhibition listing it
    assert own.exhibition is second  # what a video names itself comes first
    assert first.videos == [video, own] and second.videos == [own]


def test_an_object_lists_the_videos_that_show_it(starter: Path) -> None:
    video = starter / "videos" / "first-video.md"
    video.write_text(video.read_text(encoding="utf-8").replace("duration:", "items: [m-0001]\nduration:"), encoding="utf-8")
    site = load(starter, Options(date=TODAY)).site
    assert site.items[0].videos == site.videos


def series_museum(starter: Path, episodes: dict[str, int | None]) -> Path:
    write(starter / "series" / "talks.md", "---\ntitle: 馆长说\nspeaker: first-speaker\n---\n每集讲一件藏品。\n")
    for slug, number in episodes.items():
        episode = f"\nepisode: {number}" if number is not None else ""
        write(starter / "videos" / f"{slug}.md", f"---\ntitle: {slug}\nsource: https://v.qq.com/x/page/{slug}.html\nseries: talks{episode}\n---\n")
    return starter


def test_a_series_lists_its_episodes_in_order_each_with_its_neighbours(starter: Path) -> None:
    site = load(series_museum(starter, {"c": 3, "a": 1, "loose": None, "b": 2}), Options(date=TODAY)).site
    [talks] = site.series
    assert [v.slug for v in talks.episodes] == ["a", "b", "c", "loose"]
    a, b, c, loose = talks.episodes
    assert (a.previous_episode, a.next_episode) == (None, b)
    assert (c.previous_episode, c.next_episode) == (b, loose)
    assert a.series is talks and talks.speaker is site.speakers[0] and site.speakers[0].series == [talks]
    first = next(v for v in site.videos if v.slug == "first-video")
    assert first.series is None and first.next_episode is None


def test_two_episodes_with_one_number_and_a_series_that_does_not_exist_are_located_errors(starter: Path) -> None:
    series_museum(starter, {"a": 1, "b": 1})
    write(starter / "videos" / "lost.md", "---\ntitle: lost\nsource: https://v.qq.com/x/page/l.html\nseries: nowhere\nepisode: 1\n---\n")
    write(starter / "videos" / "alone.md", "---\ntitle: alone\nsource: https://v.qq.com/x/page/l.html\nepisode: 4\n---\n")
    assert errors(starter) == [
        "videos/alone.md:4: `episode` needs `series`: write which series it is an episode of",
        "videos/b.md:5: episode 1 of series `talks` is also `videos/a.md`: give each episode its own number",
        "videos/lost.md:4: no series `nowhere`: it should be a file name in series/",
    ]


# --- captions and chapters ------------------------------------------------------------

CUES = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n一盏灯的诞生\n\n00:00:02.000 --> 00:00:04.500\n先破篾，\n\n00:00:04.500 --> 00:00:06.000\n再扎架。\n"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("1\n00:00:01.000 --> 00:00:02.000\nhello\n", (1, "this is not a WebVTT file")),
        ("WEBVTTX\n", (1, "this is not a WebVTT file")),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n00:00:99.000 --> 00:01:02.000\nbad\n", (6, "this cue cannot be read")),
        ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nx\n00:00:03.000 --> 00:00:04.000\ny\n", (6, "this cue cannot be read")),
        ("WEBVTT\n\nNOTE a comment\n\n00:00:05.000 --> 00:00:04.000\nbackwards\n", (5, "this cue ends (0:04) before it starts (0:05)")),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n", (3, "this cue has no text")),
    ],
)
def test_bad_webvtt_is_found_at_its_line(text: str, problem: tuple[int, str]) -> None:
    [(line, message)] = captions.read(text).problems
    assert (line, message[: len(problem[1])]) == problem


def test_cues_give_times_a_transcript_and_the_ones_past_the_end() -> None:
    track = captions.read("\ufeff" + CUES)
    assert track.problems == () and [(c.start, c.end, c.line) for c in track.cues] == [(0, 2, 3), (2, 4.5, 6), (4.5, 6, 9)]
    assert captions.transcript(track) == ["一盏灯的诞生 先破篾，再扎架。"]
    assert captions.past_the_end(track, 6) == [] and [line for line, _message in captions.past_the_end(track, 3)] == [6, 9]
    assert captions.duration("1:02:03") == 3723 and captions.duration("0:12") == 12 and captions.duration("about 5 min") is None
    assert captions.clock(75.5) == "1:15.5" and captions.clock(3725) == "1:02:05"


def local_video(starter: Path, front: str, files: dict[str, str]) -> Path:
    for name, text in files.items():
        write(starter / "media" / name, text)
    (starter / "media" / "clip.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    write(starter / "videos" / "first-video.md", f"---\ntitle: 一盏灯\nsource: media/clip.mp4\n{front}---\n")
    return starter


def test_the_page_has_a_transcript_from_the_captions_and_chapters(starter: Path) -> None:
    front = "captions: [{file: media/zh.vtt, language: zh-CN}]\nchapters: media/chapters.vtt\nduration: '0:06'\n"
    chapters = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n片头\n\n00:00:02.000 --> 00:00:06.000\n扎灯\n"
    site = load(local_video(starter, front, {"zh.vtt": CUES, "chapters.vtt": chapters}), Options(date=TODAY)).site
    video = site.videos[0]
    assert video.transcript == ["一盏灯的诞生 先破篾，再扎架。"]
    assert [(c.start, c.title) for c in video.chapters] == [(0, "片头"), (2, "扎灯")] and video.chapters_url == "media/chapters.vtt"


def test_a_transcript_written_is_shown_instead(starter: Path) -> None:
    front = "captions: media/zh.vtt\ntranscript: |\n  第一段，\n  接着说。\n\n  第二段。\n"
    site = load(local_video(starter, front, {"zh.vtt": CUES}), Options(date=TODAY)).site
    assert site.videos[0].transcript == ["第一段， 接着说。", "第二段。"]


def test_captions_past_the_end_and_bad_files_are_errors_at_their_lines(starter: Path) -> None:
    front = "captions:\n  - {file: media/zh.vtt, language: zh-CN}\n  - {file: media/en.srt.vtt, language: en}\nduration: '0:05'\n"
    srt = "1\n00:00:01,000 --> 00:00:02,000\nhello\n"
    assert errors(local_video(starter, front, {"zh.vtt": CUES, "en.srt.vtt": srt})) == [
        "media/en.srt.vtt:1: this is not a WebVTT file: its first line should be `WEBVTT` (save it as .vtt from a captions editor, or convert an .srt file)",
        "media/zh.vtt:9: this cue ends at 0:06, after the video does (0:05): correct its timings, or the video's `duration`",
    ]


def test_a_local_video_without_captions_and_captions_in_another_language_are_warnings(starter: Path) -> None:
    loaded = load(local_video(starter, "", {}), Options(date=TODAY))
    assert [(d.path, d.line, d.message[:31]) for d in loaded.diagnostics if d.severity == "warning"] == [("videos/first-video.md", 3, "this video has no captions: add")]
    front = "captions: [{file: media/fr.vtt, language: fr}]\n"
    loaded = load(local_video(starter, front, {"fr.vtt": CUES}), Options(date=TODAY))
    [warning] = [d for d in loaded.diagnostics if d.severity == "warning"]
    assert (warning.line, warning.message[:63]) == (4, "captions in `fr`, which is not one of the site's languages (zh-")


# --- platforms ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "platform", "player"),
    [
        ("https://www.bilibili.com/video/BV1Qx4y1a7Xm/?spm_id_from=333", "bilibili", "https://player.bilibili.com/player.html?bvid=BV1Qx4y1a7Xm&autoplay=1"),
        ("https://b23.tv/xYz12", "bilibili", None),
        ("https://v.qq.com/x/cover/mzc002001/q3507abcdef.html", "tencent", "https://v.qq.com/txp/iframe/player.html?vid=q3507abcdef"),
        ("https://v.youku.com/v_show/id_XNTg0MzQ1Njc4OA==.html", "youku", "https://player.youku.com/embed/XNTg0MzQ1Njc4OA=="),
        ("https://www.douyin.com/video/7312345678901234567", "douyin", "https://open.douyin.com/player/video?vid=7312345678901234567&autoplay=1"),
        ("https://channels.weixin.qq.com/web/pages/feed?eid=export%2FUz", "wechat", None),
        ("https://youtu.be/dQw4w9WgXcQ?t=30", "youtube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
        ("https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ", "youtube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
        ("https://vimeo.com/123456789", "vimeo", "https://player.vimeo.com/video/123456789?autoplay=1"),
    ],
)
def test_a_platform_and_its_player_are_found_by_the_address(address: str, platform: str, player: str | None) -> None:
    assert platforms.find(address) == platforms.Found(platform, player, True)


@pytest.mark.parametrize(
    "address",
    ["https://www.bilibili.com/bangumi/play/ep1", "https://www.youtube.com/watch?v=\"><script>x", "https://example.org/films/lantern", "https://evil.example/bilibili.com/video/BV1Qx4y1a7Xm"],
)
def test_an_address_no_pattern_knows_is_a_link_card(address: str) -> None:
    found = platforms.find(address)
    assert found.player is None and not found.known


def test_an_unknown_video_address_is_a_warning_at_its_line(starter: Path) -> None:
    write(starter / "videos" / "first-video.md", "---\ntitle: V\nsource: https://example.org/films/lantern\n---\n")
    loaded = load(starter, Options(date=TODAY))
    [warning] = [d for d in loaded.diagnostics if d.severity == "warning"]
    assert (warning.path, warning.line) == ("videos/first-video.md", 3)
    assert warning.message.startswith("`https://example.org/films/lantern` is not the address of a video on a platform museumgen knows (bilibili.com, b23.tv")
    assert loaded.site.videos[0].platform == "web" and loaded.site.videos[0].player is None


# --- live streams ---------------------------------------------------------------------


def live_museum(starter: Path) -> Path:
    write(starter / "live" / "soon.md", "---\ntitle: Soon\nstart: 2026-12-12 19:30\nend: 2026-12-12 20:30\nlink: https://live.bilibili.com/2123\nspeaker: first-speaker\nexhibition: first-exhibition\nitems: [M-0001]\n---\n")
    write(starter / "live" / "done.md", "---\ntitle: Done\nstart: 2026-06-10 20:00\nend: 2026-06-10 20:45\nlink: https://example.org/live\nrecording: first-video\n---\n")
    return starter


@pytest.mark.parametrize(
    ("day", "soon", "done"),
    [("2026-11-25", "upcoming", "past"), ("2026-12-12", "today", "past"), ("2026-12-13", "past", "past"), ("2026-06-10", "upcoming", "today")],
)
def test_a_live_streams_state_is_by_the_build_date(starter: Path, day: str, soon: str, done: str) -> None:
    site = load(live_museum(starter), Options(date=dt.date.fromisoformat(day))).site
    by_slug = {doc.slug: doc for doc in site.live_streams}
    assert (by_slug["soon"].status, by_slug["done"].status) == (soon, done)


def test_a_live_stream_is_linked_to_its_speaker_exhibition_objects_and_recording(starter: Path) -> None:
    site = load(live_museum(starter), Options(date=TODAY)).site
    done, soon = site.live_streams  # in the order of their start
    assert soon.start_at.isoformat() == "2026-12-12T19:30:00+08:00" and soon.platform == "bilibili" and done.platform == "web"
    assert site.speakers[0].live_streams == [soon] and site.exhibitions[0].live_streams == [soon] and site.items[0].live_streams == [soon]
    assert done.recording is site.videos[0] and site.videos[0].live_streams == [done]


def test_a_live_stream_that_ends_before_it_starts_and_a_missing_recording_are_located_errors(starter: Path) -> None:
    write(starter / "live" / "wrong.md", "---\ntitle: W\nstart: 2026-12-12 19:30\nend: 2026-12-12 18:30\nlink: https://live.bilibili.com/2123\nrecording: no-such-video\n---\n")
    assert errors(starter) == [
        "live/wrong.md:4: `end` (2026-12-12 18:30) is not after `start` (2026-12-12 19:30): a live stream ends after it starts",
        "live/wrong.md:6: no video `no-such-video`: it should be a file name in videos/",
    ]


def test_each_live_stream_has_a_calendar_entry(starter: Path, tmp_path: Path) -> None:
    config = starter / "museum.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "base_url: https://example.org/m/\n", encoding="utf-8")
    build(live_museum(starter), tmp_path / "site", Options(date=TODAY))
    entry = icalendar.Calendar.from_ical((tmp_path / "site" / "live" / "soon" / "soon.ics").read_bytes())
    [event] = entry.walk("VEVENT")
    assert event["uid"] == "live/soon@example.org/m" and str(event["summary"]) == "Soon"
    assert event.decoded("dtstart") == dt.datetime(2026, 12, 12, 11, 30, tzinfo=dt.UTC)
    assert event.decoded("dtend") == dt.datetime(2026, 12, 12, 12, 30, tzinfo=dt.UTC)
    everything = icalendar.Calendar.from_ical((tmp_path / "site" / "events" / "calendar.ics").read_bytes())
    assert "live/soon@example.org/m" in [str(e["uid"]) for e in everything.walk("VEVENT")]  # in the museum's calendar too
    assert str(event["location"]) == "https://live.bilibili.com/2123" and str(event["url"]) == "https://example.org/m/live/soon/"
    page = (tmp_path / "site" / "live" / "soon" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../live/soon/soon.ics" type="text/calendar" download' in page


def test_without_a_duration_an_mp4_is_measured_and_cues_past_its_end_are_errors(starter: Path) -> None:
    late = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n开始\n\n00:00:11.000 --> 00:00:14.000\n太晚\n"
    local_video(starter, "captions: [{file: media/zh.vtt, language: zh-CN}]\n", {"zh.vtt": late})
    shutil.copy(EXAMPLE / "media" / "video" / "lantern-making.mp4", starter / "media" / "clip.mp4")  # 12 seconds long
    assert errors(starter) == ["media/zh.vtt:6: this cue ends at 0:14, after the video does (0:12): correct its timings, or the video's `duration`"]
