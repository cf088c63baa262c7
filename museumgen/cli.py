"""The `museumgen` command: each subcommand parses its options and calls one function.

Messages are shown in the staff's language: `--lang`, else the museum's own `language`,
else the environment's (`LANG`), else English.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import signal
import sys
import tempfile
import time
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import yaml

from museumgen import __version__, buildcache, ci, cms
from museumgen import build as clean
from museumgen.build import Options, Result
from museumgen.docgen import documents, keys
from museumgen.editor import several_languages, write_editor_files
from museumgen.errors import Diagnostic, MuseumError, Severity
from museumgen.incremental import Snapshot
from museumgen.labels import STOCKS as label_stocks
from museumgen.labels import write_sheets
from museumgen.languages import DEFAULT_LANGUAGE
from museumgen.messages import (
    MESSAGE_LANGUAGES,
    Message,
    _,
    _n,
    environment_language,
    message_language,
    set_language,
    shown,
)
from museumgen.network import build as networks
from museumgen.network.config import is_network, load_network
from museumgen.network.preview import NetworkSession
from museumgen.network.shards import ShardError, parse_shard
from museumgen.preview.serve import PreviewServer, exposed, network_address
from museumgen.starter import create_starter
from museumgen.terminal import LocalisedGroup, Progress, localise_click


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(shown(_("`{value}` is not a date: use YYYY-MM-DD, e.g. 2026-05-01", value=value))) from None


class _Path(click.Path):
    """A path that may not be empty: `-o "$OUT"` with `OUT` unset in a CI job would
    otherwise mean the current folder, and the site would be built into it."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str | bytes | os.PathLike[str]:
        if isinstance(value, str) and not value.strip():
            self.fail(shown(_("it is empty (is a variable unset?): give the path of a folder")), param, ctx)
        return super().convert(value, param, ctx)


def _prefix(root: Path) -> str:
    """How paths in messages start: the museum folder as the user named it."""
    text = root.as_posix()
    return "" if text in (".", "") else text.rstrip("/") + "/"


def _print(diagnostics: list[Diagnostic], root: Path) -> None:
    prefix = _prefix(root)
    for diagnostic in diagnostics:
        text = diagnostic.format(prefix)
        colour = {Severity.WARNING: "yellow", Severity.NOTE: None}.get(diagnostic.severity, "red")
        click.secho(text, fg=colour, err=True)


def _say(message: str, err: bool = False, fg: str | None = None) -> None:
    click.secho(shown(message), err=err, fg=fg)


def _fail(exc: MuseumError, root: Path, verb: str) -> None:
    _print(exc.diagnostics, root)
    errors = sum(d.severity is Severity.ERROR for d in exc.diagnostics)
    warnings = sum(d.severity is Severity.WARNING for d in exc.diagnostics)
    reason = _n("{count} error", "{count} errors", errors)
    if exc.strict and warnings:
        reason = _n("{errors} and {count} warning (--strict)", "{errors} and {count} warnings (--strict)", warnings, errors=reason)
    failed = {"Build": _("Build failed: {reason}. The previous site is unchanged.", reason=reason)}
    _say(failed.get(verb) or _("{verb} failed: {reason}.", verb=_VERBS.get(verb, verb), reason=reason), err=True, fg="red")
    sys.exit(1)


_VERBS = {"Merge": _("Merge"), "CI": _("CI"), "Labels": _("Labels"), "Check": _("Check"), "Serve": _("Serve"), "New": _("New"), "Schema": _("Schema")}


def _at_a_terminal() -> bool:
    return sys.stdout.isatty()


def _summary(result: Result, done: str) -> str:
    return _(
        "{done} {pages} pages, {files} files, {warnings} warnings in {seconds:.2f} s",
        done=done,
        pages=result.pages,
        files=result.files,
        warnings=result.warnings,
        seconds=result.seconds,
    )


