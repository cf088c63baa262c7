"""Build, check and merge a network: each museum as museumgen.build makes it, then the portal.

Museums are built across the cores, each in a process of its own (a museum of a network
is small beside the network, and one process each keeps them apart); one museum alone is
built here, its pages across the cores as usual. Everything goes to a fresh folder that
takes the place of the output only when every museum built, so a failed build leaves the
previous network site as it was.

Each museum is built with the build cache (museumgen.buildcache) unless `cached` is off:
a museum that has not changed since the last build is not built again, its site is linked
from the previous output and its portal card taken from the last build's (kept in the
cache folder); a changed one renders only the pages that changed. The output is the same
as a clean build's."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import chain
from pathlib import Path

from museumgen import build as clean
from museumgen import buildcache
from museumgen.build import Options, Result
from museumgen.dates import build_date
from museumgen.errors import Diagnostic, MuseumError, did_you_mean
from museumgen.images import default_cache_dir
from museumgen.languages import prefix
from museumgen.messages import _
from museumgen.network import portal
from museumgen.network import search as portal_search
from museumgen.network.config import NETWORK_FILE, Member, NetworkPlan, load_network
from museumgen.network.kept import KeptCards, cards_file, index_file, keep_cards, read_cards
from museumgen.network.manifest import MANIFEST, checked_shards, manifest, network_digest
from museumgen.network.shards import share
from museumgen.render.pages import minified
from museumgen.render.themes import Theme, find_theme, make_environment
from museumgen.workers import allow_processes, in_worker, map_chunks
from museumgen.write import MARKER, check_output_folder, link_or_copy, same_bytes, write_files, write_site


@dataclass(frozen=True)
class Built:
    """What building (or checking) one museum gave."""

    name: str
    result: Result | None
    error: MuseumError | None
    card: portal.Card | None
    signature: str | None = None  # the build cache's, of what its card was made from


@dataclass(frozen=True)
class NetworkResult:
    museums: int
    pages: int
    files: int
    diagnostics: list[Diagnostic]
    seconds: float
    directory_urls: bool = False
    rendered: int | None = None  # pages rendered, where the others were kept from the last build

    @property
    def warnings(self) -> int:
        return sum(d.severity == "warning" for d in self.diagnostics)


@dataclass(frozen=True)
class Selection:
    """Which museums to build: all, one (`--only`) or a shard's share (`--shard i/n`)."""

    only: str | None = None
    shard: tuple[int, int] | None = None


def build(
    root: Path,
    out: Path,
    options: Options,
    selection: Selection = Selection(),
    cached: bool = True,
    preview: bool = False,
) -> NetworkResult:
    """Build the chosen museums (and the portal, or a shard's manifest) into `out`; with
    `cached`, from what the last build kept in the cache folder; without, from nothing;
    for the `preview`, with the portal's links to museums on domains of their own made
    links to their folders in `out`."""
    started = time.perf_counter()
    plan = replace(load_network(root), preview=preview)
    _check_output(out, plan)
    store = cards_file(plan, out, options.cache_dir or default_cache_dir())
    kept = read_cards(plan, store)
    if selection.only is not None:
        return _build_only(plan, chosen(plan, selection.only), out, options, started, (store, kept), cached)
    members = _shard_members(plan, selection.shard)
    usable = kept if cached else {}

    def one(member: Member, staging: Path) -> Built:
        final = out / member.where
        if cached:
            return _build_cached(plan, member, final, options, usable.get(member.name), staging / member.where)
        return _build_one(plan, member, staging / member.where, options)

    def fill(staging: Path, previous: Path | None) -> list[Built]:
        built = _run(members, lambda member: one(member, staging), options)
        _fail_if_errors(plan, built)
        cards = [b.card for b in built if b.card is not None]
        if selection.shard is not None:
            write_files(staging, [(MANIFEST, manifest(plan, _portal_date(plan, options), selection.shard, cards))])
        else:
            day = _portal_date(plan, options)
            write_files(staging, portal_files(plan, cards, day, staging, store if cached else None), previous)
        return built

    built = write_site(out, fill)
    keep_cards(plan, store, _cards_of(built) if selection.shard is None else {**kept, **_cards_of(built)})
    return _summed(plan, built, started)


def _cards_of(built: Sequence[Built]) -> KeptCards:
    return {b.name: (b.signature, b.card) for b in built if b.card is not None}


