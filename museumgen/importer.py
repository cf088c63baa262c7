"""`museumgen import`: a museum's inventory spreadsheet becomes files in its `collection/` folder.

Read everything, then write anything: the sheet is read and every row checked first, and
one mistake in a cell means no file is written. What import wrote is remembered in
`collection/.import.json` (a hidden file, never published): the hash of each file as
written and of the row it came from. A file that no longer has the hash import gave it
was edited by hand since, and is left alone unless `--force` says otherwise; so is a
collection file written by hand that holds an accession number of the sheet.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from museumgen.content.inventory import (
    DEFAULT_MAPPING,
    Row,
    find_header,
    header_problems,
    mapping_from_yaml,
    read_rows,
)
from museumgen.content.itemfile import render
from museumgen.content.spreadsheet import read_sheet
from museumgen.errors import Diagnostic, MuseumError, Severity
from museumgen.messages import _, _n

FOLDER = "collection"
RECORD = f"{FOLDER}/.import.json"
RECORD_FORMAT = 1


class Action(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    EDITED = "edited"  # changed by hand since it was imported: left alone
    DELETED = "deleted"  # deleted by hand since it was imported: left alone
    OTHER = "other"  # the file name is taken by another object's file: left alone


@dataclass(frozen=True)
class Change:
    id: str
    rel: str  # of the collection file, in the museum folder
    action: Action
    where: str  # the row's accession-number cell
    row_changed: bool = True  # the row differs from the one last imported


@dataclass(frozen=True)
class Recorded:
    file: str
    written: str  # sha256 of the bytes import wrote
    row: str  # digest of the row's cells


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    writes: dict[str, bytes] = field(default_factory=dict)
    record: dict[str, Recorded] = field(default_factory=dict)
    gone: list[str] = field(default_factory=list)  # files of objects imported before and no longer in the sheet


@dataclass(frozen=True)
class Existing:
    """The collection folder as it is: each file's bytes, and the accession number it holds."""

    files: Mapping[str, bytes]
    ids: Mapping[str, str]  # accession number → file, for the files that have one


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def plan_import(rows: list[Row], existing: Existing, record: Mapping[str, Recorded], force: bool) -> Plan:
    """What to write for `rows`, given the files there are and what import wrote last time."""
    plan = Plan(record=dict(record))
    holders = {file: id for id, file in existing.ids.items()}
    for row in rows:
        recorded = record.get(row.id)
        rel = recorded.file if recorded else existing.ids.get(row.id, f"{FOLDER}/{row.stem}.md")
        data = render(row.data, row.body)
        action = _action(data, existing.files.get(rel), recorded, holders.get(rel, row.id) != row.id, force)
        plan.changes.append(Change(row.id, rel, action, row.where, recorded is None or recorded.row != row.digest))
        if action in (Action.CREATED, Action.UPDATED):
            plan.writes[rel] = data
        if action in (Action.CREATED, Action.UPDATED, Action.UNCHANGED):
            plan.record[row.id] = Recorded(rel, digest(data), row.digest)
    in_sheet = {row.id for row in rows}
    plan.gone = sorted(item.file for id, item in record.items() if id not in in_sheet and item.file in existing.files)
    return plan


def _action(data: bytes, current: bytes | None, recorded: Recorded | None, taken: bool, force: bool) -> Action:
    """`taken`: the file holds another accession number."""
    if current is not None and taken:
        return Action.OTHER
    if current is None:
        return Action.DELETED if recorded is not None and not force else Action.CREATED
    if current == data:
        return Action.UNCHANGED
    if force or (recorded is not None and digest(current) == recorded.written):
        return Action.UPDATED
    return Action.EDITED