def _museum_language(root: Path) -> str | None:
    """The language of the museum in `root`, as its `museum.yaml` names it, if it can be read.

    Read before the build so that every message, even about `museum.yaml` itself, is in it."""
    try:
        file = root / ("network.yaml" if is_network(root) else "museum.yaml")  # a network's: its portal's first language
        data = yaml.load(file.read_bytes()[:200_000], Loader=yaml.CSafeLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    languages = data.get("languages")
    first = languages[0] if isinstance(languages, list) and languages else data.get("language")
    return message_language(first) if isinstance(first, str) else None


def _choose_language(ctx: click.Context, museum: Path | None = None, fallback: str | None = None) -> None:
    """Messages from here on in `--lang`, else the museum's language, else the environment's."""
    explicit = ctx.find_root().meta.get("museumgen.lang")
    found = explicit or (museum is not None and _museum_language(museum)) or fallback or environment_language()
    set_language(found or "en")


def _lang_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    # Eager, so that `museumgen --lang zh-CN --help` is already in Chinese.
    if not value:
        return None
    code = message_language(value)
    if code is None:
        raise click.BadParameter(shown(_("`{value}`: messages can be shown in {languages}", value=value, languages=", ".join(MESSAGE_LANGUAGES))))
    ctx.meta["museumgen.lang"] = code
    set_language(code)
    return code


def _progress() -> Progress:
    return Progress(sys.stderr, terminal=sys.stderr.isatty() and os.environ.get("TERM") != "dumb")


class _Main(LocalisedGroup):
    def main(self, *args: Any, **kwargs: Any) -> Any:
        localise_click()
        set_language(environment_language() or "en")  # until a command knows better
        return super().main(*args, **kwargs)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="museumgen")
@click.option(
    "--lang",
    metavar="[" + "|".join(MESSAGE_LANGUAGES) + "]",
    envvar="MUSEUMGEN_LANG",
    is_eager=True,
    expose_value=False,
    callback=_lang_option,
    help=_("Language of messages (default: the museum's language, else the system's)."),
)
@click.option("-v", "--verbose", is_flag=True, help=_("Show what each step does."))
def main(verbose: bool) -> None:
    """Make a fast, phone-first website for a museum from a folder of YAML and Markdown."""
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("museumgen").setLevel(logging.DEBUG if verbose else logging.WARNING)


main.help = _("Make a fast, phone-first website for a museum from a folder of YAML and Markdown.")


museum_dir = click.argument("museum", default=".", type=_Path(file_okay=False, path_type=Path))
date_option = click.option(
    "--date", callback=_date, metavar="YYYY-MM-DD", help=_("Build as if today were this day (exhibition status, upcoming events).")
)
strict_option = click.option("--strict", is_flag=True, help=_("Treat warnings (unknown keys, missing alt text) as errors."))
cache_option = click.option(
    "--cache-dir",
    type=_Path(file_okay=False, path_type=Path),
    envvar="MUSEUMGEN_CACHE_DIR",
    help=_("Where made images, and what each build learned, are kept for the next build (default: ~/.cache/museumgen; CI can keep it)."),
)
no_cache_option = click.option(
    "--no-cache", is_flag=True, help=_("Build from nothing: use nothing the last build kept in the cache folder (made images are still reused).")
)


