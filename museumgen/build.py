"""The build, top to bottom: discover → load and validate → model → render → write.

The order matters: every file is loaded and the whole model checked (references,
media, links) before the first byte is written, so a mistake anywhere stops the build
with every problem listed and the previous site untouched.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from museumgen import __version__
from museumgen.dates import build_date
from museumgen.discover import discover
from museumgen.errors import Diagnostic, MuseumError, Report
from museumgen.load import MUSEUM_FILE, load_entries, load_museum, validate
from museumgen.model import Site, build_model
from museumgen.output import check_output_folder, write_site
from museumgen.parse import Source
from museumgen.render import render_site
from museumgen.schema import Museum
from museumgen.themes import Theme, find_theme, make_environment

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Options:
    date: dt.date | None = None  # the build date; default: SOURCE_DATE_EPOCH or today
    base_url: str | None = None  # overrides museum.yaml
    strict: bool = False  # warnings fail the build


@dataclass
class Loaded:
    site: Site
    theme: Theme
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class Result:
    pages: int
    files: int
    diagnostics: list[Diagnostic]
    seconds: float

    @property
    def warnings(self) -> int:
        return sum(d.severity == "warning" for d in self.diagnostics)


def load(root: Path, options: Options) -> Loaded:
    """Read and check the whole museum; raise `MuseumError` listing every problem."""
    if not root.is_dir():
        raise MuseumError.outside(str(root), "no such folder: give the path of a museum folder (one with museum.yaml)")
    report = Report()
    museum_and_source = load_museum(root, report)
    loaded = load_entries(discover(root, report), report)
    if museum_and_source is None:
        report.fail_if_errors()
        raise AssertionError("unreachable: a missing museum.yaml is an error")
    museum, museum_source = museum_and_source
    if options.base_url is not None:
        museum = _with_base_url(museum, museum_source, options.base_url, report)
    today = build_date(museum.timezone, options.date)
    theme = find_theme(museum.theme, root, museum_source.line_of(("theme",)))
    site = build_model(root, museum, museum_source, loaded, today, report)
    report.fail_if_errors(options.strict)
    return Loaded(site, theme, report.sorted())


def _with_base_url(museum: Museum, source: Source, base_url: str, report: Report) -> Museum:
    data = {**source.data, "base_url": base_url}
    checked = validate(Museum, Source(MUSEUM_FILE, data, source.lines), Report())
    if checked is None:
        report.diagnostics.append(Diagnostic("--base-url", 0, f"`{base_url}` is not a full web address such as `https://example.org/museum/`", external=True))
        return museum
    return museum.model_copy(update={"base_url": checked.base_url})


def outputs(loaded: Loaded) -> Iterator[tuple[str, bytes]]:
    """Every generated file (not media) as `(path, bytes)`."""
    theme = loaded.theme
    env = make_environment(theme, loaded.site.root)
    assets = {name: path.read_bytes() for name, path in theme.static_files().items()}
    strings = theme.strings(loaded.site.museum.language)
    return render_site(loaded.site, env, strings, assets, f"museumgen {__version__}")


def check(root: Path, options: Options) -> Result:
    """Everything a build does except writing: every template is rendered and dropped."""
    started = time.perf_counter()
    loaded = load(root, options)
    files = list(outputs(loaded))
    pages = sum(path.endswith(".html") for path, _ in files)
    return Result(pages, len(files) + len(loaded.site.media), loaded.diagnostics, time.perf_counter() - started)


def build(root: Path, out: Path, options: Options) -> Result:
    started = time.perf_counter()
    check_output_folder(out, root)
    loaded = load(root, options)
    stats = write_site(out, outputs(loaded), loaded.site.media)
    seconds = time.perf_counter() - started
    log.debug("built %s pages in %.2f s", stats.pages, seconds)
    return Result(stats.pages, stats.files, loaded.diagnostics, seconds)
