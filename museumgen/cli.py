"""The `museumgen` command: each subcommand parses its options and calls one function."""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import sys
import time
import webbrowser
from pathlib import Path
from typing import Any

import click

from museumgen import __version__
from museumgen.build import Options, Result, build, check
from museumgen.errors import Diagnostic, MuseumError, Severity
from museumgen.preview.incremental import Snapshot
from museumgen.preview.serve import PreviewServer, exposed, network_address
from museumgen.starter import create_starter


def _date(_: click.Context, __: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"`{value}` is not a date: use YYYY-MM-DD, e.g. 2026-05-01") from None


class _Path(click.Path):
    """A path that may not be empty: `-o "$OUT"` with `OUT` unset in a CI job would
    otherwise mean the current folder, and the site would be built into it."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str | bytes | os.PathLike[str]:
        if isinstance(value, str) and not value.strip():
            self.fail("it is empty (is a variable unset?): give the path of a folder", param, ctx)
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


def _fail(exc: MuseumError, root: Path, verb: str) -> None:
    _print(exc.diagnostics, root)
    errors = sum(d.severity is Severity.ERROR for d in exc.diagnostics)
    warnings = sum(d.severity is Severity.WARNING for d in exc.diagnostics)
    reason = f"{errors} error{'s' if errors != 1 else ''}"
    if exc.strict and warnings:
        reason += f" and {warnings} warning{'s' if warnings != 1 else ''} (--strict)"
    after = " The previous site is unchanged." if verb == "Build" else ""
    click.secho(f"{verb} failed: {reason}.{after}", fg="red", err=True)
    sys.exit(1)


def _summary(result: Result, what: str) -> str:
    return f"{what} {result.pages} pages, {result.files} files, {result.warnings} warnings in {result.seconds:.2f} s"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="museumgen")
@click.option("-v", "--verbose", is_flag=True, help="Show what each step does.")
def main(verbose: bool) -> None:
    """Make a fast, phone-first website for a museum from a folder of YAML and Markdown."""
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("museumgen").setLevel(logging.DEBUG if verbose else logging.WARNING)


museum_dir = click.argument("museum", default=".", type=_Path(file_okay=False, path_type=Path))
date_option = click.option("--date", callback=_date, metavar="YYYY-MM-DD", help="Build as if today were this day (exhibition status, upcoming events).")
strict_option = click.option("--strict", is_flag=True, help="Treat warnings (unknown keys, missing alt text) as errors.")
cache_option = click.option(
    "--cache-dir",
    type=_Path(file_okay=False, path_type=Path),
    envvar="MUSEUMGEN_CACHE_DIR",
    help="Where made images are kept between builds (default: ~/.cache/museumgen; CI can keep it).",
)


@main.command("build")
@museum_dir
@click.option("-o", "--output", type=_Path(path_type=Path), help="Output folder (default: _site inside the museum folder).")
@click.option("--base-url", metavar="URL", help="Address the site is published at, e.g. https://example.org/museum/.")
@date_option
@strict_option
@cache_option
def build_command(
    museum: Path, output: Path | None, base_url: str | None, date: dt.date | None, strict: bool, cache_dir: Path | None
) -> None:
    """Check the museum folder and build its website."""
    out = output if output is not None else museum / "_site"
    try:
        result = build(museum, out, Options(date=date, base_url=base_url, strict=strict, cache_dir=cache_dir))
    except MuseumError as exc:
        _fail(exc, museum, "Build")
    _print(result.diagnostics, museum)
    click.echo(_summary(result, f"Built {out.as_posix()}:"))


@main.command("check")
@museum_dir
@date_option
@strict_option
@cache_option
def check_command(museum: Path, date: dt.date | None, strict: bool, cache_dir: Path | None) -> None:
    """Check the museum folder and report every problem, without writing anything but made images to the cache."""
    try:
        result = check(museum, Options(date=date, strict=strict, cache_dir=cache_dir))
    except MuseumError as exc:
        _fail(exc, museum, "Check")
    _print(result.diagnostics, museum)
    click.echo(_summary(result, "No errors:"))


@main.command("serve")
@museum_dir
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; 0.0.0.0 lets phones on your network see the preview.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on (0: any free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in your web browser.")
@date_option
@cache_option
def serve_command(museum: Path, host: str, port: int, open_browser: bool, date: dt.date | None, cache_dir: Path | None) -> None:
    """Preview the site: build it, serve it, and rebuild it whenever you save a file."""
    if not museum.is_dir():
        _fail(MuseumError.outside(str(museum), "no such folder: give the path of a museum folder (one with museum.yaml)"), museum, "Serve")
    signal.signal(signal.SIGTERM, _interrupt)  # stopped by a service manager: the same as Ctrl-C
    started = False

    def report(outcome: Snapshot | MuseumError) -> None:
        nonlocal started
        stamp = time.strftime("%H:%M:%S")
        if isinstance(outcome, MuseumError):
            _print(outcome.diagnostics, museum)
            errors = sum(d.severity is Severity.ERROR for d in outcome.diagnostics)
            still = "Showing the problems until the next save fixes them." if not started else "Still serving the last good site, with the problems on top."
            click.secho(f"{stamp} Build failed: {errors} error{'s' if errors != 1 else ''}. {still}", fg="red", err=True)
        else:
            _print(outcome.diagnostics, museum)
            what = f"Built {outcome.pages} pages" if not started else f"Rebuilt {outcome.rendered} of {outcome.pages} pages"
            click.echo(f"{stamp} {what} in {outcome.seconds:.2f} s")
            started = True

    try:
        server = PreviewServer(museum, Options(date=date, cache_dir=cache_dir), host, port, report)
    except MuseumError as exc:
        _fail(exc, museum, "Serve")
    except KeyboardInterrupt:  # during the first build
        click.echo("Stopped.")
        return
    try:
        _announce(server, museum, host, open_browser)
        server.serve_forever()
    except KeyboardInterrupt:  # before serving began; serve_forever handles its own
        server.close()
    click.echo("Stopped.")


def _announce(server: PreviewServer, museum: Path, host: str, open_browser: bool) -> None:
    if exposed(host):
        address = network_address() if host in ("0.0.0.0", "::") else host
        where = server.url_at(address) if address else f"this computer's network address, port {server.port}"
        click.secho(
            f"Anyone on your network can open this preview, e.g. a phone on the same Wi-Fi at {where}. "
            "Use it only on a network you trust.",
            fg="yellow",
            err=True,
        )
    click.echo(f"Serving {museum.as_posix()} at {server.url}  (Ctrl-C to stop)")
    if open_browser:
        webbrowser.open(server.url)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@main.command("new")
@click.argument("folder", type=_Path(path_type=Path))
@click.option("--name", default="我的博物馆", show_default=True, help="Name of the museum.")
@click.option(
    "--language",
    "languages",
    type=click.Choice(["zh-CN", "en"]),
    multiple=True,
    help="The site's language (default zh-CN); give it twice for a site in two, the first at the root: --language zh-CN --language en.",
)
def new_command(folder: Path, name: str, languages: tuple[str, ...]) -> None:
    """Create a starter museum folder to edit."""
    try:
        create_starter(folder, name, languages or ("zh-CN",))
    except MuseumError as exc:
        _fail(exc, Path("."), "New")
    click.echo(f"Created {folder.as_posix()}. Next: museumgen build {folder.as_posix()}")