def _shard(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        return parse_shard(value)
    except ShardError as exc:
        raise click.BadParameter(shown(exc.message)) from None


@main.command("build", help=_("Check the museum folder and build its website; for a network folder (one with network.yaml), every museum's and the portal."))
@museum_dir
@click.option("--only", metavar="NAME", help=_("Of a network: build only this museum (its folder's name), in its place in the output."))
@click.option("--shard", callback=_shard, metavar="I/N", help=_("Of a network: build only share I of N of its museums, for `museumgen merge` to put together."))
@click.option("-o", "--output", type=_Path(path_type=Path), help=_("Output folder (default: _site inside the museum folder)."))
@click.option("--base-url", metavar="URL", help=_("Address the site is published at, e.g. https://example.org/museum/."))
@date_option
@strict_option
@cache_option
@no_cache_option
@click.pass_context
def build_command(
    ctx: click.Context,
    museum: Path,
    output: Path | None,
    base_url: str | None,
    date: dt.date | None,
    strict: bool,
    cache_dir: Path | None,
    no_cache: bool,
    only: str | None,
    shard: tuple[int, int] | None,
) -> None:
    _choose_language(ctx, museum)
    out = output if output is not None else museum / "_site"
    options = Options(date=date, base_url=base_url, strict=strict, cache_dir=cache_dir, progress=_progress())
    if is_network(museum):
        _network_build(museum, out, options, networks.Selection(only, shard), not no_cache)
        return
    if only is not None or shard is not None:
        raise click.UsageError(shown(_("--only and --shard are for a network folder (one with network.yaml)")))
    try:
        result = (clean if no_cache else buildcache).build(museum, out, options)
    except MuseumError as exc:
        _fail(exc, museum, "Build")
    _print(result.diagnostics, museum)
    _say(_summary(result, _("Built {folder}:", folder=out.as_posix())))
    if result.directory_urls and _at_a_terminal():  # for people; a CI log keeps its one summary line
        click.echo(shown(_("Look at it with `museumgen serve {folder}`: opened from disk, its links show folder listings (`directory_urls: false` in museum.yaml makes it work from disk too).", folder=museum.as_posix())))


@main.command("check", help=_("Check the museum folder and report every problem, without writing anything but made images to the cache."))
@museum_dir
@date_option
@strict_option
@cache_option
@no_cache_option
@click.pass_context
def check_command(ctx: click.Context, museum: Path, date: dt.date | None, strict: bool, cache_dir: Path | None, no_cache: bool) -> None:
    _choose_language(ctx, museum)
    if is_network(museum):
        try:
            checked = networks.check(museum, Options(date=date, strict=strict, cache_dir=cache_dir, progress=_progress()), cached=not no_cache)
        except MuseumError as exc:
            _fail(exc, museum, "Check")
        _print(checked.diagnostics, museum)
        _say(_network_summary(checked, _("No errors:")))
        return
    try:
        result = (clean if no_cache else buildcache).check(museum, Options(date=date, strict=strict, cache_dir=cache_dir, progress=_progress()))
    except MuseumError as exc:
        _fail(exc, museum, "Check")
    _print(result.diagnostics, museum)
    _say(_summary(result, _("No errors:")))


def _network_build(network: Path, out: Path, options: Options, selection: networks.Selection, cached: bool) -> None:
    try:
        result = networks.build(network, out, options, selection, cached)
    except MuseumError as exc:
        _fail(exc, network, "Build")
    _print(result.diagnostics, network)
    _say(_network_summary(result, _("Built {folder}:", folder=out.as_posix())))


def _network_summary(result: networks.NetworkResult, done: str) -> str:
    return _n(
        "{done} {count} museum, {pages} pages, {files} files, {warnings} warnings in {seconds:.2f} s",
        "{done} {count} museums, {pages} pages, {files} files, {warnings} warnings in {seconds:.2f} s",
        result.museums, done=done, pages=result.pages, files=result.files, warnings=result.warnings, seconds=result.seconds,
    )


@main.command("merge", help=_("Put the outputs of every shard of a network's build (`build --shard`) together, with the portal."))
@click.argument("network", type=_Path(file_okay=False, path_type=Path))
@click.argument("shards", nargs=-1, required=True, type=_Path(file_okay=False, path_type=Path))
@click.option("-o", "--output", type=_Path(path_type=Path), required=True, help=_("Output folder for the whole network."))
@click.pass_context
def merge_command(ctx: click.Context, network: Path, shards: tuple[Path, ...], output: Path) -> None:
    _choose_language(ctx, network)
    if not is_network(network):
        _fail(MuseumError.outside(str(network), _("there is no network.yaml here: give the path of a network folder")), network, "Merge")
    try:
        result = networks.merge(network, list(shards), output, Options())
    except MuseumError as exc:
        _fail(exc, network, "Merge")
    _say(_n("Merged {count} museum into {folder} in {seconds:.2f} s", "Merged {count} museums into {folder} in {seconds:.2f} s", result.museums, folder=output.as_posix(), seconds=result.seconds))
@main.command("ci", help=_("Write a ready CI file that checks pull requests, builds every day and publishes: for GitHub Actions, GitLab CI or a shell script."))
@museum_dir
@click.option("--host", "host_name", type=click.Choice([h.name for h in ci.HOSTS]), required=True, help=_("Where CI runs: github (GitHub Actions and Pages), gitlab (GitLab CI and Pages) or script (any machine, any static host)."))
@click.option("--shards", type=click.IntRange(1, 64), default=4, show_default=True, help=_("Of a network: how many machines share its build."))
@click.option("--source", metavar="SPEC", help=_("What CI installs museumgen from, e.g. `museumgen @ git+https://example.org/museumgen.git@v1.0` (default: where this museumgen came from, if that was Git)."))
@click.option("--branch", default="main", show_default=True, help=_("The branch that is published."))
@click.option("--cms", is_flag=True, help=_("Also publish the web editor (Decap CMS, see `museumgen cms`) at admin/, so staff can edit in a browser."))
@click.option("--force", is_flag=True, help=_("Replace the file if it is already there."))
@click.pass_context
def ci_command(ctx: click.Context, museum: Path, host_name: str, shards: int, source: str | None, branch: str, cms: bool, force: bool) -> None:
    _choose_language(ctx, museum)
    chosen = ci.host(host_name)
    root = ci.repository_root(museum)
    target = root / chosen.file
    try:
        name, timezone, network = ci.describe(museum, root)
        setup = ci.Setup(ci.folder_in(museum, root), name, network, shards if network else 1, ci.checked_source(_ci_source(source)), timezone, branch, cms=cms)
        if target.exists() and not force:
            raise MuseumError.outside(chosen.file, _("it is already there: give --force to replace it (your changes to it are lost)"))
    except MuseumError as exc:
        _fail(exc, root, "CI")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(ci.ci_file(chosen, setup), encoding="utf-8")
    if chosen.executable:
        target.chmod(0o755)
    after = Message(chosen.after.template, {"branch": branch})
    _say(_("Wrote {file}. {after}", file=target.as_posix(), after=after))


def _ci_source(given: str | None) -> str:
    found = given or ci.installed_source()
    if found is None:
        raise MuseumError.outside("--source", _("this museumgen was not installed from Git, so CI cannot install it from the same place: give --source, e.g. `museumgen @ git+https://example.org/museumgen.git@v1.0`"))
    return found


@main.command("cms", help=_("Write admin/ into the built site: Decap CMS, set up for the museum's content (each museum of a network its own folder), so staff edit in a web browser and CI publishes."))
@museum_dir
@click.option("-o", "--output", type=_Path(path_type=Path), help=_("The built site's folder, where admin/ goes (default: _site inside the folder)."))
@click.option("--backend", type=click.Choice(cms.BACKENDS), default="github", show_default=True, help=_("Where staff log in and the CMS saves: github, gitlab or git-gateway (Netlify Identity)."))
@click.option("--repo", metavar="OWNER/NAME", help=_("The repository on GitHub or GitLab, e.g. qingxi-museum/site."))
@click.option("--branch", default="main", show_default=True, help=_("The branch the CMS saves to (the one CI publishes)."))
@click.option("--script", type=_Path(dir_okay=False, path_type=Path), help=_("The CMS's script, decap-cms.js (from the npm package decap-cms: node_modules/decap-cms/dist/decap-cms.js), copied into admin/ with the files it loads; without it, put decap-cms.js in admin/ yourself."))
@click.option("--local-backend", metavar="URL", help=_("Also use the local back end (`npx decap-server`) at this address when the page is opened on this computer, e.g. http://127.0.0.1:8081/api/v1."))
@click.option("--root", type=_Path(file_okay=False, path_type=Path), help=_("The repository's root, which the CMS's paths start from (default: the Git repository holding the folder, else the folder)."))
@click.pass_context
def cms_command(ctx: click.Context, museum: Path, output: Path | None, backend: str, repo: str | None, branch: str, script: Path | None, local_backend: str | None, root: Path | None) -> None:
    _choose_language(ctx, museum)
    language = _museum_language(museum) or DEFAULT_LANGUAGE
    top = root if root is not None else cms.repository_root(museum)
    try:
        members = [member.root for member in load_network(museum).members] if is_network(museum) else None
        folders = cms.museums(museum, top, members)
        if script is not None and not script.is_file():
            raise MuseumError.outside(script.as_posix(), _("there is no such file: install the CMS with `npm install decap-cms` and give node_modules/decap-cms/dist/decap-cms.js"))
    except MuseumError as exc:
        _fail(exc, museum, "CMS")
    except ValueError:
        _fail(MuseumError.outside(museum.as_posix(), _("the folder is not inside the repository's root {root}: give --root", root=top.as_posix())), museum, "CMS")
    settings = cms.config(folders, cms.Backend(backend, repo, branch, local_backend), language)
    admin = cms.write_admin(output if output is not None else museum / "_site", settings, script, language)
    _say(_("Wrote {folder}: {count} collections.", folder=admin.as_posix(), count=len(settings["collections"])))
    if script is None:
        _say(_("Put decap-cms.js (npm package decap-cms, dist/ folder, with the files beside it) in {folder}: the page loads it from there, never from another host.", folder=admin.as_posix()), err=True, fg="yellow")


@main.command("serve", help=_("Preview the site: build it, serve it, and rebuild it whenever you save a file; of a network folder, every museum's and the portal."))
@museum_dir
@click.option("--only", metavar="NAME", help=_("Of a network: preview only this museum (its folder's name)."))
@click.option(
    "--host", default="127.0.0.1", show_default=True, help=_("Address to listen on; 0.0.0.0 lets phones on your network see the preview.")
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help=_("Port to listen on (0: any free one)."))
@click.option("--open", "open_browser", is_flag=True, help=_("Open the preview in your web browser."))
@date_option
@cache_option
@click.pass_context
def serve_command(
    ctx: click.Context, museum: Path, only: str | None, host: str, port: int, open_browser: bool, date: dt.date | None, cache_dir: Path | None
) -> None:
    _choose_language(ctx, museum)
    if not museum.is_dir():
        _fail(MuseumError.outside(str(museum), _("no such folder: give the path of a museum folder (one with museum.yaml)")), museum, "Serve")
    if only is not None and not is_network(museum):
        raise click.UsageError(shown(_("--only is for a network folder (one with network.yaml)")))
    signal.signal(signal.SIGTERM, _interrupt)  # stopped by a service manager: the same as Ctrl-C
    options = Options(date=date, cache_dir=cache_dir, progress=_progress())
    with contextlib.ExitStack() as stack:
        try:
            root, server = _preview(museum, only, options, host, port, stack)
        except MuseumError as exc:
            _fail(exc, museum, "Serve")
        except KeyboardInterrupt:  # during the first build
            _say(_("Stopped."))
            return
        try:
            _announce(server, root, host, open_browser)
            server.serve_forever()
        except KeyboardInterrupt:  # before serving began; serve_forever handles its own
            server.close()
    _say(_("Stopped."))


def _preview(museum: Path, only: str | None, options: Options, host: str, port: int, stack: contextlib.ExitStack) -> tuple[Path, PreviewServer]:
    """The preview of a museum, of one museum of a network, or of a whole network (built
    into a folder of its own, removed at the end); with the folder its messages are of."""
    if only is not None:
        plan = load_network(museum)
        member = networks.chosen(plan, only)
        root, own = member.root, networks.member_options(plan, member, options)
        return root, PreviewServer(root, own, host, port, _serve_report(root))
    if is_network(museum):
        out = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="museumgen-serve-")))
        session = NetworkSession(museum, options, out)
        return museum, PreviewServer(museum, options, host, port, _serve_report(museum), builds=session.build)
    return museum, PreviewServer(museum, options, host, port, _serve_report(museum))


