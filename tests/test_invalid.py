"""Each folder of tests/invalid/ is a broken museum: `_base` plus the case's own files.

A case holds the files it adds or replaces (`PATH.delete` removes a base file), a
`strict` file to check with `--strict`, and `expected.txt`: exactly what `museumgen check`
prints. After changing a message on purpose, rewrite every expected.txt and review the diff:

    MUSEUMGEN_REGEN=1 python -m pytest tests/test_invalid.py
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from museumgen.build import Options, check
from museumgen.cli import main
from museumgen.errors import MuseumError

CASES = Path(__file__).resolve().parent / "invalid"
NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def assemble(case: Path, museum: Path) -> None:
    shutil.copytree(CASES / "_base", museum)
    for path in sorted(case.rglob("*")):
        rel = path.relative_to(case).as_posix()
        if path.is_dir() or rel in ("expected.txt", "strict"):
            continue
        if rel.endswith(".delete"):
            (museum / rel.removesuffix(".delete")).unlink()
            continue
        (museum / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, museum / rel)


@pytest.mark.parametrize("name", NAMES)
def test_invalid_case(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = CASES / name
    museum = tmp_path / "museum"
    assemble(case, museum)
    monkeypatch.chdir(museum)  # messages then start with the file's path in the museum
    args = ["check", "--date", "2026-11-25"] + (["--strict"] if (case / "strict").exists() else [])
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    lines = [line for line in result.output.splitlines() if not line.startswith(("Check failed", "No errors"))]
    if os.environ.get("MUSEUMGEN_REGEN"):
        (case / "expected.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert lines == expected
    has_errors = any(": warning: " not in line for line in expected) or (case / "strict").exists()
    assert result.exit_code == (1 if has_errors else 0)
    assert "Traceback" not in result.output


# Cases whose every message is worded by the schema, the themes or the build (the others
# are said by content reading and the model, whose messages are translated with them).
SAID_IN_CHINESE = ["bad-base-url", "bad-booking-url", "bad-colour", "bad-hours", "bad-timezone", "end-before-start", "impossible-date", "unknown-theme", "wrong-types"]


@pytest.mark.parametrize("name", SAID_IN_CHINESE)
def test_invalid_case_is_said_in_chinese(name: str, tmp_path: Path) -> None:
    museum = tmp_path / "museum"
    assemble(CASES / name, museum)
    with pytest.raises(MuseumError) as raised:
        check(museum, Options(date=dt.date(2026, 11, 25)))
    english = (CASES / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert [d.format() for d in raised.value.diagnostics] == english
    for diagnostic, line in zip(raised.value.diagnostics, english, strict=True):
        said = diagnostic.format(language="zh-CN")
        message = said.removeprefix(f"{diagnostic.path}:{diagnostic.line}: ")
        assert re.search("[\u4e00-\u9fff]", message) and said != line, said
        assert not re.search(r"\b(should|is|not|use|or)\b", re.sub("`[^`]*`", "", message)), said


def test_a_date_mistake_reads_naturally_in_chinese(tmp_path: Path) -> None:
    museum = tmp_path / "museum"
    assemble(CASES / "impossible-date", museum)
    with pytest.raises(MuseumError) as raised:
        check(museum, Options(date=dt.date(2026, 11, 25)))
    assert [d.format(language="zh-CN") for d in raised.value.diagnostics] == [
        "events/first-event.md:3: `start` 应该是像 `2026-05-01 14:30` 这样的日期和时间，不能是 `2026-12-25 25:00`",
        "news/welcome.md:3: `date` 应该是像 `2026-05-01` 这样的日期，不能是 `2026-02-30`（这个月没有这一天）",
    ]
