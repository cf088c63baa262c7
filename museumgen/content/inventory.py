"""From a spreadsheet's cells to collection items: which column is which key, and what each cell says.

Pure functions: the sheet (see `spreadsheet`), the mapping and the names of the media
files go in; items and located problems come out. Every problem names its cell the way
Excel does (`藏品.xlsx:藏品!C12`), so staff can go straight to it.

Columns that map to no key are reported once, at their header, and left out: an
inventory holds what a public site must not show (storage place, valuation, insurer), so
a column is published only when it is named, here or in a mapping file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from museumgen.content.load import described
from museumgen.content.spreadsheet import Cell, Sheet, general
from museumgen.errors import Diagnostic, MuseumError, Severity, did_you_mean
from museumgen.messages import _
from museumgen.schema import CONTROL_CHARACTERS, Item, control_character
from museumgen.urls import unusable_on_windows

# The keys a column can fill, in the order they are written (that of the example museum).
KEYS = (
    "id", "title", "period", "date", "origin", "material", "dimensions", "category", "images", "alt",
    "credit", "rights", "tags", "summary", "featured", "draft", "order", "body",
)
_LISTS = frozenset({"images", "tags"})
_FLAGS = frozenset({"featured", "draft"})

_DEFAULT_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("藏品编号", "编号", "总登记号", "登记号", "藏品号", "文物编号", "馆藏编号", "accession number", "accession no.", "accession no", "object number", "inventory number", "id"),
    "title": ("名称", "藏品名称", "文物名称", "品名", "object name", "title", "name"),
    "period": ("年代", "时代", "朝代", "period", "dynasty", "era"),
    "date": ("日期", "纪年", "制作日期", "date", "date made"),
    "origin": ("来源", "出土地点", "出土地", "产地", "origin", "place made", "findspot", "find spot", "place"),
    "material": ("质地", "材质", "材料", "material", "materials", "medium"),
    "dimensions": ("尺寸", "尺寸规格", "规格", "dimensions", "size", "measurements"),
    "category": ("类别", "分类", "文物类别", "藏品类别", "category", "classification", "object type", "type"),
    "images": ("图片", "照片", "图像", "图片文件", "image", "images", "photo", "photos", "photograph"),
    "alt": ("图片说明", "图片描述", "alt", "alt text", "image description"),
    "credit": ("致谢", "credit", "credit line"),
    "rights": ("版权", "著作权", "rights", "copyright"),
    "tags": ("标签", "关键词", "关键字", "tags", "keywords"),
    "summary": ("摘要", "summary"),
    "featured": ("精品", "重点展示", "featured", "highlight"),
    "draft": ("草稿", "不发布", "draft"),
    "order": ("排序", "顺序", "order"),
    "body": ("描述", "简介", "说明", "介绍", "藏品描述", "description", "notes", "text"),
}


def header_name(text: str) -> str:
    """How headers are compared: full-width letters as half-width, any case, no spaces or closing colon."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", "", folded).rstrip(":")


DEFAULT_MAPPING: dict[str, str | None] = {header_name(name): key for key, names in _DEFAULT_NAMES.items() for name in names}


def mapping_from_yaml(text: str, where: str) -> dict[str, str | None]:
    """A mapping file's `header: key` lines (a key of `~` leaves the column out, without a warning)."""
    from museumgen.content.parse import load_yaml  # parse reads YAML the way content files are read

    data, lines = load_yaml(text, where)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise MuseumError.outside(where, _("a mapping file has lines `header: key`, e.g. `藏品编号: id`"), 1)
    problems = [
        Diagnostic(where, lines.get((str(header),), 0), _("`{key}` is not a key of a collection item (they are {keys})", key=key, keys=", ".join(KEYS)) + did_you_mean(str(key), KEYS), external=True)
        for header, key in data.items()
        if key is not None and str(key) not in KEYS
    ]
    if problems:
        raise MuseumError(problems)
    return {header_name(str(header)): None if key is None else str(key) for header, key in data.items()}


# Headers


@dataclass(frozen=True)
class Column:
    index: int
    header: str  # its heading as written (the lowest non-empty one)
    key: str | None
    label: str = ""  # its own heading under a merged group heading that named its key: `高` under `尺寸`


@dataclass(frozen=True)
class Header:
    row: int  # 0-based row of the lowest heading
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column | None:
        return next((column for column in self.columns if column.key == key), None)


_HEADER_SEARCH = 20  # rows looked at for the heading: a title row or two may come first