def _serve_report(root: Path) -> Callable[[Snapshot | MuseumError], None]:
    """What the terminal is told of each build of the preview."""
    started = False

    def report(outcome: Snapshot | MuseumError) -> None:
        nonlocal started
        stamp = time.strftime("%H:%M:%S")
        _print(outcome.diagnostics, root)
        if isinstance(outcome, MuseumError):
            errors = sum(d.severity is Severity.ERROR for d in outcome.diagnostics)
            still = (
                _("Still serving the last good site, with the problems on top.")
                if started
                else _("Showing the problems until the next save fixes them.")
            )
            failed = _n("Build failed: {count} error.", "Build failed: {count} errors.", errors)
            _say(_("{time} {failed} {still}", time=stamp, failed=failed, still=still), err=True, fg="red")
            return
        if started:
            what = _("Rebuilt {rendered} of {pages} pages in {seconds:.2f} s", rendered=outcome.rendered, pages=outcome.pages, seconds=outcome.seconds)
        else:
            what = _("Built {pages} pages in {seconds:.2f} s", pages=outcome.pages, seconds=outcome.seconds)
        _say(_("{time} {done}", time=stamp, done=what))
        started = True

    return report


def _announce(server: PreviewServer, museum: Path, host: str, open_browser: bool) -> None:
    if exposed(host):
        address = network_address() if host in ("0.0.0.0", "::") else host
        where = server.url_at(address) if address else _("this computer's network address, port {port}", port=server.port)
        _say(
            _("Anyone on your network can open this preview, e.g. a phone on the same Wi-Fi at {where}. Use it only on a network you trust.", where=where),
            err=True,
            fg="yellow",
        )
    _say(_("Serving {folder} at {url}  (Ctrl-C to stop)", folder=museum.as_posix(), url=server.url))
    if open_browser:
        webbrowser.open(server.url)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@main.command("labels", help=_("Write gallery labels with a QR code to each object's page: a PDF and an HTML page for each label stock."))
