from __future__ import annotations

import time
from pathlib import Path

import pytest

from museumgen.content.parse import load_yaml, read_source, split_front_matter
from museumgen.errors import MuseumError


def messages(exc: pytest.ExceptionInfo[MuseumError]) -> list[str]:
    return [d.format() for d in exc.value.diagnostics]


def test_only_true_false_null_and_numbers_are_implicit() -> None:
    data, _ = load_yaml("a: no\nb: yes\nc: on\nd: 09:30\ne: 007\nf: 1:30\ng: 2026-05-01\nh: [true, False, null, ~, 12, -3, 2.5, 1e3]\n", "x")
    assert data == {
        "a": "no", "b": "yes", "c": "on", "d": "09:30", "e": "007", "f": "1:30", "g": "2026-05-01",
        "h": [True, False, None, None, 12, -3, 2.5, "1e3"],
    }


def test_every_key_and_item_has_its_line() -> None:
    _, lines = load_yaml("title: a\nimages:\n  - file: x.jpg\n    alt: x\n  - y.jpg\n", "x", line_offset=1)
    assert lines == {
        ("title",): 2, ("images",): 3, ("images", 0): 4, ("images", 0, "file"): 4, ("images", 0, "alt"): 5, ("images", 1): 6,
    }


def test_front_matter_and_body_lines(tmp_path: Path) -> None:
    file = tmp_path / "a.md"
    file.write_bytes("\ufeff---\r\ntitle: 标题\r\n---\r\n正文\r\n---\r\n还是正文\r\n".encode())
    source = read_source(file, "news/a.md")
    assert source.data == {"title": "标题"}
    assert source.lines[("title",)] == 2
    assert source.body == "正文\n---\n还是正文\n"  # a later `---` is part of the body
    assert source.body_line == 4


def test_plain_yaml_files_have_no_body(tmp_path: Path) -> None:
    file = tmp_path / "a.yaml"
    file.write_text("title: 只有数据\n", encoding="utf-8")
    source = read_source(file, "collection/a.yaml")
    assert (source.data, source.body, source.lines[("title",)]) == ({"title": "只有数据"}, "", 1)


def test_empty_front_matter_is_an_empty_mapping() -> None:
    assert split_front_matter("---\n---\nbody\n", "x") == ("", "body\n", 3)


def test_duplicate_keys_are_an_error() -> None:
    with pytest.raises(MuseumError) as caught:
        load_yaml("title: a\nstart: 1\ntitle: b\n", "x.md", line_offset=1)
    assert messages(caught) == ["x.md:4: `title` is given twice: keep one"]


def test_unsafe_tags_are_refused_without_running(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    with pytest.raises(MuseumError, match="not allowed in content"):
        load_yaml(f"a: !!python/object/apply:os.system ['touch {marker}']\n", "x")
    assert not marker.exists()


def test_an_alias_bomb_is_a_quick_error() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        prev, name = chr(96 + level), chr(97 + level)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    started = time.perf_counter()
    with pytest.raises(MuseumError, match="too large or nested too deeply"):
        load_yaml("\n".join(lines), "x")
    assert time.perf_counter() - started < 5  # a guard against hanging, not a benchmark


def test_invalid_utf8_names_its_line(tmp_path: Path) -> None:
    file = tmp_path / "a.md"
    file.write_bytes(b"---\ntitle: ok\n---\n" + "博物馆".encode("gbk"))
    with pytest.raises(MuseumError) as caught:
        read_source(file, "news/a.md")
    assert messages(caught)[0].startswith("news/a.md:4: this file is not UTF-8 text")


def test_a_list_at_the_top_is_an_error(tmp_path: Path) -> None:
    file = tmp_path / "a.md"
    file.write_text("---\n- a\n- b\n---\n", encoding="utf-8")
    with pytest.raises(MuseumError, match="expected keys and values"):
        read_source(file, "news/a.md")


def test_unclosed_front_matter(tmp_path: Path) -> None:
    file = tmp_path / "a.md"
    file.write_text("---\ntitle: a\n\nbody\n", encoding="utf-8")
    with pytest.raises(MuseumError) as caught:
        read_source(file, "news/a.md")
    assert messages(caught) == ["news/a.md:1: the front matter that starts here has no closing `---` line: add one after the last key"]


@pytest.mark.parametrize(
    ("text", "line", "start"),
    [
        ("title: 展\nvenue：二号展厅\nstart: 2026-01-01\n", 2, "`venue：` has a full-width colon"),
        ("title: 展\nvenue:\u3000二号展厅\n", 2, "`venue:` is followed by a full-width space"),
        ("title: 展\nvenue:二号展厅\nstart: 2026-01-01\n", 2, "`venue:` needs a space after the colon"),
        ("title: [特展] 丝路瓷韵\n", 1, "`title`: a value that starts with `[` must end with `]`"),
        ('title: "特展" 丝路瓷韵\n', 1, "`title`: a value that starts with `\"` must end with `\"`"),
        ('title: "丝路瓷韵\nstart: 2026-01-01\n', 1, "the quote `\"` after `title:` is not closed"),
        ("items: [M-1\nvenue: x\n", 1, "the `[` after `items:` is not closed"),
        ("title: 通知: 闭馆\n", 1, "`title`: the text has `: ` in it"),
        ("title: “展览: 丝路”\n", 1, "`title`: full-width quotes"),
        ("title: x\n\timages: []\n", 2, "this line is indented with a tab"),
        ("curator:\n\u3000name: 张\n", 2, "this line is indented with a full-width space"),
        ("title: x\n  id: M-1\n", 2, "`id` is indented more than `title`"),
        ("images:\n  - file：a.jpg\n    alt: x\n", 2, "`file：` has a full-width colon"),
        ("items: [M-1，M-2]\n", 1, "`items` has a full-width comma `，` between items, so they are read as one: separate them with ordinary commas, `[M-1, M-2]`"),
        ("items: ［M-1, M-2］\n", 1, "`items` is in full-width brackets"),
        ("colors:\n  primary: #1f4e5f\n", 2, '`colors.primary` is empty: in YAML `#` starts a comment, so `#1f4e5f` was not read: put the value in quotes, `primary: "#1f4e5f"`'),
    ],
)
def test_yaml_mistakes_staff_make_are_named_at_their_line(text: str, line: int, start: str) -> None:
    with pytest.raises(MuseumError) as caught:
        load_yaml(text, "x.md")
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.line, diagnostic.message[: len(start)]) == (line, start)


@pytest.mark.parametrize("text", ["title: 【特展】丝路瓷韵\n", "end:  # permanent\n", "title: “丝路瓷韵”\n", "title: 展览：丝路\n", 'primary: "#1f4e5f"\n', "tags: [青铜, 礼器]\n"])
def test_what_staff_write_on_purpose_is_read_as_written(text: str) -> None:
    load_yaml(text, "x.md")