def find_header(sheet: Sheet, mapping: Mapping[str, str | None]) -> Header:
    """The row of headings: of the first rows, the one naming the most known columns."""
    best, score = -1, 0
    for row in range(min(len(sheet.rows), _HEADER_SEARCH)):
        found = sum(header_name(cell.text) in mapping for cell in sheet.rows[row])
        if found and found >= score:  # on a tie the lower row: the upper holds group headings
            best, score = row, found
    if best < 0:
        raise MuseumError.outside(sheet.where(0, 0), _("no row of column headings found (such as 藏品编号, 名称, 年代): add one, or give a mapping file with `--mapping`"))
    width = max(len(row) for row in sheet.rows)
    return Header(best, tuple(_column(sheet, best, index, mapping) for index in range(width)))


def _column(sheet: Sheet, row: int, index: int, mapping: Mapping[str, str | None]) -> Column:
    """A column named by its heading or, under a group heading, by the group's (`尺寸` over `长`, `宽`, `高`)."""
    headings = [sheet.cell(above, index).text.strip() for above in range(row, -1, -1)]
    headings = [text for text in dict.fromkeys(headings) if text]
    own = headings[0] if headings else ""
    for heading in headings:
        name = header_name(heading)
        if name in mapping:
            return Column(index, own, mapping[name], own if heading != own else "")
    return Column(index, own, None)


def header_problems(sheet: Sheet, header: Header, mapping: Mapping[str, str | None]) -> Iterator[Diagnostic]:
    """Missing `id` or `title` columns (errors), and columns left out (warnings)."""
    for key, what in (("id", _("accession numbers (`id`)")), ("title", _("names (`title`)"))):
        if header.column(key) is None:
            yield _error(sheet.where(header.row, 0), _("no column of {what}: name its heading as in the documentation (e.g. 藏品编号, 名称) or map it in a mapping file", what=what))
    keys: dict[str, Column] = {}
    for column in header.columns:
        if column.key is None and column.header and header_name(column.header) not in mapping:
            hint = did_you_mean(header_name(column.header), mapping)
            yield _warning(sheet.where(header.row, column.index), _("the column `{header}` is left out, as no key of a collection item is called that: to publish it, map it to a key in a mapping file (e.g. `{header}: body`), or to `~` to leave it out without this warning", header=column.header) + hint)
        elif not column.header and any(sheet.cell(row, column.index).text.strip() for row in range(header.row + 1, len(sheet.rows))):
            yield _warning(sheet.where(header.row, column.index), _("this column has no heading, so its cells are left out: give it one"))
        elif column.key in ("id", "title") and column.key in keys:
            yield _error(sheet.where(header.row, column.index), _("a second column of `{key}` (the first is {first}): map one of them to another key, or to `~` to leave it out", key=column.key, first=sheet.where(header.row, keys[column.key].index)))
        if column.key is not None:
            keys.setdefault(column.key, column)


# Rows


@dataclass(frozen=True)
class Row:
    """One object read from the spreadsheet."""

    id: str
    stem: str  # its file name in `collection/`, without `.md`
    data: dict[str, Any]  # front matter, in the order it is written
    body: str
    where: str  # its accession number's cell
    digest: str = field(default="")  # of the row's cells: tells a changed row from an unchanged one


def read_rows(sheet: Sheet, header: Header, media: Mapping[str, tuple[str, ...]]) -> tuple[list[Row], list[Diagnostic]]:
    """Every object of the sheet below `header`, and every problem found in its cells.
    `media` lists the museum's media files by lower-cased file name."""
    rows: list[Row] = []
    problems: list[Diagnostic] = []
    seen: dict[str, Row] = {}  # by file name: two rows must not make one file
    for index in range(header.row + 1, len(sheet.rows)):
        if not any(cell.text.strip() for cell in sheet.rows[index]):
            continue  # an empty row between groups of objects
        found = _row(sheet, header, index, media, problems)
        if found is None:
            continue
        first = seen.setdefault(found.stem.casefold(), found)
        if first is found:
            rows.append(found)
        else:
            problems.append(_clash(found, first))
    return rows, problems


