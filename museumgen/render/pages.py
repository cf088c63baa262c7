"""Pages from the model: each page is a template and its values, rendered to bytes.

No file is read or written here and the clock is never consulted: `SiteRenderer` takes
the model, the theme's templates and its assets, and returns `(output path, bytes)`.
"""

from __future__ import annotations

import json
import re
import traceback
import types
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import urlencode

import jinja2
import jinja2.exceptions
import jinja2.sandbox
import rcssmin
import rjsmin
from markupsafe import Markup
from pydantic import BaseModel

from museumgen import dates
from museumgen.colours import Palette
from museumgen.errors import MuseumError
from museumgen.images import Plan, Variant, default_cache_dir
from museumgen.languages import language_names, language_tag
from museumgen.messages import Joined, Message, _
from museumgen.render import html
from museumgen.render.jobs import PageJob, page_jobs, term_path
from museumgen.render.themes import hashed_name
from museumgen.schema import WEEKDAYS, Tab
from museumgen.site import captions
from museumgen.site.entries import Doc, Figure, Site
from museumgen.site.kinds import KINDS, taxonomies
from museumgen.site.media import MediaFile
from museumgen.urls import absolute, base_path, output_file, relative, served_anywhere

DEFAULT_TABS = (("home", ""), ("exhibitions", "exhibitions/"), ("collection", "collection/"), ("events", "events/"), ("visit", "visit/"))


class RecordingEnvironment(jinja2.Environment):
    """Jinja that can note which entries and lists of the site a page reads.

    Templates reach values through attribute and item lookups, and hand them to filters;
    every entry met on the way (or in a list met on the way) is noted while `reads` is a
    set. An incremental rebuild re-renders a page only when something it read changed.
    """

    reads: set[str] | None = None

    # Jinja's own lookups, written out here: they run for every `a.b` and `a[b]` of every page.
    def getattr(self, obj: Any, attribute: str) -> Any:
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            try:
                value = obj[attribute]
            except (TypeError, LookupError, AttributeError):
                value = self.undefined(obj=obj, name=attribute)
        return value if self.reads is None else self._note(obj, attribute, value)

    def getitem(self, obj: Any, argument: Any) -> Any:
        try:
            value = obj[argument]
        except (AttributeError, TypeError, LookupError):
            value = super().getitem(obj, argument)  # `a["b"]` falls back to `a.b`, as in Jinja
        return value if self.reads is None else self._note(obj, str(argument), value)

    def _note(self, obj: Any, name: str, value: Any) -> Any:
        reads = self.reads
        assert reads is not None
        if isinstance(obj, Doc):
            reads.add(obj.uid)
        elif isinstance(obj, Site):
            reads.add(f"{SITE_READ}{obj.language}:{name}")
            if callable(value):  # site.exhibitions_with(...): note what the call returns

                def noted(*args: Any, **kwargs: Any) -> Any:
                    result = value(*args, **kwargs)
                    note_docs(result, reads)
                    return result

                return noted
        note_docs(value, reads)
        return value


# Methods of the site's own objects that templates may call.
_SAFE_METHODS = {(Site, "exhibitions_with")}
_METHOD_TYPES = (types.MethodType, types.BuiltinMethodType)
# is_safe_attribute's answers by (type of object, attribute, type of value).
_SAFETY: dict[tuple[type, str, type], bool] = {}
SITE_READ = "site:"  # prefix of a read of a site's own lists, with its language: "site:zh-CN:items"


def note_docs(value: Any, reads: set[str], depth: int = 3) -> None:
    """Add the entry, or the entries in lists, tuples and dicts of `value`, to `reads`."""
    if isinstance(value, Doc):
        reads.add(value.uid)
    elif depth and isinstance(value, list | tuple):
        for part in value:
            if isinstance(part, Doc):
                reads.add(part.uid)
            elif isinstance(part, list | tuple | dict):
                note_docs(part, reads, depth - 1)
    elif depth and isinstance(value, dict):
        for part in value.values():
            note_docs(part, reads, depth - 1)