@museum_dir
@click.option("-o", "--output", type=_Path(file_okay=False, path_type=Path), help=_("Folder to write them into (default: _labels inside the museum folder)."))
@click.option("--stock", "stocks", multiple=True, metavar="NAME", help=_("Label stock, once or more: {names} (default: `labels.stock` in museum.yaml, else l7160).", names=", ".join(label_stocks)))
@click.option("--exhibition", "exhibitions", multiple=True, metavar="SLUG", help=_("Only the objects of this exhibition (once or more)."))
@click.option("--font", "font", type=_Path(dir_okay=False, path_type=Path), help=_("A font file with Chinese glyphs (default: `labels.font` in museum.yaml, else Noto Sans CJK SC of the system)."))
@click.option("--base-url", metavar="URL", help=_("Address the site is published at, e.g. https://example.org/museum/."))
@date_option
@cache_option
@click.pass_context
def labels_command(
    ctx: click.Context,
    museum: Path,
    output: Path | None,
    stocks: tuple[str, ...],
    exhibitions: tuple[str, ...],
    font: Path | None,
    base_url: str | None,
    date: dt.date | None,
    cache_dir: Path | None,
) -> None:
    _choose_language(ctx, museum)
    out = output if output is not None else museum / "_labels"
    try:
        written = write_sheets(museum, out, Options(date=date, base_url=base_url, cache_dir=cache_dir), stocks, exhibitions, font)
    except MuseumError as exc:
        _fail(exc, museum, "Labels")
    for path in written:
        _say(_("Wrote {file}", file=path.as_posix()))


