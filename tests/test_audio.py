"""The audio guide: stops, recordings, tours and the keypad's pages."""

from __future__ import annotations

import datetime as dt
import shutil
import wave
from pathlib import Path

import pytest
from click.testing import CliRunner

from museumgen.build import Options, load, plan
from museumgen.cli import main
from museumgen.errors import MuseumError
from museumgen.outputs import reserved
from museumgen.site.markup import short_markdown
from museumgen.site.media import GUIDE_AUDIO_LIMIT, AudioFile, MediaFile, measure_audio

from .conftest import EXAMPLE

TODAY = dt.date(2026, 11, 25)
DING = EXAMPLE / "media" / "audio" / "qx-0001-ding.mp3"
MEIPING = EXAMPLE / "media" / "audio" / "qx-0006-meiping.opus"


def test_the_examples_recordings_are_measured_from_their_headers() -> None:
    assert measure_audio(DING) == (pytest.approx(11.77, abs=0.05), "audio/mpeg")
    assert measure_audio(MEIPING) == (pytest.approx(11.52, abs=0.05), "audio/ogg; codecs=opus")


def test_a_recordings_type_is_what_it_holds_and_only_what_phones_play(tmp_path: Path) -> None:
    misnamed = tmp_path / "guide.mp3"
    shutil.copyfile(MEIPING, misnamed)
    assert measure_audio(misnamed) == (pytest.approx(11.52, abs=0.05), "audio/ogg; codecs=opus")
    renamed = tmp_path / "guide.ogg"
    with wave.open(str(renamed), "wb") as file:  # a WAV renamed to .ogg
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(8000)
        file.writeframes(b"\0\0" * 8000)
    assert "not MP3, AAC or Opus" in str(measure_audio(renamed))


def test_a_file_that_is_not_audio_or_too_big_is_a_problem_not_a_length(tmp_path: Path) -> None:
    text = tmp_path / "guide.mp3"
    text.write_text("not a recording\n" * 40, encoding="utf-8")
    picture = tmp_path / "guide.opus"
    shutil.copyfile(EXAMPLE / "media" / "logo.png", picture)
    empty = tmp_path / "empty.m4a"
    empty.write_bytes(b"")
    for path in (text, picture, empty):
        assert "not a sound file" in str(measure_audio(path))
    big = tmp_path / "big.mp3"
    with big.open("wb") as file:  # a sparse file: the size is checked before any byte is read
        file.truncate(GUIDE_AUDIO_LIMIT + 1)
    assert "more than the 20 MB" in str(measure_audio(big))
    assert isinstance(measure_audio(DING, size_limit=DING.stat().st_size), tuple)


@pytest.mark.parametrize(("seconds", "shown", "iso"), [(11.77, "0:12", "PT12S"), (125.2, "2:05", "PT2M5S"), (3725, "1:02:05", "PT62M5S")])
def test_lengths_read_as_a_clock_shows_them(seconds: float, shown: str, iso: str) -> None:
    audio = AudioFile(MediaFile(DING, "a.mp3", "media/a.mp3"), seconds, "audio/mpeg")
    assert (audio.duration, audio.iso_duration) == (shown, iso)


def test_transcripts_keep_text_and_web_links_but_no_pictures_scripts_or_local_links() -> None:
    html = short_markdown("**鼎**<script>x()</script> ![a](a.jpg) [b](../collection/b.md) [c](https://example.org/c)\n\n- one")
    assert "<strong>鼎</strong>" in html and "<li>one</li>" in html
    assert "<script" not in html and "<img" not in html and "../collection" not in html
    assert '<a href="https://example.org/c" rel="noopener">c</a>' in html


