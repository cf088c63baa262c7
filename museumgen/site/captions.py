"""WebVTT captions and chapters, read and checked at build time with webvtt-py.

A caption file that is not WebVTT, or a cue a player would skip or show at the wrong
time, is a problem with the line it is on in the `.vtt` file; so is a cue after the end
of the video, when its length is known. What is found is also the page's transcript and
its list of chapters. Pure: it takes the file's text and returns what it found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from museumgen.messages import _


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    text: str  # without its markup (`<b>`, `<v Speaker>`)
    line: int  # of its timings, in the file


@dataclass(frozen=True)
class Track:
    """What a WebVTT file holds: its cues in order, or the problems that keep it from being used."""

    cues: tuple[Cue, ...] = ()
    problems: tuple[tuple[int, str], ...] = field(default=())  # (line, message)


def read(text: str) -> Track:
    """The cues of a WebVTT file's text, each checked, or why it cannot be read."""
    text = text.removeprefix("\ufeff")
    if not text.startswith("WEBVTT") or (len(text) > 6 and text[6] not in " \t\r\n"):
        return Track(problems=((1, _("this is not a WebVTT file: its first line should be `WEBVTT` (save it as .vtt from a captions editor, or convert an .srt file)")),))
    try:
        captions = webvtt.from_string(text, strict=True).captions
    except MalformedCaptionError as exc:
        return Track(problems=((_failing_line(text), _("this cue cannot be read (`{reason}`): its timings line should look like `00:01:02.500 --> 00:01:05.000`, with an empty line before it", reason=str(exc))),))
    except MalformedFileError:
        return Track(problems=((1, _("this is not a WebVTT file: its first line should be `WEBVTT`")),))
    lines = [number for number, line in enumerate(text.splitlines(), 1) if "-->" in line]
    cues = tuple(
        Cue(_seconds(caption.start_time), _seconds(caption.end_time), caption.text.strip(), lines[index] if index < len(lines) else 0)
        for index, caption in enumerate(captions)
    )
    return Track(cues, tuple(_problems(cues)))


def _seconds(stamp: webvtt.models.Timestamp) -> float:
    return stamp.hours * 3600 + stamp.minutes * 60 + stamp.seconds + stamp.milliseconds / 1000


def _problems(cues: tuple[Cue, ...]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for cue in cues:
        if cue.end <= cue.start:
            found.append((cue.line, _("this cue ends ({end}) before it starts ({start}): a player never shows it", end=clock(cue.end), start=clock(cue.start))))
        if not cue.text:
            found.append((cue.line, _("this cue has no text: write the words said, on the lines after its timings")))
    return found


def _failing_line(text: str) -> int:
    """The line webvtt-py stops at: the end of the shortest start of the file it cannot read.
    (Its errors name the cue, not the line; a start of a file fails only where the whole does.)"""
    lines = text.splitlines()
    low, high = 1, len(lines)
    while low < high:
        middle = (low + high) // 2
        try:
            webvtt.from_string("\n".join(lines[:middle]) + "\n", strict=True)
            low = middle + 1
        except (MalformedCaptionError, MalformedFileError):
            high = middle
    return low


def past_the_end(track: Track, length: float) -> list[tuple[int, str]]:
    """The cues that end after a video of `length` seconds ends."""
    return [
        (cue.line, _("this cue ends at {end}, after the video does ({length}): correct its timings, or the video's `duration`", end=clock(cue.end), length=clock(length)))
        for cue in track.cues
        if cue.end > length + 0.5  # a duration in whole seconds may round the last cue's end down
    ]


_DURATION = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")


def duration(text: str | None) -> float | None:
    """`12:30` or `1:02:03` in seconds; None when it is not such a time."""
    match = _DURATION.match(text.strip()) if text else None
    if match is None:
        return None
    hours, minutes, seconds = (int(part) if part else 0 for part in match.groups())
    return float(hours * 3600 + minutes * 60 + seconds)


def clock(seconds: float) -> str:
    """`75.5` as `1:15.5`, `3725` as `1:02:05`."""
    whole, fraction = divmod(round(seconds * 1000), 1000)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    shown = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return shown + (f".{fraction:03d}".rstrip("0") if fraction else "")


# Chinese or Japanese punctuation ending a cue: the next follows it with no space, as the
# sentence would be written (a cue ending in anything else, a title say, is kept apart by one).
_NO_SPACES = re.compile(r"[\u3001\u3002\u300d\u300f\u3011\u201d\u2026\uff01\uff09\uff0c\uff1a\uff1b\uff1f]$")


def transcript(track: Track, pause: float = 2.0) -> list[str]:
    """The words of the cues as paragraphs, a new one after each pause of `pause` seconds."""
    paragraphs: list[str] = []
    current = ""
    last_end = None
    for cue in track.cues:
        words = " ".join(cue.text.split())
        if last_end is not None and cue.start - last_end >= pause and current:
            paragraphs.append(current)
            current = ""
        current = current + ("" if not current or _NO_SPACES.search(current) else " ") + words
        last_end = cue.end
    if current:
        paragraphs.append(current)
    return paragraphs
