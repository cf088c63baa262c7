"""The editors' JSON Schemas say what museumgen says: every example file fits them, the
files of tests/staff that museumgen refuses for their keys do not, and an unknown key
is a warning in both (the YAML extension reports `additionalProperties` as a warning)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft7Validator, ValidationError

from museumgen.cli import main
from museumgen.content.parse import ExactBool, ExactFloat, ExactInt, read_source
from museumgen.docgen import MUSEUM, documents
from museumgen.editor import FOLDER, SETTINGS, editor_files, schema_of, several_languages, translation
from museumgen.languages import translation_of
from museumgen.starter import create_starter
from tests.test_staff import CASES, NAMES, assemble

from .conftest import BUILD_DATE, EXAMPLE, REPO


def written(value: Any) -> Any:
    """Data as the YAML extension reads it (YAML 1.2): numbers and booleans as themselves."""
    if isinstance(value, ExactBool):
        return bool(value)
    if isinstance(value, ExactInt):
        return int(value)
    if isinstance(value, ExactFloat):
        return float(value)
    if isinstance(value, dict):
        return {key: written(item) for key, item in value.items()}
    if isinstance(value, list):
        return [written(item) for item in value]
    return value


def files_of(folder: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each content file and museum.yaml of `folder`, by path, with the schema it is checked with."""
    languages = ("zh-CN", "en")
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        kind = rel.split("/")[0]
        if path.suffix not in (".md", ".yaml") or rel.startswith(("_", ".")) or (kind not in documents() and "/" in rel):
            continue
        model = documents()[kind if "/" in rel else MUSEUM]
        schema = schema_of(model)
        yield rel, translation(schema) if translation_of(path.stem, languages)[1] else schema


def problems(validator: Draft7Validator, data: Any) -> list[tuple[str, str]]:
    return [(severity(error), error.message) for error in validator.iter_errors(data)]


def severity(error: ValidationError) -> str:
    """As the YAML extension shows it: an unknown key is a warning; a choice (`anyOf`) one of
    whose branches fails only for unknown keys is that branch, so a warning too."""
    if error.validator == "additionalProperties":
        return "warning"
    if error.validator in ("anyOf", "oneOf") and error.context:
        branches: dict[Any, list[ValidationError]] = {}
        for inner in error.context:
            branches.setdefault(inner.relative_schema_path[0], []).append(inner)
        if any(all(severity(inner) == "warning" for inner in branch) for branch in branches.values()):
            return "warning"
    return "error"


def check_folder(folder: Path) -> dict[str, list[tuple[str, str]]]:
    found = {}
    for rel, schema in files_of(folder):
        Draft7Validator.check_schema(schema)
        data = written(read_source(folder / rel, rel).data)
        found[rel] = problems(Draft7Validator(schema), data)
    return found


def test_every_file_of_the_example_fits_its_schema() -> None:
    found = check_folder(EXAMPLE)
    assert len(found) > 60 and "museum.en.yaml" in found and "exhibitions/paper-and-ink.en.md" in found
    assert {rel: said for rel, said in found.items() if said} == {}


@pytest.mark.parametrize("languages", [("zh-CN",), ("en",), ("zh-CN", "en")])
def test_every_file_of_the_starter_fits_its_schema(tmp_path: Path, languages: tuple[str, ...]) -> None:
    create_starter(tmp_path / "m", "测试博物馆", languages, today=BUILD_DATE)
    found = check_folder(tmp_path / "m")
    assert len(found) >= 7
    assert {rel: said for rel, said in found.items() if said} == {}


# Cases museumgen refuses for what their keys say, which the schema should see too.
CAUGHT = {
    "wrong-types": {"events/first-event.md": "error", "exhibitions/first-exhibition.md": "error"},
    "missing-required": {"collection/first-object.md": "error", "events/first-event.md": "error", "news/welcome.md": "error"},
    "bad-colour": {"museum.yaml": "error"},
    "unknown-key": {"exhibitions/first-exhibition.md": "warning"},
    "unknown-nested-key": {"collection/first-object.md": "warning", "exhibitions/first-exhibition.md": "warning"},
}


