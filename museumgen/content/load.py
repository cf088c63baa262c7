"""Load and validate each file on its own: YAML, the schema, unknown keys.

Checks that need the whole museum (references, duplicates, media) live in
`museumgen.site.model`. Every problem goes to the `Report`; nothing here raises for content.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from museumgen.content.discover import ContentFile
from museumgen.content.parse import Source, read_source
from museumgen.errors import Diagnostic, MuseumError, Report, did_you_mean
from museumgen.messages import Joined, _, _n
from museumgen.schema import Entry, KeyPath, Museum, Schema
from museumgen.workers import in_worker, map_chunks

MUSEUM_FILE = "museum.yaml"
# The longest exhibition text is a few tens of kilobytes; far larger files are mistakes
# (or attempts to exhaust the build's memory), and are refused before they are read.
MAX_CONTENT_BYTES = 2_000_000
T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class Loaded:
    """A content file whose data passed the schema."""

    file: ContentFile
    source: Source
    entry: Entry
    original: str | None = None  # for a translation: its original's file


def load_museum(root: Path, report: Report, defaults: Mapping[str, Any] | None = None) -> tuple[Museum, Source] | None:
    """Read and check `museum.yaml`, its keys over `defaults` (a network's)."""
    path = root / MUSEUM_FILE
    if not path.is_file():
        alternative = root / "museum.yml"
        if alternative.is_file():
            report.error("museum.yml", 0, _("rename this file to `{name}`", name=MUSEUM_FILE))
        else:
            report.error(MUSEUM_FILE, 0, _("no `{name}` in this folder: is it a museum folder? (`museumgen new` makes one)", name=MUSEUM_FILE))
        return None
    if not path.resolve().is_relative_to(root.resolve()):  # its values would be shown in messages and pages
        report.error(MUSEUM_FILE, 0, _("this file is a link to a place outside the museum folder: copy the file in instead"))
        return None
    source = _read(path, MUSEUM_FILE, report)
    if source is None:
        return None
    if defaults:
        source = dataclasses.replace(source, data=translated(dict(defaults), source.data))
    museum = validate(Museum, source, report)
    return (museum, source) if museum is not None else None


def load_museum_translations(
    root: Path, museum: Museum, source: Source, languages: tuple[str, ...], report: Report
) -> dict[str, tuple[Museum, Source]]:
    """`museum.yaml` in each language but the first: `museum.en.yaml` over it, or it as it is.

    A `museum.xx.yaml` for a language the site does not have is an error: its texts would
    silently go unpublished."""
    found: dict[str, tuple[Museum, Source]] = {}
    by_lower = {language.lower(): language for language in languages[1:]}
    for path in sorted(root.glob("museum.*.yaml")):
        code = path.name.removeprefix("museum.").removesuffix(".yaml")
        if code.lower() not in by_lower:
            report.error(path.name, 0, _("this is named as `museum.yaml` in `{code}`, which is not one of `languages` in museum.yaml: add it there, or remove the file", code=code))
            continue
        if not path.resolve().is_relative_to(root.resolve()):  # its values would be shown in messages and pages
            report.error(path.name, 0, _("this file is a link to a place outside the museum folder: copy the file in instead"))
            continue
        own = _read(path, path.name, report)
        if own is None:
            continue
        data = translated(source.data, own.data)
        data["base_url"] = museum.base_url  # one site: its address and its languages are the museum's
        for key in ("languages", "language"):  # checked in museum.yaml, once
            data.pop(key, None)
        merged = Source(path.name, data, own.lines, start_line=own.start_line)
        checked = validate(Museum, merged, report)
        if checked is not None:
            found[by_lower[code.lower()]] = (checked, merged)
    return {language: found.get(language, (museum, source)) for language in languages[1:]}


# Why an entry is not in the site, by (folder, slug) and ("collection", accession number).
LeftOut = dict[tuple[str, str], str]
DRAFT, BROKEN = "draft", "broken"


@dataclass(frozen=True)
class FileResult:
    """What loading one content file gave, kept so an unchanged file is not loaded again."""

    digest: bytes  # of the file's bytes
    loaded: Loaded | None
    left_out: tuple[tuple[tuple[str, str], str], ...]
    diagnostics: tuple[Diagnostic, ...]


# Loaded files by path, kept between builds by a long-running process (`museumgen serve`).
FileCache = dict[str, FileResult]


class FileKind(Protocol):
    """What loading needs of a content kind (`kinds.Kind` has it)."""

    @property
    def schema(self) -> type[Entry]: ...

    @property
    def key_field(self) -> str | None: ...  # a key other entries may name it by


def load_entries(
    files: list[ContentFile], kinds: Mapping[str, FileKind], report: Report, cache: FileCache | None = None
) -> tuple[list[Loaded], LeftOut]:
    """Read and check every content file. Drafts and files with errors are left out, and
    said so, so that references to them are not reported as a second problem.

    With a `cache`, a file whose bytes are unchanged is not parsed again, and the cache is
    updated to hold exactly the files given."""
    loaded: list[Loaded] = []
    left_out: LeftOut = {}
    originals = {(file.kind, file.slug): file for file in files if file.language is None}
    by_rel: dict[str, FileResult] = {}

    def load_translation(file: ContentFile) -> FileResult:
        original = originals.get((file.kind, file.slug))
        return _load_translation(file, kinds[file.kind], original, by_rel[original.rel] if original else None, cache)

    # Originals first: a translation is read over its original. (`build.load` pauses the
    # cycle collector meanwhile: all this lives on.)
    by_rel.update(_load_all([file for file in files if file.language is None], lambda file: _load_file(file, kinds[file.kind], cache), cache))
    by_rel.update(_load_all([file for file in files if file.language is not None], load_translation, cache))
    results = [by_rel[file.rel] for file in files]
    if cache is not None:
        cache.clear()
        cache.update((file.rel, result) for file, result in zip(files, results, strict=True))
    for result in results:
        report.extend(result.diagnostics)
        left_out.update(result.left_out)
        if result.loaded is not None:
            loaded.append(result.loaded)
    return loaded, left_out


# What a worker process sends back for one file: nothing for a result the cache holds
# already, else the result without its `ContentFile`, which this process has. The same
# result made in this process is kept whole.
_Sent = FileResult | tuple[bytes, Source | None, Entry | None, str | None, tuple[tuple[tuple[str, str], str], ...], tuple[Diagnostic, ...]] | None


def _load_all(files: list[ContentFile], load: Callable[[ContentFile], FileResult], cache: FileCache | None) -> Iterator[tuple[str, FileResult]]:
    """`load` over `files`, spread over the cores, by path, in order."""

    def load_range(chunk: range) -> list[_Sent]:
        return [_sent(load(files[index]), files[index], cache) for index in chunk]

    sent = chain.from_iterable(map_chunks(load_range, len(files), helping=True))
    return ((file.rel, _received(one, file, cache)) for file, one in zip(files, sent, strict=True))


def _sent(result: FileResult, file: ContentFile, cache: FileCache | None) -> _Sent:
    if not in_worker():
        return result
    if cache is not None and cache.get(file.rel) is result:
        return None
    loaded = result.loaded
    if loaded is None:
        return (result.digest, None, None, None, result.left_out, result.diagnostics)
    return (result.digest, loaded.source, loaded.entry, loaded.original, result.left_out, result.diagnostics)


def _received(sent: _Sent, file: ContentFile, cache: FileCache | None) -> FileResult:
    if isinstance(sent, FileResult):
        return sent
    if sent is None:
        assert cache is not None  # only a result the cache holds is sent as nothing
        return cache[file.rel]
    digest, source, entry, original, left_out, diagnostics = sent
    loaded = Loaded(file, source, entry, original) if source is not None and entry is not None else None
    return FileResult(digest, loaded, left_out, diagnostics)


def _load_file(file: ContentFile, kind: FileKind, cache: FileCache | None) -> FileResult:
    report = Report()
    raw = _read_bytes(file.path, file.rel, report)
    digest = hashlib.blake2b(raw, digest_size=16).digest() if cache is not None and raw is not None else b""
    known = cache.get(file.rel) if cache is not None and digest else None
    if known is not None and known.digest == digest:
        return known
    source = _parse(file.path, file.rel, raw, report) if raw is not None else None
    entry = validate(kind.schema, source, report) if source is not None else None
    if entry is not None and not entry.draft:
        return FileResult(digest, Loaded(file, source, entry), (), tuple(report.diagnostics))  # type: ignore[arg-type]
    reason = DRAFT if entry is not None else BROKEN
    left_out = [((file.kind, file.slug), reason)]
    key_field = kind.key_field  # references may name it by this key, too
    if key_field is not None:
        raw_key = source.data.get(key_field) if source is not None else _written_key(raw or b"", key_field)
        left_out.append(((file.kind, str(raw_key).casefold()), reason) if raw_key is not None else ((file.kind, UNREAD + file.rel), reason))
    return FileResult(digest, None, tuple(left_out), tuple(report.diagnostics))


# A broken file whose key could not be read is left out under this prefix and its path.
UNREAD = "?"


def _written_key(raw: bytes, key_field: str) -> str | None:
    """The value of `key_field` as a line of a file YAML could not read (`id: M-0002`),
    so that references to it are not reported as a second problem."""
    found = re.search(rf"^[ \t]*{re.escape(key_field)}[ \t]*[:：][ \t\u3000]*(['\"]?)(?P<value>[^'\"#\n]+?)\1[ \t]*$", raw.decode("utf-8", "replace"), re.MULTILINE)
    return found["value"] if found else None


def unread_files(left_out: LeftOut, kind: str) -> list[str]:
    """The files of `kind` left out with errors before their key could be read."""
    return [name.removeprefix(UNREAD) for (folder, name), _reason in left_out.items() if folder == kind and name.startswith(UNREAD)]


def _load_translation(file: ContentFile, kind: FileKind, original: ContentFile | None, known: FileResult | None, cache: FileCache | None) -> FileResult:
    """A translation: its own keys over its original's (see `translated`), its own body.

    A translation of a draft or broken original is left out with it, without a second message."""
    report = Report()
    if original is None or known is None:
        name = f"{file.slug}{file.path.suffix}"
        report.error(file.rel, 0, _("there is no `{name}` beside this file for it to translate: a translation is named like its original, with the language added", name=name))
        return FileResult(b"", None, (), tuple(report.diagnostics))
    if known.loaded is None:
        return FileResult(b"", None, (), ())
    raw = _read_bytes(file.path, file.rel, report)
    digest = hashlib.blake2b((raw or b"") + known.digest, digest_size=16).digest() if cache is not None and raw is not None else b""
    cached = cache.get(file.rel) if cache is not None and digest else None
    if cached is not None and cached.digest == digest:
        return cached
    own = _parse(file.path, file.rel, raw, report) if raw is not None else None
    if own is None:
        return FileResult(digest, None, (), tuple(report.diagnostics))
    source = Source(file.rel, translated(known.loaded.source.data, own.data), own.lines, own.body, own.body_line, own.start_line)
    entry = validate(kind.schema, source, report)
    loaded = Loaded(file, source, entry, original.rel) if entry is not None and not entry.draft else None
    return FileResult(digest, loaded, (), tuple(report.diagnostics))


def translated(original: dict[str, Any], translation: dict[str, Any]) -> dict[str, Any]:
    """The data of a translation: what it says over what its original says. Groups of keys
    are read key by key (a translated `hours: {note: ...}` keeps the original's `weekly`);
    text and lists are taken whole from the translation."""
    merged = dict(original)
    for key, value in translation.items():
        before = merged.get(key)
        merged[key] = translated(before, value) if isinstance(before, dict) and isinstance(value, dict) else value
    return merged


def _read(path: Path, rel: str, report: Report) -> Source | None:
    raw = _read_bytes(path, rel, report)
    return _parse(path, rel, raw, report) if raw is not None else None


def _read_bytes(path: Path, rel: str, report: Report) -> bytes | None:
    """The file's bytes, or None after reporting why they cannot be had: files over
    `MAX_CONTENT_BYTES` are refused before they are read."""
    try:
        size = path.stat().st_size
        if size > MAX_CONTENT_BYTES:
            report.error(rel, 0, _("this file is {size} MB; content files may be at most {limit} MB: shorten it, or put large material in media/", size=format(size / 1e6, ".1f"), limit=format(MAX_CONTENT_BYTES / 1e6, ".0f")))
            return None
        return path.read_bytes()
    except OSError as exc:
        report.error(rel, 0, _("cannot read this file: {problem}", problem=str(exc.strerror)))
        return None


def _parse(path: Path, rel: str, raw: bytes, report: Report) -> Source | None:
    try:
        return read_source(path, rel, raw)
    except MuseumError as exc:
        report.extend(exc.diagnostics)
        return None


def validate(schema: type[T], source: Source, report: Report) -> T | None:
    """`source.data` as a `schema` instance, or None with every problem reported."""
    try:
        value = schema.model_validate(source.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            _report_error(error, schema, source, report)
        for key in source.data.keys() - schema.model_fields.keys():
            _report_unknown(key, (key,), schema.model_fields, source, report)
        return None
    _report_unknown_keys(value, (), source, report)
    problems = list(value.problems()) if isinstance(value, Schema) else []
    for key_path, message in problems:
        report.error(source.path, source.line_of(key_path), message)
    return value


def _report_error(error: Any, schema: type[BaseModel], source: Source, report: Report) -> None:
    loc, message = described(error)
    if error["type"] == "missing":
        report.error(source.path, source.line_of(loc[:-1]), message)
    else:
        report.error(source.path, source.line_of(loc), message)


def described(error: Any) -> tuple[KeyPath, str]:
    """One of pydantic's validation errors as the key it concerns and a message for staff."""
    loc: KeyPath = tuple(part for part in error["loc"] if not _is_internal(part))
    message = _friendly(error, loc)
    mentioned = re.match(r"`(\w+)`", message)
    if error["type"] == "value_error" and mentioned and not loc:
        loc = (mentioned[1],)  # a check across fields names the key to look at
    return loc, message


def _is_internal(part: Any) -> bool:
    # pydantic adds the name of a union member or validator to locations
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))


