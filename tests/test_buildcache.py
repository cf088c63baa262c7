"""The build cache: a build in a new process reuses what the last one learned, and its
site is always byte for byte the one a clean build makes, whatever state the cache is in."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from museumgen import build as clean
from museumgen import buildcache
from museumgen.build import Options, Result
from museumgen.cli import main
from museumgen.errors import MuseumError
from museumgen.images import default_cache_dir

from .conftest import tree

OPTIONS = Options(date=dt.date(2026, 11, 25))


def cached(museum: Path, out: Path, options: Options = OPTIONS) -> Result:
    """A cached build, as a new process makes it: nothing is shared but the cache folder."""
    result = buildcache.build(museum, out, options)
    assert tree(out) == clean_site(museum, options)
    return result


_CLEAN: dict[tuple[str, Options], dict[str, bytes]] = {}


def clean_site(museum: Path, options: Options = OPTIONS) -> dict[str, bytes]:
    """The site a clean build makes of the museum as it is now (made once for each
    content and options: many tests build the same museum)."""
    content = hashlib.sha256(repr(sorted(tree(museum).items())).encode()).hexdigest()
    options = dataclasses.replace(options, cache_dir=None)  # the same site, whichever folder keeps the images
    if (content, options) not in _CLEAN:
        out = museum.parent / "clean"
        shutil.rmtree(out, ignore_errors=True)
        clean.build(museum, out, options)
        _CLEAN[content, options] = tree(out)
    return _CLEAN[content, options]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def times(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_a_sequence_of_edits_always_gives_the_clean_build(museum: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    everything = cached(museum, out).pages
    item = museum / "collection" / "qx-0013-stele-rubbing.md"
    exhibition = museum / "exhibitions" / "paper-and-ink.md"
    # One object's text: its page, the lists and exhibitions showing it, the home page.
    edit(item, "重修文昌阁碑拓片", "重修文昌阁碑拓本")
    assert 1 < (cached(museum, out).rendered or 0) < everything / 4
    edit(exhibition, "items: [QX-0013, QX-0012]", "items: [QX-0013, QX-0012, QX-0001]")
    assert (cached(museum, out).rendered or 0) < everything / 3
    new_item = museum / "collection" / "qx-0099-new.md"
    new_item.write_text("---\nid: QX-0099\ntitle: 新入藏的铜镜\n---\n一面新征集的铜镜。\n", encoding="utf-8")
    cached(museum, out)
    new_item.unlink()
    cached(museum, out)
    photo = museum / "media" / "collection" / "qx-0013-rubbing.jpg"
    Image.new("RGB", (900, 600), (90, 60, 40)).save(photo)
    assert (cached(museum, out).rendered or 0) < everything / 3
    templates = museum / "templates"
    templates.mkdir()
    (templates / "item.html").write_text('{% extends "theme:item.html" %}{% block title %}藏品 · {{ super() }}{% endblock %}', encoding="utf-8")
    assert cached(museum, out).rendered == len(list((museum / "collection").glob("*.md")))
    edit(museum / "museum.yaml", "name: 青溪县博物馆", "name: 青溪博物馆")
    assert cached(museum, out).rendered == everything
    # Another day: exhibitions and events change state.
    assert cached(museum, out, Options(date=dt.date(2027, 1, 5))).rendered == everything
    assert cached(museum, out, Options(date=dt.date(2027, 1, 5), base_url="https://example.org/qx/")).rendered == everything


def test_nothing_changed_writes_nothing(museum: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    cached(museum, out)
    before = times(out)
    again = buildcache.build(museum, out, OPTIONS)
    assert again.rendered == 0
    assert times(out) == before
    assert buildcache.check(museum, OPTIONS).rendered == 0


def test_a_new_output_folder_takes_the_kept_pages(museum: Path, tmp_path: Path) -> None:
    """A CI runner: a fresh checkout and an empty output folder, the cache kept."""
    first = cached(museum, tmp_path / "site")
    shutil.rmtree(tmp_path / "site")
    assert cached(museum, tmp_path / "site").rendered == 0
    assert cached(museum, tmp_path / "elsewhere").rendered == 0
    assert first.pages > 0


def test_an_output_folder_changed_by_hand_is_put_right(museum: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    cached(museum, out)
    page = out / "collection" / "qx-0013-stele-rubbing" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"<main", b"<main data-edited", 1))
    (out / "visit" / "index.html").unlink()
    (out / "extra.html").write_text("not ours")
    cached(museum, out)


@pytest.mark.parametrize("damage", ["truncated", "one byte changed", "empty", "not a state file", "another version", "another museum"])
def test_a_damaged_or_foreign_state_is_ignored(museum: Path, tmp_path: Path, damage: str) -> None:
    out = tmp_path / "site"
    everything = cached(museum, out).pages
    state = buildcache.state_file(museum, OPTIONS)
    data = state.read_bytes()
    if damage == "truncated":
        state.write_bytes(data[: len(data) // 2])
    elif damage == "one byte changed":
        state.write_bytes(data[:-100] + bytes([data[-100] ^ 1]) + data[-99:])
    elif damage == "empty":
        state.write_bytes(b"")
    elif damage == "not a state file":
        state.write_bytes(b"\x80\x04K\x01." * 50)
    elif damage == "another version":
        state.write_bytes(data.replace(buildcache.FORMAT, buildcache.FORMAT.replace(b" 1\n", b" 0\n"), 1))
    else:  # the state of another museum, copied over this one's
        other = tmp_path / "other"
        shutil.copytree(museum, other)
        edit(other / "museum.yaml", "name: 青溪县博物馆", "name: 别的博物馆")
        cached(other, tmp_path / "other-site")
        shutil.copy(buildcache.state_file(other, OPTIONS), state)
    edit(museum / "collection" / "qx-0013-stele-rubbing.md", "重修文昌阁碑拓片", "重修文昌阁碑拓本")
    assert cached(museum, out).rendered == everything  # from nothing
    assert cached(museum, out).rendered == 0  # and a good state again


class _Runs:
    """What a hostile state file would hold: unpickling it runs a command."""

    def __init__(self, command: str) -> None:
        self.command = command

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, (self.command,)


def test_a_state_that_would_run_code_is_refused(museum: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    everything = cached(museum, out).pages
    state = buildcache.state_file(museum, OPTIONS)
    ran = tmp_path / "ran"
    with open(state, "wb") as file:  # well formed, with the right digests
        file.write(buildcache.FORMAT)
        buildcache._write_part(file, _Runs(f"touch {ran}"))
        buildcache._write_part(file, _Runs(f"touch {ran}"))
    edit(museum / "collection" / "qx-0013-stele-rubbing.md", "重修文昌阁碑拓片", "重修文昌阁碑拓本")
    assert cached(museum, out).rendered == everything
    assert not ran.exists()


def test_a_state_of_another_version_of_the_code_is_ignored(museum: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    everything = cached(museum, out).pages
    monkeypatch.setattr(buildcache, "__version__", "0.0.0-other")
    assert cached(museum, out).rendered == everything


def test_damaged_kept_pages_are_rendered_again(museum: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"  # its own, to damage
    cached(museum, tmp_path / "site")
    shutil.copytree(default_cache_dir() / "images", cache / "images")  # made images are not what is tested
    options = Options(date=OPTIONS.date, cache_dir=cache)
    cached(museum, tmp_path / "site", options)
    shutil.rmtree(tmp_path / "site")
    pages = sorted(p for p in (cache / "pages").rglob("*") if p.is_file())
    pages[0].write_bytes(pages[0].read_bytes()[:-10])  # cut short
    pages[1].write_bytes(b"x" * pages[1].stat().st_size)  # the same size, other bytes
    pages[2].unlink()
    assert cached(museum, tmp_path / "site", options).rendered == 3


def test_an_edit_that_keeps_size_and_time_just_after_a_build_is_seen(museum: Path, tmp_path: Path) -> None:
    """File times are coarse: a file changed just after it was read may show the time
    it had then. Such a file is read again."""
    out = tmp_path / "site"
    item = museum / "collection" / "qx-0013-stele-rubbing.md"
    os.utime(item)  # edited just before the build
    cached(museum, out)
    stat = item.stat()
    edit(item, "重修文昌阁碑拓片", "重修文昌阁碑拓本")  # the same number of bytes
    os.utime(item, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert item.stat().st_size == stat.st_size
    assert (cached(museum, out).rendered or 0) > 0


def test_a_failed_build_keeps_the_last_good_state(museum: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    cached(museum, out)
    item = museum / "collection" / "qx-0013-stele-rubbing.md"
    good = item.read_text(encoding="utf-8")
    item.write_text(good.replace("id: QX-0013", "id: [QX-0013"), encoding="utf-8")
    with pytest.raises(MuseumError):
        buildcache.build(museum, out, OPTIONS)
    item.write_text(good, encoding="utf-8")
    assert cached(museum, out).rendered == 0


def test_check_between_builds(museum: Path, tmp_path: Path) -> None:
    """A check learns of an edit without writing a page; the build after it still writes it."""
    out = tmp_path / "site"
    cached(museum, out)
    edit(museum / "collection" / "qx-0013-stele-rubbing.md", "重修文昌阁碑拓片", "重修文昌阁碑拓本")
    assert (buildcache.check(museum, OPTIONS).rendered or 0) > 0
    cached(museum, out)


def test_strict_fails_on_the_warnings_of_an_unchanged_museum(museum: Path, tmp_path: Path) -> None:
    edit(museum / "collection" / "qx-0013-stele-rubbing.md", "---\n", "---\ncolour: red\n")
    out = tmp_path / "site"
    assert cached(museum, out).warnings == 2  # in the object, and in its translation read over it
    with pytest.raises(MuseumError) as failure:
        buildcache.build(museum, out, Options(date=OPTIONS.date, strict=True))
    assert failure.value.strict


def test_the_command_uses_the_cache_unless_told_not_to(museum: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    runner = CliRunner()
    command = ["--lang", "en", "build", str(museum), "-o", str(out), "--date", "2026-11-25"]
    assert runner.invoke(main, command).exit_code == 0
    state = buildcache.state_file(museum, OPTIONS)
    made = state.stat().st_mtime_ns
    before = times(out)
    assert runner.invoke(main, command).exit_code == 0
    assert times(out) == before
    assert runner.invoke(main, [*command, "--no-cache"]).exit_code == 0
    assert state.stat().st_mtime_ns == made
    assert tree(out) == clean_site(museum)


def test_a_cache_folder_that_cannot_keep_the_state_still_builds(museum: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    cache = tmp_path / "cache"
    cached(museum, tmp_path / "site")  # the images, made in the shared cache
    shutil.copytree(default_cache_dir() / "images", cache / "images")
    (cache / "builds").write_text("not a folder")
    options = Options(date=OPTIONS.date, cache_dir=cache)
    everything = cached(museum, tmp_path / "site", options).pages
    assert "could not keep what this build learned" in caplog.text
    assert cached(museum, tmp_path / "site", options).rendered == everything