def left_alone(plan: Plan) -> Iterator[Diagnostic]:
    """A warning at each file import did not write though the sheet would change it."""
    for change in plan.changes:
        if change.action is Action.EDITED and change.row_changed:
            yield _warning(change.rel, _("changed by hand since it was imported, so the changes in {where} are not brought in: copy them over, or import with `--force` to replace the file", where=change.where))
        elif change.action is Action.DELETED:
            yield _warning(change.rel, _("deleted since it was imported, so it is not written again: import with `--force` to bring it back ({where})", where=change.where))
        elif change.action is Action.OTHER:
            yield _warning(change.rel, _("this file holds another object, so {where} is not imported: rename one of the files", where=change.where))


def _warning(rel: str, message: str) -> Diagnostic:
    return Diagnostic(rel, 0, message, Severity.WARNING)


# The edges: reading the museum folder and the spreadsheet, writing the files.


@dataclass(frozen=True)
class Imported:
    sheet: str | None
    plan: Plan
    diagnostics: list[Diagnostic]
    written: bool  # False for a dry run


def import_spreadsheet(spreadsheet: Path, museum: Path, mapping: Path | None = None, sheet: str | None = None, force: bool = False, dry_run: bool = False) -> Imported:
    """Import `spreadsheet` into `museum`'s collection; raise `MuseumError` listing every problem."""
    if not (museum / "museum.yaml").is_file():
        raise MuseumError.outside(str(museum), _("no `museum.yaml` here: give the museum folder (one with museum.yaml) after the spreadsheet"))
    columns = {**DEFAULT_MAPPING, **(_read_mapping(mapping) if mapping is not None else {})}
    table = read_sheet(spreadsheet, sheet)
    header = find_header(table, columns)
    problems = list(header_problems(table, header, columns))
    rows, found = read_rows(table, header, media_files(museum))
    problems.extend(found)
    if any(problem.severity is Severity.ERROR for problem in problems):
        raise MuseumError(problems)
    folder = _collection(museum)
    record = read_record(museum)
    plan = plan_import(rows, read_existing(museum, folder, record), record, force)
    if not dry_run:
        write(museum, plan)
    return Imported(table.name, plan, [*problems, *left_alone(plan)], not dry_run)


def _read_mapping(path: Path) -> dict[str, str | None]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise MuseumError.outside(str(path), _("cannot read this mapping file: {reason}", reason=exc.strerror or str(exc))) from None
    except UnicodeDecodeError:
        raise MuseumError.outside(str(path), _("this mapping file is not UTF-8 text: save it as UTF-8 (in Notepad: Save as, Encoding UTF-8)")) from None
    return mapping_from_yaml(text, str(path))


def _collection(museum: Path) -> Path:
    """The collection folder, which must be in the museum folder (not a link out of it)."""
    folder = museum / FOLDER
    if folder.exists() and not folder.resolve().is_relative_to(museum.resolve()):
        raise MuseumError.outside(str(folder), _("this folder is a link to a place outside the museum folder: nothing is imported into it"))
    return folder


def media_files(museum: Path) -> dict[str, tuple[str, ...]]:
    """The museum's media files by lower-cased name: `a.jpg` → (`media/collection/a.jpg`, …)."""
    found: dict[str, list[str]] = {}
    root = museum / "media"
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders if not name.startswith((".", "_")))
        rel = Path(folder).relative_to(museum).as_posix()
        for name in sorted(files):
            if not name.startswith("."):
                found.setdefault(name.casefold(), []).append(f"{rel}/{name}")
    return {name: tuple(paths) for name, paths in found.items()}


