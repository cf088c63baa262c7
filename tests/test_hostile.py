"""Hostile and malformed content, by family: every case ends in a built site with the
content made safe, or in `path:line: message` and a non-zero exit, never a traceback,
and nothing outside the output folder is written or lost.

Simple broken museums that are just files live in tests/staff/ (see test_staff.py);
the cases here need code to set up: links, pipes, huge files, killed processes.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from museumgen.build import Options, build, load
from museumgen.cli import main
from museumgen.errors import MuseumError
from museumgen.incremental import Session
from museumgen.write import MARKER

from .conftest import tree

DATE = dt.date(2026, 11, 25)


def check(museum: Path, *extra: str) -> tuple[int, list[str]]:
    """`museumgen check`: its exit code and its messages, with paths from the museum folder."""
    result = CliRunner().invoke(main, ["check", str(museum), "--date", "2026-11-25", *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    prefix = museum.as_posix() + "/"
    lines = [line.replace(prefix, "") for line in result.output.splitlines() if not line.startswith(("Check failed", "No errors"))]
    return result.exit_code, lines


def built_page(museum: Path, out: Path, page: str) -> str:
    """Build, check that nothing but the output folder changed, and read one page."""
    around = out.parent
    before = {p: p.stat().st_mtime_ns for p in around.rglob("*") if not p.is_relative_to(out)}
    build(museum, out, Options(date=DATE))
    after = {p: p.stat().st_mtime_ns for p in around.rglob("*") if not p.is_relative_to(out)}
    assert after == before, "the build touched something outside its output folder"
    return (out / page).read_text(encoding="utf-8")


def write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


# --- parsing -------------------------------------------------------------------------


def test_byte_order_mark_and_windows_line_ends_are_read(starter: Path, tmp_path: Path) -> None:
    write(starter / "news" / "welcome.md", "\ufeff---\r\ntitle: 网站上线\r\ndate: 2026-11-25\r\n---\r\n第一段。\r\n\r\n第二段。\r\n".encode())
    page = built_page(starter, tmp_path / "out", "news/welcome/index.html")
    assert "<h1>网站上线</h1>" in page and "<p>第二段。</p>" in page and "\ufeff" not in page and "\r" not in page


def test_yaml_1_1_surprises_stay_text(starter: Path, tmp_path: Path) -> None:
    write(starter / "news" / "welcome.md", "---\ntitle: no\nsummary: 1:30\ndate: 2026-11-25\n---\nx\n")
    write(starter / "collection" / "first-object.md", "---\nid: 007\ntitle: on\nperiod: 12:30:00\n---\n")
    exhibition = starter / "exhibitions" / "first-exhibition.md"
    write(exhibition, exhibition.read_text(encoding="utf-8").replace("items: [M-0001]", "items: [007]"))
    build(starter, tmp_path / "out", Options(date=DATE))
    assert "<h1>no</h1>" in (tmp_path / "out" / "news" / "welcome" / "index.html").read_text(encoding="utf-8")
    item = (tmp_path / "out" / "collection" / "first-object" / "index.html").read_text(encoding="utf-8")
    assert "<h1>on</h1>" in item and ">007<" in item and "12:30:00" in item


def test_numbers_in_text_fields_keep_the_text_they_were_written_as(starter: Path, tmp_path: Path) -> None:
    item = starter / "collection" / "first-object.md"
    text = item.read_text(encoding="utf-8").replace("id: M-0001", "id: 1987.120").replace('period: "', 'date: 1.50\ndimensions: +32.0\norigin: TRUE\ntags: [1.10, 007, -0]\nperiod: "')
    write(item, text.replace('alt: "', 'caption: 2.50\n    alt: "'))
    exhibition = starter / "exhibitions" / "first-exhibition.md"
    write(exhibition, exhibition.read_text(encoding="utf-8").replace("items: [M-0001]", "items: [1987.120]").replace("subtitle: Permanent exhibition", "subtitle: 1.0"))
    config = starter / "museum.yaml"
    write(config, config.read_text(encoding="utf-8").replace('phone: "0000-00000000"', "phone: +8657100"))
    out = tmp_path / "out"
    build(starter, out, Options(date=DATE))
    page = (out / "collection" / "first-object" / "index.html").read_text(encoding="utf-8")
    for written in (">1987.120<", ">1.50<", ">+32.0<", ">TRUE<"):
        assert written in page, written
    entry = load(starter, Options(date=DATE)).site.items[0].entry
    assert (entry.tags, entry.images[0].caption) == (["1.10", "007", "-0"], "2.50")
    assert "1987.12<" not in page and ">1.5<" not in page
    shown = (out / "exhibitions" / "first-exhibition" / "index.html").read_text(encoding="utf-8")
    assert "1.0" in shown and "first-object" in shown  # the item is found by its exact number
    assert "+8657100" in (out / "visit" / "index.html").read_text(encoding="utf-8")


def test_a_second_fence_in_the_body_is_just_a_rule(starter: Path, tmp_path: Path) -> None:
    write(starter / "news" / "welcome.md", "---\ntitle: 上线\ndate: 2026-11-25\n---\n上\n\n---\ntitle: evil\n---\n下\n")
    page = built_page(starter, tmp_path / "out", "news/welcome/index.html")
    assert "<h1>上线</h1>" in page and "<hr>" in page and "evil" in page  # shown as text, never as data


def test_deep_nesting_is_a_located_error(starter: Path) -> None:
    write(starter / "news" / "deep.md", "---\ntitle: x\ndate: 2026-11-25\nt: " + "[" * 5000 + "]" * 5000 + "\n---\n")
    code, lines = check(starter)
    assert code == 1 and lines == ["news/deep.md:4: YAML syntax error: exceeded maximum nesting depth"]


def test_very_long_lines_are_fine(starter: Path, tmp_path: Path) -> None:
    write(starter / "news" / "long.md", "---\ntitle: 长\ndate: 2026-11-25\n---\n" + "字" * 500_000 + "\n")
    page = built_page(starter, tmp_path / "out", "news/long/index.html")
    assert "字" * 1000 in page


def test_huge_files_are_refused_before_reading(starter: Path) -> None:
    write(starter / "news" / "huge.md", "---\ntitle: x\ndate: 2026-11-25\n---\n" + "段落 paragraph\n\n" * 200_000)
    code, lines = check(starter)
    assert code == 1
    assert lines == ["news/huge.md: this file is 3.6 MB; content files may be at most 2 MB: shorten it, or put large material in media/"]


# --- references and identity ---------------------------------------------------------


def test_names_differing_only_in_unicode_form_are_one_address(starter: Path) -> None:
    text = (starter / "news" / "welcome.md").read_text(encoding="utf-8")
    write(starter / "news" / (unicodedata.normalize("NFC", "café") + ".md"), text)
    write(starter / "news" / (unicodedata.normalize("NFD", "café") + ".md"), text)
    code, lines = check(starter)
    nfd, nfc = unicodedata.normalize("NFD", "café"), unicodedata.normalize("NFC", "café")
    assert code == 1
    assert lines == [
        f"news/{nfc}.md: this file name clashes with `news/{nfd}.md`: its letters are the same but stored differently"
        " (Unicode NFC and NFD; Macs can save names either way): rename or delete one of them"
    ]


def test_a_reference_to_an_entry_of_another_kind_is_not_found(starter: Path) -> None:
    exhibition = starter / "exhibitions" / "first-exhibition.md"
    write(exhibition, exhibition.read_text(encoding="utf-8").replace("items: [M-0001]", "items: [first-video]"))
    assert check(starter) == (1, ["exhibitions/first-exhibition.md:9: no item `first-video`: it should be an `id` in collection/"])


def test_relations_both_ways_are_shown_once(starter: Path, tmp_path: Path) -> None:
    video = starter / "videos" / "first-video.md"
    write(video, video.read_text(encoding="utf-8").replace("---\n视频", "exhibition: first-exhibition\n---\n视频"))
    exhibition = starter / "exhibitions" / "first-exhibition.md"
    write(exhibition, exhibition.read_text(encoding="utf-8").replace("items: [M-0001]", "items: [M-0001]\nvideos: [first-video]"))
    page = built_page(starter, tmp_path / "out", "exhibitions/first-exhibition/index.html")
    assert page.count('href="../../videos/first-video/"') == 1


def test_ids_are_shown_as_text_and_never_make_addresses(starter: Path, tmp_path: Path) -> None:
    item = starter / "collection" / "first-object.md"
    write(item, item.read_text(encoding="utf-8").replace("id: M-0001", 'id: "../<b>x</b>?#"'))
    exhibition = starter / "exhibitions" / "first-exhibition.md"
    write(exhibition, exhibition.read_text(encoding="utf-8").replace("items: [M-0001]", 'items: ["../<b>x</b>?#"]'))
    page = built_page(starter, tmp_path / "out", "collection/first-object/index.html")
    assert "../&lt;b&gt;x&lt;/b&gt;?#" in page and "<b>x</b>" not in page
    browsed_by = {"category", "period", "material", "tags"}  # the pages of values (`render.jobs`)
    views = {"table", "timeline", "map"}  # the collection's other views (`render.views`)
    assert sorted(p.name for p in (tmp_path / "out" / "collection").iterdir() if p.name not in browsed_by | views) == ["first-object", "index.html"]


# --- Markdown, HTML and values in front matter ----------------------------------------


HOSTILE_BODY = """
<script>alert(1)</script>
<a href="java&#x09;script:alert(1)">a</a> <a href="&#106;avascript:alert(1)">b</a> <a href="data:text/html,x">c</a>
<meta http-equiv="refresh" content="0;url=https://evil.example"> <base href="https://evil.example/">
<object data="x.swf"></object><embed src="x.swf"> <details open ontoggle="alert(1)">d</details>
<iframe src="https://evil.example"></iframe> <svg><script>alert(1)</script><use href="#x"/></svg>
<img src="x.jpg" onerror="alert(1)"> <style>*{display:none}</style> <link rel="stylesheet" href="https://evil.example/x.css">
<!--><script>alert(1)</script>--> {{ 7*7 }} {% raw %}

