"""What the commands show on a terminal: help and Click's own texts in the staff's
language, and progress for long work.

A progress bar redraws one line on a terminal; in a CI log, where nothing redraws, each
long step is a plain line when it starts and when it ends.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

import click

from museumgen.messages import Message, _, _n, current_language, shown, translated_text

# Click's modules that say things to users; each holds its own `_` and `ngettext`.
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "utils")


def localise_click() -> None:
    """Make Click say its own texts ("Usage:", "Missing argument") in the chosen language."""
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = _click_text  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _click_plural  # type: ignore[attr-defined]


def _click_text(text: str) -> str:
    return translated_text(text, current_language(), domain="click")


def _click_plural(singular: str, plural: str, count: int) -> str:
    return translated_text(singular, current_language(), domain="click", plural=plural, count=count)


class Localised(click.Command):
    """A command whose help is shown in the chosen language."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated_help(self, ctx):
            super().format_help(ctx, formatter)


class LocalisedGroup(click.Group):
    """A group whose help, and its commands' short help, is shown in the chosen language."""

    command_class = Localised

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated_help(self, ctx), _translated_commands(self):
            super().format_help(ctx, formatter)


def _help_text(text: str | None) -> str | None:
    """A help text in the chosen language: ours (Click keeps only their English text), else Click's."""
    if text is None:
        return None
    if isinstance(text, Message):
        return shown(text)
    ours = translated_text(text, current_language())
    return ours if ours != text else _click_text(text)


@contextmanager
def _translated_help(command: click.Command, ctx: click.Context) -> Iterator[None]:
    """`command`'s help and its options' help in the chosen language while help is shown,
    then as they were: one process can show help in several languages (tests do)."""
    params = command.get_params(ctx)
    before = (command.help, [param.help for param in params if isinstance(param, click.Option)])
    command.help = _help_text(command.help)
    for param in params:
        if isinstance(param, click.Option):
            param.help = _help_text(param.help)
    try:
        yield
    finally:
        command.help = before[0]
        for param, text in zip((p for p in params if isinstance(p, click.Option)), before[1], strict=True):
            param.help = text


@contextmanager
def _translated_commands(group: click.Group) -> Iterator[None]:
    before = {name: command.help for name, command in group.commands.items()}
    for command in group.commands.values():
        command.help = _help_text(command.help)
    try:
        yield
    finally:
        for name, text in before.items():
            group.commands[name].help = text


# A step is a line in a log from this many items: making one image takes a good fraction of a
# second, writing a page about a millisecond.
LOG_FROM = {"images": 10, "pages": 2000, "museums": 10}


class Progress:
    """Shows how far long work has got: a redrawn bar on a terminal, plain lines in a log.

    Short work shows nothing: a bar appears only after `delay` seconds, and a log line
    only for a step with enough items to take a while (`LOG_FROM`)."""

    def __init__(self, stream: TextIO, terminal: bool, delay: float = 0.5) -> None:
        self.stream, self.terminal, self.delay = stream, terminal, delay
        self._step: str | None = None
        self._started = 0.0
        self._drawn = 0.0
        self._shown = False

    def __call__(self, step: str, done: int, total: int) -> None:
        now = time.monotonic()
        if step != self._step:
            self._begin(step, total, now)
        if self.terminal and now - self._started >= self.delay and (done == total or now - self._drawn >= 0.1):
            self._draw(step, done, total, now)
        if done >= total:
            self._end(step, total, now)

    def _begin(self, step: str, total: int, now: float) -> None:
        self._step, self._started, self._drawn, self._shown = step, now, 0.0, False
        if not self.terminal and total >= LOG_FROM.get(step, 1):
            self.stream.write(shown(_starting(step, total)) + "\n")
            self.stream.flush()

    def _draw(self, step: str, done: int, total: int, now: float) -> None:
        width = 24
        filled = width * done // max(total, 1)
        self.stream.write(f"\r{shown(_label(step))} [{'#' * filled}{'-' * (width - filled)}] {done}/{total}")
        self.stream.flush()
        self._drawn, self._shown = now, True

    def _end(self, step: str, total: int, now: float) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")  # the bar gives way to what follows
        elif not self.terminal and total >= LOG_FROM.get(step, 1):
            self.stream.write(shown(_("{label}: done in {seconds:.1f} s", label=_label(step), seconds=now - self._started)) + "\n")
        self.stream.flush()
        self._step = None


def _label(step: str) -> str:
    return {"images": _("Images"), "pages": _("Pages"), "museums": _("Museums")}.get(step, step)


def _starting(step: str, total: int) -> str:
    if step == "images":
        return _n("Making {count} image (kept for the next build)…", "Making {count} images (kept for the next build)…", total)
    if step == "pages":
        return _n("Writing {count} page…", "Writing {count} pages…", total)
    if step == "museums":
        return _n("Building {count} museum…", "Building {count} museums…", total)
    return _("{label}: {count}…", label=step, count=total)
