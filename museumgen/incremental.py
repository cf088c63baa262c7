"""Incremental builds: a session that rebuilds a museum again and again, redoing only
what an edit changed. `museumgen serve` holds one; `buildcache` keeps one's state in the
cache folder between `build` and `check` processes.

Every output knows what it was made from. Content files are loaded again only when
their bytes change, Markdown bodies are rendered again only when their text or what
their links and images lead to changes, and photographs are looked at once. A page is
rendered again only when one of these changed since it was last rendered:

- the page's template, or any template it extends, includes or imports;
- its values (for list pages: which entries, in which order);
- an entry it read, or one of the site's lists it read (`RecordingEnvironment` notes
  both while the page renders);
- anything every page uses: `museum.yaml`, the build date, the theme's texts and assets,
  the pages in the footer.

Everything else is taken from the previous build, so the result is always the same as
a clean build's (the tests check this over sequences of edits).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import time
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

import jinja2
import jinja2.exceptions
import jinja2.meta

from museumgen.build import Memory, Options, Planned, load, made_after, plan_loaded
from museumgen.errors import Diagnostic
from museumgen.images import cached_file
from museumgen.render.jobs import PageJob
from museumgen.render.pages import SITE_READ, RecordingEnvironment, SiteRenderer
from museumgen.render.themes import Theme, template_search
from museumgen.site.entries import Doc, Figure, Site
from museumgen.urls import base_path, output_file
from museumgen.workers import map_chunks


@dataclass(frozen=True)
class Snapshot:
    """A whole built site: the bytes of each generated file, and the file on disk behind
    each published media file and image, by output path."""

    files: dict[str, bytes | Path]
    diagnostics: list[Diagnostic]
    pages: int
    rendered: int  # pages rendered by this build; the others were kept
    seconds: float
    base_path: str = "/"  # where the site expects to be served, from `base_url`
    folders: tuple[Path, ...] = ()  # the museum and theme folders it was built from

    def read(self, path: str) -> bytes:
        content = self.files[path]
        return content if isinstance(content, bytes) else content.read_bytes()


@dataclass(frozen=True)
class PageRecord:
    """What a page was made from, and what it came to."""

    shape: Hashable  # the job's template and values, with entries as their files
    template: str  # digest of its template and every template that one uses
    reads: frozenset[str]
    digest: bytes  # of its bytes (`page_digest`)
    data: bytes | None = None  # its bytes, where the session keeps them (`serve` does)


def page_digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


# A rendered page: its output path, digest, what it read, and its bytes (None once written).
Rendered = tuple[str, bytes, frozenset[str], bytes | None]


def _rendered(path: str, data: bytes, reads: frozenset[str]) -> Rendered:
    return path, page_digest(data), reads, data


# A page to render: its renderer and job, with the shape and template digest it is made from.
ToRender = tuple[SiteRenderer, PageJob, Hashable, str]


@dataclass
class Rebuild:
    """One build of a session, planned: each page either kept from the previous build or
    to be rendered. Nothing in the session changes until `Session.commit`."""

    planned: Planned
    kept: dict[str, PageRecord]  # by output path
    to_render: list[ToRender]
    fingerprints: dict[str, str]
    global_signature: str
    site_signatures: _SiteSignatures
    env_key: Hashable
    started: float
    _jobs: dict[str, tuple[SiteRenderer, PageJob]] | None = None  # by output path, once one is needed

    def render(self, indices: range) -> list[Rendered]:
        """Pages `indices` of `to_render`, each with its digest, what it read and its bytes."""
        return [_rendered(*self.to_render[i][0].page_and_reads(self.to_render[i][1])) for i in indices]

    def render_again(self, path: str) -> None:
        """Render a page the plan would keep (its bytes are not to be had)."""
        if self._jobs is None:
            self._jobs = {output_file(job.path): (pages, job) for pages, job in self.planned.jobs}
        record = self.kept.pop(path)
        pages, job = self._jobs[path]
        self.to_render.append((pages, job, record.shape, record.template))


@dataclass
class Session:
    """Builds one museum repeatedly; each `build` reuses what the previous one made.

    With `keep_pages` (as `serve` needs) every page's bytes are kept between builds;
    without, only their digests, and a kept page's bytes are the previous output's."""

    root: Path
    options: Options = field(default_factory=Options)
    memory: Memory = field(default_factory=Memory)
    keep_pages: bool = True
    records: dict[str, PageRecord] = field(default_factory=dict)
    fingerprints: dict[str, str] = field(default_factory=dict)
    site_signatures: dict[str, Hashable] = field(default_factory=dict)
    global_signature: str = ""
    parsed: dict[str, tuple[str | None, ...]] = field(default_factory=dict)  # references, by template digest
    _envs: list[jinja2.Environment] | None = None  # one for each language
    _env_key: Hashable = None

    def build(self) -> Snapshot:
        """Build the site; raise `MuseumError` (leaving the session as it was) on problems."""
        rebuild = self.prepare()
        parts = map_chunks(rebuild.render, len(rebuild.to_render))
        records = self.commit(rebuild, [page for part in parts for page in part])
        planned = rebuild.planned
        site = planned.loaded.site
        snapshot: dict[str, bytes | Path] = {path: record.data for path, record in records.items() if record.data is not None}
        snapshot.update(planned.files)
        snapshot.update((url, media.source) for url, media in site.media.items())
        for _, target in site.images.values():
            snapshot.update((v.path, cached_file(self.options.image_cache, target, v)) for v in target.variants)
        snapshot.update(made_after(planned))
        seconds = time.perf_counter() - rebuild.started
        folders = (self.root, *planned.loaded.theme.folders)
        return Snapshot(snapshot, planned.loaded.diagnostics, len(planned.jobs), len(rebuild.to_render), seconds, base_path(site.museum.base_url), folders)

    def prepare(self) -> Rebuild:
        """Load and plan the museum, and tell which pages an edit since the last build
        changed; raise `MuseumError` (leaving the session as it was) on problems."""
        started = time.perf_counter()
        loaded = load(self.root, self.options, self.memory)
        sources = _template_sources(loaded.theme, self.root)
        env_key = (loaded.theme.folders, tuple(sorted(sources.items())))
        envs = self._envs if self._env_key == env_key else None
        planned = plan_loaded(loaded, envs)
        renderers = planned.renderers
        first = renderers[0].env
        assert isinstance(first, RecordingEnvironment)  # build.renderers makes them
        templates = self._template_digests(first, sources)
        docs = [doc for site in planned.loaded.sites for doc in site.docs]
        files = self.memory.files
        parts = map_chunks(lambda chunk: [fingerprint(docs[i], files[docs[i].rel].digest) for i in chunk], len(docs), min_items=4000)
        fingerprints = dict(zip((doc.uid for doc in docs), (print_ for part in parts for print_ in part), strict=True))
        global_signature = hashlib.sha256("".join(_global_signature(pages) for pages in renderers).encode()).hexdigest()
        site_signatures = _SiteSignatures(planned.loaded.sites)
        same_everywhere = global_signature == self.global_signature

        def unchanged(record: PageRecord) -> bool:
            for read in record.reads:
                if read.startswith(SITE_READ):
                    name = read.removeprefix(SITE_READ)
                    if name not in self.site_signatures or self.site_signatures[name] != site_signatures[name]:
                        return False
                elif read not in fingerprints or self.fingerprints.get(read) != fingerprints[read]:
                    return False
            return True

        kept: dict[str, PageRecord] = {}
        to_render: list[ToRender] = []
        for pages, job in planned.jobs:
            path = output_file(job.path)
            shape, template = _shape(job), templates.get(job.template, "")
            known = self.records.get(path)
            if same_everywhere and known and known.shape == shape and known.template == template and unchanged(known):
                kept[path] = known
            else:
                to_render.append((pages, job, shape, template))
        return Rebuild(planned, kept, to_render, fingerprints, global_signature, site_signatures, env_key, started)

    def commit(self, rebuild: Rebuild, rendered: list[Rendered]) -> dict[str, PageRecord]:
        """Make the kept pages and `rendered` (those of `rebuild.to_render`, in order) this
        session's last build; return its records in page order."""
        records = dict(rebuild.kept)
        for (path, digest, reads, data), (_, _, shape, template) in zip(rendered, rebuild.to_render, strict=True):
            records[path] = PageRecord(shape, template, reads, digest, data if self.keep_pages else None)
        records = {output_file(job.path): records[output_file(job.path)] for _, job in rebuild.planned.jobs}  # in page order
        # Nothing failed: this build becomes the one the next compares with.
        self.records, self.fingerprints, self.global_signature = records, rebuild.fingerprints, rebuild.global_signature
        self.site_signatures = {name: rebuild.site_signatures[name] for name in _site_reads(records)}
        self._envs, self._env_key = [pages.env for pages in rebuild.planned.renderers], rebuild.env_key
        return records

    def _template_digests(self, env: jinja2.Environment, sources: dict[str, str]) -> dict[str, str]:
        """For each template name, a digest of its source and of every template it uses."""
        references: dict[str, tuple[str | None, ...]] = {}
        for name, digest in sources.items():
            if digest not in self.parsed:
                try:
                    source = env.loader.get_source(env, name)[0] if env.loader else ""
                    self.parsed[digest] = tuple(jinja2.meta.find_referenced_templates(env.parse(source)))
                except (jinja2.TemplateSyntaxError, jinja2.exceptions.SecurityError):
                    self.parsed[digest] = ()  # rendering reports it, with its line, if a page uses it
            references[name] = self.parsed[digest]
        everything = hashlib.sha256(repr(sorted(sources.items())).encode()).hexdigest()

        def closure(name: str) -> str:
            seen, todo, parts = set(), [name], []
            while todo:
                current = todo.pop()
                if current in seen:
                    continue
                seen.add(current)
                parts.append(f"{current}={sources.get(current, '-')}")
                for used in references.get(current, ()):
                    if used is None:  # a name made at render time: it could be any template
                        return everything
                    todo.append(used)
            return hashlib.sha256("\n".join(sorted(parts)).encode()).hexdigest()

        return {name: closure(name) for name in sources}