![x](data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+)
"""


def test_hostile_markdown_is_made_harmless(starter: Path, tmp_path: Path) -> None:
    write(starter / "news" / "welcome.md", "---\ntitle: t\ndate: 2026-11-25\n---\n" + HOSTILE_BODY)
    shutil.copyfile(starter / "media" / "object.jpg", starter / "news" / "x.jpg")  # a local image's handler goes, the image stays
    page = built_page(starter, tmp_path / "out", "news/welcome/index.html")
    body = page[page.index('<div class="prose">') :]
    body = body[: body.index("</div>")]
    assert 'src="data:' not in body and 'href="data:' not in body  # the data: image stays as harmless text
    for bad in ("<script", "javascript", "<meta", "<base", "<object", "<embed", "ontoggle", "<iframe", "<svg", "onerror",
                "<style", "<link", "evil.example", "49"):
        assert bad not in body.lower(), bad
    assert "{{ 7*7 }}" in body and "{% raw %}" in body


@pytest.mark.parametrize(
    ("key", "value"),
    [("title", "<script>alert(1)</script>"), ("summary", '"><img src=x onerror=alert(1)>'), ("title", "{{ site.root }}"), ("title", "</title><script>x</script>")],
)
def test_front_matter_values_are_text(starter: Path, tmp_path: Path, key: str, value: str) -> None:
    write(starter / "news" / "welcome.md", f"---\ntitle: t\ndate: 2026-11-25\n{key}: '{value}'\n---\nx\n".replace("title: t\n", "") if key == "title" else f"---\ntitle: t\ndate: 2026-11-25\n{key}: '{value}'\n---\nx\n")
    out = tmp_path / "out"
    build(starter, out, Options(date=DATE))
    for path, data in tree(out).items():
        if path.endswith(".html"):
            text = data.decode("utf-8")
            assert "<script>x" not in text and "<script>alert" not in text and "<img src=x" not in text, path
            assert str(starter) not in text, path


@pytest.mark.parametrize(
    ("rel", "old", "new", "message"),
    [
        ("news/welcome.md", "title: ", 'title: "开幕\\x01通知"\nx: ', "2: `title` has an invisible control character (U+0001): delete it, or the escape that makes it"),
        ("news/welcome.md", "title: ", 'summary: "\\x7f"\ntitle: ', "2: `summary` has an invisible control character (U+007F): delete it, or the escape that makes it"),
        ("collection/first-object.md", "alt: ", 'alt: "\\u0085"\n    x: ', "8: `images[1].alt` has an invisible control character (U+0085): delete it, or the escape that makes it"),
        ("collection/first-object.md", "id: ", '"\\x1b[2J": 1\nid: ', "2: a key has an invisible control character (U+001B): delete it, or the escape that makes it"),
        ("museum.yaml", "address: ", 'address: "\\x9b"\nx: ', "9: `address` has an invisible control character (U+009B): delete it, or the escape that makes it"),
        ("museum.yaml", "      note: ", '      note: "\\x00"\n      x: ', "18: `hours.exceptions[1].note` has an invisible control character (U+0000): delete it, or the escape that makes it"),
        ("news/welcome.md", "\n---\n", "\n---\n第一段\x0c。\n", "5: this line has an invisible control character (U+000C): delete it (it often comes with text pasted from another program)"),
        ("museum.yaml", "phone: ", "phone: 1\x02\nx: ", "10: this line has an invisible control character (U+0002): delete it (it often comes with text pasted from another program)"),
    ],
)
def test_control_characters_are_located_errors(starter: Path, rel: str, old: str, new: str, message: str) -> None:
    # feed.xml and sitemap.xml would stop being XML, and a terminal would obey some of them
    path = starter / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    write(path, text.replace(old, new, 1))
    code, lines = check(starter)
    assert (code, lines[0]) == (1, f"{rel}:{message}")
    assert lines[1:] in ([], ["exhibitions/first-exhibition.md:9: no item `M-0001`: it should be an `id` in collection/"])


def test_control_characters_in_names_and_options_are_not_passed_on(starter: Path, tmp_path: Path) -> None:
    write(starter / "news" / "a\x1b[2Jb.md", (starter / "news" / "welcome.md").read_text(encoding="utf-8"))
    assert check(starter) == (1, ["news/a\\x1b[2Jb.md: the file name makes an unsafe web address: use letters, digits and `-` only"])
    (starter / "news" / "a\x1b[2Jb.md").unlink()
    result = CliRunner().invoke(main, ["build", str(starter), "-o", str(tmp_path / "out"), "--base-url", "https://example.org/\x01/"])
    assert result.exit_code == 1 and "--base-url: `https://example.org/\\x01/` is not a full web address" in result.output


@pytest.mark.parametrize("blank", ["\\u200b", "\\u200c\\u200d", "\\u2060", "\\ufeff", "\\u200b \\u3000\\u00a0\\u2060"])
def test_a_title_of_invisible_characters_is_empty(starter: Path, blank: str) -> None:
    write(starter / "news" / "welcome.md", f'---\ntitle: "{blank}"\ndate: 2026-11-25\n---\nx\n')
    exhibition = starter / "exhibitions" / "first-exhibition.md"
    write(exhibition, exhibition.read_text(encoding="utf-8").replace("items: [M-0001]", f'items: [M-0001]\ncurator: "{blank}"'))
    video = starter / "videos" / "first-video.md"
    write(video, video.read_text(encoding="utf-8").replace("speaker: first-speaker", f'speaker:\n  name: "{blank}"'))
    config = starter / "museum.yaml"
    write(config, config.read_text(encoding="utf-8").replace('name: "测试博物馆"', f'name: "{blank}"'))
    assert check(starter) == (1, [
        "exhibitions/first-exhibition.md:10: `curator`: the speaker is empty: write the file name of their page in speakers/, or leave the key out",
        "museum.yaml:2: `name` is empty: write the museum's name",
        "news/welcome.md:2: `title`: the title is empty: write a title",
        "videos/first-video.md:6: `speaker.name`: the person's name is empty: write it",
    ])


# --- paths and files -----------------------------------------------------------------


def test_media_links_out_of_the_museum_are_refused(starter: Path) -> None:
    (starter / "media" / "passwd.jpg").symlink_to("/etc/passwd")
    (starter / "media" / "zero.jpg").symlink_to("/dev/zero")
    item = starter / "collection" / "first-object.md"
    text = item.read_text(encoding="utf-8")
    for ref, message in [
        ("media/passwd.jpg", "`media/passwd.jpg` points outside the museum folder: copy the file in instead"),
        ("media/zero.jpg", "file not found: `media/zero.jpg` (looked next to this file and in the museum folder)"),
        ("../../../../etc/hosts.jpg", "`../../../../etc/hosts.jpg` points outside the museum folder: media must be inside it"),
        ("/etc/hosts.jpg", "`/etc/hosts.jpg` is an absolute path: write it relative to the museum folder"),
        ("C:\\Windows\\x.jpg", "`C:\\Windows\\x.jpg` is an absolute path: write it relative to the museum folder"),
        ("media/aux.jpg", "`media/aux.jpg`: that file name cannot be used on Windows (it is kept for a device, or ends in a dot): rename the file"),
        ("media/nul/a.jpg", "`media/nul/a.jpg`: a folder on that path has a name Windows cannot use (it is kept for a device, or ends in a dot): rename the folder"),
        ("media/com².jpg", "`media/com².jpg`: that file name cannot be used on Windows (it is kept for a device, or ends in a dot): rename the file"),
    ]:
        write(item, text.replace("media/object.jpg", ref))
        assert check(starter) == (1, [f"collection/first-object.md:7: {message}"]), ref


def test_content_links_out_of_the_museum_are_refused(starter: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    write(outside / "secret.md", "---\ntitle: secret\ndate: 2026-11-25\n---\nsecret\n")
    (starter / "news" / "shared").symlink_to(outside)
    (starter / "news" / "one.md").symlink_to(outside / "secret.md")
    message = "this file is (or is in a folder that is) a link to a place outside the museum folder: copy the file in instead"
    # a folder that leads out is not looked into: it could be a link to the whole disk
    folder = "this folder is a link to a place outside the museum folder: copy the files in instead"
    assert check(starter) == (1, [f"news/one.md: {message}", f"news/shared: {folder}"])
    (starter / "videos" / "root").symlink_to("/")
    assert check(starter) == (1, [f"news/one.md: {message}", f"news/shared: {folder}", f"videos/root: {folder}"])


def test_links_in_a_circle_are_reported_not_followed(starter: Path) -> None:
    (starter / "collection" / "self").symlink_to(".")
    (starter / "news" / "museum").symlink_to("..")
    (starter / "news" / "deeper").mkdir()
    (starter / "news" / "deeper" / "back").symlink_to("../..")
    (starter / "news" / "loop.md").symlink_to("loop.md")
    (starter / "news" / "gone.md").symlink_to("nothing.md")
    (starter / "events" / "news").symlink_to("../news")  # a link to another folder of the museum is fine
    loop = "warning: this folder is a link to a folder it is in: it is ignored (following it would never end)"
    nowhere = "warning: this is a link that leads nowhere (to a file that is not there, or round in a circle of links): it is ignored"
    code, lines = check(starter)
    assert [line for line in lines if "link" in line] == [
        f"collection/self: {loop}",
        f"events/news/deeper/back: {loop}",
        f"events/news/gone.md: {nowhere}",
        f"events/news/loop.md: {nowhere}",
        f"events/news/museum: {loop}",
        f"news/deeper/back: {loop}",
        f"news/gone.md: {nowhere}",
        f"news/loop.md: {nowhere}",
        f"news/museum: {loop}",
    ]
    (starter / "events" / "news").unlink()
    assert check(starter, "--strict")[0] == 1 and check(starter)[0] == 0


def test_translations_are_found_through_links_and_circles_are_still_not_followed(starter: Path, tmp_path: Path) -> None:
    config = starter / "museum.yaml"
    write(config, config.read_text(encoding="utf-8").replace("language: zh-CN\n", "languages: [zh-CN, en]\n"))
    write(starter / "collection" / "first-object.en.md", "---\ntitle: The first object\n---\nIn English.\n")
    write(starter / "shared" / "vase.md", "---\ntitle: 花瓶\nid: T-0001\n---\n花瓶。\n")
    write(starter / "shared" / "vase.en.md", "---\ntitle: Vase\n---\nA vase.\n")
    write(starter / "shared" / "bowl.fr.md", "---\ntitle: Bol\n---\nUn bol.\n")
    (starter / "collection" / "more").symlink_to("../shared")  # a folder of the museum, through a link
    (starter / "collection" / "self").symlink_to(".")
    (starter / "collection" / "more" / "up").symlink_to("..")
    loop = "warning: this folder is a link to a folder it is in: it is ignored (following it would never end)"
    french = "this is named as a translation into `fr`, which is not one of `languages` in museum.yaml: add it there, or rename the file"
    code, lines = check(starter)
    assert code == 1
    assert [line for line in lines if line.startswith("collection/")] == [
        f"collection/more/bowl.fr.md: {french}", f"collection/more/up: {loop}", f"collection/self: {loop}"
    ]
    (starter / "shared" / "bowl.fr.md").unlink()
    out = tmp_path / "out"
    build(starter, out, Options(date=DATE))
    assert "<h1>The first object</h1>" in (out / "en" / "collection" / "first-object" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Vase</h1>" in (out / "en" / "collection" / "vase" / "index.html").read_text(encoding="utf-8")
    assert "<h1>花瓶</h1>" in (out / "collection" / "vase" / "index.html").read_text(encoding="utf-8")


def test_a_folder_that_cannot_be_read_is_named(starter: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_scandir = os.scandir
    (starter / "news" / "private").mkdir()

    def refuse(path: str) -> object:
        if os.fspath(path).endswith("private"):  # as for a user without the rights (tests run as root)
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    assert check(starter) == (1, ["news/private: cannot read this folder: Permission denied"])


def test_a_museum_yaml_that_is_a_link_out_is_refused(starter: Path, tmp_path: Path) -> None:
    write(tmp_path / "secrets.yaml", "aws_key: AKIA0000\n")
    (starter / "museum.yaml").unlink()
    (starter / "museum.yaml").symlink_to(tmp_path / "secrets.yaml")
    assert check(starter) == (1, ["museum.yaml: this file is a link to a place outside the museum folder: copy the file in instead"])


def test_pipes_in_content_folders_are_not_opened(starter: Path) -> None:
    os.mkfifo(starter / "news" / "pipe.md")  # reading it would wait for ever
    assert check(starter) == (0, ["news/pipe.md: warning: this is not a regular file (a pipe, socket or device): it is ignored"])


@pytest.mark.parametrize("name", ["CON.md", "aux.md", "com1.yaml", "trailing..md", "com¹.md", "LPT².md", "lpt³.yaml", "CONIN$.md", "conout$.md"])
def test_names_windows_cannot_use_are_refused(starter: Path, name: str) -> None:
    write(starter / "news" / name, (starter / "news" / "welcome.md").read_text(encoding="utf-8"))
    message = f"news/{name}: `{name}` is a name Windows cannot use (it is kept for a device, or ends in a dot): rename the file"
    assert check(starter) == (1, [message])


@pytest.fixture
def unreadable(monkeypatch: pytest.MonkeyPatch) -> set[Path]:
    """Files that cannot be read, as for a user without the rights (tests run as root, for
    whom a file's permissions change nothing): add paths to the set."""
    refused: set[Path] = set()
    real_open, real_read_bytes = open, Path.read_bytes

    def guarded_open(file: object, *args: object, **kwargs: object) -> object:
        if isinstance(file, str | Path) and Path(file).resolve() in refused:
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    def guarded_read_bytes(self: Path) -> bytes:
        if self.resolve() in refused:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr("builtins.open", guarded_open)
    monkeypatch.setattr(Path, "read_bytes", guarded_read_bytes)
    return refused


def test_files_that_cannot_be_read_are_named(starter: Path, unreadable: set[Path]) -> None:
    unreadable.update({(starter / "news" / "welcome.md").resolve(), (starter / "media" / "object.jpg").resolve()})
    code, lines = check(starter)
    assert code == 1
    assert "news/welcome.md: cannot read this file: Permission denied" in lines
    assert "collection/first-object.md:7: `media/object.jpg`: cannot read this file: Permission denied" in lines
    unreadable.add((starter / "museum.yaml").resolve())
    code, lines = check(starter)
    assert (code, lines[0]) == (1, "museum.yaml: cannot read this file: Permission denied")


@pytest.mark.parametrize("folder", ["LPT1", "prn.old", "drafts.", "COM³", "CONOUT$"])
def test_folder_names_windows_cannot_use_are_refused(starter: Path, folder: str) -> None:
    write(starter / "news" / folder / "note.md", (starter / "news" / "welcome.md").read_text(encoding="utf-8"))
    message = f"news/{folder}/note.md: the folder `{folder}` has a name Windows cannot use (it is kept for a device, or ends in a dot): rename the folder"
    assert check(starter) == (1, [message])


# --- images --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "it is not an image that can be read (damaged, or another kind of file)"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "it is not an image that can be read (damaged, or another kind of file)"),
        (b"GIF89a\xff\xff\xff\xff" + b"\x00" * 20, "it is not an image that can be read (damaged, or another kind of file)"),
    ],
)
def test_fake_and_damaged_images(starter: Path, data: bytes, message: str) -> None:
    write(starter / "media" / "object.jpg", data)
    assert check(starter) == (1, [f"collection/first-object.md:7: `media/object.jpg`: {message}"])