def _key_name(loc: KeyPath) -> str:
    parts = [f"[{p + 1}]" if isinstance(p, int) else p for p in loc]
    return ".".join(str(p) for p in parts).replace(".[", "[")


# The reasons pydantic gives for an impossible date that are worth showing staff.
_DATE_REASONS = {
    "month value is outside expected range of 1-12": _("month value is outside expected range of 1-12"),
    "day value is outside expected range": _("day value is outside expected range"),
    "hour value is outside expected range of 0-23": _("hour value is outside expected range of 0-23"),
    "minute value is outside expected range of 0-59": _("minute value is outside expected range of 0-59"),
    "second value is outside expected range of 0-59": _("second value is outside expected range of 0-59"),
}


def _friendly(error: Any, loc: KeyPath) -> str:
    """A message for staff, not programmers, for each kind of schema error."""
    kind, given = error["type"], error.get("input")
    key: str = f"`{_key_name(loc)}`" if loc else _("this file")
    if kind == "missing":
        return _("{key} is required: add `{name}: ...`", key=key, name=loc[-1]) if loc else _("required data is missing")
    if kind == "value_error":
        return _checked(error, loc, key)
    if kind.startswith("date"):
        return _bad_date(error, key, given)
    if kind.startswith("int") or kind.startswith("float"):
        return _("{key} should be a number, not `{given}`", key=key, given=given)
    if kind.startswith("bool"):
        return _("{key} should be `true` or `false`, not `{given}`", key=key, given=given)
    if kind in ("string_type", "str_type"):
        return _("{key} should be text, not a list or group of keys", key=key)
    if kind == "list_type":
        return _("{key} should be a list (lines starting with `- `)", key=key)
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return _("{key} should be a group of keys (like `name: ...` on the lines below it)", key=key)
    if kind == "literal_error":
        return _("{key} cannot be `{given}`: use {choices}", key=key, given=given, choices=_choices(error["ctx"]["expected"]))
    if kind == "too_short":
        least = error["ctx"]["min_length"]
        return _n("{key} needs at least {count} entry, or leave it out to use the default", "{key} needs at least {count} entries, or leave it out to use the default", least, key=key)
    if kind == "too_long":
        return _("{key} has too many entries: at most {most}", key=key, most=error["ctx"]["max_length"])
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return _out_of_range(kind, key, error["ctx"])
    return _("{key}: {message}", key=key, message=error["msg"])