def check(root: Path, options: Options, only: str | None = None, cached: bool = True) -> NetworkResult:
    """Everything a build does except writing a site, for every museum (or one) and the
    portal; with `cached`, each museum checked with the build cache (only what changed since
    is made again), and the cards of unchanged ones kept from the last check."""
    started = time.perf_counter()
    plan = load_network(root)
    members = [chosen(plan, only)] if only is not None else plan.members
    store = cards_file(plan, None, options.cache_dir or default_cache_dir())
    kept = read_cards(plan, store) if cached else {}

    def one(member: Member) -> Built:
        return _check_cached(plan, member, options, kept.get(member.name)) if cached else _check_one(plan, member, options)

    built = _run(members, one, options)
    _fail_if_errors(plan, built)
    portal_files(plan, [b.card for b in built if b.card is not None], _portal_date(plan, options), None)
    if cached:
        keep_cards(plan, store, {**kept, **_cards_of(built)})
    return _summed(plan, built, started)


def _build_only(
    plan: NetworkPlan,
    member: Member,
    out: Path,
    options: Options,
    started: float,
    cards: tuple[Path, KeptCards],
    cached: bool,
) -> NetworkResult:
    """One museum, in its place in the network's output, and the portal again (with the
    other museums' cards from the last build); the other museums are left as they are."""
    if not (out / MARKER).is_file():
        message = _(
            "`--only` rebuilds one museum of a network's output: build the whole network into this folder first"
        )
        raise MuseumError.outside(str(out), message)
    store, kept = cards
    if cached:
        built = _build_cached(plan, member, out / member.where, options, kept.get(member.name))
    else:
        built = _build_one(plan, member, out / member.where, options)
    _fail_if_errors(plan, [built])
    everyone = {**kept, **_cards_of([built])}
    missing = [m for m in plan.members if m.name not in everyone]  # none kept: read from the museum
    everyone.update(_cards_of(_run(missing, lambda m: _card_only(plan, m, options), options)))
    every_card = [card for _signature, card in everyone.values()]
    _rewrite(out, portal_files(plan, every_card, _portal_date(plan, options), out, store if cached else None))
    keep_cards(plan, store, everyone)
    return _summed(plan, [built], started)


def _rewrite(out: Path, files: Sequence[tuple[str, bytes]]) -> None:
    """Write the portal's files over those in `out` that differ, as new files (an old one
    may be linked from elsewhere)."""
    for rel, data in files:
        path = out / rel
        if not same_bytes(path, data):
            path.unlink(missing_ok=True)
            write_files(out, [(rel, data)])


def chosen(plan: NetworkPlan, name: str) -> Member:
    member = plan.member(name.strip("/"))
    if member is None:
        names = [m.name for m in plan.members]
        message = _(
            "`{name}` is not a museum of this network{hint}: use one of {names}",
            name=name,
            hint=did_you_mean(name, names),
            names=", ".join(names),
        )
        raise MuseumError.outside("--only", message)
    return member


def _shard_members(plan: NetworkPlan, shard: tuple[int, int] | None) -> list[Member]:
    if shard is None:
        return plan.members
    names = set(share([m.name for m in plan.members], *shard))
    return [m for m in plan.members if m.name in names]


# One museum


def member_options(plan: NetworkPlan, member: Member, options: Options) -> Options:
    # Progress of many museums at once would be a jumble: the network tells of museums instead.
    return Options(
        date=options.date,
        base_url=member.base_url,
        strict=options.strict,
        cache_dir=options.cache_dir,
        defaults=plan.defaults_for(member),
    )


def _build_one(plan: NetworkPlan, member: Member, out: Path, options: Options) -> Built:
    own = member_options(plan, member, options)
    started = time.perf_counter()
    try:
        check_output_folder(out, member.root, clean.source_folders())
        planned = clean.plan(member.root, own)
        made = portal.card(planned.loaded.sites, member.name, _link(plan, member), plan.network.languages)
        return Built(member.name, clean.build_planned(planned, out, own, started), None, made)
    except MuseumError as exc:
        return Built(member.name, None, exc, None)


