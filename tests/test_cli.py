from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from museumgen import __version__
from museumgen.cli import main
from museumgen.write import MARKER

from .conftest import tree


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_version_and_help() -> None:
    assert run("--version").output.strip() == f"museumgen, version {__version__}"
    for command in ([], ["build"], ["check"], ["new"]):
        result = run(*command, "--help")
        assert result.exit_code == 0
        assert "Usage:" in result.output


def test_new_then_build_prints_one_summary_line(tmp_path: Path) -> None:
    folder = tmp_path / "my-museum"
    assert run("new", str(folder)).exit_code == 0
    result = run("build", str(folder), "--date", "2026-11-25")
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"Built .*/_site: \d+ pages, \d+ files, 0 warnings in \d+\.\d\d s\n", result.output)
    assert (folder / "_site" / "index.html").is_file()
    assert (folder / "_site" / MARKER).is_file()


def test_new_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    result = run("new", str(tmp_path))
    assert result.exit_code == 1
    assert "not empty" in result.output
    assert tree(tmp_path) == {"keep.txt": b"mine"}


def test_new_in_english(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    run("new", str(folder), "--language", "en", "--name", "Riverside Museum")
    assert run("build", str(folder)).exit_code == 0
    home = (folder / "_site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in home and "Riverside Museum" in home and "Collection" in home


def test_check_writes_nothing_and_reports_located_errors(starter: Path) -> None:
    (starter / "news" / "welcome.md").write_text("---\ntitle: Hi\ndate: 2026-02-30\n---\n", encoding="utf-8")
    before = tree(starter)
    result = run("check", str(starter))
    assert result.exit_code == 1
    assert f"{starter.as_posix()}/news/welcome.md:3: `date` should be a date like `2026-05-01`, not `2026-02-30`" in result.output
    assert "Traceback" not in result.output
    assert tree(starter) == before


def test_failed_build_keeps_the_previous_site(starter: Path) -> None:
    assert run("build", str(starter)).exit_code == 0
    before = tree(starter / "_site")
    (starter / "events" / "first-event.md").write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    result = run("build", str(starter))
    assert result.exit_code == 1
    assert "events/first-event.md:2: the `[` after `title:` is not closed" in result.output
    assert "The previous site is unchanged." in result.output
    assert tree(starter / "_site") == before
    assert sorted(p.name for p in starter.iterdir() if p.name.startswith(".")) == [".gitignore", ".vscode"]


def test_strict_turns_warnings_into_failure(starter: Path) -> None:
    page = starter / "pages" / "about.md"
    page.write_text(page.read_text(encoding="utf-8").replace("menu: true", "menu: true\nsponsor: 1"), encoding="utf-8")
    relaxed = run("build", str(starter))
    assert relaxed.exit_code == 0
    assert "pages/about.md:4: warning: unknown key `sponsor` is not shown by the built-in themes (a template of your own can use it)" in relaxed.output
    strict = run("build", str(starter), "--strict")
    assert strict.exit_code == 1
    assert "1 warning (--strict)" in strict.output


@pytest.mark.parametrize("where", ["museum", "parent"])
def test_refuses_to_write_over_the_content(starter: Path, where: str) -> None:
    out = starter if where == "museum" else starter.parent
    before = tree(starter)
    result = run("build", str(starter), "-o", str(out))
    assert result.exit_code == 1
    assert "must not be the museum folder or contain it" in result.output
    assert tree(starter) == before


def test_refuses_a_content_subfolder_as_output(starter: Path) -> None:
    result = run("build", str(starter), "-o", str(starter / "media" / "site"))
    assert result.exit_code == 1
    assert "must not be inside a content, media or templates folder" in result.output


def test_refuses_a_foreign_non_empty_folder(starter: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "thesis.docx").write_bytes(b"precious")
    result = run("build", str(starter), "-o", str(foreign))
    assert result.exit_code == 1
    assert "not empty and was not made by museumgen" in result.output
    assert tree(foreign) == {"thesis.docx": b"precious"}


def test_rebuild_replaces_its_own_output(starter: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert run("build", str(starter), "-o", str(out)).exit_code == 0
    (out / "stale.html").write_text("old")
    assert run("build", str(starter), "-o", str(out)).exit_code == 0
    assert not (out / "stale.html").exists()


def test_bad_options_are_explained(starter: Path) -> None:
    bad_date = run("build", str(starter), "--date", "2026-13-01")
    assert bad_date.exit_code == 2
    assert "is not a date: use YYYY-MM-DD" in bad_date.output
    bad_url = run("build", str(starter), "--base-url", "example.org")
    assert bad_url.exit_code == 1
    assert "--base-url: `example.org` is not a full web address" in bad_url.output
    missing = run("build", str(starter / "nope"))
    assert missing.exit_code == 1
    assert "no such folder" in missing.output


def test_a_folder_without_museum_yaml(tmp_path: Path) -> None:
    result = run("check", str(tmp_path))
    assert result.exit_code == 1
    assert "museum.yaml: no `museum.yaml` in this folder" in result.output


def test_image_widths_formats_and_cache_folder_are_configurable(starter: Path, tmp_path: Path) -> None:
    museum_yaml = starter / "museum.yaml"
    museum_yaml.write_text(museum_yaml.read_text() + "images:\n  widths: [300, 200, 300]\n  formats: [avif, webp]\n")
    cache = tmp_path / "kept-by-ci"
    out = tmp_path / "site"
    result = run("build", str(starter), "-o", str(out), "--date", "2026-11-25", "--cache-dir", str(cache))
    assert result.exit_code == 0, result.output
    made = {p.name for p in cache.rglob("*") if p.is_file()}
    assert any(name.endswith("-300.avif") for name in made)
    published = {p.name for p in (out / "media").iterdir()}
    widths = {int(m[1]) for name in published if (m := re.search(r"-(\d+)\.(?:webp|avif|jpg)$", name))}
    assert widths == {200, 300}
    page = (out / "collection" / "first-object" / "index.html").read_text()
    assert page.index('type="image/avif"') < page.index('type="image/webp"')  # the smaller format first


def test_bad_image_options_are_located(starter: Path) -> None:
    museum_yaml = starter / "museum.yaml"
    lines = museum_yaml.read_text().count("\n")
    museum_yaml.write_text(museum_yaml.read_text() + "images:\n  widths: []\n  formats: [heic]\n")
    result = run("check", str(starter))
    assert result.exit_code == 1
    assert f"museum.yaml:{lines + 2}: `images.widths` needs at least 1 entry" in result.output
    assert f"museum.yaml:{lines + 3}: `images.formats[1]` cannot be `heic`: use `webp` or `avif`" in result.output
