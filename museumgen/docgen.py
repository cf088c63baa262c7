"""`docs/reference.md`, written from the schema so the documentation cannot drift.

Run `python -m museumgen.docgen > docs/reference.md` after changing the schema or the kinds;
a test fails while the file is out of date.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from museumgen.messages import _, shown
from museumgen.render.pages import tab_icons
from museumgen.schema import Museum
from museumgen.site.kinds import KINDS, Kind


def reference() -> str:
    lines = [
        "# Content reference",
        "",
        "Every key museumgen reads, file by file. This page is generated from the",
        "schema (`museumgen/schema/`) and the content kinds (`museumgen/site/kinds.py`):",
        "`python -m museumgen.docgen > docs/reference.md`. `museumgen keys` prints the same",
        "reference in a terminal, and `museumgen schema` gives it to VS Code (see commands.md).",
        "Keys marked **required** must be present; the others may be left out.",
        "",
    ]
    nested: dict[str, type[BaseModel]] = {}
    for name, schema in documents().items():
        facts = [*_kind_facts(KINDS[name]), ""] if name in KINDS else []
        lines += [f"## `{name if name == MUSEUM else name + '/'}`", "", (schema.__doc__ or "").strip(), "", *facts]
        lines += list(_table(schema, nested))
        if name == MUSEUM:
            lines += [_tab_icons(), ""]
    lines += ["## Groups of keys used above", ""]
    done: set[str] = set()
    while nested:
        name, schema = sorted(nested.items())[0]
        del nested[name]
        if name in done:
            continue
        done.add(name)
        lines += [f"### {name}", "", (schema.__doc__ or "").strip(), ""]
        lines += list(_table(schema, nested))
    return "\n".join(lines).rstrip() + "\n"


MUSEUM = "museum.yaml"


def documents() -> dict[str, type[BaseModel]]:
    """What each file museumgen reads keys from may say: `museum.yaml`, then each content
    kind's files, by the kind's name (its folder)."""
    return {MUSEUM: Museum, **{kind.name: kind.schema for kind in KINDS}}


def _tab_icons() -> str:
    return f"Tab icons (`tabs[].icon`): {', '.join(f'`{name}`' for name in tab_icons())}."


def keys(name: str | None = None) -> str:
    """The reference as plain text for a terminal (`museumgen keys`): every file, or the
    one named (`museum.yaml`, or a kind such as `exhibitions`), with the groups of keys it uses."""
    nested: dict[str, type[BaseModel]] = {}
    lines: list[str] = []
    for file, schema in documents().items():
        if name in (None, file):
            lines += [_plain((schema.__doc__ or "").strip()), "", *_plain_rows(schema, nested)]
            lines += [_plain(_tab_icons()), ""] if file == MUSEUM else []
    done: set[str] = set()
    while nested:
        group, schema = sorted(nested.items())[0]
        del nested[group]
        if group not in done:
            done.add(group)
            lines += [f"{group}: {_plain((schema.__doc__ or '').strip())}", "", *_plain_rows(schema, nested)]
    return "\n".join(lines).rstrip() + "\n"


def _plain_rows(schema: type[BaseModel], nested: dict[str, type[BaseModel]]) -> Iterator[str]:
    for key, info in schema.model_fields.items():
        kind = _plain(_type_name(info.annotation, nested))
        needed = shown(_("required")) if info.is_required() else ""
        yield f"  {key}  ({kind}{', ' + needed if needed else ''})"
        yield f"      {_plain(info.description or '')}{_plain(_default(info))}"
    yield ""


def _plain(text: str) -> str:
    """Markdown as a terminal shows it: links as their text, no bold."""
    return re.sub(r"\[([^\]]+)\]\(#[^)]*\)", r"\1", text).replace("**", "")


def _kind_facts(kind: Kind) -> list[str]:
    """Where a kind's pages go and what its references name, as its declaration says."""
    listed = f", listed at `/{kind.list_url}`" + (" (a page per `per_page` entries)" if kind.paginate else "") if kind.list_url else ""
    facts = [f"- Each file is a page at `/{kind.page_path('<file name>')}`{listed}."]
    if kind.key_field:
        facts.append(f"- Other entries name these by `{kind.key_field}` (in any case), not by file name.")
    for ref in kind.references:
        back = f"; each of those lists this one under `{ref.back}`" if ref.back else ""
        target = KINDS[ref.target]
        by = f"`{target.key_field}`" if target.key_field else "file name"
        facts.append(f"- `{ref.key}` names entries of `{target.name}/` by {by}{back}.")
    return facts


def _table(schema: type[BaseModel], nested: dict[str, type[BaseModel]]) -> Iterator[str]:
    yield "| key | type | meaning |"
    yield "|---|---|---|"
    for name, info in schema.model_fields.items():
        kind = _type_name(info.annotation, nested)
        required = " **required**" if info.is_required() else _default(info)
        yield f"| `{name}` | {kind} | {info.description or ''}{required} |"
    yield ""


def _default(info: FieldInfo) -> str:
    value = info.default
    if value is PydanticUndefined or value is None or info.default_factory is not None or value is False:
        return ""
    return f" Default: `{str(value).lower() if isinstance(value, bool) else value}`."


def _type_name(annotation: typing.Any, nested: dict[str, type[BaseModel]]) -> str:
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin is typing.Annotated:
        return _type_name(args[0], nested)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a, nested) for a in args)
    if origin is list:
        return f"list of {_type_name(args[0], nested)}"
    if origin is dict:
        return "keys and values"
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        nested[annotation.__name__] = annotation
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    names = {"str": "text", "int": "number", "float": "number", "bool": "`true`/`false`", "date": "date", "datetime": "date and time"}
    return names.get(getattr(annotation, "__name__", ""), str(annotation))


if __name__ == "__main__":
    print(reference(), end="")