def test_the_example_has_its_stops_in_order_with_tours_and_recordings() -> None:
    site = load(EXAMPLE, Options(date=TODAY)).site
    assert [stop.number for stop in site.stops] == [1, 2, 3, 4, 5, 6, 7, 8, 11, 12]
    section = site.stops[0]
    assert section.path == "exhibitions/qingxi-history/#stop-1" and section.written_at == "exhibitions/qingxi-history.md:14"
    ding = next(doc for doc in site.items if doc.entry.id == "QX-0001")
    assert ding.recording.audio.type == "audio/mpeg" and ding.recording.audio.duration == "0:12"
    assert "第四站" in ding.recording.transcript
    assert "media/audio/qx-0001-ding.mp3" in site.media  # published as it is
    (place,) = ding.tours
    assert (place.exhibition.slug, place.position, place.count) == ("qingxi-history", 4, 10)
    assert place.previous is not None and place.next is not None
    assert (place.previous.number, place.next.number) == (3, 5)
    history = next(doc for doc in site.exhibitions if doc.slug == "qingxi-history")
    assert [stop.number for stop in history.tour] == [1, 2, 3, 4, 5, 6, 7, 8, 11, 12]
    assert [(typed, match.number if match else None) for typed, match in site.stop_pages()][:3] == [("1", 1), ("2", 2), ("3", 3)]
    assert ("11", site.stops[8]) in site.stop_pages()


def test_the_keypad_pages_are_planned_for_every_number_typed_so_far() -> None:
    planned = plan(EXAMPLE, Options(date=TODAY))
    paths = {path for path, _what in planned.paths}
    assert {"stops/index.html", "stops/1/index.html", "stops/11/index.html", "en/stops/12/index.html"} <= paths
    assert "stops/9/index.html" not in paths
    assert "stops" in reserved()
    job = next(job for _pages, job in planned.jobs if job.path == "stops/1/")
    keys = dict(job.values["keys"])
    assert (keys["1"], keys["2"], keys["3"]) == ("stops/11/", "stops/12/", None)
    assert job.values["erase"] == "stops/" and job.values["match"].number == 1


def test_a_museum_without_stops_has_no_keypad(starter: Path) -> None:
    paths = {path for path, _what in plan(starter, Options(date=TODAY)).paths}
    assert not any(path.startswith("stops/") for path in paths)


def _object(museum: Path, name: str, key: str, extra: str) -> None:
    (museum / "collection" / f"{name}.md").write_text(f"---\nid: {key}\ntitle: {name}\n{extra}---\n", encoding="utf-8")


def test_a_stop_number_used_twice_names_both_places(starter: Path) -> None:
    _object(starter, "a", "A-1", "stop: 3\n")
    _object(starter, "b", "B-1", "period: 清\nstop: 3\n")
    with pytest.raises(MuseumError) as raised:
        load(starter, Options(date=TODAY))
    found = {(d.path, d.line, str(d.message)) for d in raised.value.diagnostics}
    assert ("collection/b.md", 5, "stop 3 is also used by `collection/a.md:4`: each stop needs its own number, as visitors type it to find one place") in found
    assert ("collection/a.md", 4, "stop 3 is also used by `collection/b.md:5`: each stop needs its own number, as visitors type it to find one place") in found


@pytest.mark.parametrize(("code", "said"), [("en", "more than the 20 MB"), ("zh-CN", "超过了 20 MB")])
def test_a_recording_over_the_limit_is_a_located_error_in_the_staffs_language(starter: Path, code: str, said: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with (starter / "media" / "big.mp3").open("wb") as file:
        file.truncate(25 * 1024 * 1024)
    _object(starter, "a", "A-1", "stop: 3\naudio:\n  file: media/big.mp3\n  transcript: 你好\n")
    monkeypatch.chdir(starter)
    result = CliRunner().invoke(main, ["--lang", code, "check", "--date", "2026-11-25"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "collection/a.md:6: `media/big.mp3`" in result.output and "25.0 MB" in result.output and said in result.output


def test_stop_numbers_must_be_whole_numbers_a_visitor_can_type(starter: Path) -> None:
    _object(starter, "a", "A-1", "stop: 0\n")
    _object(starter, "b", "B-1", "stop: 12345\n")
    _object(starter, "c", "C-1", "stop: 十二\n")
    with pytest.raises(MuseumError) as raised:
        load(starter, Options(date=TODAY))
    assert {(d.path, d.line) for d in raised.value.diagnostics if d.severity == "error"} == {("collection/a.md", 4), ("collection/b.md", 4), ("collection/c.md", 4)}