def read_existing(museum: Path, folder: Path, record: Mapping[str, Recorded]) -> Existing:
    """Every `.md` file in the collection folder, and the accession numbers they hold
    (a file as import wrote it holds the one in the record: it is not read again)."""
    from museumgen.content.parse import read_source
    from museumgen.languages import known_language

    files: dict[str, bytes] = {}
    ids: dict[str, str] = {}
    owned = {item.file: (id, item.written) for id, item in record.items()}
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else ():
        rel = path.relative_to(museum).as_posix()
        if any(part.startswith((".", "_")) for part in path.relative_to(folder).parts) or not path.is_file():
            continue  # not content: the build skips it too
        files[rel] = path.read_bytes()
        if rel in owned and digest(files[rel]) == owned[rel][1]:
            ids.setdefault(owned[rel][0], rel)
            continue
        stem, _dot, last = path.stem.rpartition(".")
        if stem and known_language(last):
            continue  # a translation: its original holds the number
        try:
            held = read_source(path, rel, files[rel]).data.get("id")
        except MuseumError:
            continue  # the build will say what is wrong with it
        if held is not None:
            ids.setdefault(str(held), rel)
    return Existing(files, ids)


def read_record(museum: Path) -> dict[str, Recorded]:
    path = museum / RECORD
    if not path.is_file():
        return {}
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        return {str(id): Recorded(str(item["file"]), str(item["written"]), str(item["row"])) for id, item in data["items"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise MuseumError.outside(str(path), _("the record of the last import cannot be read: delete it and import with `--force` to start again (hand edits are then replaced)")) from None


def record_bytes(record: Mapping[str, Recorded]) -> bytes:
    items = {id: {"file": item.file, "written": item.written, "row": item.row} for id, item in sorted(record.items())}
    return (json.dumps({"format": RECORD_FORMAT, "items": items}, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write(museum: Path, plan: Plan) -> None:
    """Write the planned files, then the record; each file is replaced whole, never half-written."""
    for rel, data in sorted(plan.writes.items()):
        _write_file(museum, rel, data)
    _write_file(museum, RECORD, record_bytes(plan.record))


def _write_file(museum: Path, rel: str, data: bytes) -> None:
    path = museum / rel
    if path.is_symlink() or not path.parent.resolve().is_relative_to(museum.resolve()):
        raise MuseumError.outside(str(path), _("this is a link: import writes only ordinary files in the museum folder"))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.importing")
    temporary.write_bytes(data)
    os.replace(temporary, path)


_LISTED = 20  # files named one by one for each action; a first import of thousands says how many


def summary(imported: Imported, prefix: str = "") -> Iterator[str]:
    """What the import did (or, for a dry run, would do), for the command line."""
    done = {
        Action.CREATED: _("created") if imported.written else _("would create"),
        Action.UPDATED: _("updated") if imported.written else _("would update"),
    }
    for action, verb in done.items():
        changes = [change for change in imported.plan.changes if change.action is action]
        for change in changes[:_LISTED]:
            yield _("{verb} {file} ({where})", verb=verb, file=prefix + change.rel, where=change.where)
        if len(changes) > _LISTED:
            yield _("… and {count} more", count=len(changes) - _LISTED)
    counts = {action: sum(change.action is action for change in imported.plan.changes) for action in Action}
    kept = counts[Action.EDITED] + counts[Action.DELETED] + counts[Action.OTHER]
    where = _(" from sheet `{sheet}`", sheet=imported.sheet) if imported.sheet else ""
    yield _n(
        "{count} object read{where}: {created} created, {updated} updated, {unchanged} unchanged, {kept} left alone.",
        "{count} objects read{where}: {created} created, {updated} updated, {unchanged} unchanged, {kept} left alone.",
        len(imported.plan.changes), where=where, created=counts[Action.CREATED], updated=counts[Action.UPDATED], unchanged=counts[Action.UNCHANGED], kept=kept,
    )
    if imported.plan.gone:
        count = len(imported.plan.gone)
        yield _n(
            "{count} object imported before is no longer in the sheet; its file is left alone (delete it if the object should leave the site): {files}",
            "{count} objects imported before are no longer in the sheet; their files are left alone (delete them if the objects should leave the site): {files}",
            count, files=", ".join(prefix + rel for rel in imported.plan.gone[:_LISTED]) + (" …" if count > _LISTED else ""),
        )
    if not imported.written:
        yield _("Dry run: nothing was written.")
