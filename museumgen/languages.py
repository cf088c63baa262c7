"""The languages of a site: which codes are real, how translations are named, where each
language's pages go, and what each language is called.

A site has one or more languages (`languages:` in `museum.yaml`); the first is the
default and sits at the root, each other under a prefix of its own (`/en/`). A
translation is a file beside the original with the language before the suffix:
`vase.en.md` translates `vase.md` (docs/decisions.md says why).
"""

from __future__ import annotations

import functools
import re

import babel

DEFAULT_LANGUAGE = "zh-CN"
# The shape of a BCP 47 tag as staff write them: `en`, `zh-CN`, `zh-Hant-TW`, `ug`.
_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@functools.lru_cache(maxsize=64)
def cldr_locale(code: str) -> babel.Locale | None:
    """CLDR's locale for `code`, else for its nearest parent (`en-CN` → `en`), else None.

    Parents are found by dropping subtags from the end, as BCP 47 lookup does (RFC 4647).
    """
    if not _TAG.match(code):
        return None
    subtags = code.split("-")
    while subtags:
        try:
            return babel.Locale.parse("-".join(subtags), sep="-")
        except (ValueError, babel.UnknownLocaleError):
            subtags.pop()
    return None


def known_language(code: str) -> bool:
    """Whether CLDR has locale data for the BCP 47 `code`, or for a parent of it."""
    return cldr_locale(code) is not None


def prefix(language: str, default: str) -> str:
    """Where a language's pages go: `""` for the default language, else `en/`."""
    return "" if language == default else language.lower() + "/"


def translation_of(stem: str, languages: tuple[str, ...]) -> tuple[str, str | None]:
    """A file name's stem as (the original's stem, the language it is a translation into).

    `vase.en` with `en` among `languages` is a translation; `vase` or `vase.v2` are not
    (the language is None). A code that is a real language but not the site's is
    returned too, for the caller to refuse."""
    base, dot, last = stem.rpartition(".")
    if not dot or not base:
        return stem, None
    by_lower = {code.lower(): code for code in languages}
    if last.lower() in by_lower:
        return base, by_lower[last.lower()]
    if known_language(last):  # a real language, if not the site's: the caller refuses it
        return base, last
    return stem, None


def language_names(codes: tuple[str, ...]) -> dict[str, str]:
    """The name of each language in itself, for the language switcher: 中文, English,
    ئۇيغۇرچە; with the script or region only where two languages would read the same
    (中文（简体）and 中文（繁體）)."""
    names = {code: _own_name(code, detailed=False) for code in codes}
    clashing = {name for name in names.values() if list(names.values()).count(name) > 1}
    return {code: _own_name(code, detailed=True) if name in clashing else name for code, name in names.items()}


def _own_name(code: str, detailed: bool) -> str:
    locale = cldr_locale(code)
    if locale is None:
        return code
    if detailed:
        return locale.get_display_name(locale) or code
    return locale.get_language_name(locale) or code


def language_tag(code: str) -> str:
    """The `og:locale` form of a language: `zh_CN`, `en`."""
    return code.replace("-", "_")
