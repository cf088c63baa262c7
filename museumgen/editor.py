"""Help in the editor: JSON Schemas of `museum.yaml` and of each content kind, made from
the same models that check the museum, and the VS Code settings that apply them.

The Red Hat YAML extension for VS Code (and any editor using `yaml-language-server`)
then completes keys, shows each key's description on hover, and marks wrong types,
missing keys and unknown keys (`additionalProperties: false`, which it reports as a
warning, as museumgen does; it shows the others as warnings too). It reads `.yaml`
files only: front matter in `.md` files is not checked by it.

The schemas follow what museumgen accepts, not more: text may be written as a number
(`price: 20`), the shorthands (`cover: media/a.jpg`) are allowed, dates are text that
looks like one (YAML 1.2, as the extension reads it). Checks across keys and of values
(an end before its start, an accession number that does not exist) stay museumgen's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from museumgen.content.parse import read_source
from museumgen.docgen import MUSEUM, documents
from museumgen.errors import MuseumError
from museumgen.messages import _

FOLDER = ".vscode/museumgen"  # the schemas, inside the museum folder (the folder opened in VS Code)
SETTINGS = ".vscode/settings.json"
EXTENSIONS = ".vscode/extensions.json"
YAML_EXTENSION = "redhat.vscode-yaml"
DATE = r"^\d{4}-\d{2}-\d{2}$"
DATE_TIME = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$"


class _Written(GenerateJsonSchema):
    """Types as they are written in YAML: text also as a number, dates as text."""

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        found = super().str_schema(schema)
        return {**found, "type": ["string", "number"]}

    def date_schema(self, schema: core_schema.DateSchema) -> JsonSchemaValue:
        return {"type": "string", "pattern": DATE}

    def datetime_schema(self, schema: core_schema.DatetimeSchema) -> JsonSchemaValue:
        return {"type": "string", "pattern": DATE_TIME}


def schema_of(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema (draft 7, which the YAML extension reads) of a file `model` checks."""
    found = model.model_json_schema(ref_template="#/definitions/{model}", schema_generator=_Written)
    definitions = found.pop("$defs", {})
    tidy = _tidy({**found, "definitions": definitions} if definitions else found)
    return {"$schema": "http://json-schema.org/draft-07/schema#", **tidy}


def _tidy(node: Any) -> Any:
    """Unknown keys are warnings (as in museumgen), descriptions show as Markdown, a `$ref`
    with a description keeps it (draft 7 ignores what sits beside a `$ref`), no made-up titles."""
    if isinstance(node, list):
        return [_tidy(item) for item in node]
    if not isinstance(node, dict):
        return node
    tidied = {
        key: _tidy(value) if key not in ("properties", "definitions") else {k: _tidy(v) for k, v in value.items()}
        for key, value in node.items()
        if key != "title" and not (key == "default" and value in (None, [], {}))  # completing a key would write them
    }
    if tidied.get("additionalProperties") is True and "properties" in tidied:
        tidied["additionalProperties"] = False
    if "$ref" in tidied and len(tidied) > 1:
        tidied = {"allOf": [{"$ref": tidied.pop("$ref")}], **tidied}
    if isinstance(tidied.get("description"), str):
        tidied["markdownDescription"] = tidied["description"]
    return tidied