def _checked(error: Any, loc: KeyPath, key: str) -> str:
    """A schema check's own message (a `Message`, kept so it can be shown translated),
    after the key it is about unless it starts with that key."""
    raised = error.get("ctx", {}).get("error")
    message = raised.args[0] if isinstance(raised, ValueError) and raised.args else str(error["msg"]).removeprefix("Value error, ")
    return message if not loc or message.startswith(f"`{loc[-1]}`") else _("{key}: {message}", key=key, message=message)


def _bad_date(error: Any, key: str, given: Any) -> str:
    reason = str(error.get("ctx", {}).get("error", ""))
    detail = _(" ({reason})", reason=_DATE_REASONS.get(reason, reason)) if "outside" in reason else ""
    if error["type"].startswith("datetime"):
        return _("{key} should be a date and time like `2026-05-01 14:30`, not `{given}`{detail}", key=key, given=given, detail=detail)
    return _("{key} should be a date like `2026-05-01`, not `{given}`{detail}", key=key, given=given, detail=detail)


def _out_of_range(kind: str, key: str, limits: dict[str, Any]) -> str:
    if kind == "greater_than_equal":
        return _("{key} is out of range: greater than or equal to {limit}", key=key, limit=limits["ge"])
    if kind == "less_than_equal":
        return _("{key} is out of range: less than or equal to {limit}", key=key, limit=limits["le"])
    if kind == "greater_than":
        return _("{key} is out of range: greater than {limit}", key=key, limit=limits["gt"])
    return _("{key} is out of range: less than {limit}", key=key, limit=limits["lt"])


