"""The outputs of a site, each declared once: the pages, the theme's assets, the
museum's media, robots.txt, the sitemap, the Atom feed, and the schema.org data in pages.

Each output says which files it writes (known before any is made, so one plan of every
path finds collisions in `check` as in `build`), the top-level names it takes (no page
may take them), the `<link>` it puts in every page's head, the values it gives
templates, and its stage:

- `PAGES`: HTML pages rendered from templates, one job each (see `render.page_jobs`);
- `MODEL`: files made from the model once the pages are planned (a sitemap, a feed);
- `SITE`: files made after every other file is written, from their list (a search
  index or a service worker's precache list would be these).

`build`, `check` and `serve` all go through `plan`, `made_from_model` and
`made_from_site`, so a new output needs no wiring of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from museumgen.languages import prefix
from museumgen.messages import _
from museumgen.render.pages import PageJob, SiteRenderer
from museumgen.site import calendar, structured
from museumgen.site.entries import Doc, Site
from museumgen.site.kinds import KINDS
from museumgen.urls import output_file

PAGES, MODEL, SITE = "pages", "model", "site"

Planned = tuple[str, str]  # (output path, what it is, for messages)
Made = list[tuple[str, bytes]]


@dataclass(frozen=True)
class HeadLink:
    """A `<link>` in the head of every page, e.g. to the feed."""

    rel: str
    type: str
    path: str  # site path
    title: str


@dataclass(frozen=True)
class Output:
    name: str
    stage: str  # PAGES, MODEL or SITE
    names: tuple[str, ...]  # top-level names of the site it takes
    paths: Callable[[SiteRenderer], list[Planned]]  # every file it will write
    wanted: Callable[[Site], bool] = lambda site: True
    make: Callable[[SiteRenderer, Sequence[str]], Made] | None = None  # (renderer, paths written so far)
    link: Callable[[Site, dict[str, str]], HeadLink] | None = None  # (site, interface strings)
    globals: Callable[[Site], dict[str, Any]] | None = None  # values for templates, whether the site gets the output or not
    per_language: bool = False  # one for each language of the site


@dataclass
class Outputs:
    """The outputs in the order they are planned and made."""

    outputs: list[Output] = field(default_factory=list)

    def __iter__(self) -> Iterator[Output]:
        return iter(list(self.outputs))

    def register(self, output: Output) -> None:
        if any(o.name == output.name for o in self.outputs):
            raise ValueError(f"an output `{output.name}` is declared already")
        self.outputs.append(output)

    def unregister(self, name: str) -> None:
        self.outputs = [o for o in self.outputs if o.name != name]

    def reserved(self) -> frozenset[str]:
        """Top-level names the outputs take, with the stems of file names (`feed` of `feed.xml`)."""
        return frozenset(part for o in self.outputs for name in o.names for part in (name, name.split(".")[0]))

    def wanted(self, site: Site) -> list[Output]:
        return [o for o in self.outputs if o.wanted(site)]

    def page_values(self, site: Site, strings: dict[str, str]) -> dict[str, Any]:
        """What the outputs give every template: their head links and their own values."""
        wanted = self.wanted(site)
        values: dict[str, Any] = {"head_links": [o.link(site, strings) for o in wanted if o.link is not None]}
        for output in self.outputs:  # templates may name every output's values: each says what it has without its data
            if output.globals is not None:
                values.update(output.globals(site))
        return values

    def chosen(self, renderers: list[SiteRenderer]) -> list[tuple[Output, SiteRenderer]]:
        """Each output a site gets, with the renderer of the language it is made for: outputs
        `per_language` once per language, the others once (with the first language's)."""
        return [(o, pages) for index, pages in enumerate(renderers) for o in self.wanted(pages.site) if o.per_language or index == 0]

    def plan(self, renderers: list[SiteRenderer]) -> list[Planned]:
        """Every path the site will have, with what writes it."""
        return [planned for output, pages in self.chosen(renderers) for planned in output.paths(pages)]

    def made_from_model(self, renderers: list[SiteRenderer]) -> Made:
        return [file for o, pages in self.chosen(renderers) if o.stage == MODEL and o.make for file in o.make(pages, ())]

    def made_from_site(self, renderers: list[SiteRenderer]) -> Made:
        """The files of `SITE` outputs, each given every path the other outputs write (sorted)."""
        chosen = self.chosen(renderers)
        written = sorted(path for o, pages in chosen if o.stage != SITE for path, _ in o.paths(pages))
        return [file for o, pages in chosen if o.stage == SITE and o.make for file in o.make(pages, written)]


# --- the built-in outputs ----------------------------------------------------------------


def _page_paths(pages: SiteRenderer) -> list[Planned]:
    return [(output_file(job.path), _what(job)) for job in pages.jobs]


def _what(job: PageJob) -> str:
    doc = job.values.get("doc")
    return f"`{doc.rel}`" if isinstance(doc, Doc) else _("the page `{path}`", path=job.path or "/")


def _media_paths(pages: SiteRenderer) -> list[Planned]:
    site = pages.site
    planned = [(url, f"`{media.rel}`") for url, media in site.media.items()]
    return planned + [(v.path, f"`{media.rel}`") for media, target in site.images.values() for v in target.variants]


def _asset_paths(pages: SiteRenderer) -> list[Planned]:
    return [(path, _made(path)) for path in pages.asset_paths.values()]


def _made(path: str) -> str:
    """How a clash names a file museumgen makes itself, so that it is not taken for a
    content file of the same name (`pages/feed.xml.md` and the feed)."""
    return _("`{path}`, which museumgen makes", path=path)


def _assets(pages: SiteRenderer, written: Sequence[str]) -> Made:
    return [(pages.asset_paths[name], data) for name, data in pages.assets.items()]


def _robots(pages: SiteRenderer, written: Sequence[str]) -> Made:
    base_url = pages.site.museum.base_url
    lines = ["User-agent: *", "Allow: /"]
    if base_url:
        lines.append(f"Sitemap: {base_url}sitemap.xml")
    return [("robots.txt", ("\n".join(lines) + "\n").encode("utf-8"))]


def _sitemap(pages: SiteRenderer, written: Sequence[str]) -> Made:
    """Every page of every language; with several, each names its translations as search
    engines read them (`xhtml:link` alternates)."""
    base = pages.site.museum.base_url or ""

    def address(path: str) -> Markup:
        return Markup.escape(base + quote(path))

    several = len(pages.siblings) > 1
    urls = []
    for job in (job for r in pages.siblings for job in r.jobs if job.path != "404.html"):
        versions = [v for v in job.values.get("versions", []) if v.same] if several else []
        links = "".join(f'<xhtml:link rel="alternate" hreflang="{v.language}" href="{address(v.path)}"/>' for v in versions)
        urls.append(f"<url><loc>{address(job.path)}</loc>{links}</url>\n")
    spaces = ' xmlns:xhtml="http://www.w3.org/1999/xhtml"' if several else ""
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{spaces}>\n{"".join(urls)}</urlset>\n'
    return [("sitemap.xml", text.encode("utf-8"))]


def _feed(pages: SiteRenderer, written: Sequence[str]) -> Made:
    return [pages.page(PageJob(pages.site.prefix + "feed.xml", "feed.xml", {"section": "news"}))]


def _feed_link(site: Site, strings: dict[str, str]) -> HeadLink:
    return HeadLink("alternate", "application/atom+xml", site.prefix + "feed.xml", f"{site.museum.name} · {strings['news']}")


def _structured_values(site: Site) -> dict[str, Any]:
    museum = site.museum
    return {
        "museum_data": structured.script(structured.museum_node(site)),  # for the home and visit pages
        "entry_data": lambda doc: structured.script(structured.page_node(doc, museum, KINDS[doc.kind].structured)),
    }


def _fixed(*paths: str) -> Callable[[SiteRenderer], list[Planned]]:
    return lambda pages: [(path, _made(path)) for path in paths]


def _calendar_paths(pages: SiteRenderer) -> list[Planned]:
    return [(doc.path + CALENDAR_FILE, f"`{doc.rel}`") for doc in pages.site.entries.get("live", [])]


CALENDAR_FILE = "calendar.ics"  # beside each live stream's page: a tap adds it to the visitor's calendar


def _calendars(pages: SiteRenderer, written: Sequence[str]) -> Made:
    return [(doc.path + CALENDAR_FILE, calendar.entry(doc, pages.site)) for doc in pages.site.entries.get("live", [])]


def _with_base_url(site: Site) -> bool:
    return bool(site.museum.base_url)


def _with_feed(site: Site) -> bool:
    return _with_base_url(site) and bool(site.entries.get("news"))


OUTPUTS = Outputs(
    [
        Output("pages", PAGES, ("visit", "404.html"), _page_paths, per_language=True),  # and each kind's own folders
        Output("media", MODEL, ("media",), _media_paths),  # copied by the writer from the museum folder
        Output("assets", MODEL, ("assets",), _asset_paths, make=_assets),
        Output("robots", MODEL, ("robots.txt",), _fixed("robots.txt"), make=_robots),
        Output("sitemap", MODEL, ("sitemap.xml",), _fixed("sitemap.xml"), wanted=_with_base_url, make=_sitemap),
        # Feed readers need full addresses, so only with a base_url.
        Output(
            "feed",
            MODEL,
            ("feed.xml",),
            lambda pages: [(pages.site.prefix + "feed.xml", _made(pages.site.prefix + "feed.xml"))],
            wanted=_with_feed,
            make=_feed,
            link=_feed_link,
            globals=lambda site: {"has_feed": _with_feed(site)},  # for templates written before `head_links`
            per_language=True,
        ),
        # Every address in schema.org data must be full, so it too needs a base_url.
        Output("calendar", MODEL, (), _calendar_paths, make=_calendars, per_language=True),
        Output("structured-data", PAGES, (), lambda pages: [], wanted=_with_base_url, globals=_structured_values, per_language=True),
    ]
)


def reserved(languages: tuple[str, ...] = ()) -> frozenset[str]:
    """Top-level names no page of the museum may take: the kinds' sections, the outputs',
    and the prefixes of its languages but the first (`en`)."""
    prefixes = {prefix(language, languages[0]).rstrip("/") for language in languages[1:]}
    return KINDS.reserved() | OUTPUTS.reserved() | prefixes