class SandboxedRecordingEnvironment(RecordingEnvironment, jinja2.sandbox.SandboxedEnvironment):
    """The same, in Jinja's sandbox, for templates that come from the museum folder (its
    `templates/`, or a theme given by path), and so possibly from a pull request: they may
    read the values they are given, but not reach Python's internals (`__class__`,
    `__globals__` …), the file system, or methods that do more than read.
    """

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """The sandbox's rules, and three of our own: no file system, entries' data only,
        no methods of the site's objects but the one lists need.

        Every rule depends only on the types of `obj` and `value` and on `attr`, so each
        answer is kept: pages ask the same questions thousands of times."""
        key = (type(obj), attr, type(value))
        known = _SAFETY.get(key)
        if known is None:
            known = _SAFETY[key] = self._judge(obj, attr, value)
        return known

    def _judge(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, PurePath) or isinstance(value, PurePath):  # Path.read_text, .unlink …
            return False
        if isinstance(obj, BaseModel):  # not model_validate_json, parse_file …
            return attr in type(obj).model_fields or attr in type(obj).model_computed_fields
        if isinstance(obj, Doc | Site | Figure | Plan | Variant | MediaFile) and callable(value):
            return (type(obj), attr) in _SAFE_METHODS
        return True

    def getattr(self, obj: Any, attribute: str) -> Any:
        # The sandbox's getattr, flattened: it runs for every `a.b` of every page.
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            return self.getitem(obj, attribute)  # `a.b` falls back to `a["b"]`, as in Jinja
        if type(value) in _METHOD_TYPES:  # a str's format method can reach attributes itself
            wrapped = self.wrap_str_format(value)
            if wrapped is not None:
                return wrapped
        if not self.is_safe_attribute(obj, attribute, value):
            return self.unsafe_undefined(obj, attribute)
        return value if self.reads is None else self._note(obj, attribute, value)


class SiteRenderer:
    """Renders the site's pages. Build one, then ask for each page of `jobs`.

    `values` are what the outputs give every template (see `outputs.Outputs.page_values`),
    `more_jobs` the pages they add to the content's (`outputs.Outputs.page_jobs`)."""

    def __init__(
        self,
        site: Site,
        env: jinja2.Environment,
        strings: dict[str, str],
        assets: dict[str, bytes],
        generator: str,
        values: dict[str, Any] | None = None,
        more_jobs: list[PageJob] | None = None,
        cache: Path | None = None,
    ) -> None:
        self.site = site
        self.cache = cache or default_cache_dir()  # where outputs keep what they made, between builds
        self.env = env
        self.strings = strings
        self.assets = _with_colours(site, assets)
        self.asset_paths = _asset_paths(self.assets)
        self.values = values or {}
        self._found: dict[str, bool] = {}  # whether the theme has a template, by name
        self.siblings: list[SiteRenderer] = [self]  # the renderer of each language, the default first
        self.jobs = [self._with_template_found(job) for job in [*page_jobs(site), *(more_jobs or [])]]
        _install_globals(env, site, strings, self.asset_paths, generator)
        env.globals.update(self.values, inline_asset=_inliner(self.assets))

    def _with_template_found(self, job: PageJob) -> PageJob:
        """The job with its kind's template, or the generic one when the theme has none."""
        if job.fallback is None or self._has(job.template):
            return job
        return PageJob(job.path, job.fallback, job.values)

    def _has(self, name: str) -> bool:
        found = self._found
        if name not in found:
            try:
                self.env.get_template(name)
                found[name] = True
            except jinja2.TemplateNotFound as exc:
                found[name] = exc.name != name  # a template it uses is missing: that is its own error
            except jinja2.TemplateError:  # it exists: rendering reports its error with its line
                found[name] = True
        return found[name]

    def page(self, job: PageJob) -> tuple[str, bytes]:
        """One page as `(output path, bytes)`."""
        return output_file(job.path), _render(self.env, job, self.site.root, self.site.prefix).encode("utf-8")

    def page_and_reads(self, job: PageJob) -> tuple[str, bytes, frozenset[str]]:
        """One page, and every entry and site list it read (see `RecordingEnvironment`)."""
        env = self.env
        if not isinstance(env, RecordingEnvironment):
            raise TypeError("recording reads needs a RecordingEnvironment")
        env.reads = reads = set[str]()
        try:
            note_docs(job.values, reads)
            path, data = self.page(job)
        finally:
            env.reads = None
        return path, data, frozenset(reads)


