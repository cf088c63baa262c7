"""Which pages a site has: for each, its path, its template and its values (a `PageJob`).

The home and visit pages, each kind's list pages (paged when the kind says so), each
entry's page, and the pages that browse a kind by the values of its fields (Hugo's
taxonomies: the collection by category, period, material and tag). Pure: from the model
to a list of jobs; `render.pages` renders them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from museumgen.site.entries import Doc, Site
from museumgen.site.kinds import KINDS, Kind, taxonomies

T = TypeVar("T")  # what `paged` pages

# A kind's pages use these when the theme has no template of the kind's own.
ENTRY_FALLBACK, LIST_FALLBACK = "entry.html", "list.html"
# Page numbers a pager shows either side of the current one (and always the first and last).
PAGER_REACH = 1  # at 360 px, with the first, the last and two gaps: seven places


@dataclass(frozen=True)
class PageJob:
    path: str  # site path
    template: str
    values: dict[str, Any]
    fallback: str | None = None  # the template to use when the theme has no `template`


def page_jobs(site: Site) -> Iterator[PageJob]:
    """Every HTML page of `site`'s language: where it goes, its template and its values.
    A job's `fallback` template is used when the theme lacks the job's own."""
    yield PageJob(site.prefix, "home.html", {"section": "home"})
    for kind in KINDS:
        if kind.list_template is not None:
            yield from _list_jobs(site, kind)
        yield from _taxonomy_jobs(site, kind)
    yield PageJob(site.prefix + "visit/", "visit.html", {"section": "visit"})
    for kind in KINDS:
        for doc in site.entries[kind.name]:
            yield from _entry_jobs(site, kind, doc)
    if not site.prefix:  # hosts serve one page for every missing address: the first language's
        yield PageJob("404.html", "404.html", {"section": "none"})


def _list_jobs(site: Site, kind: Kind) -> Iterator[PageJob]:
    """The list pages of `kind`: one, or one per `museum.per_page` entries."""
    assert kind.list_template is not None
    docs = site.entries[kind.name]
    base = {"section": kind.name, "kind": kind.name, "pager": None, "browse": browse(site, kind)}
    first = site.prefix + kind.list_path(1)
    if kind.list_values is not None and kind.paged_part is not None:
        yield from _grouped_jobs(site, kind, first, base)
        return
    if kind.list_values is not None:
        yield PageJob(first, kind.list_template, {**base, "entries": docs, **kind.list_values(site, docs)}, LIST_FALLBACK)
        return
    if not kind.paginate:
        yield PageJob(first, kind.list_template, {**base, "entries": docs, kind.list_name: docs}, LIST_FALLBACK)
        return
    for path, chunk, pager in paged(first, docs, site.museum.per_page):
        yield PageJob(path, kind.list_template, {**base, "entries": chunk, kind.list_name: chunk, "pager": pager}, LIST_FALLBACK)


def _grouped_jobs(site: Site, kind: Kind, first: str, base: dict[str, Any]) -> Iterator[PageJob]:
    """A list page of groups (upcoming and past events) paged by its long part: the first
    page has every group and the first of the long part, the later ones the rest of it."""
    assert kind.list_values is not None and kind.paged_part is not None and kind.list_template is not None
    docs = site.entries[kind.name]
    values = kind.list_values(site, docs)
    for path, chunk, pager in paged(first, values[kind.paged_part], site.museum.per_page):
        shown = values if pager["number"] == 1 else {key: [] for key in values}
        yield PageJob(path, kind.list_template, {**base, "entries": docs, **shown, kind.paged_part: chunk, "pager": pager}, LIST_FALLBACK)


def _entry_jobs(site: Site, kind: Kind, doc: Doc) -> Iterator[PageJob]:
    """An entry's page, or its pages when it lists more of a paged reference than a page holds."""
    values = {"section": kind.name, "doc": doc, "pager": None}
    if kind.paged_reference is None:
        yield PageJob(doc.path, kind.entry_template, values, ENTRY_FALLBACK)
        return
    for path, chunk, pager in paged(doc.path, getattr(doc, kind.paged_reference), site.museum.per_page):
        yield PageJob(path, kind.entry_template, {**values, "listed": chunk, "pager": pager}, ENTRY_FALLBACK)


