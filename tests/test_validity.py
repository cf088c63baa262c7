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
from .links import unbrowsed

pytestmark = pytest.mark.browser


def nu_check(folder: Path) -> tuple[list[str], list[str]]:
    """The checker's errors in the pages below `folder`, and the pages it checked (paths
    relative to `folder`): it names each file as it reads it."""
    require(VNU.is_file() and shutil.which("java") is not None, "the Nu HTML Checker (Java) is not installed")
    # it names the files on stderr, in UTF-8 whatever the machine's locale (Java 17 and 18+)
    command = ["java", "-Dsun.stderr.encoding=UTF-8", "-Dstderr.encoding=UTF-8", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json", "--stdout", "--verbose", str(folder)]
    result = subprocess.run(command, capture_output=True, encoding="utf-8", check=False)
    messages = json.loads(result.stdout or '{"messages": []}')["messages"]
    prefix = folder.resolve().as_uri() + "/"
    errors = [f"{m.get('url', '').removeprefix(prefix)}:{m.get('lastLine', 0)}: {m['message']}" for m in messages]
    checked = sorted(Path(line).resolve().relative_to(folder.resolve()).as_posix() for line in result.stderr.splitlines() if line.endswith(".html") and Path(line).is_file())
    return errors, checked


def html_errors(folder: Path) -> list[str]:
    return nu_check(folder)[0]


def test_example_pages_are_valid(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(EXAMPLE, site, Options(date=dt.date(2026, 11, 25)))
    errors, checked = nu_check(site)
    assert errors == []
    # every page was read, the English ones too: the same pages as the Chinese, but the one 404 page
    assert checked == sorted(page.relative_to(site).as_posix() for page in site.rglob("*.html"))
    english = [page for page in checked if page.startswith("en/")]
    assert {"en/index.html", "en/collection/qx-0009-revolving-lantern/index.html", "en/news/春节开放安排/index.html"} <= set(english)
    assert len(unbrowsed(english)) == len(unbrowsed(checked)) - len(unbrowsed(english)) - 1


def test_starter_pages_are_valid(starter: Path, tmp_path: Path) -> None:
    build(starter, tmp_path / "site", Options(date=dt.date(2026, 11, 25)))
    assert html_errors(tmp_path / "site") == []


def test_the_checker_does_find_errors(tmp_path: Path) -> None:
    (tmp_path / "bad.html").write_text("<!doctype html><html lang=en><title>x</title><p><div></p>", encoding="utf-8")
    assert html_errors(tmp_path) != []