def _build_cached(
    plan: NetworkPlan,
    member: Member,
    final: Path,
    options: Options,
    kept: tuple[str | None, portal.Card] | None,
    staging: Path | None = None,
) -> Built:
    """As `_build_one`, with the build cache: into `final`, or into `staging` to take its
    place; the card kept from the last build when the museum has not changed since."""
    own = member_options(plan, member, options)
    try:
        check_output_folder(staging or final, member.root, clean.source_folders())
        part = buildcache.build_part(member.root, final, own, staging)
        return Built(member.name, part.result, None, _part_card(plan, member, part, kept, own), part.signature)
    except MuseumError as exc:
        return Built(member.name, None, exc, None)


def _check_cached(
    plan: NetworkPlan, member: Member, options: Options, kept: tuple[str | None, portal.Card] | None
) -> Built:
    """As `_check_one`, with the build cache, as `_build_cached` builds."""
    own = member_options(plan, member, options)
    try:
        part = buildcache.check_part(member.root, own)
        return Built(member.name, part.result, None, _part_card(plan, member, part, kept, own), part.signature)
    except MuseumError as exc:
        return Built(member.name, None, exc, None)


def _part_card(
    plan: NetworkPlan, member: Member, part: buildcache.Part, kept: tuple[str | None, portal.Card] | None, own: Options
) -> portal.Card:
    """The card of a museum built (or checked) with the build cache: from its plan, else
    the card kept from the last time when the museum has not changed since."""
    if part.planned is not None:
        return _card(plan, member, part.planned)
    if kept is not None and part.signature is not None and kept[0] == part.signature:
        return kept[1]
    return _card(plan, member, clean.plan(member.root, own))  # as it was, but its card was not kept


def _card_only(plan: NetworkPlan, member: Member, options: Options) -> Built:
    """A museum's card, from reading it (no signature: this read is not the cache's)."""
    try:
        return Built(
            member.name, None, None, _card(plan, member, clean.plan(member.root, member_options(plan, member, options)))
        )
    except MuseumError as exc:
        return Built(member.name, None, exc, None)


def _card(plan: NetworkPlan, member: Member, planned: clean.Planned) -> portal.Card:
    return portal.card(planned.loaded.sites, member.name, _link(plan, member), plan.network.languages)


def _check_one(plan: NetworkPlan, member: Member, options: Options) -> Built:
    own = member_options(plan, member, options)
    started = time.perf_counter()
    try:
        planned = clean.plan(member.root, own)
        made = portal.card(planned.loaded.sites, member.name, _link(plan, member), plan.network.languages)
        return Built(member.name, clean.check_planned(planned, own, started), None, made)
    except MuseumError as exc:
        return Built(member.name, None, exc, None)


def _link(plan: NetworkPlan, member: Member) -> str:
    """Its site from the portal's root (in the preview, which serves every museum under its
    folder, a museum on a domain of its own too)."""
    if member.entry.domain and not plan.preview:
        return f"https://{member.entry.domain}/"
    return f"{member.where}/"


def _run(members: Sequence[Member], task: Callable[[Member], Built], options: Options) -> list[Built]:
    """`task` over every museum, across the cores, in the network's order."""

    def chunk(indexes: range) -> list[Built]:
        if in_worker():  # a worker's museum is built in it alone: workers have no workers
            allow_processes(False)
        return [task(members[index]) for index in indexes]

    progress = options.progress
    told = (lambda done: progress("museums", done, len(members))) if progress else None
    return list(chain.from_iterable(map_chunks(chunk, len(members), min_items=2, progress=told)))


def _fail_if_errors(plan: NetworkPlan, built: Sequence[Built]) -> None:
    """Every museum's problems together, each with its museum's folder, when any failed."""
    failed = [b for b in built if b.error is not None]
    if not failed:
        return
    diagnostics = [d for b in built for d in _located(plan, b)]
    raise MuseumError(sorted(set(diagnostics)), strict=any(b.error.strict for b in failed if b.error))


def _located(plan: NetworkPlan, built: Built) -> list[Diagnostic]:
    """Diagnostics of a museum with paths from the network folder (`county/museum.yaml`)."""
    found = built.error.diagnostics if built.error else built.result.diagnostics if built.result else []
    member = plan.member(built.name)
    assert member is not None  # built from the plan's members
    folder = member.entry.folder.strip("/")
    return [
        Diagnostic(
            d.path, d.line, _("museum `{museum}`: {message}", museum=folder, message=d.message), d.severity, True
        )
        if d.external
        else Diagnostic(f"{folder}/{d.path}", d.line, d.message, d.severity)
        for d in found
    ]