def test_a_decompression_bomb_is_refused(starter: Path) -> None:
    from PIL import Image

    Image.new("1", (12_000, 12_000)).save(starter / "media" / "object.png")  # 144 megapixels, a few kilobytes
    item = starter / "collection" / "first-object.md"
    write(item, item.read_text(encoding="utf-8").replace("media/object.jpg", "media/object.png"))
    assert check(starter) == (1, ["collection/first-object.md:7: `media/object.png`: it has too many pixels (over 100 megapixels): make it smaller"])


@pytest.mark.parametrize(("size", "refused"), [((9460, 9460), False), ((10_000, 10_000), False), ((10_000, 10_001), True)])
def test_the_pixel_limit_is_100_megapixels(tmp_path: Path, size: tuple[int, int], refused: bool) -> None:
    from PIL import Image

    from museumgen.images import ImageProblem, inspect

    path = tmp_path / "large.png"
    Image.new("1", size).save(path)  # 89.5 to 100 megapixels, a few kilobytes
    if refused:
        with pytest.raises(ImageProblem, match="^it has too many pixels \\(over 100 megapixels\\): make it smaller$"):
            inspect(path)
    else:
        assert inspect(path) == (size, False, False)  # Pillow's own warning (from 89.5 megapixels) is not raised


@pytest.mark.parametrize("name", ["x" * 236 + ".jpg", "青铜" * 40 + ".jpg"], ids=["latin", "chinese"])  # 240 bytes
def test_photographs_with_the_longest_names_are_made(starter: Path, tmp_path: Path, name: str) -> None:
    shutil.move(starter / "media" / "object.jpg", starter / "media" / name)
    item = starter / "collection" / "first-object.md"
    write(item, item.read_text(encoding="utf-8").replace("media/object.jpg", f"media/{name}"))
    for attempt in ("an empty image cache", "a warm one"):
        out = tmp_path / "out"
        build(starter, out, Options(date=DATE, cache_dir=tmp_path / "cache"))
        made = sorted(p.name for p in (out / "media").iterdir() if p.name.startswith(name[:20]))
        assert len(made) == 9 and all(len(made_name.encode()) <= 255 for made_name in made), attempt
        page = (out / "collection" / "first-object" / "index.html").read_text(encoding="utf-8")
        assert quote(next(n for n in made if n.endswith("-900.webp"))) in page, attempt


