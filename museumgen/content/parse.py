"""Read one content file: front matter as data with a line for every key, and the body.

YAML is loaded with the safe loader (the libyaml one when present) and a deliberately
small set of implicit types: `true`/`false`, `null`, decimal integers and floats.
Everything else stays text, so `no` stays "no", `09:30` is not sexagesimal 570, an
accession number `007` keeps its zeros (and `1987.120`, read as a number, keeps the text
it was written as wherever the schema wants text), and dates are parsed (and checked) by the schema
rather than by YAML, where an impossible date would otherwise crash the loader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from museumgen.errors import MuseumError
from museumgen.messages import _
from museumgen.schema import CONTROL_CHARACTERS, KeyPath, control_character

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Aliases are shared when constructed, but anything that walks the data visits every
# reference; this caps the walk so an "alias bomb" is an error, not a hang.
MAX_NODES = 100_000



class _TooLarge(Exception):
    pass


class ContentLoader(_BaseLoader):  # type: ignore[misc]
    """Safe YAML loader with a YAML 1.2-like core schema (see module docstring)."""


ContentLoader.yaml_implicit_resolvers = {}
ContentLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
ContentLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
ContentLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
ContentLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)
ContentLoader.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^<<$"), ["<"])


# Numbers and booleans keep the text they were written as. A field the schema declares
# as text then gets exactly that text (pydantic turns a number into text with `str`):
# accession number `1987.120` stays "1987.120", not the float's "1987.12", and `+5`,
# `1.50` or `TRUE` stay as typed. Everywhere else they are the numbers they look like.


class ExactInt(int):
    """An integer that remembers how it was written."""

    text: str

    def __new__(cls, value: int, text: str) -> ExactInt:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text

    def __getnewargs__(self) -> tuple[int, str]:  # type: ignore[override]
        return int(self), self.text


class ExactFloat(float):
    """A decimal number that remembers how it was written."""

    text: str

    def __new__(cls, value: float, text: str) -> ExactFloat:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text

    def __getnewargs__(self) -> tuple[float, str]:  # type: ignore[override]
        return float(self), self.text


class ExactBool(ExactInt):
    """`true` or `false` as written: 1 or 0 (which yes/no fields read as booleans), or its
    text in a text field. Python's `bool` cannot be subclassed, so it is an integer."""


def _construct(kind: type[ExactInt] | type[ExactFloat], base: Any) -> Any:
    def construct(loader: Any, node: ScalarNode) -> Any:
        return kind(base(loader, node), node.value)

    return construct


ContentLoader.add_constructor("tag:yaml.org,2002:int", _construct(ExactInt, SafeConstructor.construct_yaml_int))
ContentLoader.add_constructor("tag:yaml.org,2002:float", _construct(ExactFloat, SafeConstructor.construct_yaml_float))
ContentLoader.add_constructor("tag:yaml.org,2002:bool", _construct(ExactBool, SafeConstructor.construct_yaml_bool))


