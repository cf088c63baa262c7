from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from museumgen.messages import set_language
from museumgen.starter import create_starter

BUILD_DATE = dt.date(2026, 11, 25)
# Made images go to a cache of this test run, not the user's own cache folder.
os.environ.setdefault("MUSEUMGEN_CACHE_DIR", tempfile.mkdtemp(prefix="museumgen-test-cache-"))
# Messages are compared in English unless a test asks for another language (`--lang`).
os.environ["MUSEUMGEN_LANG"] = "en"
REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "qingxi"


@pytest.fixture(autouse=True)
def english_messages() -> None:
    """Each test starts with messages in English, whatever an earlier command chose."""
    set_language("en")


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    """A fresh starter museum, as `museumgen new` makes it, dated for repeatable tests."""
    folder = tmp_path / "museum"
    create_starter(folder, "测试博物馆", "zh-CN", today=BUILD_DATE)
    return folder


@pytest.fixture
def museum(tmp_path: Path) -> Path:
    """A copy of the example museum, to edit."""
    folder = tmp_path / "museum"
    shutil.copytree(EXAMPLE, folder)
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- the browser tests' fixtures (see tests/browser.py) ---


@pytest.fixture(scope="session")
def chromium():  # type: ignore[no-untyped-def]
    from .browser import CHROMIUM, CHROMIUM_FLAGS, require

    require(Path(CHROMIUM).exists(), "Chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The example museum served at the root of a loopback server."""
    from .browser import serve_example

    yield from serve_example(tmp_path_factory.mktemp("root-site"), "")


@pytest.fixture(scope="session")
def sub_path_site(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The example museum served under /qingxi/, the path of its base_url."""
    from .browser import serve_example

    yield from serve_example(tmp_path_factory.mktemp("sub-path-site"), "qingxi")