@dataclass(frozen=True)
class Version:
    """A page in another language (or its own), for the language switcher and `hreflang`."""

    language: str
    name: str  # of the language, in itself: English, 中文
    path: str  # the page in that language, or the nearest one there is
    same: bool  # whether `path` is this very page in that language (not only the nearest)


def link_versions(renderers: list[SiteRenderer]) -> None:
    """Give every page of a site in several languages its `versions`: the same page in each
    language where there is one, else the nearest (the list of its kind, or the home page)."""
    for own in renderers:
        own.siblings = renderers
    if len(renderers) < 2:
        return
    paths = [{job.path for job in r.jobs} for r in renderers]
    names = language_names(tuple(r.site.language for r in renderers))
    for own in renderers:
        for job in own.jobs:
            local = job.path.removeprefix(own.site.prefix)
            doc = job.values.get("doc")
            found = []
            for other, known in zip(renderers, paths, strict=True):
                language, there = other.site.language, other.site.prefix
                exact = doc.translations[language].path if isinstance(doc, Doc) and language in doc.translations else there + local
                same = exact in known and (not isinstance(doc, Doc) or language in doc.translations)
                path = exact if same else _nearest(there, local, known)
                found.append(Version(language, names[language], path, same))
            job.values["versions"] = found


def _nearest(prefix: str, local: str, known: set[str]) -> str:
    """The page of a language nearest to `local`: its section's first page, or its home page."""
    section = prefix + local.split("/")[0] + "/"
    return section if "/" in local.strip("/") and section in known else prefix


def _render(env: jinja2.Environment, job: PageJob, root: Path, prefix: str = "") -> str:
    values = {"versions": [], **job.values}
    try:
        # `local`: the page's path in its language's own tree, as templates write paths
        return env.get_template(job.template).render(here=job.path, local=job.path.removeprefix(prefix), **values)
    except jinja2.TemplateSyntaxError as exc:
        raise _template_error(root, exc.filename or job.template, exc.lineno, _("template error: {reason}", reason=_reason(exc))) from None
    except jinja2.TemplateNotFound as exc:
        filename, line = _template_frame(exc, job.template)
        message = _("no template `{name}`: templates are found in the museum's templates/ folder and the theme's (never outside them)", name=exc.name)
        raise _template_error(root, filename, line, message) from None
    except jinja2.exceptions.SecurityError as exc:
        filename, line = _template_frame(exc, job.template)
        raise _template_error(root, filename, line, _("templates may not do this: {reason}", reason=_reason(exc))) from None
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError) as exc:
        filename, line = _template_frame(exc, job.template)
        message = _("template error while making `{path}`: {reason}", path=output_file(job.path), reason=_reason(exc))
        raise _template_error(root, filename, line, message) from None


def _reason(exc: BaseException) -> str:
    """What `exc` says; a message of ours (a missing interface text) stays one, to be shown translated."""
    said = exc.args[0] if len(exc.args) == 1 else None
    return said if isinstance(said, Message | Joined) else str(exc)


