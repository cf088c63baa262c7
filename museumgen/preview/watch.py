"""Watching the museum and theme folders, and turning bursts of saves into one rebuild.

An editor's save is several events (a temporary file written, renamed over the old
one, its attributes set); a `git checkout` is hundreds. The `Debouncer` waits until the
folders have been quiet for a moment, so each burst gives one rebuild; it never waits
longer than `longest`, so a stream of events cannot hold the preview back for ever.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

log = logging.getLogger(__name__)

# Events that mean a file changed. Opening and reading (which every build does) do not.
_CHANGES = {"created", "deleted", "modified", "moved", "closed"}
# Editors' and tools' own files: their changes are not the museum's.
_IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".part", ".crdownload")


class Debouncer:
    """Collects changed paths; `ready_in` says when the collected burst should be built.

    Pure bookkeeping on times it is given, so it is tested without waiting.
    """

    def __init__(self, quiet: float = 0.05, longest: float = 1.0) -> None:
        self.quiet = quiet
        self.longest = longest
        self._paths: set[str] = set()
        self._first = 0.0
        self._last = 0.0

    def add(self, path: str, now: float) -> None:
        if not self._paths:
            self._first = now
        self._paths.add(path)
        self._last = now

    def ready_in(self, now: float) -> float | None:
        """Seconds until the burst is ready (0: now), or None when nothing is waiting."""
        if not self._paths:
            return None
        return max(0.0, min(self._last + self.quiet, self._first + self.longest) - now)

    def take(self) -> set[str]:
        paths, self._paths = self._paths, set()
        return paths


def is_relevant(path: Path, folders: Iterable[Path]) -> bool:
    """Whether a change at `path` can change the site: not in a hidden folder (`.git`),
    not in a top-level `_` folder such as a built `_site`, not an editor's scratch file."""
    for folder in folders:
        if path.is_relative_to(folder):
            parts = path.relative_to(folder).parts
            if not parts:
                return True
            if any(part.startswith(".") for part in parts) or parts[0].startswith("_"):
                return False
            name = parts[-1]
            return not (name.endswith(_IGNORED_SUFFIXES) or name.startswith(".#") or name == "4913")  # 4913: vim's probe
    return False


class Watcher:
    """Calls `rebuild(paths)` on its own thread after each burst of relevant changes."""

    def __init__(self, rebuild: Callable[[set[str]], None], debouncer: Debouncer | None = None) -> None:
        self._rebuild = rebuild
        self._debouncer = debouncer or Debouncer()
        self._changed = threading.Condition()
        self._stopping = False
        self._folders: tuple[Path, ...] = ()
        self._watches: dict[Path, ObservedWatch] = {}
        self._observer: BaseObserver = Observer()
        self._thread = threading.Thread(target=self._run, name="museumgen-rebuild", daemon=True)

    def start(self, folders: Iterable[Path]) -> None:
        self.watch(folders)
        self._observer.start()
        self._thread.start()

    def watch(self, folders: Iterable[Path]) -> None:
        """Watch exactly these folders (a theme may be added or dropped between builds)."""
        wanted = tuple(dict.fromkeys(f.resolve() for f in folders if f.is_dir()))
        # a folder inside another watched one is watched through that one
        wanted = tuple(f for f in wanted if not any(f != other and f.is_relative_to(other) for other in wanted))
        for folder in set(self._watches) - set(wanted):
            self._observer.unschedule(self._watches.pop(folder))
        for folder in wanted:
            if folder not in self._watches:
                self._watches[folder] = self._observer.schedule(_Handler(self), str(folder), recursive=True)
        self._folders = wanted

    def changed(self, path: Path) -> None:
        if not is_relevant(path, self._folders):
            return
        with self._changed:
            self._debouncer.add(str(path), time.monotonic())
            self._changed.notify()

    def stop(self) -> None:
        with self._changed:
            self._stopping = True
            self._changed.notify()
        self._observer.stop()
        self._observer.join(timeout=5)
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            with self._changed:
                while not self._stopping:
                    wait = self._debouncer.ready_in(time.monotonic())
                    if wait == 0:
                        break
                    self._changed.wait(wait)
                if self._stopping:
                    return
                paths = self._debouncer.take()
            try:
                self._rebuild(paths)
            except Exception:  # a bug must not stop the preview; it is shown and the next save retries
                log.exception("the rebuild failed")


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGES or (event.event_type == "modified" and event.is_directory):
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw:
                self.watcher.changed(Path(raw.decode() if isinstance(raw, bytes) else raw))
