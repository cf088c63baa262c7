"""The build, top to bottom: discover → load and validate → model → render → write.

The order matters: every file is loaded and the whole model checked (references,
media, links) before the first byte is written, so a mistake anywhere stops the build
with every problem listed and the previous site untouched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from museumgen import __version__
from museumgen.colours import shortfalls
from museumgen.content.discover import discover
from museumgen.content.load import MUSEUM_FILE, FileCache, load_entries, load_museum, load_museum_translations, validate
from museumgen.content.parse import Source
from museumgen.dates import build_date
from museumgen.errors import Diagnostic, MuseumError, Report, did_you_mean
from museumgen.images import ImageProblem, default_cache_dir, make_all, prune_cache
from museumgen.languages import DEFAULT_LANGUAGE, known_language, prefix
from museumgen.messages import _, _n
from museumgen.outputs import OUTPUTS, reserved
from museumgen.printed import system_font
from museumgen.render.jobs import PageJob
from museumgen.render.pages import (
    RecordingEnvironment,
    SandboxedRecordingEnvironment,
    SiteRenderer,
    link_versions,
    tab_icons,
)
from museumgen.render.themes import Theme, find_theme, has_own_templates, make_environment
from museumgen.schema import Museum
from museumgen.site.kinds import KINDS, browsable_fields
from museumgen.site.media import ImageProbes
from museumgen.site.model import BodyCache, Site, build_model
from museumgen.workers import map_chunks
from museumgen.write import check_output_folder, check_unique, copy_images, copy_media, write_files, write_site

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Options:
    date: dt.date | None = None  # the build date; default: SOURCE_DATE_EPOCH or today
    base_url: str | None = None  # overrides museum.yaml
    strict: bool = False  # warnings fail the build
    cache_dir: Path | None = None  # where made images are kept; default: images.default_cache_dir()
    # Keys museum.yaml gets unless it gives them itself (a network's `defaults`).
    defaults: Mapping[str, Any] = field(default_factory=dict, compare=False)
    # Told how far long work has got: the step ("images", "pages"), items done, items in all.
    progress: Callable[[str, int, int], None] | None = field(default=None, compare=False)

    @property
    def image_cache(self) -> Path:
        return (self.cache_dir or default_cache_dir()) / "images"

    @property
    def template_cache(self) -> Path:
        """Compiled templates, apart for each version (its environment may compile differently)."""
        return (self.cache_dir or default_cache_dir()) / "templates" / __version__


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
    sites: list[Site]  # one for each language, the default first
    theme: Theme
    strings: dict[str, dict[str, str]]  # interface texts, by language
    diagnostics: list[Diagnostic] = field(default_factory=list)
    compiled: Path | None = None  # where compiled templates are kept between processes
    cache: Path | None = None  # the cache folder, where outputs keep what they made (icons, posters)

    @property
    def site(self) -> Site:
        """The site in the default language."""
        return self.sites[0]


@dataclass(frozen=True)
class Result:
    pages: int
    files: int
    diagnostics: list[Diagnostic]
    seconds: float
    directory_urls: bool = False  # a built site whose links end in `/`, which need a web server
    rendered: int | None = None  # pages rendered, where the others were kept from the last build

    @property
    def warnings(self) -> int:
        return sum(d.severity == "warning" for d in self.diagnostics)


def load(root: Path, options: Options, memory: Memory | None = None) -> Loaded:
    """Read and check the whole museum; raise `MuseumError` listing every problem."""
    with _collector_paused():
        return _load(root, options, memory)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused: loading makes hundreds of thousands of objects
    that all live on, and the collector would walk them again and again for nothing
    (a fifth of the time spent reading files)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(root: Path, options: Options, memory: Memory | None) -> Loaded:
    if not root.is_dir():
        raise MuseumError.outside(str(root), _("no such folder: give the path of a museum folder (one with museum.yaml)"))
    started = time.perf_counter()
    report = Report()
    museum_and_source = load_museum(root, report, options.defaults)
    languages = _languages(museum_and_source[0]) if museum_and_source else None
    kinds = {kind.name: kind for kind in KINDS}
    loaded, left_out = load_entries(discover(root, report, kinds, languages), kinds, report, memory.files if memory else None)
    log.debug("read %d content files in %.2f s", len(loaded), time.perf_counter() - started)
    if museum_and_source is None:  # an error, already reported: show it with the others
        raise MuseumError(report.sorted())
    museum, museum_source = museum_and_source
    languages = _languages(museum)
    if options.base_url is not None:
        museum = _with_base_url(museum, museum_source, options.base_url, report)
    museums = {languages[0]: (museum, museum_source)} | load_museum_translations(root, museum, museum_source, languages, report)
    today = build_date(museum.timezone, options.date)
    theme = None
    try:
        theme = find_theme(museum.theme, root, museum_source.line_of(("theme",)))
    except MuseumError as exc:
        report.extend(exc.diagnostics)
    _check_tabs(museum, museum_source, report)
    _check_browse(museum, museum_source, report)
    _check_posters(museum, museum_source, report)
    _check_colours(museum, museum_source, report)
    _check_prefixes(languages, museum_source, report)
    strings = _interface_texts(theme, root, languages, museum_source, report) if theme is not None else {}
    bodies, probes = (memory.bodies, memory.probes) if memory else (None, None)
    sites = build_model(root, museums, loaded, left_out, today, report, bodies, probes, reserved(languages))
    log.debug("checked the museum and rendered Markdown in %.2f s", time.perf_counter() - started)
    report.fail_if_errors(options.strict)
    assert theme is not None  # a missing theme is an error, raised just above
    colours = _make_images(sites[0], options, report, memory.colours if memory else {})
    for site in sites:
        site.colours = colours
    log.debug("made the images in %.2f s", time.perf_counter() - started)
    report.fail_if_errors(options.strict)
    return Loaded(sites, theme, strings, report.sorted(), options.template_cache, options.cache_dir or default_cache_dir())


def _languages(museum: Museum) -> tuple[str, ...]:
    """The site's languages that are real ones: a code that is not is an error already, and
    building it too would only repeat that error in other words."""
    return tuple(code for code in museum.site_languages if known_language(code)) or (DEFAULT_LANGUAGE,)


def _check_prefixes(languages: tuple[str, ...], source: Source, report: Report) -> None:
    """A language's prefix (`en/`) must not be a folder the site already has."""
    taken = KINDS.reserved() | OUTPUTS.reserved()
    for index, language in enumerate(languages[1:], start=1):
        name = prefix(language, languages[0]).rstrip("/")
        if name in taken:
            message = _("the pages in `{language}` would go to /{folder}/, which the site uses itself", language=language, folder=name)
            report.error(MUSEUM_FILE, source.line_of(("languages", index)), message)