def _choices(expected: str) -> str:
    """pydantic's `'bus', 'metro' or 'other'` as `` `bus`, `metro` or `other` ``."""
    values = [f"`{value}`" for value in re.findall(r"'([^']*)'", expected)]
    if len(values) < 2:
        return ", ".join(values) or expected
    return _("{some} or {last}", some=_listed(values[:-1]), last=values[-1])


def _listed(values: list[str]) -> str:
    """`a, b, c`, with the separator of the language it is shown in (`、` in Chinese)."""
    comma = _(", ")
    return Joined(values[0], *(part for value in values[1:] for part in (comma, value)))


def near_miss(key: str, known: Iterable[str]) -> str | None:
    """The known key that `key` is surely a misspelling of, or None.

    Near means one letter added, left out, changed or two swapped (`ends`, `venu`,
    `titel`), two for keys of eight letters or more, or the same key in other capitals or
    full-width letters (`Title`, `ｔｉｔｌｅ`). Keys further off (`title_en`) may be the
    museum's own fields, which templates can show, so they are only warned about."""
    folded = unicodedata.normalize("NFKC", key).casefold()
    best: tuple[int, str] | None = None
    for name in known:
        distance = _distance(folded, name)
        limit = 0 if len(folded) < 3 else 2 if len(name) >= 8 else 1
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, name)
    return best[1] if best is not None else None


