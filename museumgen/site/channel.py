"""What the video channel's kinds do of their own: videos (their platform, captions,
chapters and transcript), speakers, series and their episodes, live streams and their
state by the build date. Declared as kinds in `museumgen.site.kinds`."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlsplit

from museumgen import dates
from museumgen.messages import _
from museumgen.schema import LiveStream, Speaker, Video
from museumgen.site import captions, platforms
from museumgen.site.entries import Chapter, Doc, Site, Track
from museumgen.site.media import CAPTION_SUFFIXES, VIDEO_SUFFIXES, MediaFile, video_length
from museumgen.site.steps import Finishing, Preparing


def prepare_video(doc: Doc, video: Video, context: Preparing) -> None:
    """Where it plays, its captions and chapters read and checked, and its transcript."""
    doc.extra.update(previous_episode=None, next_episode=None)  # a series' episodes get theirs later
    _source(doc, video, context)
    length = captions.duration(video.duration)
    if length is None and doc.extra["video_file"] is not None:  # cues past its end are found all the same
        length = video_length(doc.extra["video_file"].source)
    tracks = _captions(doc, video, length, context)
    _chapters(doc, video, length, context)
    own = tracks.get(doc.key.language) or next(iter(tracks.values()), None)
    if video.transcript:
        doc.extra["transcript"] = [" ".join(part.split()) for part in re.split(r"\n\s*\n", video.transcript) if part.strip()]
    else:  # the words of the captions, so that they can be read and found
        doc.extra["transcript"] = captions.transcript(own) if own is not None else []


def _source(doc: Doc, video: Video, context: Preparing) -> None:
    """A file of the museum's, or a platform and its player there."""
    doc.extra.update(video_file=None, platform=None, player=None)
    parts = urlsplit(video.source)
    if parts.scheme in ("http", "https"):
        on = platforms.find(video.source)
        doc.extra["platform"], doc.extra["player"] = on.platform, on.player
        if not on.known and not doc.original:  # a translation's is its original's, said there
            context.warning(("source",), _("`{source}` is not the address of a video on a platform museumgen knows ({hosts}): the page shows a link to it (copy the address from the platform's share button to have its player on the page)", source=video.source, hosts=", ".join(platforms.hosts())))
    elif parts.scheme:
        context.error(("source",), _("`source` should be a video file or an http(s) address, not `{source}`", source=video.source))
    else:
        doc.extra["video_file"] = context.publish(video.source, ("source",), VIDEO_SUFFIXES)


def _captions(doc: Doc, video: Video, length: float | None, context: Preparing) -> dict[str, captions.Track]:
    """Its caption tracks for the player; what each says, by language."""
    doc.extra["captions"] = []
    tracks: dict[str, captions.Track] = {}
    for index, caption in enumerate(video.captions):
        found = context.publish(caption.file, ("captions", index), CAPTION_SUFFIXES)
        if found is None:
            continue
        language = caption.language or context.languages[0]
        doc.extra["captions"].append(Track(found.url, language, caption.label or language))
        tracks.setdefault(language, _checked_track(found, length, context))
        if language not in context.languages and not doc.original:
            context.warning(("captions", index), _("captions in `{language}`, which is not one of the site's languages ({languages}): is the code right? (a page shows the captions of its own language first)", language=language, languages=", ".join(context.languages)))
    if doc.extra["video_file"] is not None and not video.captions and not doc.original:
        context.warning(("source",), _("this video has no captions: add `captions:` (a WebVTT .vtt file), so visitors who cannot hear it can follow"))
    return tracks


def _chapters(doc: Doc, video: Video, length: float | None, context: Preparing) -> None:
    doc.extra["chapters"], doc.extra["chapters_url"] = [], None
    found = context.publish(video.chapters, ("chapters",), CAPTION_SUFFIXES) if video.chapters else None
    if found is not None:
        doc.extra["chapters_url"] = found.url
        doc.extra["chapters"] = [Chapter(cue.start, cue.text) for cue in _checked_track(found, length, context).cues]


def _checked_track(found: MediaFile, length: float | None, context: Preparing) -> captions.Track:
    """A WebVTT file's cues; those after the end of a video of known `length` are errors."""
    track = context.track(found)
    for line, message in captions.past_the_end(track, length) if length is not None else ():
        context.error_in(found.rel, line, message)
    return track


def prepare_speaker(doc: Doc, speaker: Speaker, context: Preparing) -> None:
    doc.extra["name"] = speaker.title  # read as a person written in place is: `doc.speaker.name`


def _episode_order(video: Doc) -> tuple[bool, int, int, str]:
    """By number; episodes without one after them, oldest first."""
    number, day = video.entry.episode, video.entry.date or dt.date.min
    return (number is None, number or 0, day.toordinal(), video.slug)


def finish_series(doc: Doc, context: Finishing) -> None:
    """Its episodes in order, each with the one before and after it; two with one number are an error."""
    episodes = sorted(doc.links["episodes"], key=_episode_order)
    numbered: dict[int, Doc] = {}
    for video in episodes:
        number = video.entry.episode
        other = numbered.setdefault(number, video) if number is not None else video
        if other is not video and not video.original:  # a translation has its original's number, reported there
            context.error(video, ("episode",), _("episode {number} of series `{series}` is also `{other}`: give each episode its own number", number=number, series=doc.slug, other=other.rel))
    doc.links["episodes"] = episodes
    for before, after in zip(episodes, episodes[1:], strict=False):
        before.extra["next_episode"], after.extra["previous_episode"] = after, before
    if doc.cover is None and episodes:
        doc.cover = episodes[0].cover


def prepare_live(doc: Doc, live: LiveStream, context: Preparing) -> None:
    """Its times in the museum's timezone, and where it is by the build date: `upcoming`,
    `today` (the build cannot know the hour: the visitor's clock does, see the theme's video.js) or `past`."""
    start, end = dates.localize(live.start, context.zone), dates.localize(live.end, context.zone)
    status = "upcoming" if context.today < start.date() else "past" if context.today > end.date() else "today"
    doc.extra.update(start_at=start, end_at=end, status=status, platform=platforms.find(live.link).platform)


def live_lists(site: Site, docs: list[Doc]) -> dict[str, Any]:
    return {"upcoming": [d for d in docs if d.status != "past"], "past": [d for d in reversed(docs) if d.status == "past"]}