@dataclass
class Source:
    """A content file split into data and body, with lines for error messages."""

    path: str  # relative to the museum folder, forward slashes
    data: dict[str, Any]
    lines: dict[KeyPath, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line of the file where the body starts
    start_line: int = 1  # line of the opening `---` (or 1 for plain YAML)

    def line_of(self, key_path: KeyPath) -> int:
        """The line of `key_path`, or of its nearest parent that has one."""
        path = tuple(key_path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.start_line


def read_text(file: Path, rel: str, raw: bytes | None = None) -> str:
    """File contents as text with `\\n` line ends; invalid UTF-8 is a located error.

    `raw` is the file's bytes when the caller has already read them."""
    if raw is None:
        raw = file.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise MuseumError.single(
            rel, line, _("this file is not UTF-8 text: save it with UTF-8 encoding (some Windows editors save Chinese as GBK/ANSI)")
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = CONTROL_CHARACTERS.search(text)  # in the body as much as in the front matter
    if found:
        line = text[: found.start()].count("\n") + 1
        code = f"U+{ord(found[0]):04X}"
        raise MuseumError.single(
            rel, line, _("this line has an invisible control character ({code}): delete it (it often comes with text pasted from another program)", code=code)
        )
    return text


def split_front_matter(text: str, rel: str) -> tuple[str | None, str, int]:
    """Return (front matter YAML or None, body, first line of the body)."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            yaml_text = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return yaml_text, body, index + 2
    raise MuseumError.single(
        rel, 1, _("the front matter that starts here has no closing `---` line: add one after the last key")
    )


def load_yaml(text: str, rel: str, line_offset: int = 0) -> tuple[Any, dict[KeyPath, int]]:
    """Load one YAML document safely, with the line of every key and list item.

    `line_offset` is added to YAML's own 0-based line numbers to give file lines.
    """
    loader = ContentLoader(text)
    text_lines = text.split("\n")
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines: dict[KeyPath, int] = {}
        found = _index_lines(node, (), lines, line_offset + 1, [0], text_lines)
        if found:
            raise MuseumError.single(rel, *found)
        data = _constructed(loader, node)
    except _TooLarge:
        raise MuseumError.single(
            rel, line_offset + 1, _("the data is too large or nested too deeply (over {count} values)", count=format(MAX_NODES, ","))
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise MuseumError.single(rel, *_syntax_error(exc, text_lines, line_offset)) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        raise MuseumError.single(rel, line_offset + 1, _("YAML could not be read: {problem}", problem=str(exc))) from None
    finally:
        loader.dispose()
    return data, lines


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_OTHER_SCALARS = frozenset({"tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})


class _NotPlain(Exception):
    pass


def _constructed(loader: Any, node: Node) -> Any:
    """The data of `node`, as `loader.construct_document` makes it. Content is nearly always
    plain (texts, numbers, lists and groups of keys), which is made here in one walk, at a
    third of the cost; anything else (an alias, a merge key `<<`, another tag, a value
    that is not what its tag says) is left to PyYAML, which makes it, or says what is wrong."""
    try:
        return _plain(node, loader, set())
    except (_NotPlain, yaml.YAMLError, ValueError, TypeError, RecursionError):
        return loader.construct_document(node)


def _plain(node: Node, loader: Any, seen: set[int]) -> Any:
    if id(node) in seen:  # an alias: PyYAML makes it the same object
        raise _NotPlain
    seen.add(id(node))
    tag = node.tag
    if isinstance(node, ScalarNode):
        if tag == _STR:
            return node.value
        if tag in _OTHER_SCALARS:
            return loader.yaml_constructors[tag](loader, node)
    elif isinstance(node, SequenceNode) and tag == _SEQ:
        return [_plain(item, loader, seen) for item in node.value]
    elif isinstance(node, MappingNode) and tag == _MAP:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _OTHER_SCALARS and key_node.tag != _STR:
                raise _NotPlain  # a merge key, or a key PyYAML refuses or changes
            key = _plain(key_node, loader, seen)
            mapping[key] = _plain(value_node, loader, seen)
        return mapping
    raise _NotPlain


def _syntax_error(exc: yaml.MarkedYAMLError, text_lines: list[str], offset: int) -> tuple[int, str]:
    """The line and message of a YAML syntax error: the mistake staff made, when it is one
    we know, else YAML's own words. The problem is looked for where YAML stopped, then
    where what it was reading began (a key that lost its colon is only missed a line later)."""
    marks = [mark for mark in (exc.problem_mark, exc.context_mark) if mark is not None]
    for mark in marks:
        if mark.line < len(text_lines):
            mistake = line_mistake(text_lines[mark.line], exc.problem or "") or _indented_under_value(text_lines, mark.line)
            if mistake is not None:
                return mark.line + 1 + offset, mistake
    above = _line_before(text_lines, marks[0].line) if marks else None
    if above is not None and (mistake := line_mistake(text_lines[above])) is not None:  # `- file：…` is only missed on the line after
        return above + 1 + offset, mistake
    line = marks[0].line + 1 + offset if marks else offset + 1
    problem = exc.problem or "invalid YAML"
    return line, _("YAML syntax error: {problem}{hint}", problem=problem, hint=_yaml_hint(problem))


def _line_before(text_lines: list[str], index: int) -> int | None:
    """The index of the last line with text before line `index`."""
    return next((before for before in range(min(index, len(text_lines)) - 1, -1, -1) if text_lines[before].strip()), None)


def _yaml_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return _(' (put text that contains ": " in quotes)')
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return _(" (a bracket is not closed: close it, or put text that starts with one in quotes)")
    if "could not determine a constructor" in problem:
        return _(" (tags such as `!!python/...` are not allowed in content)")
    return ""


# `key: value` on one line, perhaps as a list item (`- key: value`).
_KEY_VALUE = re.compile(r"^[ \t]*(?:-[ \t]+)?(?P<key>[^\s:#'\"\[\]{},][^:#]*?)(?P<colon>:[ \t]+|:\u3000+|[ \t]*：[ \t\u3000]*)(?P<value>.*?)[ \t]*$")
# `venue:二号展厅`: no space after the colon, so YAML reads one text, not a key (`https://` is not one).
_NO_SPACE = re.compile(r"^[ \t]*(?:-[ \t]+)?(?P<key>[^\s:#'\"\[\]{},]+):(?P<value>[^\s/:].*?)[ \t]*$")
_CLOSERS = {"[": "]", "{": "}", '"': '"', "'": "'"}
_FULL_WIDTH_QUOTES = "“”‘’"


def line_mistake(line: str, problem: str = "") -> str | None:
    """What is wrong with a line YAML could not read, when it is a mistake staff often
    make (Chinese input methods type full-width punctuation), or None."""
    indent = line[: len(line) - len(line.lstrip(" \t\u3000"))]
    if "\t" in indent:
        return _("this line is indented with a tab: indent with spaces (YAML does not allow tabs)")
    if "\u3000" in indent:
        return _("this line is indented with a full-width space `\u3000`: indent with ordinary spaces")
    found = _KEY_VALUE.match(line)
    if found is None:
        unspaced = _NO_SPACE.match(line)
        if unspaced is not None:
            return _("`{key}:` needs a space after the colon: `{key}: {value}`", key=unspaced["key"], value=unspaced["value"])
        return None
    key, colon, value = found["key"], found["colon"], found["value"]
    if "：" in colon:
        return _("`{key}：` has a full-width colon `：`: type an ordinary colon and a space, `{key}: {value}`", key=key, value=value)
    if "\u3000" in colon:
        return _("`{key}:` is followed by a full-width space: type an ordinary space after the colon, `{key}: {value}`", key=key, value=value)
    if value[:1] in _CLOSERS and (len(value) == 1 or not value.endswith(_CLOSERS[value[0]])):
        return _unfinished(key, value)
    if "mapping values are not allowed" in problem and (": " in value or value.endswith(":")):
        return _colon_in_text(key, value)
    return None


def _unfinished(key: str, value: str) -> str:
    """A value that opens a quote, list or group and does not end with its close."""
    start, end = value[0], _CLOSERS[value[0]]
    if start in "\"'" and start not in value[1:]:
        return _("the quote `{quote}` after `{key}:` is not closed: add `{quote}` at the end of the text, `{key}: {value}{quote}`", quote=start, key=key, value=value)
    if start in "[{" and end not in value:
        return _("the `{bracket}` after `{key}:` is not closed: close it with `{closer}`, or, if this is text, put it all in quotes: `{key}: {quoted}`", bracket=start, closer=end, key=key, quoted=quoted(value))
    return _("`{key}`: a value that starts with `{start}` must end with `{end}`, so the text after it is left over: put the whole value in quotes, `{key}: {quoted}`", key=key, start=start, end=end, quoted=quoted(value))


def _colon_in_text(key: str, value: str) -> str:
    if value[:1] in _FULL_WIDTH_QUOTES:
        inner = value.strip(_FULL_WIDTH_QUOTES)
        return _("`{key}`: full-width quotes “ ” do not count as quotes in YAML, and the text has `: ` in it: use ordinary quotes, `{key}: {quoted}`", key=key, quoted=quoted(inner))
    return _("`{key}`: the text has `: ` in it, which YAML reads as another key: put the whole value in quotes, `{key}: {quoted}`", key=key, quoted=quoted(value))


def _indented_under_value(text_lines: list[str], index: int) -> str | None:
    """A key indented under a key that already has its value (`title: 展览` then `  id: …`)."""
    here = _KEY_VALUE.match(text_lines[index])
    above = next((line for line in reversed(text_lines[:index]) if line.strip() and not line.lstrip().startswith("#")), None)
    if here is None or above is None:
        return None
    key_above = _KEY_VALUE.match(above)
    if key_above is None or not key_above["value"] or here.start("key") <= key_above.start("key"):
        return None
    return _("`{key}` is indented more than `{above}` on the line above, which already has its value: start `{key}` in the same column as `{above}`", key=here["key"], above=key_above["key"])


def quoted(text: str) -> str:
    """`text` as a YAML quoted string: in double quotes unless it holds some."""
    if '"' in text or "\\" in text:
        return "'" + text.replace("'", "''") + "'"
    return f'"{text}"'


def _index_lines(
    node: Node, path: KeyPath, lines: dict[KeyPath, int], offset: int, count: list[int], text: list[str]
) -> tuple[int, str] | None:
    """Record the line of every key and item below `node`; return the line and message of
    the first problem: a key given twice, a control character (which a raw one in
    the file cannot be, see `read_text`, but an escape such as "\\x01" can), or YAML
    that was read but surely not as meant (`value_mistake`)."""
    count[0] += 1
    if count[0] > MAX_NODES:
        raise _TooLarge
    if isinstance(node, ScalarNode):
        control = control_character(node.value)
        if control is not None:
            where = _("`{key}` has", key=_name(path)) if path else _("this value has")
            return node.start_mark.line + offset, _("{where} an invisible control character ({control}): delete it, or the escape that makes it", where=where, control=control)
        mistake = value_mistake(node, path, text)
        if mistake is not None:
            return node.start_mark.line + offset, mistake
    elif isinstance(node, MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag.endswith(":merge"):
                continue
            key = key_node.value
            line = key_node.start_mark.line + offset
            control = control_character(key)
            if control is not None:
                return line, _("a key has an invisible control character ({control}): delete it, or the escape that makes it", control=control)
            if key.startswith("\u3000"):
                return line, _("this line is indented with a full-width space `\u3000`: indent with ordinary spaces")
            if key in seen:
                return line, _("`{key}` is given twice: keep one", key=key)
            seen.add(key)
            lines[path + (key,)] = line
            found = _index_lines(value_node, path + (key,), lines, offset, count, text)
            if found:
                return found
    elif isinstance(node, SequenceNode):
        mistake = value_mistake(node, path, text)
        if mistake is not None:
            return node.start_mark.line + offset, mistake
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + offset
            found = _index_lines(item, path + (index,), lines, offset, count, text)
            if found:
                return found
    return None


_FULL_WIDTH_LIST = re.compile(r"^[［【](?P<items>.*)[］】]$")
_LIST_SEPARATORS = re.compile(r"\s*[,，、]\s*")
_FULL_WIDTH_COMMA = re.compile("[，、]")
_ANY_COMMA = re.compile("[,，、]")
_COMMENT = re.compile(r"[ \t]*(#\S.*?)[ \t]*$")


def value_mistake(node: ScalarNode | SequenceNode, path: KeyPath, text: list[str]) -> str | None:
    """What YAML read other than staff meant, or None: a value after `#` (a comment, so
    the key is empty), a list in full-width brackets, or list items split by full-width commas."""
    if isinstance(node, SequenceNode):
        if node.flow_style and any(isinstance(item, ScalarNode) and not item.style and _FULL_WIDTH_COMMA.search(item.value) for item in node.value):
            items = [part for item in node.value if isinstance(item, ScalarNode) for part in _LIST_SEPARATORS.split(item.value)]
            return _("`{name}` has a full-width comma `，` between items, so they are read as one: separate them with ordinary commas, `[{items}]`", name=_name(path), items=", ".join(items))
        return None
    if node.style:  # quoted or a block of text: written as meant
        return None
    if node.value == "" and node.start_mark.line < len(text):
        comment = _COMMENT.match(text[node.start_mark.line][node.start_mark.column :])
        if comment is not None and path:
            key = next((part for part in reversed(path) if isinstance(part, str)), "")
            return _("`{name}` is empty: in YAML `#` starts a comment, so `{text}` was not read: put the value in quotes, `{key}: \"{text}\"`", name=_name(path), text=comment[1], key=key)
    listed = _FULL_WIDTH_LIST.match(node.value) if node.value[:1] in ("［", "【") else None  # most values: one look at the first character
    if listed is not None and (node.value[0] == "［" or _ANY_COMMA.search(listed["items"])):
        written = ", ".join(_LIST_SEPARATORS.split(listed["items"].strip()))
        return _("`{name}` is in full-width brackets `［ ］`, so it is read as text: write a list with ordinary brackets and commas, `[{items}]`", name=_name(path), items=written)
    return None


def _name(path: KeyPath) -> str:
    """`images[2].alt` for ("images", 1, "alt")."""
    return "".join(f"[{part + 1}]" if isinstance(part, int) else f".{part}" for part in path).lstrip(".")


def read_source(file: Path, rel: str, raw: bytes | None = None) -> Source:
    """Read a `.md` file with front matter, or a `.yaml` file that is all data (from `raw`,
    its bytes, when already read)."""
    text = read_text(file, rel, raw)
    if file.suffix.lower() in (".yaml", ".yml"):
        data, lines = _load_mapping(text, rel, 0)
        return Source(rel, data, lines, body="", body_line=1, start_line=1)
    if not text.strip():
        raise MuseumError.single(rel, 1, _("this file is empty: add `---`, `title: ...` and `---` lines, or delete the file"))
    yaml_text, body, body_line = split_front_matter(text, rel)
    if yaml_text is None:
        raise MuseumError.single(
            rel,
            1,
            _("this file has no front matter: start it with a `---` line, then keys such as `title: ...`, then another `---` line"),
        )
    data, lines = _load_mapping(yaml_text, rel, 1)
    return Source(rel, data, lines, body=body, body_line=body_line, start_line=1)


def _load_mapping(text: str, rel: str, line_offset: int) -> tuple[dict[str, Any], dict[KeyPath, int]]:
    data, lines = load_yaml(text, rel, line_offset)
    if data is None:
        return {}, lines
    if not isinstance(data, dict):
        for index, line in enumerate(text.split("\n")):  # `title：…` alone reads as one text, not as a key
            mistake = line_mistake(line)
            if mistake is not None:
                raise MuseumError.single(rel, index + 1 + line_offset, mistake)
        raise MuseumError.single(
            rel, line_offset + 1, _("expected keys and values (lines like `name: value`), found a single value or a list")
        )
    return {str(k): v for k, v in data.items()}, lines