def test_an_image_cache_that_cannot_be_written_is_said(starter: Path, tmp_path: Path) -> None:
    from museumgen.images import ImageProblem, Settings, content_key, make_all, plan

    source = starter / "media" / "object.jpg"
    target = plan("media/object.jpg", content_key(source.read_bytes(), Settings()), (900, 900), False, Settings())
    (tmp_path / "file").write_text("not a folder")
    [problem] = make_all([(source, target)], Settings(), tmp_path / "file" / "images")
    assert isinstance(problem, ImageProblem)
    assert str(problem) == "its smaller copies cannot be written to the image cache: Not a directory (see --cache-dir)"


# --- output safety -------------------------------------------------------------------


def test_a_full_disk_leaves_the_previous_site(starter: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    build(starter, out, Options(date=DATE))
    before = tree(out)
    item = starter / "collection" / "first-object.md"
    write(item, item.read_text(encoding="utf-8").replace("title: ", "title: 新", 1))
    real_write = Path.write_bytes
    calls = []

    def fill_up(self: Path, data: bytes) -> int:
        calls.append(self)
        if "collection" in self.parts:  # the disk fills while the changed pages are written
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", fill_up)
    with pytest.raises(MuseumError, match="cannot write the site: No space left on device \\(the previous site is unchanged\\)"):
        build(starter, out, Options(date=DATE))
    monkeypatch.undo()
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", "museum"])


@pytest.mark.parametrize("page", ["feed.xml", "index.html", "robots.txt", "sitemap.xml", "Feed.XML", "404.html"])
def test_a_page_named_like_a_file_the_site_makes_is_a_clash(starter: Path, tmp_path: Path, page: str) -> None:
    config = starter / "museum.yaml"
    write(config, config.read_text(encoding="utf-8") + "base_url: https://example.org/\n")
    write(starter / "pages" / f"{page}.md", "---\ntitle: 页\n---\n页\n")
    slug = page.lower()  # the address of `pages/Feed.XML.md` is `feed.xml/`
    if page == "index.html":  # a name no output takes: the plan of every path finds it
        message = ("`pages/index.html.md`: two things would be written to `index.html`: this as a folder (for `index.html/index.html`),"
                   " the other as a file: the page `/`; rename one of them")
    else:  # a name an output takes (`outputs.reserved`): refused where the page is read
        message = f"pages/{page}.md: `{slug}` is used by the site itself: rename this page"
    assert check(starter) == (1, [message])
    result = CliRunner().invoke(main, ["build", str(starter), "-o", str(tmp_path / "out"), "--date", "2026-11-25"])
    assert result.exit_code == 1 and message in result.output and "File exists" not in result.output
    assert not (tmp_path / "out").exists()


def test_the_plan_names_the_files_museumgen_makes_as_its_own(starter: Path) -> None:
    from museumgen.build import plan

    config = starter / "museum.yaml"
    write(config, config.read_text(encoding="utf-8") + "base_url: https://example.org/\n")
    planned = dict(plan(starter, Options(date=DATE)).paths)
    for name in ["feed.xml", "robots.txt", "sitemap.xml"]:
        assert planned[name] == f"`{name}`, which museumgen makes"
    assert planned["index.html"] == "the page `/`" and planned["about/index.html"] == "`pages/about.md`"


def test_a_file_the_system_refuses_to_write_is_named(tmp_path: Path) -> None:
    from museumgen.write import write_site

    def fill(staging: Path, previous: Path | None) -> None:
        raise OSError(errno.ENAMETOOLONG, "File name too long", str(staging / "media" / "x.jpg"))

    with pytest.raises(MuseumError, match="^.*/out: cannot write the site: File name too long for `media/x.jpg` \\(the previous site is unchanged\\)$"):
        write_site(tmp_path / "out", fill)


def test_names_too_long_for_a_file_system_are_located(tmp_path: Path) -> None:
    from museumgen.write import check_unique

    with pytest.raises(MuseumError) as raised:
        check_unique([("a/index.html", "`pages/a.md`"), ("media/" + "长" * 90 + ".mp4", "`media/long.mp4`")])
    assert [d.format() for d in raised.value.diagnostics] == [
        f"`media/long.mp4`: it would be written as `{'长' * 30}…`, a name of 274 bytes; file systems allow at most 255: shorten the file name"
    ]


@pytest.mark.parametrize("given", [None, "_site", "_site/deeper"])
def test_an_output_folder_in_the_museum_that_leads_out_is_refused(starter: Path, tmp_path: Path, given: str | None) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (starter / "_site").symlink_to(elsewhere)  # committed in a pull request
    args = ["build", str(starter)] + ([] if given is None else ["-o", str(starter / given)])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and "Traceback" not in result.output
    where = starter / (given or "_site")
    target = elsewhere / "deeper" if given == "_site/deeper" else elsewhere
    assert f"{where}: this folder is inside the museum folder but is (or is in) a link to a place outside it, `{target}`" in result.output
    assert list(elsewhere.iterdir()) == []
    result = CliRunner().invoke(main, ["build", str(starter), "-o", str(elsewhere), "--date", "2026-11-25"])  # named as what it is
    assert result.exit_code == 0 and (elsewhere / "index.html").is_file()


def test_output_and_museum_folders_that_are_circles_of_links_are_refused(starter: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("loop").symlink_to("loop")
    message = "loop: this is a link that leads round in a circle (to itself, or through other links): fix or delete the link"
    for args in (["build", str(starter), "-o", "loop"], ["build", "loop", "-o", "out"]):
        result = CliRunner().invoke(main, args)
        assert (result.exit_code, result.output.splitlines()[0]) == (1, message), args


def test_a_killed_build_leaves_the_previous_site(tmp_path: Path) -> None:
    museum, out = tmp_path / "museum", tmp_path / "site"
    subprocess.run([sys.executable, "-m", "museumgen", "new", str(museum)], check=True, capture_output=True)
    for number in range(1500):  # enough pages that the build is still writing when killed
        write(museum / "news" / f"n{number}.md", f"---\ntitle: 新闻 {number}\ndate: 2026-01-01\n---\n" + "正文。" * 200)
    build(museum, out, Options(date=DATE))
    before = tree(out)
    write(museum / "news" / "n0.md", "---\ntitle: 改\ndate: 2026-01-01\n---\n改")
    staging = tmp_path / ".site.museumgen-new"
    process = subprocess.Popen([sys.executable, "-m", "museumgen", "build", str(museum), "-o", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (staging / "news").exists() and process.poll() is None:  # killed while writing pages
        assert time.monotonic() < deadline
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert tree(out) == before  # whatever it had written was beside the site, not in it
    build(museum, out, Options(date=DATE))  # the next build clears what the killed one left
    assert not staging.exists() and (out / MARKER).is_file()
    assert "<h1>改</h1>" in (out / "news" / "n0" / "index.html").read_text(encoding="utf-8")


# --- the command line ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["build", "--no-such-option"], 2, "No such option '--no-such-option'"),
        (["build", "--date", "2026-02-30"], 2, "`2026-02-30` is not a date: use YYYY-MM-DD"),
        (["build", "--date", "tomorrow"], 2, "`tomorrow` is not a date: use YYYY-MM-DD"),
        (["build", "--base-url", "javascript:alert(1)"], 1, "--base-url: `javascript:alert(1)` is not a full web address"),
        (["serve", "--port", "70000"], 2, "70000 is not in the range 0<=x<=65535"),
        (["build", "no-such-folder"], 1, "no such folder: give the path of a museum folder"),
        # an empty path, as from `-o "$OUT"` with OUT unset, would mean the current folder
        (["build", "-o", ""], 2, "Invalid value for '-o' / '--output': it is empty (is a variable unset?): give the path of a folder"),
        (["build", ""], 2, "Invalid value for '[MUSEUM]': it is empty (is a variable unset?)"),
        (["check", " "], 2, "Invalid value for '[MUSEUM]': it is empty (is a variable unset?)"),
        (["build", "--cache-dir", ""], 2, "Invalid value for '--cache-dir': it is empty (is a variable unset?)"),
        (["new", ""], 2, "Invalid value for 'FOLDER': it is empty (is a variable unset?)"),
        (["new", "museum.yaml/sub"], 1, "museum.yaml/sub: `museum.yaml` is a file, not a folder: choose another place for the museum"),
        (["new", "museum.yaml/a/b"], 1, "museum.yaml/a/b: `museum.yaml` is a file, not a folder: choose another place for the museum"),
    ],
)
def test_bad_command_lines_are_explained(starter: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], code: int, message: str) -> None:
    monkeypatch.chdir(starter)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("day", ["9999-12-31", "9999-10-15", "0001-01-01"])
def test_build_dates_at_the_ends_of_the_calendar_work(starter: Path, tmp_path: Path, day: str) -> None:
    config = starter / "museum.yaml"  # closures and special hours are looked for in the months after the build date
    write(config, config.read_text(encoding="utf-8") + "base_url: https://example.org/\n")
    for command in (["check", str(starter)], ["build", str(starter), "-o", str(tmp_path / "out")]):
        result = CliRunner().invoke(main, [*command, "--date", day])
        assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "visit" / "index.html").is_file()