def translation(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema of a translation (`vase.en.md`, `museum.en.yaml`): it says only what
    differs from its original, so no key is required in it, nor in its groups of keys
    (read key by key over the original's); a list is written whole, so its items are."""
    definitions = schema.get("definitions", {})
    made: dict[str, Any] = {}
    partial = _partial(schema, definitions, made)
    return {**partial, "definitions": {**definitions, **made}} if definitions else partial


def _partial(schema: dict[str, Any], definitions: dict[str, Any], made: dict[str, Any]) -> dict[str, Any]:
    found = {key: value for key, value in schema.items() if key not in ("required", "definitions")}
    if "properties" in found:
        found["properties"] = {key: _relaxed(value, definitions, made) for key, value in found["properties"].items()}
    return found


def _relaxed(value: Any, definitions: dict[str, Any], made: dict[str, Any]) -> Any:
    """A key's schema with the groups of keys it may be made partial; lists left whole."""
    if not isinstance(value, dict):
        return value
    if "$ref" in value:
        name = value["$ref"].rsplit("/", 1)[1]
        part = f"{name}InTranslation"
        if part not in made:
            made[part] = {}  # a group of keys inside itself ends here
            made[part] = _partial(definitions[name], definitions, made)
        return {**value, "$ref": f"#/definitions/{part}"}
    return {key: [_relaxed(v, definitions, made) for v in found] if key in ("anyOf", "allOf") else found for key, found in value.items()}


def schemas(several_languages: bool) -> dict[str, dict[str, Any]]:
    """Each schema file by name, and the files of the museum folder it applies to
    (`fileMatch`, relative to the museum folder)."""
    found: dict[str, dict[str, Any]] = {}
    for name, model in documents().items():
        schema = schema_of(model)
        if name == MUSEUM:
            found["museum.schema.json"] = {**schema, "fileMatch": ["/museum.yaml"]}
            found["museum.translation.schema.json"] = {**translation(schema), "fileMatch": ["/museum.*.yaml"]}
            continue
        # `vase.en.yaml` and `vase.yaml` cannot be told apart by a pattern the extension
        # reads: with several languages, no key is required in either.
        own = translation(schema) if several_languages else schema
        found[f"{name}.schema.json"] = {**own, "fileMatch": [f"/{name}/{pattern}" for pattern in ("*.yaml", "*.yml", "**/*.yaml", "**/*.yml")]}
    return found


def editor_files(several_languages: bool, settings: dict[str, Any], extensions: dict[str, Any]) -> dict[str, str]:
    """Every file to write into the museum folder, by path, with its text: the schemas, and
    `settings` and `extensions` (what `.vscode/` holds already) with museumgen's entries."""
    files: dict[str, str] = {}
    associations: dict[str, list[str]] = {}
    for name, schema in schemas(several_languages).items():
        files[f"{FOLDER}/{name}"] = _json({key: value for key, value in schema.items() if key != "fileMatch"})
        associations[f"{FOLDER}/{name}"] = schema["fileMatch"]
    kept = {key: value for key, value in settings.get("yaml.schemas", {}).items() if not key.startswith(FOLDER + "/")}
    files[SETTINGS] = _json({**settings, "yaml.schemas": {**kept, **associations}})
    wanted = extensions.get("recommendations", [])
    files[EXTENSIONS] = _json({**extensions, "recommendations": [*wanted, *([YAML_EXTENSION] if YAML_EXTENSION not in wanted else [])]})
    return files


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_editor_files(folder: Path, several_languages: bool) -> list[str]:
    """Write the schemas and the VS Code settings into `folder`; the paths written."""
    for rel in (SETTINGS, EXTENSIONS, *(f"{FOLDER}/{name}" for name in schemas(several_languages))):
        if not (folder / rel).resolve().is_relative_to(folder.resolve()):  # `.vscode` from a pull request
            raise MuseumError.single(rel, 0, _("this is a link to a place outside the museum folder: delete the link, then run the command again"))
    files = editor_files(several_languages, _read_json(folder, SETTINGS, "yaml.schemas", dict), _read_json(folder, EXTENSIONS, "recommendations", list))
    try:
        for rel, text in files.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise MuseumError.outside(str(folder), _("cannot write the editor settings here: {reason}", reason=exc.strerror or str(exc))) from None
    return list(files)


def _read_json(folder: Path, rel: str, key: str, kind: type) -> dict[str, Any]:
    """A settings file's data, to keep; `{}` when there is none. One that is not plain JSON
    (VS Code allows comments in it) is left alone rather than rewritten without them."""
    path = folder / rel
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        data = None
    if not isinstance(data, dict) or not isinstance(data.get(key, kind()), kind):
        message = _("`{file}` is not plain JSON (it may have comments): remove them, or add what a new museum's has (`museumgen new`) to it by hand", file=rel)
        raise MuseumError.single(rel, 1, message)
    return data


def several_languages(folder: Path) -> bool:
    """Whether `museum.yaml` lists more than one language; one that cannot be read does not."""
    try:
        languages = read_source(folder / MUSEUM, MUSEUM).data.get("languages")
    except (MuseumError, OSError):
        return False
    return isinstance(languages, list) and len(languages) > 1