def case_problems(name: str, museum: Path) -> dict[str, set[str]]:
    """What the schema finds in the files a case of tests/staff adds: severities by file."""
    assemble(CASES / name, museum)
    found: dict[str, set[str]] = {}
    for rel, schema in files_of(museum):
        if not (CASES / name / rel).exists():
            continue
        try:
            data = written(read_source(museum / rel, rel).data)
        except Exception:  # not YAML at all: museumgen says so, the extension too
            continue
        said = {level for level, _ in problems(Draft7Validator(schema), data)}
        if said:
            found[rel] = said
    return found


@pytest.mark.parametrize("name", sorted(CAUGHT))
def test_the_schema_finds_what_museumgen_finds_in_the_keys(name: str, tmp_path: Path) -> None:
    found = case_problems(name, tmp_path / "m")
    assert {rel: "error" if "error" in levels else "warning" for rel, levels in found.items()} == CAUGHT[name]


@pytest.mark.parametrize("name", NAMES)
def test_the_schema_never_refuses_what_museumgen_accepts(name: str, tmp_path: Path) -> None:
    """Where the editor marks an error, `museumgen check` reports one for that file; where
    a warning, a warning or an error."""
    expected = (CASES / name / "expected.en.txt").read_text(encoding="utf-8").splitlines()
    for rel, levels in case_problems(name, tmp_path / "m").items():
        said = [line for line in expected if line.startswith(rel + ":")]
        if "error" in levels:
            assert any(": warning: " not in line for line in said), (rel, said)
        assert said, rel


def test_the_example_holds_the_schemas_of_the_current_models() -> None:
    """examples/qingxi/.vscode is what `museumgen schema examples/qingxi` writes."""
    settings = json.loads((EXAMPLE / SETTINGS).read_text(encoding="utf-8"))
    files = editor_files(several_languages(EXAMPLE), {}, {})
    stale = [rel for rel, text in files.items() if not (EXAMPLE / rel).is_file() or (EXAMPLE / rel).read_text(encoding="utf-8") != text]
    assert not stale, "run: museumgen schema examples/qingxi"
    assert all(Path(EXAMPLE / path).is_file() for path in settings["yaml.schemas"])