@pytest.mark.parametrize("epoch", ["tomorrow", "99999999999999999", "-99999999999999"])
def test_a_source_date_epoch_that_cannot_be_read_is_said(starter: Path, monkeypatch: pytest.MonkeyPatch, epoch: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    result = CliRunner().invoke(main, ["check", str(starter)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"SOURCE_DATE_EPOCH: `{epoch}` is not a time this computer can read: give seconds since 1970, e.g. `1767225600`, or unset it"
    )


# --- templates in the museum folder (they can come from a pull request too) -------------


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("{{ cycler.__init__.__globals__.os.system('touch pwned') }}", "templates may not do this: access to attribute '__init__' of 'type' object is unsafe."),
        ("{{ site.__class__.__mro__ }}", "templates may not do this: access to attribute '__class__' of 'Site' object is unsafe."),
        ("{{ site.root.joinpath('/etc/hostname').read_text() }}", "templates may not do this: access to attribute 'root' of 'Site' object is unsafe."),
        ("{{ doc.entry.parse_file('/etc/hostname') }}", "templates may not do this: access to attribute 'parse_file' of 'Page' object is unsafe."),
        ("{{ doc.parse_file('/etc/hostname') }}", "templates may not do this: access to attribute 'parse_file' of 'Doc' object is unsafe."),
        ("{{ museum.model_validate_json('{}') }}", "templates may not do this: access to attribute 'model_validate_json' of 'Museum' object is unsafe."),
        ('{% include "../museum.yaml" %}', "no template `../museum.yaml`: templates are found in the museum's templates/ folder and the theme's (never outside them)"),
        ('{% include "/etc/passwd" %}', "no template `/etc/passwd`: templates are found in the museum's templates/ folder and the theme's (never outside them)"),
    ],
)
def test_templates_cannot_reach_the_build_machine(starter: Path, block: str, message: str) -> None:
    write(starter / "templates" / "page.html", '{% extends "theme:page.html" %}\n{% block main %}' + block + "{% endblock %}\n")
    code, lines = check(starter)
    assert (code, lines) == (1, [f"templates/page.html:2: {message}"])
    assert not (starter / "pwned").exists() and not Path("pwned").exists()