def _template_sources(theme: Theme, root: Path) -> dict[str, str]:
    """Every template name the environment can load, with a digest of the file that name loads."""
    found: dict[str, str] = {}
    for prefix, folders in template_search(theme, root).items():
        for folder in reversed(folders):  # earlier folders win
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    found[prefix + path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def fingerprint(doc: Doc, file_digest: bytes) -> str:
    """Everything of one entry a page can show: its file, and every field of the `Doc`
    the model filled in (whatever kinds add to `links` and `extra` included).

    Derived from the declared fields, so a field added to `Doc` is covered without a
    word here; a value of a type `_encode` does not know is an error, not a stale page."""
    parts: list[Hashable] = [file_digest.hex()]
    parts += [_encode(getattr(doc, name)) for name in _DOC_FIELDS]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


_DOC_FIELDS = tuple(f.name for f in dataclasses.fields(Doc) if f.name != "entry")  # its file's digest stands for it
_PLAIN = frozenset({str, int, float, bool, type(None)})  # as they are: `repr` of the whole tells them apart


def _encode(value: Any) -> Hashable:
    """A value of a `Doc` as plain data that changes exactly when what pages show of it does."""
    if type(value) in _PLAIN:
        return value  # type: ignore[no-any-return]
    if isinstance(value, str):  # Markup and other text: the same words, marked as what they are
        return (type(value).__name__, str(value))
    if isinstance(value, int | float | dt.date | PurePath):
        return repr(value)
    if isinstance(value, Doc):
        return ("doc", value.uid)  # the entry's own changes are in its own fingerprint
    if isinstance(value, Figure):
        # the plan's key names its source bytes and settings, and so every derivative
        return ("figure", value.url, value.width, value.height, value.alt, value.caption, value.credit, value.plan.key if value.plan else None)
    if isinstance(value, list | tuple):
        return tuple(_encode(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _encode(v)) for k, v in value.items()))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(_encode(getattr(value, f.name)) for f in dataclasses.fields(value)))
    raise TypeError(f"no fingerprint for a {type(value).__name__}: teach incremental._encode when it changes a page")


