"""Views of the collection made from its metadata: a table a visitor can sort
(`collection/table/`, in pages of `TABLE_ROWS`), a timeline of its periods (`collection/timeline/`) and the sizes of
a tag cloud (the taxonomy pages). Pure: from the model to page jobs and template values;
no scripts or tiles from other hosts, and every view works without JavaScript.

A period is placed in time by a year written in it (`公元前221年`, `1750`, `18世纪`,
`3rd century BC`), else by the dynasty or reign it names (`清乾隆`, `Late Shang`), looked
up in `ERAS` and `REIGNS`; periods named by neither go at the end.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from museumgen.render.jobs import PageJob, Term, paged, terms
from museumgen.site.entries import Doc, Site
from museumgen.site.kinds import KINDS, Kind, taxonomies

COLLECTION = "collection"
TABLE, TIMELINE = "table", "timeline"  # their folders in the collection's
TABLE_COLUMNS = ("id", "title", "period", "material", "category")
# Rows on a page of the table: about 180 bytes each, so a full page stays within the 40 KB
# a page may weigh with its stylesheet and scripts (docs/performance.md, "Page weight").
# A collection of 10,000 objects is 200 pages, each sorted by itself, rather than one
# page of nearly 2 MB.
TABLE_ROWS = 50
CLOUD_STEPS = 5  # sizes of a tag cloud, 1 the least used


@dataclass(frozen=True)
class Era:
    """A dynasty or age: its first year (negative before the common era), its names in
    Chinese and in English (the first of each is its label), longest match wins."""

    start: int
    chinese: tuple[str, ...]
    english: tuple[str, ...]

    def label(self, language: str) -> str:
        return self.chinese[0] if language.startswith("zh") else self.english[0]


# In order of their first years; where a later era names a part of an earlier one (西周 of
# 周) the longer name wins, so both are listed.
ERAS = (
    Era(-10000, ("新石器时代", "新石器"), ("Neolithic",)),
    Era(-2070, ("夏",), ("Xia",)),
    Era(-1600, ("商",), ("Shang",)),
    Era(-1046, ("西周", "周"), ("Western Zhou", "Zhou")),
    Era(-770, ("东周", "春秋"), ("Eastern Zhou", "Spring and Autumn")),
    Era(-475, ("战国",), ("Warring States",)),
    Era(-221, ("秦",), ("Qin",)),
    Era(-206, ("西汉", "汉"), ("Western Han", "Han")),
    Era(25, ("东汉",), ("Eastern Han",)),
    Era(220, ("三国",), ("Three Kingdoms",)),
    Era(265, ("晋", "西晋", "东晋"), ("Jin", "Western Jin", "Eastern Jin")),
    Era(420, ("南北朝",), ("Northern and Southern Dynasties", "Southern and Northern Dynasties")),
    Era(581, ("隋",), ("Sui",)),
    Era(618, ("唐",), ("Tang",)),
    Era(907, ("五代",), ("Five Dynasties",)),
    Era(916, ("辽",), ("Liao",)),
    Era(960, ("北宋", "宋"), ("Northern Song", "Song")),
    Era(1115, ("金",), ("Jurchen Jin",)),
    Era(1127, ("南宋",), ("Southern Song",)),
    Era(1271, ("元",), ("Yuan",)),
    Era(1368, ("明",), ("Ming",)),
    Era(1644, ("清",), ("Qing",)),
    Era(1912, ("民国",), ("Republic", "Republican")),
    Era(1949, ("现代", "当代", "近现代"), ("Modern", "Contemporary")),
)

# Reigns often written alone or after their dynasty (明万历, Qianlong reign): their first years.
REIGNS = {
    ("洪武", "hongwu"): 1368,
    ("永乐", "yongle"): 1403,
    ("宣德", "xuande"): 1426,
    ("成化", "chenghua"): 1465,
    ("嘉靖", "jiajing"): 1522,
    ("万历", "wanli"): 1573,
    ("顺治", "shunzhi"): 1644,
    ("康熙", "kangxi"): 1662,
    ("雍正", "yongzheng"): 1723,
    ("乾隆", "qianlong"): 1736,
    ("嘉庆", "jiaqing"): 1796,
    ("道光", "daoguang"): 1821,
    ("咸丰", "xianfeng"): 1851,
    ("同治", "tongzhi"): 1862,
    ("光绪", "guangxu"): 1875,
    ("宣统", "xuantong"): 1909,
}

# Where in its era a period is: early, middle, late (早期 / Early …).
_PARTS = ((("早期", "early"), 0), (("中期", "mid", "middle"), 1), (("晚期", "末期", "late"), 2))

# Years written out, tried in order; each gives the first year it means.
_YEARS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], int]], ...] = (
    (re.compile(r"(?:公元)?前\s*(\d{1,2})\s*世纪"), lambda m: -100 * int(m[1])),
    (re.compile(r"(\d{1,2})\s*世纪"), lambda m: 100 * (int(m[1]) - 1)),
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\s+century\s+(?:BCE?|B\.C\.)", re.I), lambda m: -100 * int(m[1])),
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\s+century", re.I), lambda m: 100 * (int(m[1]) - 1)),
    (re.compile(r"(?:公元)?前\s*(\d{1,5})\s*年?"), lambda m: -int(m[1])),
    (re.compile(r"(?<!\d)(\d{1,5})\s*(?:BCE?|B\.C\.)", re.I), lambda m: -int(m[1])),
    (re.compile(r"(\d{1,4})\s*年"), lambda m: int(m[1])),
    (re.compile(r"(?<!\d)(\d{3,4})s?(?!\d)"), lambda m: int(m[1])),
)


def written_year(text: str) -> tuple[int | None, str]:
    """The first year `text` writes out, and the text without it (so that the 元 of 公元
    is not taken for the Yuan dynasty)."""
    for pattern, year in _YEARS:
        found = pattern.search(text)
        if found:
            return year(found), text[: found.start()] + " " + text[found.end() :]
    return None, text


def _names(text: str, chinese: tuple[str, ...], english: tuple[str, ...]) -> int:
    """The length of the longest of the names that `text` holds (0 for none): Chinese
    anywhere, English as words of their own in any case."""
    found = [len(name) for name in chinese if name in text]
    found += [len(name) for name in english if re.search(rf"\b{re.escape(name)}\b", text, re.I)]
    return max(found, default=0)


def era_named(text: str) -> Era | None:
    """The era whose name `text` holds, the longest name winning (东汉 over 汉)."""
    best = max(ERAS, key=lambda era: _names(text, era.chinese, era.english))
    return best if _names(text, best.chinese, best.english) else None


def era_of_year(year: int) -> Era:
    return [era for era in ERAS if era.start <= year][-1] if year >= ERAS[0].start else ERAS[0]


def _span(era: Era) -> int:
    """Years from `era`'s first to the next era's (a century for the last)."""
    later = [other.start for other in ERAS if other.start > era.start]
    return (later[0] if later else era.start + 100) - era.start


def _part(text: str) -> int:
    """0, 1, 2 for early, middle, late (in either language); 0 for none."""
    lowered = text.casefold()
    return next((order for names, order in _PARTS if any(name in lowered for name in names)), 0)


def _reign(text: str) -> int | None:
    lowered = text.casefold()
    return next((year for names, year in REIGNS.items() if any(name in lowered for name in names)), None)


@dataclass(frozen=True)
class Placed:
    """Where a period goes in time: its era (None: unknown) and its order within it."""

    era: Era | None
    key: tuple[int, int, int]  # (year, part of its era, 0) for sorting


def place(period: str) -> Placed:
    """The era and order of a period as written: by its year, its reign, or its era's name."""
    year, rest = written_year(period)
    named = era_named(rest)
    if year is None:
        year = _reign(rest)
    if year is not None:
        return Placed(named if named is not None and named.start <= year else era_of_year(year), (year, _part(rest), 0))
    if named is not None:
        return Placed(named, (named.start + _part(rest) * _span(named) // 3, _part(rest), 0))
    return Placed(None, (1 << 20, 0, 0))


def chronological(names: list[str]) -> list[str]:
    """Periods in the order of time; unknown ones at the end in the order given."""
    return sorted(names, key=lambda name: place(name).key)


# --- the timeline ----------------------------------------------------------------------


@dataclass(frozen=True)
class EraGroup:
    """One era of the timeline with its periods (`Term`s: name, page, objects), in order."""

    label: str  # "" for the periods no era was found for
    start: int | None
    periods: list[Term]

    @property
    def count(self) -> int:
        return sum(term.count for term in self.periods)


def timeline(site: Site, kind: Kind) -> list[EraGroup]:
    """The kind's periods grouped by era, in the order of time, the unknown last."""
    placed = sorted(
        ((place(term.name), term) for term in terms(site, kind, "period")), key=lambda pair: (pair[0].key, pair[1].name)
    )
    groups: dict[Era | None, list[Term]] = {}
    for where, term in placed:
        groups.setdefault(where.era, []).append(term)
    known = [EraGroup(era.label(site.language), era.start, listed) for era, listed in groups.items() if era is not None]
    unknown = [EraGroup("", None, groups[None])] if None in groups else []
    return known + unknown


def period_ranks(site: Site, kind: Kind) -> dict[str, int]:
    """Each period's place in the timeline (from 0), for sorting the table by period."""
    ordered = [term.name for group in timeline(site, kind) for term in group.periods]
    return {name.casefold(): rank for rank, name in enumerate(ordered)}


# --- the table -------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    doc: Doc
    cells: tuple[str, ...]  # as `TABLE_COLUMNS`, "" where the object has none
    period_rank: int | None  # where its period is in time, for sorting


def table_rows(site: Site, kind: Kind) -> list[Row]:
    ranks = period_ranks(site, kind)
    rows = []
    for doc in site.entries[kind.name]:
        cells = tuple(str(getattr(doc.entry, column, None) or "").strip() for column in TABLE_COLUMNS)
        period = cells[TABLE_COLUMNS.index("period")]
        rows.append(Row(doc, cells, ranks.get(period.casefold()) if period else None))
    return rows


# --- the tag cloud ---------------------------------------------------------------------


def cloud(listed: list[Term], steps: int = CLOUD_STEPS) -> list[tuple[Term, int]]:
    """Each term with its size, 1 to `steps`, by its count on a log scale (a few very
    common values would otherwise leave all the others at the smallest size)."""
    counts = [term.count for term in listed]
    low, high = math.log(min(counts, default=1)), math.log(max(counts, default=1))
    if high == low:
        return [(term, 1) for term in listed]
    return [(term, 1 + round((steps - 1) * (math.log(term.count) - low) / (high - low))) for term in listed]


# --- the pages -------------------------------------------------------------------------


def view_path(site: Site, view: str) -> str:
    return f"{site.prefix}{COLLECTION}/{view}/"


def paths(site: Site) -> dict[str, str]:
    """The views a site has, by name, for links from the collection's list page."""
    if COLLECTION not in KINDS or not site.entries.get(COLLECTION):
        return {}
    found = {TABLE: view_path(site, TABLE)}
    if any(group.start is not None for group in timeline(site, KINDS[COLLECTION])):
        found[TIMELINE] = view_path(site, TIMELINE)
    return found


def page_jobs(site: Site) -> Iterator[PageJob]:
    """The table and the timeline of the collection, where it has objects (and periods)."""
    shown = paths(site)
    if not shown:
        return
    kind = KINDS[COLLECTION]
    base = {"section": COLLECTION, "kind": COLLECTION}
    periods_linked = "period" in taxonomies(kind, site.museum.browse)
    columns = [(column, "period" if column == "period" else "text") for column in TABLE_COLUMNS]
    rows = table_rows(site, kind)
    for path, chunk, pager in paged(shown[TABLE], rows, TABLE_ROWS):
        yield PageJob(
            path,
            "collection_table.html",
            {
                **base,
                "columns": columns,
                "rows": chunk,
                "count": len(rows),
                "pager": pager,
                "entries": site.entries[COLLECTION],
            },
        )
    if TIMELINE in shown:
        yield PageJob(
            shown[TIMELINE],
            "collection_timeline.html",
            {
                **base,
                "eras": timeline(site, kind),
                "periods_linked": periods_linked,
                "entries": site.entries[COLLECTION],
            },
        )
