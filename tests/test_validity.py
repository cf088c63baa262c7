"""The Nu HTML Checker finds no error in any page of the example or the starter museum."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from museumgen.build import Options, build

from .browser import VNU, require
from .conftest import EXAMPLE

pytestmark = pytest.mark.browser


def html_errors(folder: Path) -> list[str]:
    require(VNU.is_file() and shutil.which("java") is not None, "the Nu HTML Checker (Java) is not installed")
    command = ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json", "--stdout", str(folder)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    messages = json.loads(result.stdout or '{"messages": []}')["messages"]
    prefix = folder.resolve().as_uri() + "/"
    return [f"{m.get('url', '').removeprefix(prefix)}:{m.get('lastLine', 0)}: {m['message']}" for m in messages]


def test_example_pages_are_valid(tmp_path: Path) -> None:
    build(EXAMPLE, tmp_path / "site", Options(date=dt.date(2026, 11, 25)))
    assert html_errors(tmp_path / "site") == []


def test_starter_pages_are_valid(starter: Path, tmp_path: Path) -> None:
    build(starter, tmp_path / "site", Options(date=dt.date(2026, 11, 25)))
    assert html_errors(tmp_path / "site") == []


def test_the_checker_does_find_errors(tmp_path: Path) -> None:
    (tmp_path / "bad.html").write_text("<!doctype html><html lang=en><title>x</title><p><div></p>", encoding="utf-8")
    assert html_errors(tmp_path) != []