def _row(sheet: Sheet, header: Header, index: int, media: Mapping[str, tuple[str, ...]], problems: list[Diagnostic]) -> Row | None:
    values: dict[str, Any] = {}
    wheres: dict[str, str] = {}
    for column in header.columns:
        if column.key is None:
            continue
        where = sheet.where(index, column.index)
        wheres.setdefault(column.key, where)
        cell = sheet.cell(index, column.index)
        if not cell.text.strip():
            continue
        value = _value(column.key, cell, where, media, problems)
        if value is not None:
            _add(values, column, value)
    id_where = wheres.get("id", sheet.where(index, 0))
    if "id" not in values:
        problems.append(_error(id_where, _("this row has no accession number (`id`): fill it in, or delete the row")))
        return None
    stem = file_stem(values["id"])
    if stem is None:
        problems.append(_error(id_where, _("the accession number `{id}` makes no usable file name: use letters or digits in it", id=values["id"])))
        return None
    data, body = _front_matter(values)
    if not _valid(data, wheres, id_where, problems):
        return None
    digest = _digest(sheet.rows[index])
    return Row(values["id"], stem, data, body, id_where, digest)


def _add(values: dict[str, Any], column: Column, value: Any) -> None:
    """A second column of the same key adds to the first: lists grow, descriptions gain a
    paragraph, texts under a group heading join with their own headings (`长 30，高 12`)."""
    key = column.key
    assert key is not None
    text = f"{column.label} {value}" if column.label and isinstance(value, str) and key not in ("body", "id", "title") else value
    if key not in values:
        values[key] = text
    elif key in _LISTS:
        values[key] = [*values[key], *text]
    elif key == "body":
        values[key] = f"{values[key]}\n\n{text}"
    elif key not in _FLAGS and key != "order":
        comma = ", " if f"{values[key]}{text}".isascii() else "，"
        values[key] = f"{values[key]}{comma}{text}"


def _value(key: str, cell: Cell, where: str, media: Mapping[str, tuple[str, ...]], problems: list[Diagnostic]) -> Any:
    """What one cell says for `key`, or None after reporting why it says nothing."""
    if cell.error:
        problems.append(_error(where, _("this cell shows the Excel error `{error}`: correct the formula or type the value", error=cell.text)))
        return None
    text = cell.text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if (found := CONTROL_CHARACTERS.search(text)) is not None:
        problems.append(_error(where, _("this cell holds an invisible control character ({code}): retype the text", code=control_character(found[0]))))
        return None
    reader = _READERS.get(key, _text)
    return reader(text, cell, where, media, problems)


def _text(text: str, cell: Cell, where: str, media: Mapping[str, tuple[str, ...]], problems: list[Diagnostic]) -> Any:
    return text


def _single_line(text: str, cell: Cell, where: str, media: Mapping[str, tuple[str, ...]], problems: list[Diagnostic]) -> Any:
    return " ".join(text.split())


def _id(text: str, cell: Cell, where: str, media: Mapping[str, tuple[str, ...]], problems: list[Diagnostic]) -> Any:
    if cell.number is not None and not cell.number.is_integer() and text == general(cell.number):
        problems.append(_warning(where, _("the accession number `{id}` is stored as a number, so Excel may have dropped zeros at its end (`1987.120` becomes `1987.12`): format the column as Text and type it again", id=text)))
    return " ".join(text.split())


# Dates typed as text, `1987/5/3`, `1987.5.3` or `1987-5-3`, are written `1987-05-03` like date cells.
_TEXT_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
# Excel counts days from 1899-12-30; below 10000 days (1927) a number is more likely a year.
_SERIALS = range(10_000, 2_958_466)


def _date(text: str, cell: Cell, where: str, media: Mapping[str, tuple[str, ...]], problems: list[Diagnostic]) -> Any:
    if cell.number is not None and not cell.date and cell.number.is_integer() and int(cell.number) in _SERIALS:
        day = (dt.date(1899, 12, 30) + dt.timedelta(days=int(cell.number))).isoformat()
        problems.append(_warning(where, _("`{number}` is read as an Excel date, {date}: format the column as Date so Excel shows it that way too", number=text, date=day)))
        return day
    found = _TEXT_DATE.fullmatch(text)
    if found:
        return f"{found[1]}-{int(found[2]):02d}-{int(found[3]):02d}"
    return " ".join(text.split())


_SEPARATORS = re.compile(r"[,，、;；\n]+")


def _tags(text: str, cell: Cell, where: str, media: Mapping[str, tuple[str, ...]], problems: list[Diagnostic]) -> Any:
    return [tag.strip() for tag in _SEPARATORS.split(text) if tag.strip()]


def _images(text: str, cell: Cell, where: str, media: Mapping[str, tuple[str, ...]], problems: list[Diagnostic]) -> Any:
    found = []
    for name in (name.strip() for name in re.split(r"[;；,，\n]+", text)):
        if name:
            path = _media_file(name, media, where, problems)
            if path is not None:
                found.append(path)
    return found