def test_printing_the_sites_objects_shows_no_path_of_the_build_machine(starter: Path, tmp_path: Path) -> None:
    write(starter / "templates" / "page.html", '{% extends "theme:page.html" %}{% block main %}{{ site }}{{ site.media }}{{ doc }}{% endblock %}')
    page = built_page(starter, tmp_path / "out", "about/index.html")
    assert "Doc(collection/first-object@" in page  # the objects were printed ...
    assert str(starter) not in page and str(tmp_path) not in page  # ... without where they live


def test_a_theme_given_by_path_is_sandboxed_too(starter: Path) -> None:
    write(starter / "my-theme" / "theme.yaml", "extends: default\n")
    write(starter / "my-theme" / "templates" / "page.html", '{% extends "default:page.html" %}{% block main %}{{ site.root }}{% endblock %}')
    config = starter / "museum.yaml"
    write(config, config.read_text(encoding="utf-8") + "theme: ./my-theme\n")
    code, lines = check(starter)
    assert code == 1
    assert lines == ["my-theme/templates/page.html:1: templates may not do this: access to attribute 'root' of 'Site' object is unsafe."]


def test_template_and_theme_files_that_are_links_out_are_refused(starter: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("ssh-rsa AAAA-private\n", encoding="utf-8")
    # a template that is a link to a file of the build machine, included by another
    (starter / "templates").mkdir()
    (starter / "templates" / "leak.html").symlink_to(secret)
    write(starter / "templates" / "page.html", '{% extends "theme:page.html" %}\n{% block main %}{% include "leak.html" %}{% endblock %}\n')
    message = "templates may not do this: `leak.html` is a link to a file outside the templates folders: copy the file in instead"
    assert check(starter) == (1, [f"templates/page.html:2: {message}"])
    with pytest.raises(MuseumError) as raised:  # the preview says the same, and does not crash
        Session(starter).build()
    assert [(d.path, d.line, d.message) for d in raised.value.diagnostics] == [("templates/page.html", 2, message)]
    shutil.rmtree(starter / "templates")
    # a theme's static file, strings or theme.yaml that is a link out: it would be published or shown
    theme = starter / "my-theme"
    config = starter / "museum.yaml"
    write(config, config.read_text(encoding="utf-8") + "theme: ./my-theme\n")
    for rel in ["static/notes.txt", "i18n/zh-CN.yaml", "theme.yaml"]:
        (theme / rel).parent.mkdir(parents=True, exist_ok=True)
        (theme / rel).symlink_to(secret)
        code, lines = check(starter)
        assert code == 1 and len(lines) == 1, lines
        assert lines == [f"my-theme/{rel}: this file is a link to a place outside `my-theme`: copy the file in instead"]
        (theme / rel).unlink()
    assert check(starter)[0] == 0


@pytest.mark.parametrize(
    ("rel", "text", "message"),
    [
        ("theme.yaml", "extends: [default\n", '1: the `[` after `extends:` is not closed: close it with `]`, or, if this is text, put it all in quotes: `extends: "[default"`'),
        ("i18n/zh-CN.yaml", 'tab_home: "首页\\x1b[2J"\n', "1: `tab_home` has an invisible control character (U+001B): delete it, or the escape that makes it"),
        ("i18n/zh-CN.yaml", "tab_home: 首页\x85\n", "1: this line has an invisible control character (U+0085): delete it (it often comes with text pasted from another program)"),
    ],
)
def test_theme_files_are_read_as_carefully_as_content(starter: Path, rel: str, text: str, message: str) -> None:
    theme = starter / "my-theme"
    write(theme / "theme.yaml", "extends: default\n")
    write(theme / rel, text)
    config = starter / "museum.yaml"
    write(config, config.read_text(encoding="utf-8") + "theme: ./my-theme\n")
    assert check(starter) == (1, [f"my-theme/{rel}:{message}"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('tab_home: "首页\\x1b[2J"\n', "1: `tab_home` has an invisible control character (U+001B): delete it, or the escape that makes it"),
        ("tab_home: 首页\x85\n", "1: this line has an invisible control character (U+0085): delete it (it often comes with text pasted from another program)"),
        ("tab_home: [首页\n", '1: the `[` after `tab_home:` is not closed: close it with `]`, or, if this is text, put it all in quotes: `tab_home: "[首页"`'),
        ("- 首页\n", "1: this file of interface texts should be lines of `key: text`"),
        ("tab_home: 首页\n".encode("gbk"), "1: this file is not UTF-8 text: save it with UTF-8 encoding (some Windows editors save Chinese as GBK/ANSI)"),
    ],
)
def test_the_museums_own_interface_texts_are_read_as_carefully_as_content(starter: Path, text: str | bytes, message: str) -> None:
    write(starter / "i18n" / "zh-CN.yaml", text)  # over the theme's: named from the museum folder, as content is
    assert check(starter) == (1, [f"i18n/zh-CN.yaml:{message}"])
    write(starter / "i18n" / "zh-CN.yaml", "tab_home: 主页\nvisitors: 1987.120\n")
    assert check(starter)[0] == 0


def test_a_theme_folder_that_is_a_link_out_must_say_so(starter: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared-theme"
    write(shared / "theme.yaml", "extends: default\n")
    (starter / "my-theme").symlink_to(shared)
    config = starter / "museum.yaml"
    original = config.read_text(encoding="utf-8")
    write(config, original + "theme: ./my-theme\n")
    code, lines = check(starter)
    assert code == 1 and lines[0].startswith("museum.yaml:") and lines[0].endswith(
        "the theme folder `./my-theme` is a link to a place outside the museum folder: copy the theme in, or write the path to where it really is"
    )
    write(config, original + "theme: ../shared-theme\n")  # a theme shared by several museums, named as such
    assert check(starter)[0] == 0


def test_only_templates_from_the_museum_folder_pay_for_the_sandbox(starter: Path) -> None:
    from museumgen.build import load, renderers
    from museumgen.render.pages import SandboxedRecordingEnvironment

    assert not isinstance(renderers(load(starter, Options(date=DATE)))[0].env, SandboxedRecordingEnvironment)  # the built-in theme
    write(starter / "templates" / "page.html", '{% extends "theme:page.html" %}')
    assert isinstance(renderers(load(starter, Options(date=DATE)))[0].env, SandboxedRecordingEnvironment)


# --- the preview server ----------------------------------------------------------------


def test_two_hundred_connections_at_once_all_wait_their_turn() -> None:
    import socket
    import threading

    from museumgen.incremental import Snapshot
    from museumgen.preview.serve import Preview, make_server

    preview = Preview()
    preview.publish(Snapshot({"index.html": b"<p>hi</p>"}, [], 1, 1, 0.0, "/"))
    server = make_server("127.0.0.1", 0, preview)
    port = server.server_address[1]
    clients: list[socket.socket] = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    try:
        for _ in range(200):  # all arrive before the server accepts any
            client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            clients.append(client)
            client.settimeout(0.5)  # a connection the queue had no room for would wait a second or more
            client.connect(("127.0.0.1", port))
            client.sendall(b"GET / HTTP/1.0\r\nHost: x\r\n\r\n")
        thread.start()
        for client in clients:
            client.settimeout(5)
            answer = b""
            while chunk := client.recv(65536):
                answer += chunk
            assert answer.startswith(b"HTTP/1.1 200 OK"), answer[:40]
    finally:
        for client in clients:
            client.close()
        if thread.is_alive():
            server.shutdown()
        server.server_close()
