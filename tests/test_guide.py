"""The staff guide (docs/guide.md, docs/guide.zh-CN.md) as a newcomer follows it: every
command of its shell blocks run in order on a copy of examples/spreadsheet/, with the edits
its text asks for, ending in a built site with the spreadsheet's objects."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from museumgen.cli import main

from .conftest import BUILD_DATE, REPO

GUIDES = [REPO / "docs" / "guide.md", REPO / "docs" / "guide.zh-CN.md"]
SPREADSHEET = REPO / "examples" / "spreadsheet"
# Commands the test does not run, and why: installing (done), a server that runs until
# stopped (tests/test_serve.py), an upload to a host (tests/test_ci.py runs publish.sh).
NOT_RUN = ("python3 -m pip install .", "museumgen serve 松溪", "PUBLISH=")


def commands(guide: Path) -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", guide.read_text(encoding="utf-8"), re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_both_guides_give_the_same_commands() -> None:
    english, chinese = (commands(guide) for guide in GUIDES)
    assert english == chinese and len(english) >= 8


def test_every_picture_the_guides_show_is_there() -> None:
    for guide in GUIDES:
        for picture in re.findall(r"\]\((screenshots/[^)]+)\)", guide.read_text(encoding="utf-8")):
            assert (guide.parent / picture).is_file(), (guide.name, picture)


def test_following_the_guide_gives_a_site_of_the_spreadsheets_objects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "spreadsheet"
    shutil.copytree(SPREADSHEET, work)  # the photos are links: copied as the files they name
    subprocess.run(["git", "init", "-q", str(work)], check=True)  # the guide keeps the museum in Git
    monkeypatch.chdir(work)
    for line in commands(GUIDES[0]):
        if line.startswith(NOT_RUN):
            continue
        if line.startswith("cp "):
            for photo in sorted((work / "photos").iterdir()):
                shutil.copy(photo, work / "松溪" / "media" / photo.name)
            continue
        arguments = shlex.split(line)
        assert arguments[0] == "museumgen", line
        if arguments[1] in ("check", "build"):
            _edit_as_the_guide_says(work / "松溪")
            arguments += ["--date", BUILD_DATE.isoformat()]
        result = CliRunner().invoke(main, ["--lang", "en", *arguments[1:]])
        assert result.exit_code == 0, (line, result.output)
    site = work / "松溪" / "_site"
    objects = sorted(p.name for p in (site / "collection").iterdir() if p.name.startswith("sx-"))
    assert objects == [f"sx-000{n}" for n in range(1, 7)]
    figure = (site / "collection" / "sx-0004" / "index.html").read_text(encoding="utf-8")
    assert "王敏" in figure and "彩绘陶俑" in figure  # the donor column, mapped to the credit line
    assert not any("一号库" in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))  # storage stays inside
    assert (work / ".github" / "workflows" / "museumgen.yml").is_file()


def _edit_as_the_guide_says(museum: Path) -> None:
    """Step 5's last paragraph: the starter's example object goes, its exhibition shows ours."""
    (museum / "collection" / "first-object.md").unlink(missing_ok=True)
    exhibition = museum / "exhibitions" / "first-exhibition.md"
    exhibition.write_text(exhibition.read_text(encoding="utf-8").replace("[M-0001]", "[SX-0001]"), encoding="utf-8")
