"""Offline use in the gallery, where the signal is weak: a service worker (`sw.js`) that
keeps the pages a visit needs on the phone, the page it shows for the others
(`offline.html`), and a web app manifest with icons made from the logo, so the site can
sit on a home screen.

What the worker keeps (its precache list) is what the outputs say they need offline:
each `Output` may declare `precache`, the site paths of its own files a visitor needs in
the gallery (the shell, the home and visit pages, the exhibitions on view, the audio
guide). The list goes into the worker itself, with a version made from the contents of
those files: an unchanged build makes the same worker, a changed one a new worker that
replaces the old cache. See docs/decisions.md for the strategy.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path

from museumgen import dates
from museumgen.colours import Palette
from museumgen.images import Icon, icon
from museumgen.render.jobs import PageJob
from museumgen.render.pages import SiteRenderer
from museumgen.site.entries import Doc, Figure, Site
from museumgen.site.gallery import passport_paths
from museumgen.urls import output_file, relative

WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
OFFLINE_PAGE = "offline.html"
ICONS = "icons"
# The icons of the home screen, by name: Android's two sizes, a maskable one (the logo
# inside the middle 80%, on white, which the phone may cut to any shape), and the one iOS
# shows, which it puts on black where the icon is transparent; and the page's own icon
# (the browser's tab), which every page fetches while its first picture is coming: the
# logo's 400 px square was 20 KB of that slow line for the example, this is 2.5 KB.
_ICONS = {
    "favicon-48": Icon(48),
    "192": Icon(192),
    "512": Icon(512),
    "maskable-512": Icon(512, 0.1, "#ffffff"),
    "apple-touch-180": Icon(180, 0.08, "#ffffff"),
}
_SCRIPT = Path(__file__).with_name("worker.js")


def wanted(site: Site) -> bool:
    return site.museum.offline


# --- icons and the manifest ------------------------------------------------------------


def _logo_source(site: Site) -> Path | None:
    if site.logo is None or site.logo.url not in site.images:
        return None
    return site.images[site.logo.url][0].source


def icon_paths(site: Site) -> dict[str, str]:
    """The site path of each icon, named with the logo's hash (a new logo gets new names)."""
    source = _logo_source(site)
    if source is None:
        return {}
    data = source.read_bytes()
    return {name: f"{ICONS}/{name}.{made.key(data)[:10]}.png" for name, made in _ICONS.items()}


def icons(site: Site, cache_folder: Path) -> list[tuple[str, bytes]]:
    source, cache = _logo_source(site), cache_folder / "icons"
    if source is None:
        return []
    return [(path, icon(source, _ICONS[name], cache)) for name, path in icon_paths(site).items()]


def manifest_path(site: Site) -> str:
    return site.prefix + MANIFEST


