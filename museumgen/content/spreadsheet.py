"""Read an inventory spreadsheet (`.xlsx` or `.csv`) into a grid of cells as staff see them.

Each cell keeps the text Excel shows, not the value it stores: an accession number typed
as the number 1987.12 in a cell formatted `0.000` reads `1987.120`, and `00123` in a cell
formatted `00000` keeps its zeros. Date cells become `YYYY-MM-DD`. A merged cell's text
fills every cell it covers, so a group heading merged over three columns names all three,
and a category merged down ten rows belongs to each of them.

`.xlsx` is read with openpyxl (see docs/decisions.md: it gives number formats and merged
ranges); CSV is read as UTF-8 (with or without a byte order mark), else GB18030, the
encoding Excel and WPS save "CSV" in on Chinese Windows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from museumgen.errors import MuseumError, did_you_mean
from museumgen.messages import _

SUFFIXES = (".xlsx", ".xlsm", ".csv")
# An inventory of a hundred thousand objects is a few tens of megabytes; files or sheets
# far larger are mistakes (or attempts to exhaust the machine), refused before they are read.
MAX_FILE_BYTES = 100_000_000
MAX_UNPACKED_BYTES = 500_000_000  # an .xlsx is a zip: what its parts hold once unpacked
MAX_CELLS = 5_000_000


@dataclass(frozen=True)
class Cell:
    text: str = ""  # as the spreadsheet shows it
    number: float | None = None  # the number stored, when the cell holds one
    date: bool = False  # a date cell: `text` is `YYYY-MM-DD` (with ` HH:MM` when it has a time)
    error: bool = False  # Excel shows an error here (`#N/A`, `#REF!` …)


EMPTY = Cell()


@dataclass(frozen=True)
class Sheet:
    source: str  # the spreadsheet's path as the user gave it
    name: str | None  # the sheet's name; None for a CSV file
    rows: tuple[tuple[Cell, ...], ...]  # rows[0] is row 1

    def where(self, row: int, column: int) -> str:
        """The cell as staff find it in Excel: `藏品.xlsx:藏品!C12` (`藏品.csv:C12` for CSV); both 0-based."""
        cell = f"{column_letter(column)}{row + 1}"
        return f"{self.source}:{self.name}!{cell}" if self.name is not None else f"{self.source}:{cell}"

    def cell(self, row: int, column: int) -> Cell:
        cells = self.rows[row]
        return cells[column] if column < len(cells) else EMPTY


def column_letter(index: int) -> str:
    """`A` for 0, `Z` for 25, `AA` for 26."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    """The cells of `path`'s sheet named `sheet` (the first one by default)."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise MuseumError.outside(str(path), _("old Excel files (`.xls`) cannot be read: open it in Excel or WPS and save it as `.xlsx` or as CSV"))
    if suffix not in SUFFIXES:
        raise MuseumError.outside(str(path), _("not a spreadsheet museumgen reads: give an `.xlsx` or `.csv` file"))
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise MuseumError.outside(str(path), _("this file is larger than {size} MB: split the spreadsheet, or save it as CSV without pictures", size=MAX_FILE_BYTES // 1_000_000))
        raw = path.read_bytes()
    except OSError as exc:
        raise MuseumError.outside(str(path), _("cannot read this file: {reason}", reason=exc.strerror or str(exc))) from None
    if suffix == ".csv":
        return Sheet(str(path), None, _trimmed(csv_rows(raw)))
    return _read_workbook(raw, str(path), sheet)


# CSV


def decode(raw: bytes) -> str:
    """The text of a CSV file: UTF-16 or UTF-8 when it says so or reads as such, else GB18030."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def csv_rows(raw: bytes) -> list[list[Cell]]:
    text = decode(raw)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    return [[Cell(value) for value in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


# Excel


def _read_workbook(raw: bytes, source: str, wanted: str | None) -> Sheet:
    import openpyxl  # type: ignore[import-untyped]  # only when a workbook is read: building a site never needs it

    _check_unpacked_size(raw, source)
    try:
        with warnings.catch_warnings():  # openpyxl warns of features it drops (data validation, …)
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as exc:  # noqa: BLE001 - a damaged or disguised file raises anything from zipfile to KeyError
        raise MuseumError.outside(source, _("this is not an Excel workbook museumgen can read ({reason}): save it again as `.xlsx`", reason=type(exc).__name__)) from None
    names = book.sheetnames
    if wanted is not None and wanted not in names:
        listed = "、".join(names)
        raise MuseumError.outside(source, _("there is no sheet `{sheet}` (the sheets are {names})", sheet=wanted, names=listed) + did_you_mean(wanted, names))
    chosen = book[wanted] if wanted is not None else book.worksheets[0]
    if chosen.max_row * chosen.max_column > MAX_CELLS:  # every cell up to the last formatted one would be made
        raise MuseumError.outside(
            source,
            _("sheet `{sheet}` reaches row {rows} and column {column}: delete the empty rows and columns below and beside the inventory, or save it as CSV", sheet=chosen.title, rows=chosen.max_row, column=column_letter(chosen.max_column - 1)),
        )
    rows = [[_cell(cell) for cell in row] for row in chosen.iter_rows()]
    _fill_merged(rows, ((r.min_row, r.min_col, r.max_row, r.max_col) for r in chosen.merged_cells.ranges))
    return Sheet(source, chosen.title, _trimmed(rows))


def _check_unpacked_size(raw: bytes, source: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        return  # not a zip: openpyxl says so in its own words below
    if unpacked > MAX_UNPACKED_BYTES:
        raise MuseumError.outside(source, _("this workbook unpacks to more than {size} MB: split the spreadsheet, or save it as CSV without pictures", size=MAX_UNPACKED_BYTES // 1_000_000))


def _cell(cell: Any) -> Cell:
    value = cell.value
    if value is None:
        return EMPTY
    if cell.data_type == "e":
        return Cell(str(value), error=True)
    if isinstance(value, bool):
        return Cell("TRUE" if value else "FALSE")
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return Cell(iso(value), date=True)
    if isinstance(value, int | float):
        return Cell(shown_number(value, cell.number_format or "General"), number=float(value))
    return Cell(str(value))


def iso(value: dt.datetime | dt.date | dt.time) -> str:
    """`1987-05-03`, with the time when there is one: `1987-05-03 14:30`."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != dt.time() else value.strftime("%Y-%m-%d")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return value.isoformat()


# The number formats that decide how an accession number reads: zeros for digits,
# optionally with zeros after the point (`00000`, `0.000`). Others show as Excel's General.
_ZEROS = re.compile(r"(0+)(?:\.(0+))?")


def shown_number(value: float, number_format: str) -> str:
    """`value` as Excel shows it under `number_format`, for the formats accession numbers use."""
    found = _ZEROS.fullmatch(number_format.split(";")[0].strip())
    if found:
        digits, decimals = len(found[1]), len(found[2] or "")
        return f"{value:0{digits + (decimals + 1 if decimals else 0)}.{decimals}f}"
    return general(value)


def general(value: float) -> str:
    """Excel's General format, near enough: `123` for 123.0, `1987.12`."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def _fill_merged(rows: list[list[Cell]], ranges: Iterable[tuple[int, int, int, int]]) -> None:
    """Give every cell of a merged range the text of its top-left cell (ranges are 1-based)."""
    for top, left, bottom, right in ranges:
        if top > len(rows):
            continue
        first = rows[top - 1][left - 1] if left - 1 < len(rows[top - 1]) else EMPTY
        for row in rows[top - 1 : bottom]:
            row.extend([EMPTY] * (right - len(row)))
            row[left - 1 : right] = [first] * (right - left + 1)


def _trimmed(rows: Sequence[Sequence[Cell]]) -> tuple[tuple[Cell, ...], ...]:
    """Rows without the empty cells at their end, and without empty rows at the end
    (a sheet formatted far below its last object holds thousands of them)."""
    kept = [tuple(row[: _last_filled(row)]) for row in rows]
    while kept and not kept[-1]:
        kept.pop()
    return tuple(kept)


def _last_filled(row: Sequence[Cell]) -> int:
    for index in range(len(row) - 1, -1, -1):
        if row[index].text.strip():
            return index + 1
    return 0
