from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from museumgen.build import Options, build
from museumgen.errors import MuseumError
from museumgen.messages import _
from museumgen.write import MARKER, check_unique, safe_join, write_files, write_site

from .conftest import tree


@pytest.mark.parametrize("rel", ["../x.html", "/etc/passwd", "a/../../x", "a\\..\\x", "", "C:/x"])
def test_safe_join_refuses_paths_out_of_the_folder(tmp_path: Path, rel: str) -> None:
    with pytest.raises(MuseumError, match="refusing to write outside the output folder"):
        safe_join(tmp_path, rel)


def site_of(*files: tuple[str, bytes]):  # type: ignore[no-untyped-def]
    return lambda staging, previous: write_files(staging, files, previous)


def test_two_outputs_for_one_file_is_an_error() -> None:
    with pytest.raises(MuseumError, match="two things would be written to `About/index.html`: the other is b"):
        check_unique([("about/index.html", "b"), ("About/index.html", "a")])
    check_unique([("a/index.html", "a"), ("b/index.html", "b")])


def test_a_clash_names_both_sides_in_the_chosen_language() -> None:
    with pytest.raises(MuseumError) as raised:
        check_unique([("index.html", _("the page `{path}`", path="/")), ("INDEX.html", _("`{path}`, which museumgen makes", path="INDEX.html"))])
    assert raised.value.diagnostics[0].format(language="zh-CN") == (
        "`INDEX.html`（由 museumgen 自动生成）: 有两样东西会写到 `INDEX.html`：另一样是页面 `/`；请给其中一个改名"
    )


def test_an_error_while_rendering_leaves_the_old_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(out, site_of(("index.html", b"old")))

    def fill(staging: Path, previous: Path | None) -> int:
        write_files(staging, [("index.html", b"new")])
        raise MuseumError.single("templates/page.html", 3, "template error")

    with pytest.raises(MuseumError):
        write_site(out, fill)
    assert tree(out) == {MARKER: (out / MARKER).read_bytes(), "index.html": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_leftovers_of_an_interrupted_build_are_cleared(tmp_path: Path) -> None:
    staging = tmp_path / ".site.museumgen-new"
    staging.mkdir()
    (staging / MARKER).write_text("")
    (staging / "half.html").write_text("")
    write_site(tmp_path / "site", site_of(("index.html", b"x")))
    assert not staging.exists()


def test_a_stranger_folder_in_the_way_is_left_alone(tmp_path: Path) -> None:
    blocker = tmp_path / ".site.museumgen-new"
    blocker.mkdir()
    (blocker / "notes.txt").write_text("mine")
    with pytest.raises(MuseumError, match="in the way of the build"):
        write_site(tmp_path / "site", site_of(("index.html", b"x")))
    assert (blocker / "notes.txt").read_text() == "mine"


def test_only_media_that_content_uses_is_published(starter: Path, tmp_path: Path) -> None:
    (starter / "media" / "private-draft.jpg").write_bytes((starter / "media" / "object.jpg").read_bytes())
    build(starter, tmp_path / "site", Options(date=dt.date(2026, 11, 25)))
    published = sorted(p.name for p in (tmp_path / "site" / "media").iterdir())
    assert published and all(name.startswith(("cover.", "object.")) for name in published)
    assert "cover.jpg" not in published and "object.jpg" not in published  # originals keep their metadata: never published


def test_every_image_has_its_size(starter: Path, tmp_path: Path) -> None:
    build(starter, tmp_path / "site", Options(date=dt.date(2026, 11, 25)))
    page = (tmp_path / "site" / "collection" / "first-object" / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'<img src="../../media/object\.\w{10}-800\.jpg" srcset="[^"]+ 480w, [^"]+ 800w, [^"]+ 900w" '
        r'sizes="[^"]+" alt="一件藏品的示意图" width="900" height="900" style="background-color:#[0-9a-f]{6}" fetchpriority="high">',  # the first picture: wanted first
        page,
    )
    assert re.search(r'<source type="image/webp" srcset="../../media/object\.\w{10}-480\.webp 480w, ', page)


def test_unchanged_files_keep_their_modification_time(starter: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(starter, out, Options(date=dt.date(2026, 11, 25)))
    files = {p: p.stat() for p in out.rglob("*") if p.is_file()}
    old_time = 1_000_000_000
    for path in files:
        os.utime(path, (old_time, old_time))
    item = starter / "collection" / "first-object.md"
    item.write_text(item.read_text(encoding="utf-8").replace("title: ", "title: 新", 1), encoding="utf-8")
    build(starter, out, Options(date=dt.date(2026, 11, 25)))
    changed = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.stat().st_mtime != old_time)
    # the object's page and the pages listing it
    assert "collection/first-object/index.html" in changed and "collection/index.html" in changed
    assert MARKER not in changed
    assert "visit/index.html" not in changed and not any(p.startswith(("media/", "assets/")) for p in changed)
    assert len(changed) < len(files) / 2
