"""The build, top to bottom: discover → load and validate → model → render → write.

The order matters: every file is loaded and the whole model checked (references,
media, links) before the first byte is written, so a mistake anywhere stops the build
with every problem listed and the previous site untouched.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from museumgen import __version__
from museumgen.dates import build_date
from museumgen.discover import discover
from museumgen.errors import Diagnostic, MuseumError, Report
from museumgen.images import ImageProblem, default_cache_dir, make_all, prune_cache
from museumgen.load import MUSEUM_FILE, FileCache, load_entries, load_museum, validate
from museumgen.media import ImageProbes
from museumgen.model import BodyCache, Site, build_model
from museumgen.output import check_output_folder, check_unique, copy_images, copy_media, write_files, write_site
from museumgen.parse import Source
from museumgen.render import RecordingEnvironment, SandboxedRecordingEnvironment, SiteRenderer
from museumgen.schema import Museum
from museumgen.themes import Theme, find_theme, has_own_templates, make_environment
from museumgen.urls import output_file
from museumgen.workers import map_chunks

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Options:
    date: dt.date | None = None  # the build date; default: SOURCE_DATE_EPOCH or today
    base_url: str | None = None  # overrides museum.yaml
    strict: bool = False  # warnings fail the build
    cache_dir: Path | None = None  # where made images are kept; default: images.default_cache_dir()

    @property
    def image_cache(self) -> Path:
        return (self.cache_dir or default_cache_dir()) / "images"


@dataclass
class Memory:
    """What a long-running process (`museumgen serve`) keeps between builds, so that
    unchanged content files, Markdown bodies and photographs are not worked on again."""

    files: FileCache = field(default_factory=dict)
    bodies: BodyCache = field(default_factory=dict)
    probes: ImageProbes = field(default_factory=dict)
    colours: dict[str, str] = field(default_factory=dict)  # dominant colour by image key


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


def load(root: Path, options: Options, memory: Memory | None = None) -> Loaded:
    """Read and check the whole museum; raise `MuseumError` listing every problem."""
    if not root.is_dir():
        raise MuseumError.outside(str(root), "no such folder: give the path of a museum folder (one with museum.yaml)")
    started = time.perf_counter()
    report = Report()
    museum_and_source = load_museum(root, report)
    loaded, left_out = load_entries(discover(root, report), report, memory.files if memory else None)
    log.debug("read %d content files in %.2f s", len(loaded), time.perf_counter() - started)
    if museum_and_source is None:  # an error, already reported: show it with the others
        raise MuseumError(report.sorted())
    museum, museum_source = museum_and_source
    if options.base_url is not None:
        museum = _with_base_url(museum, museum_source, options.base_url, report)
    today = build_date(museum.timezone, options.date)
    theme = None
    try:
        theme = find_theme(museum.theme, root, museum_source.line_of(("theme",)))
    except MuseumError as exc:
        report.extend(exc.diagnostics)
    site = build_model(
        root, museum, museum_source, loaded, left_out, today, report, memory.bodies if memory else None, memory.probes if memory else None
    )
    log.debug("checked the museum and rendered Markdown in %.2f s", time.perf_counter() - started)
    report.fail_if_errors(options.strict)
    assert theme is not None  # a missing theme is an error, raised just above
    site.colours = _make_images(site, options.image_cache, report, memory.colours if memory else {})
    log.debug("made the images in %.2f s", time.perf_counter() - started)
    report.fail_if_errors(options.strict)
    return Loaded(site, theme, report.sorted())


def _make_images(site: Site, cache: Path, report: Report, known: dict[str, str]) -> dict[str, str]:
    """Make every planned image (from the cache when it can); the dominant colour of each.

    `known` colours are of images already made by this process: they are not looked at."""
    jobs = sorted((job for job in site.images.values() if job[1].key not in known), key=lambda job: job[0].url)
    results = make_all([(media.source, target) for media, target in jobs], site.settings, cache)
    for (media, target), result in zip(jobs, results, strict=True):
        if isinstance(result, ImageProblem):
            report.error(*media.first_use, f"`{media.rel}`: {result}")
        else:
            known[target.key] = result
    return {target.key: known[target.key] for _, target in site.images.values() if target.key in known}


def _with_base_url(museum: Museum, source: Source, base_url: str, report: Report) -> Museum:
    data = {**source.data, "base_url": base_url}
    checked = validate(Museum, Source(MUSEUM_FILE, data, source.lines), Report())
    if checked is None:
        report.diagnostics.append(Diagnostic("--base-url", 0, f"`{base_url}` is not a full web address such as `https://example.org/museum/`", external=True))
        return museum
    return museum.model_copy(update={"base_url": checked.base_url})


def renderer(loaded: Loaded, env: jinja2.Environment | None = None) -> SiteRenderer:
    """The renderer of the loaded site; `env` reuses a template environment (and the
    templates it has compiled) from an earlier build of the same theme."""
    theme = loaded.theme
    if env is None:
        # Templates from the museum folder may come from a pull request: they run sandboxed.
        # The built-in themes ship with museumgen and run without the sandbox's cost.
        trusted = theme.builtin and not has_own_templates(loaded.site.root)
        env = make_environment(theme, loaded.site.root, RecordingEnvironment if trusted else SandboxedRecordingEnvironment)
    assets = {name: path.read_bytes() for name, path in theme.static_files().items()}
    strings = theme.strings(loaded.site.museum.language)
    return SiteRenderer(loaded.site, env, strings, assets, f"museumgen {__version__}")


def planned_paths(pages: SiteRenderer, files: list[tuple[str, bytes]], site: Site) -> list[tuple[str, str]]:
    """Every output path with what it is, for the check that no two collide."""
    planned = [(path, f"`{path}`, which museumgen makes") for path, _ in files]
    planned += [(output_file(job.path), f"`{job.values['doc'].rel}`" if "doc" in job.values else f"the page `{job.path or '/'}`") for job in pages.jobs]
    planned += [(url, f"`{media.rel}`") for url, media in site.media.items()]
    planned += [(v.path, f"`{media.rel}`") for media, target in site.images.values() for v in target.variants]
    return planned


def check(root: Path, options: Options) -> Result:
    """Everything a build does except writing: every page is rendered and dropped."""
    started = time.perf_counter()
    loaded = load(root, options)
    pages = renderer(loaded)
    planned = planned_paths(pages, pages.files(), loaded.site)
    check_unique(planned)
    jobs = pages.jobs
    map_chunks(lambda chunk: sum(1 for i in chunk if pages.page(jobs[i])), len(jobs))
    return Result(len(jobs), len(planned), loaded.diagnostics, time.perf_counter() - started)


def build(root: Path, out: Path, options: Options) -> Result:
    started = time.perf_counter()
    check_output_folder(out, root)
    loaded = load(root, options)
    pages = renderer(loaded)
    files = pages.files()
    check_unique(planned_paths(pages, files, loaded.site))
    jobs = pages.jobs

    def fill(staging: Path, previous: Path | None) -> int:
        written = write_files(staging, files, previous) + copy_media(staging, loaded.site.media, previous)
        written += copy_images(staging, loaded.site.images, options.image_cache)
        # Pages are rendered and written by several processes when there are many.
        counts = map_chunks(lambda chunk: write_files(staging, (pages.page(jobs[i]) for i in chunk), previous), len(jobs))
        return written + sum(counts)

    count = write_site(out, fill)
    log.debug("wrote %d files", count)
    log.debug("pruned %d images unused for a month from the cache", prune_cache(options.image_cache, time.time()))
    seconds = time.perf_counter() - started
    log.debug("built %s pages in %.2f s", len(jobs), seconds)
    return Result(len(jobs), count, loaded.diagnostics, seconds)