def _distance(one: str, other: str) -> int:
    """Edits (insert, delete, change, swap two neighbours) that turn `one` into `other`."""
    previous, current = list(range(len(other) + 1)), [0] * (len(other) + 1)
    before: list[int] = []
    for i, a in enumerate(one, 1):
        current = [i] + [0] * len(other)
        for j, b in enumerate(other, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == other[j - 2] and one[i - 2] == b:
                current[j] = min(current[j], before[j - 2] + 1)
        before, previous = previous, current
    return previous[-1]


def _report_unknown(key: str, path: KeyPath, known: Iterable[str], source: Source, report: Report) -> None:
    """A near miss of a known key is an error (what it holds would be lost); another key is
    kept for templates as the museum's own field, with a warning in case it is a mistake."""
    line = source.line_of(path)
    meant = near_miss(key, known)
    if meant is not None:
        report.error(source.path, line, _("unknown key `{key}`: did you mean `{choice}`? Correct its spelling (as it is, it is not used)", key=key, choice=meant))
    else:
        report.warning(source.path, line, _("unknown key `{key}` is not shown by the built-in themes (a template of your own can use it){hint}", key=key, hint=did_you_mean(key, known)))


def _report_unknown_keys(value: BaseModel, path: KeyPath, source: Source, report: Report) -> None:
    for key in value.model_extra or {}:
        _report_unknown(key, path + (key,), type(value).model_fields, source, report)
    for name in type(value).model_fields:
        child = getattr(value, name)
        if isinstance(child, BaseModel):
            _report_unknown_keys(child, path + (name,), source, report)
        elif isinstance(child, list):
            for index, item in enumerate(child):
                if isinstance(item, BaseModel):
                    _report_unknown_keys(item, path + (name, index), source, report)