@main.command("new", help=_("Create a starter museum folder to edit."))
@click.argument("folder", type=_Path(path_type=Path))
@click.option("--name", default="我的博物馆", show_default=True, help=_("Name of the museum."))
@click.option(
    "--language",
    "languages",
    type=click.Choice(["zh-CN", "en"]),
    multiple=True,
    help=_("The site's language (default zh-CN); give it twice for a site in two, the first at the root: --language zh-CN --language en."),
)
@click.pass_context
def new_command(ctx: click.Context, folder: Path, name: str, languages: tuple[str, ...]) -> None:
    _choose_language(ctx, fallback=message_language((languages or (DEFAULT_LANGUAGE,))[0]))  # the new museum's language
    try:
        create_starter(folder, name, languages or (DEFAULT_LANGUAGE,))
    except MuseumError as exc:
        _fail(exc, Path("."), "New")
    _say(_("Created {folder}. Next: museumgen build {folder}", folder=folder.as_posix()))


@main.command("import", help=_("Bring an inventory spreadsheet (.xlsx or .csv) into the museum's collection folder."))
@click.argument("spreadsheet", type=_Path(dir_okay=False, path_type=Path))
@museum_dir
@click.option(
    "--mapping",
    type=_Path(dir_okay=False, path_type=Path),
    help=_("A YAML file of `column heading: key` lines, for headings museumgen does not know."),
)
@click.option("--sheet", metavar="NAME", help=_("The sheet to read (default: the first)."))
@click.option("--force", is_flag=True, help=_("Also replace collection files edited by hand since the last import."))
@click.option("--dry-run", is_flag=True, help=_("Say what would be written, and write nothing."))
@click.pass_context
def import_command(
    ctx: click.Context, spreadsheet: Path, museum: Path, mapping: Path | None, sheet: str | None, force: bool, dry_run: bool
) -> None:
    from museumgen.importer import import_spreadsheet, summary  # openpyxl is loaded only for this command

    _choose_language(ctx, museum)
    try:
        imported = import_spreadsheet(spreadsheet, museum, mapping, sheet, force, dry_run)
    except MuseumError as exc:
        _print(exc.diagnostics, museum)
        errors = sum(d.severity is Severity.ERROR for d in exc.diagnostics)
        _say(_n("Import failed: {count} error. Nothing was written.", "Import failed: {count} errors. Nothing was written.", errors), err=True, fg="red")
        sys.exit(1)
    _print(imported.diagnostics, museum)
    for line in summary(imported, _prefix(museum)):
        _say(line)


