from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from museumgen.starter import create_starter

BUILD_DATE = dt.date(2026, 11, 25)
REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "qingxi"


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    """A fresh starter museum, as `museumgen new` makes it, dated for repeatable tests."""
    folder = tmp_path / "museum"
    create_starter(folder, "测试博物馆", "zh-CN", today=BUILD_DATE)
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