def test_schema_keeps_other_settings_and_refuses_settings_with_comments(tmp_path: Path) -> None:
    create_starter(tmp_path / "m", "测试博物馆", "zh-CN", today=BUILD_DATE)
    settings = tmp_path / "m" / SETTINGS
    data = json.loads(settings.read_text(encoding="utf-8"))
    data["editor.wordWrap"] = "on"
    data["yaml.schemas"]["other.json"] = "/other.yaml"
    data["yaml.schemas"][f"{FOLDER}/gone.schema.json"] = "/gone.yaml"
    settings.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["schema", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    after = json.loads(settings.read_text(encoding="utf-8"))
    assert after["editor.wordWrap"] == "on" and after["yaml.schemas"]["other.json"] == "/other.yaml"
    assert f"{FOLDER}/gone.schema.json" not in after["yaml.schemas"] and f"{FOLDER}/museum.schema.json" in after["yaml.schemas"]
    settings.write_text('{\n  // mine\n  "editor.wordWrap": "on"\n}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["schema", str(tmp_path / "m")])
    assert result.exit_code == 1 and "not plain JSON" in result.output
    assert "// mine" in settings.read_text(encoding="utf-8")


def test_schema_needs_a_museum_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["schema", str(tmp_path)])
    assert result.exit_code == 1 and "no museum.yaml" in result.output
    assert not (tmp_path / ".vscode").exists()


def test_keys_prints_the_reference_of_one_file_or_all() -> None:
    one = CliRunner().invoke(main, ["keys", "exhibitions"])
    assert one.exit_code == 0 and "curator" in one.output and "Person" in one.output and "booking_url" not in one.output
    every = CliRunner().invoke(main, ["keys"])
    assert every.exit_code == 0 and "booking_url" in every.output and "accession" in every.output.lower()
    wrong = CliRunner().invoke(main, ["keys", "exhibition"])
    assert wrong.exit_code == 2 and "exhibitions" in wrong.output


def test_a_build_at_a_terminal_says_how_to_look_at_the_site(starter: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("museumgen.cli._at_a_terminal", lambda: True)
    result = CliRunner().invoke(main, ["build", str(starter), "--date", "2026-11-25"])
    assert result.exit_code == 0 and f"museumgen serve {starter.as_posix()}" in result.output and "directory_urls: false" in result.output
    museum = starter / "museum.yaml"
    museum.write_text(museum.read_text(encoding="utf-8") + "directory_urls: false\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(starter), "--date", "2026-11-25"])
    assert result.exit_code == 0 and "museumgen serve" not in result.output


@pytest.mark.parametrize(
    "text", ["2026-05-01", "2026-05-01 14:00", "2026-05-01T14:00", "2026-05-01 14:00:30", "2026-05-01 14:00+08:00", "2026-05-01 14:00:00.5Z", "2026-5-1", "2026-05-01 9:00", "下周六"]
)
def test_a_date_and_time_fits_the_schema_when_museumgen_reads_it(text: str) -> None:
    import re

    from pydantic import ValidationError as Invalid

    from museumgen.editor import DATE_TIME
    from museumgen.schema import Event

    try:
        Event.model_validate({"title": "t", "start": text})
        read = True
    except Invalid:
        read = False
    assert bool(re.match(DATE_TIME, text)) == read


LANGUAGE_SERVER = REPO / "node_modules" / "yaml-language-server"


def language_server(folder: Path, *files: str) -> tuple[dict[str, str | None], set[tuple[str, int]]]:
    """What VS Code's YAML extension says of `files`: the hover text of the first key, and
    the lines it marks."""
    from .browser import require

    require(LANGUAGE_SERVER.is_dir() and shutil.which("node") is not None, "the YAML language server is not installed")
    run = subprocess.run(["node", str(REPO / "tests" / "yaml-language-server.js"), str(folder), *files], capture_output=True, text=True, timeout=60, check=True)
    said = [json.loads(line) for line in run.stdout.splitlines()]
    return {s["file"]: s["hover"] for s in said if "hover" in s}, {(s["file"], s["line"]) for s in said if "line" in s}


@pytest.mark.browser
def test_the_yaml_extension_reads_the_schemas_as_museumgen_means_them(tmp_path: Path) -> None:
    hovers, marked = language_server(EXAMPLE, "museum.yaml", "museum.en.yaml")
    assert not marked
    assert hovers["museum.yaml"] and "Full name" in hovers["museum.yaml"]
    museum = tmp_path / "m"
    create_starter(museum, "测试博物馆", "zh-CN", today=BUILD_DATE)
    text = (museum / "museum.yaml").read_text(encoding="utf-8")
    broken = text.replace('primary: "#8c2f1b"', "primary: red").replace("free: true", "free: maybe") + "per_page: many\nfacilites: [x]\n"
    (museum / "museum.yaml").write_text(broken, encoding="utf-8")
    (museum / "collection" / "vase.yaml").write_text("id: 1987.120\ntitle: 瓶\nimages: media/object.jpg\nstrat: 1\n", encoding="utf-8")
    (museum / "news" / "none.yaml").write_text("date: 2026-05-01\n", encoding="utf-8")
    (museum / "events" / "talk.yaml").write_text("title: [a]\nstart: 2026-12-05 14:00\ncapacity: 很多\n", encoding="utf-8")
    files = ["museum.yaml", "collection/vase.yaml", "news/none.yaml", "events/talk.yaml"]
    _, marked = language_server(museum, *files)
    check = CliRunner().invoke(main, ["check", str(museum), "--date", "2026-11-25"])
    said = {(line.split(":")[0].removeprefix(museum.as_posix() + "/"), int(line.split(":")[1])) for line in check.output.splitlines() if line.startswith(museum.as_posix())}
    assert marked == said and len(said) == 8


def test_schema_never_writes_through_a_link_out_of_the_museum(tmp_path: Path) -> None:
    create_starter(tmp_path / "m", "测试博物馆", "zh-CN", today=BUILD_DATE)
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(tmp_path / "m" / ".vscode")
    (tmp_path / "m" / ".vscode").symlink_to(outside, target_is_directory=True)
    result = CliRunner().invoke(main, ["schema", str(tmp_path / "m")])
    assert result.exit_code == 1 and "outside the museum folder" in result.output
    assert not any(outside.iterdir())