@main.command("schema", help=_("Set up VS Code to complete, explain and check the keys of museum.yaml. It writes .vscode/ in the museum folder, for the YAML extension (redhat.vscode-yaml)."))
@museum_dir
@click.pass_context
def schema_command(ctx: click.Context, museum: Path) -> None:
    _choose_language(ctx, museum)
    if not (museum / "museum.yaml").is_file():
        _fail(MuseumError.outside(str(museum), _("there is no museum.yaml here: give the path of a museum folder")), museum, "Schema")
    try:
        write_editor_files(museum, several_languages(museum))
    except MuseumError as exc:
        _fail(exc, museum, "Schema")
    click.echo(shown(_("Wrote {folder}/.vscode/: open the folder {folder} in VS Code and install the YAML extension it recommends.", folder=museum.as_posix())))


@main.command("keys", help=_("Show every key museum.yaml and the content files may have, or those of one file: museumgen keys exhibitions"))
@click.argument("file", required=False, type=click.Choice(list(documents())))
@click.pass_context
def keys_command(ctx: click.Context, file: str | None) -> None:
    _choose_language(ctx, Path("."))
    if file is None:
        click.echo(shown(_("Every key museumgen reads, file by file; keys marked required must be there. For one file only: museumgen keys exhibitions")) + "\n")
    click.echo(keys(file), nl=False)