def _summed(plan: NetworkPlan, built: Sequence[Built], started: float) -> NetworkResult:
    results = [b.result for b in built if b.result is not None]
    diagnostics = sorted({d for b in built for d in _located(plan, b)})
    return NetworkResult(
        len(results),
        sum(r.pages for r in results),
        sum(r.files for r in results),
        diagnostics,
        time.perf_counter() - started,
        any(r.directory_urls for r in results),
        sum(r.pages if r.rendered is None else r.rendered for r in results),
    )


def _check_output(out: Path, plan: NetworkPlan) -> None:
    """As for a museum, and never inside (or holding) one of the network's museum folders."""
    check_output_folder(out, plan.root, frozenset())
    target = out.resolve()
    for member in plan.members:
        folder = member.root.resolve()
        if _overlap(target, folder):
            message = _(
                "the output folder must not be in a museum folder of the network (`{folder}`) or hold one: choose another, e.g. `-o _site`",
                folder=member.entry.folder,
            )
            raise MuseumError.outside(str(out), message)


# The portal


def _portal_date(plan: NetworkPlan, options: Options) -> str:
    return build_date(plan.network.defaults.timezone or "Asia/Shanghai", options.date).isoformat()


def portal_files(
    plan: NetworkPlan, cards: Sequence[portal.Card], day: str, site: Path | None, kept: Path | None = None
) -> list[tuple[str, bytes]]:
    """The portal's pages from the museums' cards, in the network's order, and its search
    index from the indexes of the museums built into `site` (none without it: `check`),
    with `kept` the cards' file in the cache folder, beside which it is kept."""
    line = plan.source.line_of(("defaults", "theme"))
    theme = find_theme(plan.network.defaults.theme or "default", plan.root, line)
    languages = plan.network.languages
    strings = {language: theme.strings(language, plan.root) for language in languages}
    order = {m.name: index for index, m in enumerate(plan.members)}
    ordered = sorted(cards, key=lambda c: order.get(c["name"], len(order)))
    env = make_environment(theme, plan.root)
    made = portal.pages(ordered, plan.network, strings, dt.date.fromisoformat(day), env, _static(theme))
    if site is not None:
        folders = {m.name: site / m.where for m in plan.members}
        for language in languages:
            at = index_file(kept, language) if kept is not None else None
            here = prefix(language, languages[0])
            made += portal_search.files(folders, ordered, language, dict(strings[language]), here, at)
    return made


def _static(theme: Theme) -> Callable[[str], str]:
    """The text of one of the theme's static files, minified, to put in a portal page."""
    files = theme.static_files()
    return lambda name: minified(name, files[name].read_bytes()).decode("utf-8").replace("</", "<\\/")


# Shards and merging


def merge(root: Path, shards: Sequence[Path], out: Path, options: Options) -> NetworkResult:
    """Put the outputs of every shard of one build together, with the portal, into `out`."""
    started = time.perf_counter()
    plan = load_network(root)
    _check_output(out, plan)
    for shard in shards:
        if _overlap(out.resolve(), shard.resolve()):
            raise MuseumError.outside(
                str(out), _("the output folder must not be a shard's folder, in one or hold one: choose another")
            )
    manifests = checked_shards(plan, shards)

    def fill(staging: Path, previous: Path | None) -> int:
        for folder, data in manifests:
            for name in data["museums"]:
                where = _where(plan, name)
                staging.joinpath(where).parent.mkdir(parents=True, exist_ok=True)
                shutil.copytree(folder / where, staging / where, copy_function=link_or_copy)
        cards = [card for _folder, data in manifests for card in data["cards"]]
        return write_files(staging, portal_files(plan, cards, manifests[0][1]["date"], staging))

    write_site(out, fill)
    museums = sum(len(data["museums"]) for _folder, data in manifests)
    return NetworkResult(museums, 0, 0, [], time.perf_counter() - started)


def _overlap(one: Path, other: Path) -> bool:
    return one.is_relative_to(other) or other.is_relative_to(one)


def _where(plan: NetworkPlan, name: str) -> str:
    member = plan.member(name)
    assert member is not None  # checked by checked_shards
    return member.where


__all__ = [
    "MANIFEST",
    "NETWORK_FILE",
    "NetworkResult",
    "Selection",
    "build",
    "check",
    "merge",
    "network_digest",
    "portal_files",
]
