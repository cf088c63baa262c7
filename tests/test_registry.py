"""Content kinds and outputs are declared once: a kind added through the registry alone
gets its pages, list pages, links both ways, sitemap entries, `check` and incremental
rebuilds; an output added the same way is planned, checked and made."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import Field

from museumgen.build import Options, build, load
from museumgen.cli import main
from museumgen.errors import MuseumError
from museumgen.incremental import Session, fingerprint
from museumgen.outputs import OUTPUTS, PAGES, SITE, Output
from museumgen.render.pages import PageJob, SiteRenderer
from museumgen.schema import Entry
from museumgen.schema.base import Slug
from museumgen.site.entries import Doc, EntryKey, Figure, Origin, Site
from museumgen.site.kinds import KINDS, Kind, Reference

from .test_incremental import assert_same_as_clean, edit

OPTIONS = Options(date=dt.date(2026, 11, 25), base_url="https://museum.example/")


class Instrument(Entry):
    """A musical instrument of the museum's sound archive: `instruments/*.md`."""

    maker: str | None = Field(None, description="Who made it.")
    exhibition: Slug | None = Field(None, description="The exhibition it is shown in.")
    pairs_with: list[Slug] = Field(default_factory=list, description="Instruments played with it.")


INSTRUMENTS = Kind(
    "instruments",
    Instrument,
    singular="instrument",
    list_name="instruments",
    sort=lambda doc: doc.slug,
    entry_template="instrument.html",  # no theme has it: the generic entry.html is used
    list_template="instrument_list.html",  # likewise list.html
    references=(Reference("exhibition", "exhibitions", back="instruments"), Reference("pairs_with", "instruments", back="paired_by")),
    icon="M4 4h16v16H4z",
)


@pytest.fixture
def instruments(museum: Path) -> Iterator[Path]:
    """The example museum with two instruments, and the kind registered while the test runs."""
    folder = museum / "instruments"
    folder.mkdir()
    (folder / "guqin.md").write_text("---\ntitle: 古琴\nexhibition: qingxi-history\npairs_with: [xiao]\n---\n七弦琴。\n", encoding="utf-8")
    (folder / "xiao.md").write_text("---\ntitle: 洞箫\nmaker: 青溪竹器社\n---\n竹制。\n", encoding="utf-8")
    with KINDS.extended(INSTRUMENTS):
        yield museum