def _interface_texts(theme: Theme, root: Path, languages: tuple[str, ...], source: Source, report: Report) -> dict[str, dict[str, str]]:
    """The interface texts of each language: the museum's `i18n/` over the theme's. Texts
    missing in a language are shown in the first language, and said so."""
    texts: dict[str, dict[str, str]] = {}
    unreadable: set[str] = set()
    for language in languages:
        try:
            texts[language] = theme.strings(language, root)
        except MuseumError as exc:  # said with the museum's other problems, not instead of them
            report.extend(exc.diagnostics)
            texts[language], unreadable = {}, unreadable | {language}
    default = texts[languages[0]]
    for index, language in enumerate(languages):
        line = source.line_of(("languages", index) if "languages" in source.data else ("language",))
        if language in unreadable:
            continue
        if not texts[language]:
            report.error(MUSEUM_FILE, line, _("no interface texts in `{language}`: add `i18n/{language}.yaml` to the museum folder (copy a theme's `i18n/en.yaml` and translate each line)", language=language))
            continue
        missing = sorted(default.keys() - texts[language].keys())
        if missing and index:
            report.warning(f"i18n/{language}.yaml", 0, _untranslated(missing, languages[0]))
        texts[language] = {**default, **texts[language]}
    return texts


def _untranslated(keys: list[str], shown_in: str) -> str:
    listed = ", ".join(keys[:8]) + (" …" if len(keys) > 8 else "")
    return _n(
        "{count} interface text is not translated and is shown in `{language}`: {keys}",
        "{count} interface texts are not translated and are shown in `{language}`: {keys}",
        len(keys), language=shown_in, keys=listed,
    )


def _check_tabs(museum: Museum, source: Source, report: Report) -> None:
    known = tab_icons()
    for index, tab in enumerate(museum.tabs or []):
        if tab.icon not in known:
            hint = did_you_mean(tab.icon, known)
            message = _("no icon `{icon}`{hint}: use one of {icons}", icon=tab.icon, hint=hint, icons=", ".join(known))
            report.error(MUSEUM_FILE, source.line_of(("tabs", index, "icon")), message)


