from __future__ import annotations

import os
from pathlib import Path

import pytest

from museumgen.build import Options, build

from .conftest import tree
from .golden import EXAMPLE, GOLDEN, OPTIONS, build_example, expected, snapshot


def test_example_matches_golden_output(tmp_path: Path) -> None:
    # A missing tree is a failure, not a skip: a test that cannot fail protects nothing.
    assert (GOLDEN / "MEDIA_SIZES.tsv").is_file(), "tests/golden is missing: run `python -m tests.golden` and commit it"
    out = tmp_path / "site"
    build_example(out)
    actual, wanted = snapshot(out), expected()
    assert sorted(actual) == sorted(wanted), "files differ: regenerate with `python -m tests.golden` if intended"
    for rel in wanted:
        assert actual[rel] == wanted[rel], f"{rel} differs from tests/golden (regenerate: python -m tests.golden)"


def test_same_input_gives_identical_bytes(tmp_path: Path) -> None:
    build(EXAMPLE, tmp_path / "one", OPTIONS)
    build(EXAMPLE, tmp_path / "two", OPTIONS)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_source_date_epoch_sets_the_build_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 2026-11-25 00:30 in Shanghai is still 2026-11-24 in UTC: the museum's timezone decides.
    monkeypatch.setitem(os.environ, "SOURCE_DATE_EPOCH", "1795537800")
    build(EXAMPLE, tmp_path / "epoch", Options())
    build(EXAMPLE, tmp_path / "dated", OPTIONS)
    assert tree(tmp_path / "epoch") == tree(tmp_path / "dated")
