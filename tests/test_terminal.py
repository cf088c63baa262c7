"""What the commands show on a terminal: messages and help in the staff's language, and progress."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from museumgen.cli import main
from museumgen.terminal import Progress


def test_help_is_in_chinese_with_lang(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--lang", "zh-CN", "build", "--help"])
    assert result.exit_code == 0
    assert "用法：" in result.output and "输出文件夹" in result.output and "显示本帮助后退出。" in result.output
    assert "Output folder" not in result.output


def test_help_stays_english_after_chinese_in_the_same_process() -> None:
    CliRunner().invoke(main, ["--lang", "zh-CN", "--help"])
    result = CliRunner().invoke(main, ["--lang", "en", "--help"])
    assert "Show what each step does." in result.output and "显示" not in result.output


def test_messages_follow_the_museums_language_without_lang(starter: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MUSEUMGEN_LANG")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    result = CliRunner().invoke(main, ["check", str(starter), "--date", "2026-11-25"])
    assert result.exit_code == 0 and "没有错误：" in result.output


def test_the_environment_decides_where_the_museum_cannot_be_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MUSEUMGEN_LANG")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    result = CliRunner().invoke(main, ["serve", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "没有这个文件夹" in result.output and "预览失败：1 个错误。" in result.output


def test_lang_names_a_language_messages_have(starter: Path) -> None:
    result = CliRunner().invoke(main, ["--lang", "fr", "check", str(starter)])
    assert result.exit_code == 2 and "en, zh-CN" in result.output


def test_click_errors_are_in_chinese() -> None:
    result = CliRunner().invoke(main, ["--lang", "zh-CN", "chek"])
    assert result.exit_code == 2 and "没有 'chek' 这个命令" in result.output and "'check'" in result.output


def test_a_terminal_gets_one_redrawn_line_that_clears_at_the_end() -> None:
    stream = io.StringIO()
    progress = Progress(stream, terminal=True, delay=0)
    for done in range(1, 6):
        progress("images", done, 5)
    text = stream.getvalue()
    assert "\n" not in text and text.count("\r") >= 2 and "5/5" in text and text.endswith("\r\x1b[K")


def test_a_log_gets_a_line_when_a_long_step_starts_and_ends() -> None:
    stream = io.StringIO()
    progress = Progress(stream, terminal=False)
    for done in range(0, 301, 50):
        progress("images", done, 300)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "Making 300 images (kept for the next build)…"
    assert lines[1].startswith("Images: done in ") and len(lines) == 2


def test_short_work_says_nothing_in_a_log() -> None:
    stream = io.StringIO()
    progress = Progress(stream, terminal=False)
    progress("pages", 83, 83)
    assert stream.getvalue() == ""


def test_a_cold_build_tells_its_progress(starter: Path, tmp_path: Path) -> None:
    told: list[tuple[str, int, int]] = []
    from museumgen.build import Options, build

    build(starter, tmp_path / "out", Options(cache_dir=tmp_path / "cache", progress=lambda *step: told.append(step)))
    images = [step for step in told if step[0] == "images"]
    pages = [step for step in told if step[0] == "pages"]
    assert images and images[-1][1] == images[-1][2] > 0
    assert pages and pages[-1][1] == pages[-1][2] and [done for _, done, _ in pages] == sorted(done for _, done, _ in pages)


def test_new_speaks_the_language_of_the_museum_it_makes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MUSEUMGEN_LANG")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    chinese = CliRunner().invoke(main, ["new", str(tmp_path / "a")])
    english = CliRunner().invoke(main, ["new", str(tmp_path / "b"), "--language", "en"])
    assert chinese.output.startswith("已新建") and english.output.startswith("Created")