def _template_frame(exc: BaseException, fallback: str) -> tuple[str, int]:
    """The innermost template line in the traceback (Jinja puts templates' lines there)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt")):
            return frame.filename, frame.lineno or 0
    return fallback, 0


def _template_error(root: Path, filename: str, line: int, message: str) -> MuseumError:
    """Errors in the museum's own templates are located in the museum; others are the theme's."""
    path = Path(filename).resolve()
    if path.is_relative_to(root.resolve()):
        return MuseumError.single(path.relative_to(root.resolve()).as_posix(), line, message)
    return MuseumError.outside(filename, message, line)


# ---------------------------------------------------------------------------------------
# Values every template can use


def _install_globals(env: jinja2.Environment, site: Site, strings: dict[str, str], assets: dict[str, str], generator: str) -> None:
    museum = site.museum
    language = site.language
    in_language = _in_language(site)

    def link(here: str, target: str, language: str | None = None) -> str:
        """A link from page `here` to site path `target` of this page's language (or, given
        `language`, to `target` as it is: a page of that language)."""
        if target.startswith(("https://", "http://")):
            return target
        target = target if language else in_language(target)
        if served_anywhere(here):  # served at any depth: links must start at the root
            return base_path(museum.base_url) + (target if museum.directory_urls else output_file(target) if target.endswith("/") or not target else target)
        return relative(here, target, museum.directory_urls)

    @jinja2.pass_context
    def url(context: Any, target: str, language: str | None = None) -> str:
        return link(context["here"], target, language)

    def placeholder(plan: Plan) -> str:
        return site.colours.get(plan.key, "#e6e0da")

    @jinja2.pass_context
    def srcset(context: Any, variants: list[Variant]) -> str:
        return html.srcset(variants, partial(link, context["here"]))

    @jinja2.pass_context
    def picture(context: Any, fig: Figure, sizes: str = html.COLUMN_SIZES, eager: bool = False) -> Markup:
        return html.picture(fig, partial(link, context["here"]), placeholder, sizes, eager)

    @jinja2.pass_context
    def preload(context: Any, fig: Figure, sizes: str = html.COLUMN_SIZES) -> Markup:
        return html.preload(fig, partial(link, context["here"]), sizes)

    @jinja2.pass_context
    def square_picture(context: Any, fig: Figure, class_name: str = "") -> Markup:
        return html.thumb(fig, partial(link, context["here"]), placeholder, class_name)

    def image_attrs(fig: Figure, class_name: str = "", cropped: bool = False) -> Markup:
        return html.img_attrs(fig, placeholder, class_name, cropped)

    tabs = _tabs(museum.tabs, strings)

    def current_tabs(local: str) -> tuple[int, ...]:
        """The tab bar's tabs (by index) for the page at `local`: the home page's, or the
        one whose section the page is in."""
        return tuple(i for i, tab in enumerate(tabs) if (tab.url == "" and local == "") or (tab.url and local.startswith(tab.url)))

    def t(key: str) -> str:
        if key not in strings:
            raise jinja2.UndefinedError(_("no interface text `{key}` for language {language}: add `{key}: ...` to `i18n/{language}.yaml`", key=key, language=language))
        return strings[key]

    def label(key: str) -> str:
        """The interface text `key`, or the key itself readably: for the generic templates,
        which show kinds and relations the theme's texts may not know."""
        return strings.get(key) or key.replace("_", " ").capitalize()

    def term_link(kind: str, field: str, value: Any) -> str | None:
        """The page of the entries of `kind` whose `field` is `value`, if the kind is browsed by it."""
        found = KINDS[kind] if kind in KINDS else None
        return term_path(site, found, field, str(value)) if found is not None and field in taxonomies(found, museum.browse) else None

    env.globals.update(
        site=site,
        museum=museum,
        term_link=term_link,
        lang=language,
        locale=language_tag(language),
        today=site.today,
        t=t,
        label=label,
        url=url,
        srcset=srcset,
        picture=picture,
        preload=preload,
        square_picture=square_picture,
        image_attrs=image_attrs,
        placeholder=placeholder,
        share_path=lambda figure: figure.plan.share.path if figure.plan and figure.plan.share else figure.url,
        fallback_path=fallback_path,
        large_path=_large_path,
        square_path=lambda figure: list(figure.plan.thumbnails.values())[-1].path if figure.plan else figure.url,
        asset=lambda name: assets[name],
        absolute_url=lambda path, language=None: absolute(museum.base_url, path if language else in_language(path)),
        tabs=tabs,
        served_anywhere=served_anywhere,
        current_tabs=current_tabs,
        same_on_every_page=_same_on_every_page(),
        footer_pages=[p for p in site.pages if p.entry.menu],
        generator=generator,
        hours_data=_hours_data(site),
        weekly_hours=dates.weekly_rows(museum.hours) if museum.hours else [],
        hours_exceptions=dates.upcoming_exceptions(museum.hours, site.today) if museum.hours else [],
        map_links=_map_links(site),
        icons=icons(),
    )
    env.filters.update(
        date=lambda d: dates.format_date(d, language),
        weekday=lambda d: dates.format_weekday(d, language),
        month=lambda d: dates.format_month(d, language),
        time=lambda d: dates.format_time(d, language),
        number=lambda n: dates.format_number(n, language),
        daterange=lambda doc: dates.format_date_range(doc.entry.start, doc.entry.end, language, strings.get("date_onwards")),
        eventtime=lambda doc: dates.format_event_time(doc.start_at, doc.end_at, language),
        unbroken=unbroken,
        isodate=lambda d: d.isoformat(),
        isotime=lambda d: d.isoformat(timespec="minutes"),
        clock=lambda seconds: captions.clock(int(seconds)),  # a time in a video: `1:05`
        attribute_json=attribute_json,
    )


