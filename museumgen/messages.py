"""Every text museumgen says to staff, in their language, from one catalogue.

A message is written in English at the place it is raised, with named fields:
``_("no item `{key}`", key=key)``. It stays a plain `str` (its English text), so code and
tests can use it as one, and it remembers its template and fields, so it can be shown in
another language when it is printed. The language is chosen late, once it is known: by
`--lang`, else the museum's `language`, else the environment (`LANG`).

Translations live in gettext catalogues (`museumgen/locale/<ll_CC>/LC_MESSAGES/museumgen.po`),
read with Babel: the format translators' tools (Poedit, Weblate) edit, and one that
`pybabel extract` keeps up to date. English is the source language and has no catalogue.
"""

from __future__ import annotations

import contextvars
import functools
import os
import string
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ENGLISH = "en"
LOCALE_FOLDER = Path(__file__).parent / "locale"
DOMAIN = "museumgen"
# The languages messages can be shown in, English first.
MESSAGE_LANGUAGES = (ENGLISH, "zh-CN")

_language: contextvars.ContextVar[str] = contextvars.ContextVar("message_language", default=ENGLISH)


class Message(str):
    """A text for staff: its English text, and what it takes to say it in another language."""

    template: str
    fields: Mapping[str, Any]
    plural: str | None
    number: int | None  # of a plural message; not `count`, which would hide `str.count`

    def __new__(cls, template: str, fields: Mapping[str, Any], plural: str | None = None, count: int | None = None) -> Message:
        chosen = plural if plural is not None and count != 1 else template
        text = super().__new__(cls, _fill(chosen, fields, ENGLISH))
        text.template, text.fields, text.plural, text.number = template, dict(fields), plural, count
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        # Diagnostics found in a worker process travel back with their translations intact.
        return (Message, (self.template, self.fields, self.plural, self.number))

    def __add__(self, other: str) -> str:
        return Joined(self, other)

    def __radd__(self, other: str) -> str:
        return Joined(other, self)

    def translated(self, language: str) -> str:
        """This message in `language`, or in English where the catalogue has no translation."""
        if language == ENGLISH:
            return str.__str__(self)
        catalogue = _catalogue(catalogue_language(language))
        entry = catalogue.get(self.template)
        if entry is None:
            return _fill(self.plural if self.plural is not None and self.number != 1 else self.template, self.fields, language)
        if isinstance(entry, tuple):  # plural forms: every language we have uses one or two
            form = entry[0] if self.number == 1 or len(entry) == 1 else entry[1]
            return _fill(form, self.fields, language)
        return _fill(entry, self.fields, language)


class Joined(str):
    """Texts put side by side (a message and a hint), each shown in the chosen language."""

    parts: tuple[str, ...]

    def __new__(cls, *parts: str) -> Joined:
        text = super().__new__(cls, "".join(str.__str__(part) for part in parts))
        text.parts = tuple(part for joined in parts for part in (joined.parts if isinstance(joined, Joined) else (joined,)))
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (Joined, self.parts)

    def __add__(self, other: str) -> str:
        return Joined(self, other)

    def __radd__(self, other: str) -> str:
        return Joined(other, self)

    def translated(self, language: str) -> str:
        return "".join(shown(part, language) for part in self.parts)


def _(template: str, /, **fields: Any) -> Message:
    """A message for staff, written in English with `{named}` fields."""
    return Message(template, fields)


def _n(singular: str, plural: str, count: int, /, **fields: Any) -> Message:
    """A message that depends on a number: `_n("{count} error", "{count} errors", n)`."""
    return Message(singular, {"count": count, **fields}, plural, count)


def shown(text: object, language: str | None = None) -> str:
    """`text` as staff read it: a message in the chosen language; anything else as it is."""
    language = language or _language.get()
    if isinstance(text, Message | Joined):
        return text.translated(language)
    return str(text)


def _fill(template: str, fields: Mapping[str, Any], language: str) -> str:
    if not fields:
        return template
    return _Formatter(language).vformat(template, (), fields)


class _Formatter(string.Formatter):
    """Fills a template's fields, showing any field that is itself a message in the same language."""

    def __init__(self, language: str) -> None:
        self.language = language

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Message | Joined):
            return shown(value, self.language)
        return str(super().format_field(value, format_spec))


def current_language() -> str:
    return _language.get()


def set_language(language: str) -> None:
    """Show messages in `language` from now on (the command line does this once it knows)."""
    _language.set(message_language(language) or ENGLISH)


@contextmanager
def language(code: str) -> Iterator[None]:
    """Show messages in `code` inside the block."""
    token = _language.set(message_language(code) or ENGLISH)
    try:
        yield
    finally:
        _language.reset(token)


def message_language(code: str | None) -> str | None:
    """The message language for a BCP 47 tag or a POSIX locale name (`zh_CN.UTF-8`),
    or None when messages cannot be shown in it: `zh`, `zh-Hans`, `zh-CN` → `zh-CN`."""
    if not code:
        return None
    tag = code.split(".")[0].split("@")[0].replace("_", "-").lower()
    if tag in ("c", "posix", ""):
        return None
    for known in MESSAGE_LANGUAGES:
        if tag == known.lower() or tag.split("-")[0] == known.lower().split("-")[0]:
            if known.startswith("zh") and any(part in ("hant", "tw", "hk", "mo") for part in tag.split("-")[1:]):
                return None  # traditional Chinese readers are better served by English than by simplified
            return known
    return None


def environment_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The message language the environment asks for, as gettext reads it:
    `LANGUAGE` (a list), then `LC_ALL`, `LC_MESSAGES`, `LANG`."""
    environ = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if not value:
            continue
        for code in value.split(":"):
            found = message_language(code)
            if found:
                return found
        if name != "LANGUAGE":
            return None  # the first variable set decides, as in gettext
    return None


def catalogue_language(language: str) -> str:
    """The folder name of a language's catalogue: `zh-CN` → `zh_CN`."""
    return language.replace("-", "_")


@functools.cache
def _catalogue(folder: str) -> dict[str, str | tuple[str, ...]]:
    """A language's translations by English template; empty when there is no catalogue."""
    from babel.messages.pofile import read_po  # only when a message is shown in another language

    path = LOCALE_FOLDER / folder / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    found: dict[str, str | tuple[str, ...]] = {}
    for entry in catalogue:
        if not entry.id or entry.fuzzy:
            continue
        key = entry.id[0] if isinstance(entry.id, tuple | list) else entry.id
        if isinstance(entry.string, tuple | list):
            if all(entry.string):
                found[key] = tuple(entry.string)
        elif entry.string:
            found[key] = entry.string
    return found