def _check_posters(museum: Museum, source: Source, report: Report) -> None:
    """Share posters are drawn with a font that has Chinese: without one the site has none,
    which is said rather than left for staff to find out."""
    if museum.base_url and museum.posters != "none" and not museum.labels.font and system_font() is None:
        message = _(
            "no font with Chinese glyphs on this machine, so the site has no share posters: install Noto Sans CJK"
            " (Debian and Ubuntu: `fonts-noto-cjk`), name a font file in `labels.font`, or write `posters: none`"
        )
        report.warning(MUSEUM_FILE, source.line_of(("posters",)) or 1, message)


def _check_browse(museum: Museum, source: Source, report: Report) -> None:
    """`browse` names content folders, and fields their entries have that hold text or a list of it."""
    for name, fields in museum.browse.items():
        if name not in KINDS:
            hint = did_you_mean(name, KINDS.names())
            message = _("no content folder `{name}`{hint}: use one of {kinds}", name=name, hint=hint, kinds=", ".join(KINDS.names()))
            report.error(MUSEUM_FILE, source.line_of(("browse", name)), message)
            continue
        browsable = browsable_fields(KINDS[name])
        for index, key in enumerate(fields):
            if key not in browsable:
                hint = did_you_mean(key, browsable)
                message = _("{folder}/ cannot be browsed by `{key}`{hint}: use one of {keys}", folder=name, key=key, hint=hint, keys=", ".join(browsable))
                report.error(MUSEUM_FILE, source.line_of(("browse", name, index)), message)


def _check_colours(museum: Museum, source: Source, report: Report) -> None:
    """Text and marks in the museum's colours must be readable: a warning (an error under
    `--strict`) with the nearest colour that is."""
    for short in shortfalls(museum.colors.primary, museum.colors.accent):
        fix = _("use `{suggestion}` instead: the nearest colour that passes", suggestion=short.suggestion) if short.suggestion else _("choose a darker or lighter colour")
        report.warning(MUSEUM_FILE, source.line_of(("colors", short.what)), _(
            "`colors.{what}: \"{colour}\"` is hard to read {use}: its contrast is {ratio}:1, at least {needed}:1 is needed; {fix}",
            what=short.what, colour=short.colour, use=short.worst.label, ratio=format(short.ratio, ".1f"), needed=format(short.worst.needed, "g"), fix=fix,
        ))


def _make_images(site: Site, options: Options, report: Report, known: dict[str, str]) -> dict[str, str]:
    """Make every planned image (from the cache when it can); the dominant colour of each.

    `known` colours are of images already made by this process: they are not looked at."""
    jobs = sorted((job for job in site.images.values() if job[1].key not in known), key=lambda job: job[0].url)
    told = _told(options, "images")
    results = make_all([(media.source, target) for media, target in jobs], site.settings, options.image_cache, told)
    for (media, target), result in zip(jobs, results, strict=True):
        if isinstance(result, ImageProblem):
            report.error(*media.first_use, _("`{file}`: {problem}", file=media.rel, problem=result.message))
        else:
            known[target.key] = result
    return {target.key: known[target.key] for _, target in site.images.values() if target.key in known}


def _told(options: Options, step: str) -> Callable[[int, int], None] | None:
    progress = options.progress
    return (lambda done, total: progress(step, done, total)) if progress else None


def pages_told(options: Options, total: int) -> Callable[[int], None] | None:
    told = _told(options, "pages")
    return (lambda done: told(done, total)) if told and total else None


def _with_base_url(museum: Museum, source: Source, base_url: str, report: Report) -> Museum:
    data = {**source.data, "base_url": base_url}
    checked = validate(Museum, Source(MUSEUM_FILE, data, source.lines), Report())
    if checked is None:
        message = _("`{address}` is not a full web address such as `https://example.org/museum/`", address=base_url)
        report.diagnostics.append(Diagnostic("--base-url", 0, message, external=True))
        return museum
    return museum.model_copy(update={"base_url": checked.base_url})