def _same_on_every_page() -> Callable[..., Markup]:
    """`same_on_every_page(macro, *args)` for templates: what `macro(*args)` makes, made
    once for all the pages whose links start alike (those at the same depth) and reused.
    For the parts of the frame that show only what every page of a language shows (the
    footer, the tab bar): the frame is most of a small page's markup.

    The entries and lists the first making read are noted again on every page that
    reuses it, as if that page had read them itself (see `RecordingEnvironment`). Pages
    of museums with templates of their own (sandboxed) make each part themselves."""
    made: dict[tuple[Any, ...], tuple[Markup, frozenset[str]]] = {}

    @jinja2.pass_context
    def same_on_every_page(context: Any, macro: jinja2.runtime.Macro, *args: Any) -> Markup:
        env = context.environment
        if isinstance(env, jinja2.sandbox.SandboxedEnvironment):
            # A museum's own templates could set what these macros show differently on
            # some pages (`{% set tabs = ... %}`): there, each page makes its own.
            return Markup(macro(*args))
        here = context["here"]
        depth = -1 if served_anywhere(here) else here.count("/")  # 404.html's links start at the root
        key = (_code_of(macro), depth, *args)
        found = made.get(key)
        if found is None:
            found = made[key] = _reading(env, lambda: Markup(macro(*args)))
        reads = getattr(env, "reads", None)
        if reads is not None:
            reads.update(found[1])
        return found[0]

    return same_on_every_page


def _code_of(macro: Any) -> Any:
    """What tells one macro from another: its compiled code (the macro itself is made anew
    for every page that defines it)."""
    return getattr(getattr(macro, "_func", None), "__code__", macro)


def _reading(env: jinja2.Environment, make: Callable[[], Markup]) -> tuple[Markup, frozenset[str]]:
    """What `make` returns, and the entries and site lists it read."""
    if not isinstance(env, RecordingEnvironment):
        return make(), frozenset()
    outer, env.reads = env.reads, set()
    try:
        made = make()
        return made, frozenset(env.reads)
    finally:
        env.reads = outer


# Site paths every language shares: the museum's media, the theme's assets, the home
# screen's icons and the service worker (one for the whole site).
_SHARED = ("media/", "assets/", "icons/", "sw.js")


def _in_language(site: Site) -> Callable[[str], str]:
    """Site paths as templates write them (`exhibitions/`) made paths of `site`'s language
    (`en/exhibitions/`); paths already in a language, and shared ones, are left alone."""
    prefixes = tuple(s.prefix for s in site.siblings if s.prefix)
    if not site.prefix:
        return lambda path: path
    return lambda path: path if path.startswith(_SHARED) or path.startswith(prefixes) else site.prefix + path


