"""The outputs of a site, each declared once: the pages, the theme's assets, the
museum's media, robots.txt, the sitemap, the feeds (`feeds`), the calendars (`calendar`),
the open data (`opendata`), IIIF manifests and deep-zoom services (`iiif`), the
collection's table and timeline (`render.views`), the search index (`search`), and the
schema.org and Dublin Core data in pages.

Each output says which files it writes (known before any is made, so one plan of every
path finds collisions in `check` as in `build`), the top-level names it takes (no page
may take them), the `<link>`s it puts in every page's head, the values it gives
templates, and its stage:

- `PAGES`: HTML pages rendered from templates, one job each (see `render.page_jobs`); an
  output of its own pages declares their `jobs`, which join the content's pages (planned,
  rendered, rebuilt when what they read changes, listed in the sitemap, in every language);
- `MODEL`: files made from the model once the pages are planned (a sitemap, a feed);
- `SITE`: files made after every other file is written, from their list (a search
  index, the service worker with its precache list).

An output may also say which of its files a visitor needs offline in the gallery
(`precache`: site paths; see `offline`): the service worker keeps them on the phone.

`build`, `check` and `serve` all go through `plan`, `made_from_model` and
`made_from_site`, so a new output needs no wiring of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from museumgen.languages import prefix
from museumgen.messages import _
from museumgen.outputs import calendar, feeds, findspots, iiif, linked_data, offline, opendata, posters, search
from museumgen.render import views
from museumgen.render.jobs import PageJob
from museumgen.render.pages import SiteRenderer
from museumgen.site import structured
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
    type: str  # "" for none
    path: str  # site path
    title: str  # "" for none


@dataclass(frozen=True)
class Output:
    name: str
    stage: str  # PAGES, MODEL or SITE
    names: tuple[str, ...]  # top-level names of the site it takes
    paths: Callable[[SiteRenderer], list[Planned]]  # every file it will write
    wanted: Callable[[Site], bool] = lambda site: True
    make: Callable[[SiteRenderer, Sequence[str]], Made] | None = None  # (renderer, paths written so far)
    links: Callable[[Site, dict[str, str]], list[HeadLink]] | None = None  # (site, interface strings)
    globals: Callable[[Site], dict[str, Any]] | None = None  # values for templates, whether the site gets the output or not
    per_language: bool = False  # one for each language of the site
    jobs: Callable[[Site], list[PageJob]] | None = None  # pages it adds, planned by `pages` with the content's
    precache: Callable[[SiteRenderer], list[str]] | None = None  # site paths of its files kept offline by the service worker


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
        values: dict[str, Any] = {"head_links": [link for o in wanted if o.links is not None for link in o.links(site, strings)]}
        for output in self.outputs:  # templates may name every output's values: each says what it has without its data
            if output.globals is not None:
                values.update(output.globals(site))
        return values

    def page_jobs(self, site: Site) -> list[PageJob]:
        """The pages the outputs add to the content's for `site`'s language."""
        return [job for o in self.wanted(site) if o.jobs is not None for job in o.jobs(site)]

    def chosen(self, renderers: list[SiteRenderer]) -> list[tuple[Output, SiteRenderer]]:
        """Each output a site gets, with the renderer of the language it is made for: outputs
        `per_language` once per language, the others once (with the first language's)."""
        return [(o, pages) for index, pages in enumerate(renderers) for o in self.wanted(pages.site) if o.per_language or index == 0]

    def plan(self, renderers: list[SiteRenderer]) -> list[Planned]:
        """Every path the site will have, with what writes it."""
        return [planned for output, pages in self.chosen(renderers) for planned in output.paths(pages)]

    def precached(self, renderers: list[SiteRenderer]) -> list[str]:
        """The site paths every output wants kept offline, in order (some more than once)."""
        return [path for o, pages in self.chosen(renderers) if o.precache is not None for path in o.precache(pages)]

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
    """Every page of every language but those `unlisted` (steps on the way to another page);
    with several, each names its translations as search engines read them (`xhtml:link` alternates)."""
    base = pages.site.museum.base_url or ""

    def address(path: str) -> Markup:
        return Markup.escape(base + quote(path))

    several = len(pages.siblings) > 1
    urls = []
    for job in (job for r in pages.siblings for job in r.jobs if job.path != "404.html" and not job.values.get("unlisted")):
        versions = [v for v in job.values.get("versions", []) if v.same] if several else []
        links = "".join(f'<xhtml:link rel="alternate" hreflang="{v.language}" href="{address(v.path)}"/>' for v in versions)
        changed = _last_changed(job, pages.site)
        lastmod = f"<lastmod>{changed.isoformat()}</lastmod>" if changed is not None else ""
        urls.append(f"<url><loc>{address(job.path)}</loc>{lastmod}{links}</url>\n")
    spaces = ' xmlns:xhtml="http://www.w3.org/1999/xhtml"' if several else ""
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{spaces}>\n{"".join(urls)}</urlset>\n'
    return [("sitemap.xml", text.encode("utf-8"))]


def _last_changed(job: PageJob, site: Site) -> dt.date | None:
    """The day a page last changed, as its content tells: an entry's (see `feeds.changed`),
    the latest of a list's entries, the latest of all for the home page. Days to come
    (an exhibition announced before it opens) are not changes yet."""
    doc = job.values.get("doc")
    if isinstance(doc, Doc):
        docs = [doc]
    elif "entries" in job.values:
        docs = job.values["entries"]
    elif job.path == site.prefix:
        docs = site.docs
    else:
        return None
    days = [day for d in docs if (when := feeds.changed(d, site)) is not None and (day := when.date()) <= site.today]
    return max(days) if days else None


def _feed_links(site: Site, strings: dict[str, str]) -> list[HeadLink]:
    """The site's feeds, in the head of every page (each kind's are named on its list page)."""
    title = site.museum.name
    return [
        HeadLink("alternate", "application/atom+xml", f"{site.prefix}feed.xml", title),
        HeadLink("alternate", "application/feed+json", f"{site.prefix}feed.json", title),
    ]


def _app_links(site: Site, strings: dict[str, str]) -> list[HeadLink]:
    """The manifest of the page's language, the icon iOS puts on its home screen, and the
    page's small icon (in place of the theme's, the logo's square)."""
    icons = offline.icon_paths(site)
    links = [HeadLink("manifest", "", offline.manifest_path(site), "")]
    if "favicon-48" in icons:
        links.append(HeadLink("icon", "image/png", icons["favicon-48"], ""))
    return links + ([HeadLink("apple-touch-icon", "", icons["apple-touch-180"], "")] if "apple-touch-180" in icons else [])


def _structured_values(site: Site) -> dict[str, Any]:
    museum = site.museum
    return {
        "museum_data": structured.script(structured.museum_node(site)),  # for the home and visit pages
        "entry_data": lambda doc: structured.script(structured.page_node(doc, museum, KINDS[doc.kind].structured)),
    }


def _stop_jobs(site: Site) -> list[PageJob]:
    """The keypad of the audio guide (`stops/`), and a keypad page for every number a
    visitor can have typed so far (`stops/1/`, `stops/12/`): without script each key is a
    link to the page of the number with that digit added, and a stop's number shows a
    link to the stop."""
    typed_so_far = {"": None, **dict(site.stop_pages())}

    def job(typed: str) -> PageJob:
        keys = [(digit, f"{site.prefix}stops/{typed + digit}/" if typed + digit in typed_so_far else None) for digit in "1234567890"]
        erase = (f"{site.prefix}stops/{typed[:-1]}/" if len(typed) > 1 else f"{site.prefix}stops/") if typed else None
        values = {"section": "stops", "typed": typed, "match": typed_so_far[typed], "keys": keys, "erase": erase, "stops": site.stops, "unlisted": bool(typed)}
        return PageJob(f"{site.prefix}stops/{typed + '/' if typed else ''}", "stops.html", values)

    return [job(typed) for typed in typed_so_far]


def _with_stops(site: Site) -> bool:
    return bool(site.stops)


def _fixed(*paths: str) -> Callable[[SiteRenderer], list[Planned]]:
    return _planned(lambda site: list(paths))


def _with_base_url(site: Site) -> bool:
    return bool(site.museum.base_url)


def _with_feed(site: Site) -> bool:
    return _with_base_url(site) and bool(feeds.dated_kinds(site))


def _calendar_values(site: Site) -> dict[str, Any]:
    """For an entry's "add to calendar" link: the path of its own calendar, if it has one."""
    wanted = bool(calendar.with_happenings(site))
    return {
        "calendar_file": lambda doc: calendar.entry_path(doc) if calendar.happenings(doc) else None,
        "calendar_path": calendar.calendar_path(site) if wanted else None,
    }


def _planned(paths: Callable[[Site], list[str]]) -> Callable[[SiteRenderer], list[Planned]]:
    return lambda pages: [(path, _made(path)) for path in paths(pages.site)]


OUTPUTS: Outputs = Outputs(
    [
        Output("pages", PAGES, ("visit", "404.html"), _page_paths, per_language=True, precache=lambda pages: offline.gallery(pages.site)),  # and each kind's own folders
        Output("media", MODEL, ("media",), _media_paths),  # copied by the writer from the museum folder
        Output("assets", MODEL, ("assets",), _asset_paths, make=_assets, precache=lambda pages: list(pages.asset_paths.values())),
        Output("robots", MODEL, ("robots.txt",), _fixed("robots.txt"), make=_robots),
        Output("sitemap", MODEL, ("sitemap.xml",), _fixed("sitemap.xml"), wanted=_with_base_url, make=_sitemap),
        # Feed readers need full addresses, so only with a base_url.
        Output(
            "feeds",
            MODEL,
            ("feed.xml", "feed.json"),
            _planned(feeds.feed_paths),
            wanted=_with_feed,
            make=lambda pages, written: feeds.made(pages),
            links=_feed_links,
            globals=lambda site: {"has_feed": _with_feed(site), "feed_paths": feeds.feed_paths(site) if _with_feed(site) else []},
            per_language=True,
        ),
        # Calendars are downloaded as they are, so they need no base_url (their links do).
        Output(
            "calendar",
            MODEL,
            (),  # inside the events' folder and each entry's
            _planned(calendar.paths),
            wanted=lambda site: bool(calendar.with_happenings(site)),
            make=lambda pages, written: calendar.made(pages),
            globals=_calendar_values,
            per_language=True,
        ),
        Output(
            "open-data",
            MODEL,
            ("data",),
            _planned(opendata.paths),
            wanted=opendata.wanted,
            make=lambda pages, written: opendata.made(pages),
            globals=lambda site: {"open_data_paths": opendata.paths(site) if opendata.wanted(site) else []},
            per_language=True,
        ),
        # A poster's code leads to its page's full address, so posters need a base_url.
        Output(
            "posters",
            MODEL,
            (),  # beside each exhibition's, object's and event's page
            _planned(posters.paths),
            wanted=posters.wanted,
            make=lambda pages, written: posters.made(pages),
            globals=lambda site: {"poster_path": posters.poster_path(site)},
            per_language=True,
        ),
        # IIIF names everything by its full address: manifests only with a base_url.
        Output(
            "iiif",
            MODEL,
            (),  # beside the objects' and exhibitions' pages, and in `collection/`
            _planned(iiif.paths),
            wanted=iiif.wanted,
            make=lambda pages, written: iiif.made(pages),
            globals=lambda site: {
                "iiif_manifest": (lambda doc: iiif.manifest_path(doc, site) if iiif.with_manifest(doc) else None) if iiif.wanted(site) else (lambda doc: None),
                "iiif_collection": (lambda doc: iiif.exhibition_collection_path(doc, site)) if iiif.wanted(site) else (lambda doc: None),
                "iiif_type": iiif.MEDIA_TYPE,
            },
        ),
        # The image services of deep zoom: the site's own viewer needs no full addresses.
        Output(
            "deep-zoom",
            MODEL,
            (),  # beside each photograph's other copies, in `media/`
            _planned(iiif.zoom_paths),
            wanted=iiif.with_zoom,
            make=lambda pages, written: iiif.zoom_made(pages),
            globals=lambda site: {"zoom_info": iiif.zoom_info},
        ),
        # Dublin Core and the Open Graph type need no full addresses.
        Output(
            "linked-data",
            PAGES,
            (),
            lambda pages: [],
            globals=lambda site: {"og_type": linked_data.og_type, "dublin_core": lambda doc: linked_data.meta(doc, site)},
            per_language=True,
        ),
        # The collection as a sortable table and a timeline, and the tag cloud's sizes.
        Output(
            "views",
            PAGES,
            (),  # inside the collection's folder
            lambda pages: [],
            wanted=lambda site: bool(views.paths(site)),
            per_language=True,
            jobs=lambda site: list(views.page_jobs(site)),
            globals=lambda site: {"view_paths": views.paths(site), "cloud": views.cloud},
        ),
        # The map of find spots: its page in every language, its outline once for all.
        Output(
            "find-spots",
            MODEL,
            (),  # inside the collection's folder
            _planned(lambda site: [findspots.outline_file()]),
            wanted=findspots.wanted,
            make=lambda pages, written: findspots.made(),
            globals=lambda site: {"map_path": findspots.map_path(site) if findspots.wanted(site) else None},
            jobs=findspots.page_jobs,
        ),
        # The search page of each language and the index it reads (`search/2/…`).
        Output(
            "search",
            MODEL,
            ("search",),
            _planned(search.paths),
            wanted=search.wanted,
            make=lambda pages, written: search.made(pages.site, pages.strings),
            globals=lambda site: {"search_page": site.prefix + search.PAGE if search.wanted(site) else None},
            per_language=True,
            jobs=search.jobs,
            precache=lambda pages: search.precached(pages.site),
        ),
        # The audio guide's keypad: its pages are planned with the content's, by `pages`.
        Output("stops", PAGES, ("stops",), lambda pages: [], wanted=_with_stops, per_language=True, jobs=_stop_jobs, precache=lambda pages: offline.stops(pages.site)),
        # A phone keeps the site on its home screen with the manifest and its icons.
        Output(
            "icons",
            MODEL,
            (offline.ICONS,),
            _planned(lambda site: list(offline.icon_paths(site).values())),
            make=lambda pages, written: offline.icons(pages.site, pages.cache),
            precache=lambda pages: list(offline.icon_paths(pages.site).values()),
        ),
        Output(
            "manifest",
            MODEL,
            (offline.MANIFEST,),
            _planned(lambda site: [offline.manifest_path(site)]),
            make=lambda pages, written: [(offline.manifest_path(pages.site), offline.manifest(pages.site))],
            links=_app_links,
            per_language=True,
            precache=lambda pages: [offline.manifest_path(pages.site)],
        ),
        # The gallery offline: the page shown for pages not kept, and the worker keeping the others.
        Output(
            "offline-page",
            PAGES,
            (offline.OFFLINE_PAGE,),
            lambda pages: [],
            wanted=offline.wanted,
            per_language=True,
            jobs=offline.page_jobs,
            precache=lambda pages: [offline.offline_path(pages.site)],
        ),
        Output(
            "service-worker",
            SITE,
            (offline.WORKER,),
            _fixed(offline.WORKER),
            wanted=offline.wanted,
            make=lambda pages, written: offline.worker(pages.siblings, written, OUTPUTS.precached(pages.siblings)),  # what every output keeps
            globals=lambda site: {"service_worker": offline.WORKER if offline.wanted(site) else None},
        ),
        # Every address in schema.org data must be full, so it too needs a base_url.
        Output("structured-data", PAGES, (), lambda pages: [], wanted=_with_base_url, globals=_structured_values, per_language=True),
    ]
)


def reserved(languages: tuple[str, ...] = ()) -> frozenset[str]:
    """Top-level names no page of the museum may take: the kinds' sections, the outputs',
    and the prefixes of its languages but the first (`en`)."""
    prefixes = {prefix(language, languages[0]).rstrip("/") for language in languages[1:]}
    return KINDS.reserved() | OUTPUTS.reserved() | prefixes