def renderers(loaded: Loaded, envs: list[jinja2.Environment] | None = None) -> list[SiteRenderer]:
    """A renderer for the site in each language, the default first; `envs` reuse template
    environments (and the templates they compiled) from an earlier build of the same theme."""
    theme, root = loaded.theme, loaded.site.root
    # Templates from the museum folder may come from a pull request: they run sandboxed.
    # The built-in themes ship with museumgen and run without the sandbox's cost.
    kind = RecordingEnvironment if theme.builtin and not has_own_templates(root) else SandboxedRecordingEnvironment
    assets = {name: path.read_bytes() for name, path in theme.static_files().items()}
    made = []
    for index, site in enumerate(loaded.sites):
        env = envs[index] if envs and index < len(envs) else make_environment(theme, root, kind, loaded.compiled)
        strings = loaded.strings[site.language]
        values, jobs = OUTPUTS.page_values(site, strings), OUTPUTS.page_jobs(site)
        made.append(SiteRenderer(site, env, strings, assets, f"museumgen {__version__}", values, jobs, loaded.cache))
    link_versions(made)
    return made


@dataclass(frozen=True)
class Planned:
    """A loaded museum with its pages planned and the files made from its model: what
    `check`, `build` and `serve` each start from."""

    loaded: Loaded
    renderers: list[SiteRenderer]  # one for each language, the default first
    files: list[tuple[str, bytes]]  # made from the model (outputs.MODEL)
    paths: list[tuple[str, str]]  # every output path, with what writes it

    @property
    def jobs(self) -> list[tuple[SiteRenderer, PageJob]]:
        """Every page of every language, with the renderer that makes it."""
        return [(pages, job) for pages in self.renderers for job in pages.jobs]


def plan(root: Path, options: Options) -> Planned:
    """Load and check the museum, plan every output path and refuse collisions."""
    return plan_loaded(load(root, options))


def plan_loaded(loaded: Loaded, envs: list[jinja2.Environment] | None = None) -> Planned:
    """Plan every output path of a loaded museum and refuse collisions; `envs` as for `renderers`."""
    made = renderers(loaded, envs)
    paths = OUTPUTS.plan(made)
    check_unique(paths)
    return Planned(loaded, made, OUTPUTS.made_from_model(made), paths)


def made_after(planned: Planned) -> list[tuple[str, bytes]]:
    """The files of outputs made from the finished site (from the list of its other files)."""
    files = OUTPUTS.made_from_site(planned.renderers)
    declared = {path.casefold() for path, _what in planned.paths}
    for path, _data in files:
        if path.casefold() not in declared:  # it would have escaped the collision check
            raise MuseumError.outside(path, _("an output wrote a file it did not declare in its plan"))
    return files


def source_folders() -> frozenset[str]:
    """The museum's folders a site may not be written into."""
    return frozenset({*KINDS.names(), "media", "templates"})


def check(root: Path, options: Options) -> Result:
    """Everything a build does except writing: every page and file is made and dropped."""
    started = time.perf_counter()
    return check_planned(plan(root, options), options, started)


def check_planned(planned: Planned, options: Options, started: float) -> Result:
    """Make and drop every page and file of a planned museum."""
    jobs = planned.jobs
    map_chunks(lambda chunk: sum(1 for i in chunk if jobs[i][0].page(jobs[i][1])), len(jobs), progress=pages_told(options, len(jobs)))
    made_after(planned)
    return Result(len(jobs), len(planned.paths), planned.loaded.diagnostics, time.perf_counter() - started)


def build(root: Path, out: Path, options: Options) -> Result:
    started = time.perf_counter()
    check_output_folder(out, root, source_folders())
    return build_planned(plan(root, options), out, options, started)


def build_planned(planned: Planned, out: Path, options: Options, started: float) -> Result:
    """Write a planned museum's site to `out` (a network looks at the plan first)."""
    jobs, site = planned.jobs, planned.loaded.site

    def fill(staging: Path, previous: Path | None) -> int:
        written = write_files(staging, planned.files, previous) + copy_media(staging, site.media, previous)
        written += copy_images(staging, site.images, options.image_cache)
        # Pages are rendered and written by several processes when there are many.
        counts = map_chunks(
            lambda chunk: write_files(staging, (jobs[i][0].page(jobs[i][1]) for i in chunk), previous),
            len(jobs),
            progress=pages_told(options, len(jobs)),
        )
        after = made_after(planned)
        return written + sum(counts) + write_files(staging, after, previous)

    count = write_site(out, fill)
    log.debug("wrote %d files", count)
    log.debug("pruned %d images unused for a month from the cache", prune_cache(options.image_cache, time.time()))
    seconds = time.perf_counter() - started
    log.debug("built %s pages in %.2f s", len(jobs), seconds)
    return Result(len(jobs), count, planned.loaded.diagnostics, seconds, site.museum.directory_urls)
