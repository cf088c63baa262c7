"""What a content kind's own steps may use while the model is made (see `Kind.prepare` and
`Kind.finish` in `museumgen.site.kinds`); the model gives them what these promise."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Protocol

from museumgen.schema import Audio, Image, KeyPath
from museumgen.site import captions
from museumgen.site.entries import Doc, Figure, Recording, Stop
from museumgen.site.media import MediaFile


class Preparing(Protocol):
    """What a kind's own step (`Kind.prepare`) may use while the model is made."""

    today: dt.date
    zone: zoneinfo.ZoneInfo

    def figure(self, image: Image | None, key: KeyPath, default_alt: str | None) -> Figure | None: ...

    def publish(self, ref: str, key: KeyPath, suffixes: set[str]) -> MediaFile | None: ...

    def zoom(self, figure: Figure) -> Figure: ...  # the figure with deep-zoom tiles (see `images.zoomed`)

    def recording(self, audio: Audio | None, key: KeyPath) -> Recording | None: ...  # of the audio guide, checked and measured

    def line(self, key: KeyPath) -> int: ...

    def writes(self, key: KeyPath) -> bool: ...  # this entry's own file gives `key` (a translation may not)

    def error(self, key: KeyPath, message: str) -> None: ...

    def warning(self, key: KeyPath, message: str) -> None: ...

    def error_in(self, rel: str, line: int, message: str) -> None: ...  # in another file: a caption's cue

    def track(self, found: MediaFile) -> captions.Track: ...  # a WebVTT file read once, its problems reported

    @property
    def languages(self) -> tuple[str, ...]: ...  # of the site


class Finishing(Protocol):
    """What a kind's last step (`Kind.finish`) may use, once every relation is known."""

    def error(self, doc: Doc, key: KeyPath, message: str) -> None: ...

    def docs(self, kind: str) -> list[Doc]: ...  # of the same language, in the kind's order

    def stop(self, number: int) -> Stop | None: ...  # of the audio guide

    def find(self, kind: str, name: str) -> Doc | None: ...  # as a reference names it: by key field or file name