def _media_file(name: str, media: Mapping[str, tuple[str, ...]], where: str, problems: list[Diagnostic]) -> str | None:
    """`media/…` for an image named by its file name (or its path in `media/`)."""
    wanted = name.replace("\\", "/").removeprefix("./").removeprefix("media/")
    candidates = media.get(wanted.rsplit("/", 1)[-1].casefold(), ())
    matches = [path for path in candidates if path.casefold().endswith(("/" + wanted).casefold())]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        problems.append(_warning(where, _("no image `{name}` in the media folder: it is left out until the file is there (import again then)", name=name)))
    else:
        problems.append(_warning(where, _("several images are called `{name}` ({paths}): write its path in the media folder instead, e.g. `{path}`", name=name, paths=", ".join(matches), path=matches[0].removeprefix("media/"))))
    return None


_YES = frozenset({"是", "有", "√", "✓", "✔", "y", "yes", "true", "1", "对"})
_NO = frozenset({"否", "无", "×", "✗", "n", "no", "false", "0", "不"})


def _flag(text: str, cell: Cell, where: str, media: Mapping[str, tuple[str, ...]], problems: list[Diagnostic]) -> Any:
    word = text.casefold()
    if word in _YES or word in _NO:
        return word in _YES
    problems.append(_error(where, _("`{text}` is neither yes nor no: write 是 or 否", text=text)))
    return None


def _order(text: str, cell: Cell, where: str, media: Mapping[str, tuple[str, ...]], problems: list[Diagnostic]) -> Any:
    if re.fullmatch(r"[-+]?\d+", text):
        return int(text)
    problems.append(_error(where, _("`{text}` is not a whole number: the order is a number such as 1, 2, 3", text=text)))
    return None


_READERS = {
    "id": _id, "title": _single_line, "date": _date, "tags": _tags, "images": _images,
    "featured": _flag, "draft": _flag, "order": _order,
}


def _front_matter(values: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    """The item's keys in the written order, its images with alt text, and its body."""
    data: dict[str, Any] = {}
    for key in KEYS:
        if key in ("body", "alt") or key not in values or values[key] in ([], ""):
            continue
        data[key] = values[key]
    if "images" in data:  # the object's name describes its photograph until staff write better
        alt = values.get("alt") or values.get("title", "")
        data["images"] = [{"file": path, "alt": alt} for path in data["images"]]
    return data, values.get("body", "")


def _valid(data: dict[str, Any], wheres: Mapping[str, str], id_where: str, problems: list[Diagnostic]) -> bool:
    """Whether the collection's own schema takes the item; each refusal is put at its cell."""
    try:
        Item.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc, message = described(error)  # worded as for a content file, in the staff's language
            key = str(loc[0]) if loc else "id"
            where = wheres.get(key, id_where)
            if key == "title" and key not in data:
                problems.append(_error(where, _("this object has no name (`title`): fill it in")))
            else:
                problems.append(_error(where, _("this cell cannot be used for `{key}`: {reason}", key=key, reason=message)))
        return False
    return True


def _digest(cells: Iterable[Cell]) -> str:
    return hashlib.sha256(json.dumps([cell.text for cell in cells], ensure_ascii=False).encode()).hexdigest()[:16]


def file_stem(accession: str) -> str | None:
    """A file name for an accession number, safe on every system and as a web address:
    `QX/1987.120` → `qx-1987-120`. Dots go too, so `A.en` is never read as a translation."""
    from museumgen.content.discover import slug_for

    stem = re.sub(r"[^\w]+|_+", "-", slug_for(accession)).strip("-")[:100].strip("-")
    if not stem:
        return None
    return f"item-{stem}" if unusable_on_windows(stem) else stem


def _clash(row: Row, first: Row) -> Diagnostic:
    """Two rows with one accession number, or whose numbers make one file name (`A/1`, `a-1`)."""
    if first.id == row.id:
        return _error(row.where, _("the accession number `{id}` is also in {first}: each object needs its own", id=row.id, first=first.where))
    return _error(row.where, _("the accession numbers `{id}` and `{other}` ({first}) make the same file name `{name}`: change one of them", id=row.id, other=first.id, first=first.where, name=row.stem + ".md"))


def _error(where: str, message: str) -> Diagnostic:
    return Diagnostic(where, 0, message, Severity.ERROR, external=True)


def _warning(where: str, message: str) -> Diagnostic:
    return Diagnostic(where, 0, message, Severity.WARNING, external=True)