def paged(first: str, docs: list[T], per_page: int) -> Iterator[tuple[str, list[T], dict[str, Any]]]:
    """`docs` (or rows) in pages of `per_page`: the first at `first`, the others at `first` + `page/2/` …"""
    chunks = [docs[i : i + per_page] for i in range(0, len(docs), per_page)] or [[]]
    for number, chunk in enumerate(chunks, start=1):
        yield page_path(first, number), chunk, _pager(first, number, len(chunks))


def page_path(first: str, number: int) -> str:
    return first if number == 1 else f"{first}page/{number}/"


def _pager(first: str, number: int, count: int) -> dict[str, Any]:
    """Where a list page is among its pages: the next and previous, and the numbers to show
    (the first, the last, and those near this one; `None` where numbers are left out)."""
    shown = sorted({1, count, *range(max(1, number - PAGER_REACH), min(count, number + PAGER_REACH) + 1)})
    pages: list[tuple[int | None, str | None]] = []
    for index, shown_number in enumerate(shown):
        if index and shown_number - shown[index - 1] > 1:
            pages.append((None, None))
        pages.append((shown_number, page_path(first, shown_number)))
    return {
        "number": number,
        "count": count,
        "previous": page_path(first, number - 1) if number > 1 else None,
        "next": page_path(first, number + 1) if number < count else None,
        "pages": pages,
    }


# --- browsing a kind by the values of its fields ------------------------------------


@dataclass(frozen=True)
class Term:
    """One value of a field that a kind is browsed by (a category, a period, a tag), with
    the entries that have it, in the kind's order."""

    name: str  # as the first entry with it writes it
    path: str  # site path of its first page
    docs: list[Doc]

    @property
    def count(self) -> int:
        return len(self.docs)


# What a value's path may not hold: separators and what file systems refuse.
_UNSAFE = re.compile(r'[\s/\\?#%:*"<>|.]+')


# A value longer than this (in UTF-8) is a description, not a group: it gets no page, as a
# file name that long would be refused by the file system.
TERM_BYTES = 120


def term_slug(value: str) -> str:
    """The part of a term's path for `value`: one spelling for all its capitals; empty
    for a value with nothing to name a page by, or too long to be a name."""
    slug = _UNSAFE.sub("-", value.strip().casefold()).strip("-")
    return slug if len(slug.encode("utf-8")) <= TERM_BYTES else ""


def taxonomy_path(site: Site, kind: Kind, field: str) -> str:
    return f"{site.prefix}{kind.name}/{field}/"


def term_path(site: Site, kind: Kind, field: str, value: str) -> str | None:
    slug = term_slug(str(value))
    return f"{taxonomy_path(site, kind, field)}{slug}/" if slug else None


def terms(site: Site, kind: Kind, field: str) -> list[Term]:
    """Every value of `field` among the kind's entries, the most used first."""
    found: dict[str, Term] = {}
    for doc in site.entries[kind.name]:
        value = getattr(doc.entry, field, None)
        for one in value if isinstance(value, list) else [value]:
            path = term_path(site, kind, field, str(one)) if one not in (None, "") else None
            if path is None:
                continue
            term = found.setdefault(path, Term(str(one).strip(), path, []))
            if not term.docs or term.docs[-1] is not doc:  # a tag written twice counts once
                term.docs.append(doc)
    return sorted(found.values(), key=lambda term: (-term.count, term.name.casefold()))


def browse(site: Site, kind: Kind) -> list[dict[str, Any]]:
    """For a kind's list page: each field it is browsed by, with its terms and index."""
    found = [(field, terms(site, kind, field)) for field in taxonomies(kind, site.museum.browse)]
    return [{"field": field, "terms": listed, "path": taxonomy_path(site, kind, field)} for field, listed in found if listed]


def _taxonomy_jobs(site: Site, kind: Kind) -> Iterator[PageJob]:
    for group in browse(site, kind):
        field, listed = group["field"], group["terms"]
        base = {"section": kind.name, "kind": kind.name, "taxonomy": field, "taxonomy_path": group["path"]}
        yield PageJob(group["path"], "taxonomy.html", {**base, "terms": listed})
        for term in listed:
            for path, chunk, pager in paged(term.path, term.docs, site.museum.per_page):
                yield PageJob(path, "term.html", {**base, "term": term, "entries": chunk, kind.list_name: chunk, "pager": pager}, LIST_FALLBACK)