def fallback_path(figure: Figure) -> str:
    """A middle-sized JPEG or PNG, for places that take one address (video posters)."""
    if figure.plan is None:
        return figure.url
    fallback = list(figure.plan.responsive.values())[-1]
    return fallback[(len(fallback) - 1) // 2].path


def _large_path(figure: Figure) -> str:
    """The widest JPEG or PNG, for a link that opens a photograph on its own."""
    if figure.plan is None:
        return figure.url
    return list(figure.plan.responsive.values())[-1][-1].path


# Where a date or time may break across lines: at a range's dash, after a year, after 日.
_DATE_BREAKS = re.compile(r"(\s+–\s+|(?<=\d{4},)\s+|(?<=\d{4})\s+|(?<=日)\s+)")


def unbroken(text: str) -> Markup:
    """A date, time or range of them, each part kept on one line (`12月` never left at a
    line's end with `5日` on the next), breaking only between parts."""
    parts = _DATE_BREAKS.split(str(text))
    return Markup("").join(Markup('<span class="nowrap">{}</span>').format(part) if index % 2 == 0 else part for index, part in enumerate(parts) if part)


def attribute_json(value: Any) -> Markup:
    """JSON for a single-quoted attribute, in as few bytes as it takes: Chinese stays
    itself (not six bytes a character), and only what could end the attribute or open
    a tag is escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return Markup(text.replace("&", "\\u0026").replace("'", "\\u0027").replace("<", "\\u003c").replace(">", "\\u003e"))


def _tabs(configured: list[Tab] | None, strings: dict[str, str]) -> list[Tab]:
    if configured:
        return configured
    return [Tab.model_validate({"title": strings[f"tab_{name}"], "url": path, "icon": name}) for name, path in DEFAULT_TABS]


def _hours_data(site: Site) -> dict[str, Any] | None:
    """Opening hours for the page script that tells a visitor whether the museum is open
    now: the weekly hours, the exceptions still to come, and how long before closing
    the last entry is (so it follows a day's special closing time too)."""
    hours = site.museum.hours
    if hours is None:
        return None
    return {
        "tz": site.museum.timezone,
        "weekly": [hours.weekly[day] for day in WEEKDAYS],
        "exceptions": [[e.date.isoformat(), (e.until or e.date).isoformat(), e.hours] for e in hours.exceptions if (e.until or e.date) >= site.today],
        "entry": _entry_lead(hours.weekly, hours.last_entry),
    }


def _minutes(clock: str) -> int:
    hour, _colon, minute = clock.partition(":")
    return int(hour) * 60 + int(minute)


def _entry_lead(weekly: dict[str, str], last_entry: str | None) -> int:
    """Minutes between the last entry and the usual (latest weekly) closing time; 0 for none."""
    closings = [_minutes(value.split("-")[1]) for value in weekly.values() if value != "closed"]
    if not last_entry or not re.fullmatch(r"\d{1,2}:\d{2}", last_entry.strip()) or not closings:
        return 0  # free text such as "an hour before closing" stays on the page only
    return max(0, max(closings) - _minutes(last_entry.strip()))


def _map_links(site: Site) -> list[tuple[str, str]]:
    """Links that open the museum's location in map apps; nothing loads until tapped."""
    museum = site.museum
    if museum.geo is None:
        return []
    lat, lng, name = museum.geo.lat, museum.geo.lng, museum.name
    return [
        ("map_amap", "https://uri.amap.com/marker?" + urlencode({"position": f"{lng},{lat}", "name": name, "coordinate": "wgs84", "callnative": "1"})),
        ("map_baidu", "https://api.map.baidu.com/marker?" + urlencode({"location": f"{lat},{lng}", "title": name, "content": museum.address or name, "coord_type": "wgs84", "output": "html", "src": "museumgen"})),
        ("map_apple", "https://maps.apple.com/?" + urlencode({"ll": f"{lat},{lng}", "q": name})),
        ("map_osm", f"https://www.openstreetmap.org/?mlat={lat}&mlon={lng}#map=17/{lat}/{lng}"),
    ]


def _asset_paths(assets: dict[str, bytes]) -> dict[str, str]:
    return {name: "assets/" + (hashed_name(name, data) if name.endswith((".css", ".js")) else name) for name, data in assets.items()}


def _with_colours(site: Site, assets: dict[str, bytes]) -> dict[str, bytes]:
    """The museum's colours, and every shade made from them, are added to the stylesheet,
    so pages need no inline style. Stylesheets and scripts lose their comments and spaces:
    pages load them over the gallery's weak signal."""
    palette = Palette(site.museum.colors.primary, site.museum.colors.accent)
    declared = ";".join(f"--{name}:{value}" for name, value in palette.variables().items())
    extra = f"\n:root{{{declared}}}\n".encode()
    made = {name: minified(name, data) for name, data in sorted(assets.items())}
    return {name: data + extra if name == "style.css" else data for name, data in made.items()}


def _inliner(assets: dict[str, bytes]) -> Callable[[str], Markup]:
    """`inline_asset(name)`: an asset's text for a `<style>` in the page itself. Each sheet
    is small, and on a slow phone line the round trip to fetch it would hold back the first
    paint (and so the largest picture) by more than its bytes do. Every page asks for the
    same few sheets: each is made into markup once."""
    made: dict[str, Markup] = {}

    def inline_asset(name: str) -> Markup:
        text = made.get(name)
        if text is None:
            text = made[name] = Markup(assets[name].decode("utf-8").replace("</", "<\\/"))  # never ends the element
        return text

    return inline_asset


_MINIFIERS: dict[str, Callable[[str], str]] = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}


def minified(name: str, data: bytes) -> bytes:
    """Stylesheets and scripts without their comments and spaces; other assets as they are."""
    minify = _MINIFIERS.get(PurePath(name).suffix)
    if minify is None:
        return data
    try:
        return minify(data.decode("utf-8")).encode("utf-8")
    except UnicodeDecodeError:  # not text: served as the theme has it
        return data


def _svg(path: str) -> Markup:
    return Markup(f'<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false"><path d="{path}"/></svg>')


# Line icons, drawn with stroke so they stay crisp and tiny; no icon font, no requests.
# Each content kind brings its own (`Kind.icon`); these are the other pages' and details'.
_SITE_ICONS = {
    "home": _svg("M3 11l9-7 9 7v9a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z"),
    "visit": _svg("M12 21s-7-6.2-7-11.5A7 7 0 0 1 19 9.5C19 14.8 12 21 12 21zM12 12a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z"),
    "clock": _svg("M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 2"),
    "pin": _svg("M12 21s-7-6.2-7-11.5A7 7 0 0 1 19 9.5C19 14.8 12 21 12 21z"),
    "ticket": _svg("M3 8h18v3a2 2 0 0 0 0 4v3H3v-3a2 2 0 0 0 0-4zM14 8v10"),
    "phone": _svg("M5 4h4l2 5-3 2a11 11 0 0 0 5 5l2-3 5 2v4a2 2 0 0 1-2 2A17 17 0 0 1 3 6a2 2 0 0 1 2-2z"),
    "play": _svg("M8 5v14l11-7z"),
    "audio": _svg("M4 15v-3a8 8 0 0 1 16 0v3M4 15h3v5H4zM17 15h3v5h-3z"),  # the audio guide's headphones
}


def icons() -> dict[str, Markup]:
    """Every icon templates can show, by name."""
    return {**_SITE_ICONS, **{kind.icon_key: _svg(kind.icon) for kind in KINDS if kind.icon}}


def tab_icons() -> tuple[str, ...]:
    """The icons a tab of `museum.yaml` may name: the home and visit pages', the audio
    guide's keypad's, and each kind's."""
    return ("home", "visit", "audio", *(kind.icon_key for kind in KINDS if kind.icon))
