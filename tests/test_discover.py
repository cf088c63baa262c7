from __future__ import annotations

import os
from pathlib import Path

import pytest

from museumgen.content.discover import discover, slug_for
from museumgen.errors import Report
from museumgen.site.kinds import KINDS


@pytest.mark.parametrize(
    ("stem", "slug"),
    [("Spring Lanterns", "spring-lanterns"), ("春节开放安排", "春节开放安排"), ("QX-0001", "qx-0001"), ("cafe\u0301", "café")],
)
def test_slug_for(stem: str, slug: str) -> None:
    assert slug_for(stem) == slug


def test_finds_content_in_order_and_skips_private_files(tmp_path: Path) -> None:
    for rel in [
        "news/b.md",
        "news/a.md",
        "news/_draft.md",
        "news/.hidden.md",
        "news/_unpublished/c.md",
        "news/photo.jpg",
        "exhibitions/x.yaml",
        "notes/ignored.md",
    ]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("")
    report = Report()
    found = discover(tmp_path, report, KINDS.names())
    assert [(f.kind, f.rel, f.slug) for f in found] == [
        ("exhibitions", "exhibitions/x.yaml", "x"),
        ("news", "news/a.md", "a"),
        ("news", "news/b.md", "b"),
    ]
    assert report.diagnostics == []


def test_unsafe_names_and_links_out_are_errors(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "what?.md").write_text("")
    outside = tmp_path.parent / f"{tmp_path.name}-secret.md"
    outside.write_text("secret")
    os.symlink(outside, tmp_path / "news" / "linked.md")
    outside_folder = tmp_path.parent / f"{tmp_path.name}-folder"
    outside_folder.mkdir()
    (outside_folder / "private.md").write_text("secret")
    os.symlink(outside_folder, tmp_path / "news" / "shared")
    report = Report()
    assert discover(tmp_path, report, KINDS.names()) == []
    assert [d.format() for d in report.sorted()] == [
        "news/linked.md: this file is (or is in a folder that is) a link to a place outside the museum folder: copy the file in instead",
        "news/shared: this folder is a link to a place outside the museum folder: copy the files in instead",
        "news/what?.md: the file name makes an unsafe web address: use letters, digits and `-` only",
    ]