def _global_signature(pages: SiteRenderer) -> str:
    """What every page may use whatever it reads: a change here re-renders everything."""
    site, globals_ = pages.site, pages.env.globals
    footer: list[Doc] = globals_["footer_pages"]  # type: ignore[assignment]
    parts = (
        repr(site.museum),
        site.today.isoformat(),
        repr(site.settings),
        sorted(pages.asset_paths.items()),
        sorted(pages.strings.items()),
        [doc.uid for doc in footer],
        globals_["generator"],
        # What the outputs give every page (head links, the museum's schema.org data, which
        # also names the logo's images and exceptions from today on); their functions
        # depend on the entries they are given, which are fingerprinted.
        sorted((name, repr(value)) for name, value in pages.values.items() if not callable(value)),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


class _SiteSignatures:
    """Signatures of the sites' lists (the entries in them, in order), made when asked, by
    `language:name` as `RecordingEnvironment` notes a read."""

    def __init__(self, sites: list[Site]) -> None:
        self.sites = {site.language: site for site in sites}
        self.made: dict[str, Hashable] = {}

    def __getitem__(self, read: str) -> Hashable:
        if read not in self.made:
            language, _, name = read.partition(":")
            site = self.sites.get(language)
            value: Any = getattr(site, name, None) if site is not None else None
            if callable(value) and site is not None:  # e.g. exhibitions_with(status): depends on every list and status
                value = [(d.uid, d.extra.get("status")) for d in site.docs]
            if isinstance(value, list):
                self.made[read] = tuple(d.uid if isinstance(d, Doc) else repr(d) for d in value)
            else:
                self.made[read] = repr(value)
        return self.made[read]


def _site_reads(records: dict[str, PageRecord]) -> set[str]:
    return {read.removeprefix(SITE_READ) for record in records.values() for read in record.reads if read.startswith(SITE_READ)}


def _shape(job: PageJob) -> Hashable:
    return (job.path, job.template, _shape_of(job.values))


def _shape_of(value: Any) -> Hashable:
    if isinstance(value, Doc):
        return ("doc", value.uid)
    if isinstance(value, list | tuple):
        return tuple(_shape_of(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _shape_of(v)) for k, v in value.items()))
    return repr(value)
