"""Incremental builds: after every edit, exactly what a clean build makes, and no more work
than the edit needs."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from museumgen.build import Options, build
from museumgen.errors import MuseumError
from museumgen.incremental import Session, Snapshot

from .conftest import tree

OPTIONS = Options(date=dt.date(2026, 11, 25))


def clean_build(museum: Path, options: Options = OPTIONS) -> dict[str, bytes]:
    out = museum.parent / "clean"
    build(museum, out, options)
    return {path: data for path, data in tree(out).items() if path != ".museumgen"}


def assert_same_as_clean(snapshot: Snapshot, museum: Path, options: Options = OPTIONS) -> None:
    expected = clean_build(museum, options)
    got = {path: snapshot.read(path) for path in snapshot.files}
    assert sorted(got) == sorted(expected)
    assert [path for path in expected if got[path] != expected[path]] == []


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def rendered_pages(session: Session, change: Callable[[], None]) -> int:
    change()
    snapshot = session.build()
    assert_same_as_clean(snapshot, session.root)
    return snapshot.rendered


def test_a_sequence_of_edits_always_matches_a_clean_build(museum: Path) -> None:
    session = Session(museum, OPTIONS)
    first = session.build()
    assert first.rendered == first.pages
    assert_same_as_clean(first, museum)
    assert session.build().rendered == 0  # nothing changed
    everything = first.pages
    item = museum / "collection" / "qx-0013-stele-rubbing.md"
    exhibition = museum / "exhibitions" / "paper-and-ink.md"

    # One object's text: its page, the lists and exhibitions showing it, the home page.
    count = rendered_pages(session, lambda: edit(item, "重修文昌阁碑拓片", "重修文昌阁碑拓本"))
    assert 1 < count < everything / 4
    # An exhibition takes on another object: both pages change, and that object's page.
    count = rendered_pages(session, lambda: edit(exhibition, "items: [QX-0013, QX-0012]", "items: [QX-0013, QX-0012, QX-0001]"))
    assert count < everything / 3
    # ... and gives it back.
    rendered_pages(session, lambda: edit(exhibition, "items: [QX-0013, QX-0012, QX-0001]", "items: [QX-0013, QX-0012]"))
    # A new object, then renaming its file (a new address), then deleting it.
    new_item = museum / "collection" / "qx-0099-new.md"
    rendered_pages(session, lambda: new_item.write_text("---\nid: QX-0099\ntitle: 新入藏的铜镜\n---\n一面新征集的铜镜。\n", encoding="utf-8"))
    renamed = museum / "collection" / "qx-0099-mirror.md"
    rendered_pages(session, lambda: new_item.rename(renamed))
    rendered_pages(session, renamed.unlink)
    # A Markdown body linking to another entry, whose file is then renamed.
    news = museum / "news" / "volunteers-wanted.md"
    rendered_pages(session, lambda: news.write_text(news.read_text(encoding="utf-8") + "\n[拓片](../collection/qx-0013-stele-rubbing.md)\n", encoding="utf-8"))
    with pytest.raises(MuseumError, match="no such content file"):
        item.rename(item.with_name("qx-0013-rubbing.md"))
        session.build()
    rendered_pages(session, lambda: item.with_name("qx-0013-rubbing.md").rename(item))
    # A free page leaves the footer menu: every page showed it.
    page = museum / "pages" / "visitor-guidelines.md"
    assert rendered_pages(session, lambda: edit(page, "menu: true", "menu: false")) == everything
    # A photograph is replaced: new derivatives, and the pages showing it.
    photo = museum / "media" / "collection" / "qx-0013-rubbing.jpg"
    count = rendered_pages(session, lambda: Image.new("RGB", (900, 600), (90, 60, 40)).save(photo))
    assert count < everything / 3
    # museum.yaml: everything.
    config = museum / "museum.yaml"
    assert rendered_pages(session, lambda: edit(config, "name: 青溪县博物馆", "name: 青溪博物馆")) == everything
    # Links ending in index.html: in the theme's links and in the Markdown bodies' too.
    assert rendered_pages(session, lambda: edit(config, "name: 青溪博物馆", "name: 青溪博物馆\ndirectory_urls: false")) == everything


def test_template_edits_re_render_the_pages_that_use_them(museum: Path) -> None:
    session = Session(museum, OPTIONS)
    everything = session.build().pages
    templates = museum / "templates"
    templates.mkdir()
    # A museum's own item template, built on the theme's: only object pages change.
    item_template = templates / "item.html"
    item_template.write_text('{% extends "theme:item.html" %}{% block title %}藏品 · {{ super() }}{% endblock %}', encoding="utf-8")
    count = rendered_pages(session, lambda: None)
    assert count == len(list((museum / "collection").glob("*.md")))
    rendered_pages(session, lambda: item_template.write_text(item_template.read_text(encoding="utf-8").replace("藏品 · ", "展品 · ")))
    # The frame every page extends: everything.
    base = templates / "base.html"
    assert rendered_pages(session, lambda: base.write_text('{% extends "theme:base.html" %}', encoding="utf-8")) == everything
    rendered_pages(session, base.unlink)
    rendered_pages(session, item_template.unlink)


def test_a_failed_build_leaves_the_session_as_it_was(museum: Path) -> None:
    session = Session(museum, OPTIONS)
    session.build()
    item = museum / "collection" / "qx-0013-stele-rubbing.md"
    good = item.read_text(encoding="utf-8")
    item.write_text(good.replace("id: QX-0013", "id: [QX-0013"), encoding="utf-8")
    with pytest.raises(MuseumError) as failure:
        session.build()
    assert failure.value.diagnostics[0].path == "collection/qx-0013-stele-rubbing.md"
    item.write_text(good.replace("重修文昌阁碑拓片", "重修文昌阁碑"), encoding="utf-8")
    snapshot = session.build()
    assert 0 < snapshot.rendered < snapshot.pages
    assert_same_as_clean(snapshot, museum)


def test_unchanged_files_are_not_loaded_again(museum: Path) -> None:
    session = Session(museum, OPTIONS)
    session.build()
    before = dict(session.memory.files)
    bodies = dict(session.memory.bodies)
    edit(museum / "news" / "volunteers-wanted.md", "---\n", "---\n# a comment\n")
    session.build()
    changed = [rel for rel, result in session.memory.files.items() if result is not before[rel]]
    assert sorted(changed) == ["news/volunteers-wanted.en.md", "news/volunteers-wanted.md"]  # a translation is read over its original
    reused = [key for key, body in session.memory.bodies.items() if bodies.get(key) is body]
    assert len(reused) == len(bodies) - 1  # that file's body starts a line later: rendered again


def test_dates_drafts_and_several_files_at_once(museum: Path) -> None:
    session = Session(museum, OPTIONS)
    session.build()
    event = museum / "events" / "lantern-workshop.md"
    exhibition = museum / "exhibitions" / "celadon-dialogue.md"
    video = museum / "videos" / "celadon-colours.md"
    news = museum / "news" / "volunteers-wanted.md"
    # An event moves into the past, an exhibition is extended into the present.
    rendered_pages(session, lambda: edit(event, "start: 2026-12-05 14:00\nend: 2026-12-05 16:00", "start: 2026-11-05 14:00\nend: 2026-11-05 16:00"))
    rendered_pages(session, lambda: edit(exhibition, "end: 2026-08-31", "end: 2027-08-31"))
    # A video leaves its exhibition; a news item becomes a draft, then is published again.
    rendered_pages(session, lambda: edit(video, "exhibition: celadon-dialogue\n", ""))
    rendered_pages(session, lambda: edit(news, "---\n", "---\ndraft: true\n"))
    rendered_pages(session, lambda: edit(news, "draft: true\n", ""))

    def many() -> None:  # what a `git checkout` does: many files between two builds
        edit(event, "亲子灯笼工作坊", "亲子彩灯工作坊")
        edit(video, "龙泉青瓷的颜色", "龙泉青瓷的釉色")
        (museum / "news" / "museum-day-2026.md").unlink()
        (museum / "news" / "museum-day-2026.en.md").unlink()  # with its translation
        shutil.copy(museum / "collection" / "qx-0002-stamped-jar.md", museum / "collection" / "qx-0002-copy.md")
        edit(museum / "collection" / "qx-0002-copy.md", "id: QX-0002\nstop: 3", "id: QX-0102")  # a stop number is its own

    rendered_pages(session, many)


def test_the_audio_guide_follows_edits_to_stops_titles_and_recordings(museum: Path) -> None:
    session = Session(museum, OPTIONS)
    everything = session.build().pages
    ding = museum / "collection" / "qx-0001-bronze-ding.md"
    # A stop's title is on the keypad, the tour and its neighbours' pages: not on every page.
    assert 0 < rendered_pages(session, lambda: edit(ding, "title: 兽面纹青铜鼎", "title: 兽面纹铜鼎")) < everything
    # A new number: the keypad gains pages for it (9, and 9 is typed on the way), the tour changes.
    plan = museum / "plans" / "1f.md"  # which places stop 4: it moves with it
    rendered_pages(session, lambda: (edit(ding, "stop: 4", "stop: 9"), edit(plan, "{stop: 4,", "{stop: 9,")))
    # Another recording, of another length, is measured again.
    rendered_pages(session, lambda: shutil.copyfile(museum / "media" / "audio" / "qx-0006-meiping.opus", museum / "media" / "audio" / "qx-0001-ding.mp3"))
    rendered_pages(session, lambda: edit(ding, "media/audio/qx-0001-ding.mp3", "media/audio/qx-0006-meiping.opus"))