def manifest(site: Site) -> bytes:
    """The web app manifest of `site`'s language. Its addresses are relative to the file,
    so the site works at any path (a language's manifest starts at that language's home)."""
    museum, here = site.museum, manifest_path(site)
    shown = {name: path for name, path in icon_paths(site).items() if not name.startswith(("apple", "favicon"))}
    entries = [
        {
            "src": relative(here, path),
            "sizes": f"{_ICONS[name].size}x{_ICONS[name].size}",
            "type": "image/png",
            "purpose": "maskable" if name.startswith("maskable") else "any",
        }
        for name, path in shown.items()
    ]
    data = {
        "name": museum.name,
        "short_name": museum.short_name or museum.name,
        "description": museum.description or museum.name,
        "lang": site.language,
        "id": "./",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "theme_color": museum.colors.primary,
        "background_color": Palette(museum.colors.primary, museum.colors.accent).ground,
        "icons": entries,
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# --- the offline page ------------------------------------------------------------------


def offline_path(site: Site) -> str:
    return site.prefix + OFFLINE_PAGE


def page_jobs(site: Site) -> list[PageJob]:
    return [PageJob(offline_path(site), "offline.html", {"section": "none", "unlisted": True})]


# --- what is kept on the phone ---------------------------------------------------------


def on_view(site: Site) -> list[Doc]:
    """The exhibitions a visitor can walk today: those now on and the permanent ones."""
    return site.exhibitions_with(dates.CURRENT) + site.exhibitions_with(dates.PERMANENT)


def gallery(site: Site) -> list[str]:
    """The home and visit pages, the exhibitions on view and their objects, with their
    small images and recordings (and those of the entries their pages show: a curator, a
    video), the logo of the title bar and the QR codes of the visit page; the floor plans
    and the stamp passport, which visitors use walking the halls."""
    plans = site.entries.get("plans", [])
    docs = [doc for exhibition in on_view(site) for doc in (exhibition, *exhibition.items)] + plans
    shown = [*docs, *(other for doc in docs for other in _related(doc))]
    logo = [_square(site.logo, -1)] if site.logo else []  # as the title bar shows it: a PNG
    pages = [site.prefix, site.prefix + "visit/", *(path for doc in docs for path in (doc.path, *_recordings(doc)))]
    halls = ([site.prefix + "plans/"] if plans else []) + passport_paths(site)
    return (
        pages
        + halls
        + logo
        + [_square(fig, 0) for fig in site.qr_codes.values()]
        + [path for doc in shown for path in _small_images(doc)]
    )


def _related(doc: Doc) -> list[Doc]:
    """The entries `doc`'s page shows with an image: those it names, and those naming it."""
    found = [value for value in doc.links.values() for value in (value if isinstance(value, list) else [value])]
    return [other for other in found if isinstance(other, Doc)]


def _small_images(doc: Doc) -> list[str]:
    """The smallest width of each image of `doc`, in the first format offered, and its square
    tile (lists show them); the worker serves the small one for any width it lacks."""
    figures = [fig for fig in (doc.cover, *doc.images, *_drawn(doc)) if fig is not None]
    return [path for fig in figures for path in _smallest(fig)]


def _drawn(doc: Doc) -> list[Figure | None]:
    """A floor plan's drawing and a stamp's picture, which their kinds keep apart."""
    return [doc.extra.get("plan_image"), doc.extra.get("stamp_image")]


def _smallest(fig: Figure) -> list[str]:
    if fig.plan is None:
        return [fig.url]
    first = next(iter(fig.plan.responsive.values()))
    return [min(first, key=lambda v: v.width).path, next(iter(fig.plan.thumbnails.values())).path]


def _square(fig: Figure, index: int) -> str:
    """A square tile of `fig`: in the first format offered (0), or the fallback (-1)."""
    return list(fig.plan.thumbnails.values())[index].path if fig.plan else fig.url


def _recordings(doc: Doc) -> list[str]:
    recording = doc.extra.get("recording")
    return [recording.audio.file.url] if recording is not None else []


def stops(site: Site) -> list[str]:
    """The audio guide: its keypad, and every stop's page with its recording."""
    pages = [site.prefix + "stops/"] + [stop.path.split("#")[0] for stop in site.stops]
    return pages + [stop.recording.audio.file.url for stop in site.stops if stop.recording is not None]


# --- the worker ------------------------------------------------------------------------


def precached(paths: Sequence[str], written: Sequence[str]) -> list[str]:
    """The site paths to keep, once each, in order, of those the site has."""
    files = set(written)
    return [path for path in dict.fromkeys(paths) if output_file(path) in files]


def version(paths: Sequence[str], content: Callable[[str], bytes]) -> str:
    """A hash of the contents of the files kept: the same build gives the same version."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(f"{path}\0{hashlib.sha256(content(path)).hexdigest()}\0".encode())
    return digest.hexdigest()[:16]


def contents(renderers: Sequence[SiteRenderer]) -> Callable[[str], bytes]:
    """What each file of the site holds, for `version`: pages rendered again, the theme's
    assets, media as copied, the manifests. Made images and icons carry a hash of their
    contents in their names: for them the name stands for the contents."""
    jobs = {output_file(job.path): (r, job) for r in renderers for job in r.jobs}
    assets = {path: r.assets[name] for r in renderers[:1] for name, path in r.asset_paths.items()}
    manifests = {manifest_path(r.site): r.site for r in renderers}
    media = renderers[0].site.media

    def content(path: str) -> bytes:
        file = output_file(path)
        if file in jobs:
            renderer, job = jobs[file]
            return renderer.page(job)[1]
        if path in manifests:
            return manifest(manifests[path])
        if path in media:
            return media[path].source.read_bytes()
        return assets.get(path, path.encode("utf-8"))

    return content


def worker(renderers: Sequence[SiteRenderer], written: Sequence[str], paths: Sequence[str]) -> list[tuple[str, bytes]]:
    """`sw.js`: the worker, with its version, its precache list (addresses relative to it)
    and the offline page of each language."""
    site = renderers[0].site
    kept = precached(paths, written)
    directory_urls = site.museum.directory_urls
    values = {
        "VERSION": json.dumps(version(kept, contents(renderers))),
        "PRECACHE": json.dumps([relative("", path, directory_urls) for path in kept], ensure_ascii=False),
        "OFFLINE": json.dumps({r.site.prefix: offline_path(r.site) for r in renderers}, ensure_ascii=False),
    }
    script = _SCRIPT.read_text(encoding="utf-8")
    for name, value in values.items():
        script = script.replace(f"/*{name}*/null", value)
    return [(WORKER, script.encode("utf-8"))]
