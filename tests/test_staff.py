"""Each folder of tests/staff/ is a museum with one mistake staff make: `_base` plus the case's own files.

A case holds the files it adds or replaces (`PATH.delete` removes a base file), a
`strict` file to check with `--strict`, and what `museumgen check` prints, exactly, in
each message language: `expected.en.txt` and `expected.zh-CN.txt`. After changing a
message or a translation on purpose, rewrite them all and review the diff:

    MUSEUMGEN_REGEN=1 python -m pytest tests/test_staff.py
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from museumgen.cli import main
from museumgen.messages import MESSAGE_LANGUAGES

CASES = Path(__file__).resolve().parent / "staff"
NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))
OWN_FILES = ("strict", *(f"expected.{code}.txt" for code in MESSAGE_LANGUAGES))
# English words that would mean a message, or part of one, was not translated.
UNTRANSLATED = re.compile(r"\b(should|is|not|use|or|the|no|file|warning|note)\b")


def assemble(case: Path, museum: Path) -> None:
    shutil.copytree(CASES / "_base", museum)
    for path in sorted(case.rglob("*")):
        rel = path.relative_to(case).as_posix()
        if path.is_dir() or rel in OWN_FILES:
            continue
        if rel.endswith(".delete"):
            (museum / rel.removesuffix(".delete")).unlink()
            continue
        (museum / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, museum / rel)


@pytest.mark.parametrize("code", MESSAGE_LANGUAGES)
@pytest.mark.parametrize("name", NAMES)
def test_staff_mistake(name: str, code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = CASES / name
    museum = tmp_path / "museum"
    assemble(case, museum)
    monkeypatch.chdir(museum)  # messages then start with the file's path in the museum
    args = ["check", "--date", "2026-11-25"] + (["--strict"] if (case / "strict").exists() else [])
    result = CliRunner().invoke(main, ["--lang", code, *args], catch_exceptions=False)
    lines = [line for line in result.output.splitlines() if not line.startswith(("Check failed", "No errors", "检查", "没有错误"))]
    expected_file = case / f"expected.{code}.txt"
    if os.environ.get("MUSEUMGEN_REGEN"):
        expected_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8").splitlines()
    assert lines == expected
    english = (case / "expected.en.txt").read_text(encoding="utf-8").splitlines()
    has_errors = any(": warning: " not in line and ": note: " not in line for line in english) or (case / "strict").exists()
    assert result.exit_code == (1 if has_errors else 0)
    assert "Traceback" not in result.output
    if code == "zh-CN":
        for line in lines:
            message = line.split(": ", 1)[-1]
            assert not UNTRANSLATED.search(re.sub(r"`[^`]*`|（.*）", "", message)), line