def test_a_kind_declared_once_gets_pages_lists_links_both_ways_and_sitemap(instruments: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(instruments, out, OPTIONS)
    guqin = (out / "instruments" / "guqin" / "index.html").read_text(encoding="utf-8")
    xiao = (out / "instruments" / "xiao" / "index.html").read_text(encoding="utf-8")
    listing = (out / "instruments" / "index.html").read_text(encoding="utf-8")
    assert "<h1>古琴</h1>" in guqin and "七弦琴" in guqin
    assert 'href="../../exhibitions/qingxi-history/"' in guqin  # its reference
    assert 'href="../../instruments/xiao/"' in guqin
    assert 'href="../../instruments/guqin/"' in xiao  # the reference seen from the other side
    assert 'href="../instruments/guqin/"' in listing and 'href="../instruments/xiao/"' in listing
    locs = [loc.text for loc in ET.parse(out / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://museum.example/instruments/" in locs and "https://museum.example/instruments/guqin/" in locs

    site = load(instruments, OPTIONS).site
    history = next(doc for doc in site.exhibitions if doc.slug == "qingxi-history")
    assert [doc.slug for doc in history.instruments] == ["guqin"]  # the back reference, on the exhibition
    assert [doc.slug for doc in site.instruments] == ["guqin", "xiao"]  # the list, by the kind's list name


def test_a_kind_declared_once_is_checked_with_located_errors(instruments: Path) -> None:
    edit(instruments / "instruments" / "guqin.md", "pairs_with: [xiao]", "pairs_with: [xiao, pipa]")
    result = CliRunner().invoke(main, ["check", str(instruments)])
    assert result.exit_code == 1
    assert "instruments/guqin.md:4: no instrument `pipa`: it should be a file name in instruments/" in result.output


def test_a_kind_declared_once_rebuilds_incrementally(instruments: Path) -> None:
    session = Session(instruments, OPTIONS)
    session.build()
    edit(instruments / "instruments" / "xiao.md", "洞箫", "紫竹洞箫")
    snapshot = session.build()
    assert_same_as_clean(snapshot, instruments, OPTIONS)
    # the flute's page, the list, and the zither's page that names it; not the whole site
    assert 3 <= snapshot.rendered < snapshot.pages / 4
    assert "紫竹洞箫" in snapshot.read("instruments/guqin/index.html").decode()


def test_a_kind_may_not_take_a_name_the_site_uses(museum: Path) -> None:
    (museum / "pages" / "instruments.md").write_text("---\ntitle: 乐器\n---\n", encoding="utf-8")
    with KINDS.extended(INSTRUMENTS):
        with pytest.raises(MuseumError) as caught:
            load(museum, OPTIONS)
    assert "`instruments` is used by the site itself: rename this page" in str(caught.value)


def _file_list(pages: SiteRenderer, written: Sequence[str]) -> list[tuple[str, bytes]]:
    return [("files.json", json.dumps(list(written)).encode())]


FILE_LIST = Output("file-list", SITE, ("files.json",), lambda pages: [("files.json", "the file list")], make=_file_list)


def test_an_output_made_after_the_site_sees_every_file_and_is_planned(museum: Path, tmp_path: Path) -> None:
    OUTPUTS.register(FILE_LIST)
    try:
        build(museum, tmp_path / "site", OPTIONS)
        listed = json.loads((tmp_path / "site" / "files.json").read_text(encoding="utf-8"))
        assert "index.html" in listed and "sitemap.xml" in listed and "files.json" not in listed
        assert any(path.startswith("assets/style.") for path in listed)
        session = Session(museum, OPTIONS)
        assert json.loads(session.build().read("files.json")) == listed  # serve makes it too
        (museum / "pages" / "files.json.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
        with pytest.raises(MuseumError, match="used by the site itself"):
            load(museum, OPTIONS)
    finally:
        OUTPUTS.unregister("file-list")


def test_every_kind_has_its_declared_pieces() -> None:
    doc_fields = {f.name for f in dataclasses.fields(Doc)}
    for kind in KINDS:
        for reference in kind.references:
            assert reference.target in KINDS, f"{kind.name}.{reference.key}"
            assert reference.key in kind.schema.model_fields, f"{kind.name}.{reference.key}"
        # An entry's own keys read through `doc.<key>`; the model's fields must not hide them,
        # except those the model fills in from them on purpose.
        hidden = doc_fields & set(kind.schema.model_fields) - {"summary", "cover", "images"}
        assert not hidden, f"{kind.name}: {hidden} would be hidden by Doc's own fields"


def _every_field_set() -> Doc:
    figure = Figure("media/a.jpg", 10, 10, "alt")
    other = Doc(EntryKey("news", "b", "zh-CN"), Origin("news/b.md"), "news/b/", None)
    return Doc(
        EntryKey("news", "a", "zh-CN"), Origin("news/a.md", 1), "news/a/", None, body="<p>x</p>", summary="x",  # type: ignore[arg-type]
        cover=figure, images=[figure], links={"items": [other]}, extra={"status": "current"},
        original="news/a.md", translations={"zh-CN": other},
    )


@pytest.mark.parametrize("name", [f.name for f in dataclasses.fields(Doc) if f.init and f.name != "entry"])
def test_the_fingerprint_covers_every_field_of_an_entry(name: str) -> None:
    doc = _every_field_set()
    before = fingerprint(doc, b"digest")
    changed = {
        "key": EntryKey("news", "a", "en"),
        "written_at": Origin("news/a.md", 2),
        "path": "news/a2/",
        "body": "<p>y</p>",
        "summary": "y",
        "cover": Figure("media/a.jpg", 10, 10, "other alt"),
        "images": [],
        "links": {"items": []},
        "extra": {"status": "past"},
        "original": "news/a.yaml",
        "translations": {},
    }
    assert name in changed, f"say how `{name}` changes (and check that its pages are rebuilt)"
    doc = dataclasses.replace(doc, **{name: changed[name]})
    assert fingerprint(doc, b"digest") != before


def test_a_value_the_fingerprint_cannot_read_is_an_error() -> None:
    doc = dataclasses.replace(_every_field_set(), extra={"thing": object()})
    with pytest.raises(TypeError, match="no fingerprint"):
        fingerprint(doc, b"digest")


def test_one_file_may_hold_several_entries_each_located(museum: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry's identity is its key, not its file: a file that holds several entries (a
    spreadsheet, one row each) gives each its page, and each message its own line."""
    import museumgen.build
    from museumgen.content.discover import ContentFile
    from museumgen.content.load import Loaded
    from museumgen.content.parse import Source
    from museumgen.schema import Exhibition

    real = museumgen.build.load_entries
    sheet = museum / "exhibitions" / "programme.tsv"

    def with_rows(*args: object, **kwargs: object) -> object:
        loaded, left_out = real(*args, **kwargs)  # type: ignore[arg-type]
        for row, (slug, items) in enumerate([("spring-show", ["QX-0001"]), ("autumn-show", ["QX-0001", "QX-9999"])], start=2):
            data = {"title": slug.replace("-", " "), "items": items}
            source = Source("exhibitions/programme.tsv", data, {("title",): row, ("items",): row, ("items", 1): row}, start_line=row)
            file = ContentFile("exhibitions", sheet, "exhibitions/programme.tsv", slug)
            loaded.append(Loaded(file, source, Exhibition.model_validate(data)))
        return loaded, left_out

    monkeypatch.setattr(museumgen.build, "load_entries", with_rows)
    with pytest.raises(MuseumError) as caught:
        build(museum, tmp_path / "site", OPTIONS)
    errors = [d.format() for d in caught.value.diagnostics if d.severity == "error"]
    assert errors == ["exhibitions/programme.tsv:3: no item `QX-9999`: it should be an `id` in collection/"]
    untranslated = next(d.message for d in caught.value.diagnostics if "translation" in d.message)
    assert "`exhibitions/programme.tsv:2`" in untranslated and "`exhibitions/programme.tsv:3`" in untranslated
    monkeypatch.setattr(museumgen.build, "load_entries", lambda *a, **k: _without_bad_row(with_rows(*a, **k)))
    build(museum, tmp_path / "site", OPTIONS)
    assert (tmp_path / "site" / "exhibitions" / "spring-show" / "index.html").is_file()
    assert (tmp_path / "site" / "exhibitions" / "autumn-show" / "index.html").is_file()


def _without_bad_row(result: object) -> object:
    loaded, left_out = result  # type: ignore[misc]
    for item in loaded:
        if "QX-9999" in getattr(item.entry, "items", []):
            item.entry.items.remove("QX-9999")
    return loaded, left_out


def _greeting_jobs(site: Site) -> list[PageJob]:
    return [PageJob(site.prefix + "hello/", "404.html", {"section": "none"})]


GREETING = Output("greeting", PAGES, ("hello",), lambda pages: [], per_language=True, jobs=_greeting_jobs)


def test_an_output_of_its_own_pages_gets_them_planned_rendered_listed_and_reserved(museum: Path, tmp_path: Path) -> None:
    OUTPUTS.register(GREETING)
    try:
        build(museum, tmp_path / "site", OPTIONS)
        assert (tmp_path / "site" / "hello" / "index.html").is_file() and (tmp_path / "site" / "en" / "hello" / "index.html").is_file()
        assert "/hello/</loc>" in (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
        assert "hello/index.html" in Session(museum, OPTIONS).build().files  # serve makes them too
        (museum / "pages" / "hello.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
        with pytest.raises(MuseumError, match="used by the site itself"):
            load(museum, OPTIONS)
    finally:
        OUTPUTS.unregister("greeting")
