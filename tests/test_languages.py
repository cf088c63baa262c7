"""Sites in several languages: one folder, the first language at the root and each other
under its own prefix, translations beside their originals, pages that point at each
other, and located errors for what staff can get wrong."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from museumgen.build import Options, build, load
from museumgen.cli import main
from museumgen.errors import MuseumError
from museumgen.incremental import Session
from museumgen.site.kinds import KINDS

from .conftest import REPO
from .test_incremental import assert_same_as_clean, edit

OPTIONS = Options(date=dt.date(2026, 11, 25))
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bilingual example museum, built once for the tests that only read it."""
    from .conftest import EXAMPLE

    out = tmp_path_factory.mktemp("bilingual") / "site"
    build(EXAMPLE, out, OPTIONS)
    return out


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_each_language_is_a_site_under_its_own_prefix(site: Path) -> None:
    home, english = page(site, ""), page(site, "en")
    assert '<html lang="zh-CN">' in home and '<html lang="en">' in english
    assert '<meta property="og:locale" content="zh_CN">' in home and '<meta property="og:locale" content="en">' in english
    assert "Qingxi County Museum" in english and "青溪县博物馆是" not in english
    item = page(site, "en/collection/qx-0001-bronze-ding")
    assert "Bronze ding with animal-mask decoration" in item and "兽面纹青铜鼎" not in item
    assert 'href="../../../en/collection/" aria-current="page"' in item  # the tab bar stays in English
    assert 'src="../../../media/' in item or 'srcset="../../../media/' in item  # media are shared, at the root
    assert not (site / "en" / "media").exists() and not (site / "en" / "assets").exists()
    assert not (site / "en" / "404.html").exists()  # hosts serve one 404 page


def test_dates_and_interface_texts_follow_the_language(site: Path) -> None:
    english, chinese = page(site, "en/exhibitions"), page(site, "exhibitions")
    assert "Oct 1, 2026" in english and "2026年10月1日" in chinese
    assert "Now on" in english and "正在展出" in chinese


def test_the_switcher_keeps_the_visitor_on_the_same_entry(site: Path) -> None:
    chinese = page(site, "collection/qx-0001-bronze-ding")
    english = page(site, "en/collection/qx-0001-bronze-ding")
    assert re.search(r'<a href="../../en/collection/qx-0001-bronze-ding/" hreflang="en" lang="en">English</a>', chinese)
    assert re.search(r'<a href="../../../collection/qx-0001-bronze-ding/" hreflang="zh-CN" lang="zh-CN">中文</a>', english)
    # hreflang alternates both ways, with full addresses, and the default for other languages
    for text in (chinese, english):
        assert '<link rel="alternate" hreflang="zh-CN" href="https://example.org/qingxi/collection/qx-0001-bronze-ding/">' in text
        assert '<link rel="alternate" hreflang="en" href="https://example.org/qingxi/en/collection/qx-0001-bronze-ding/">' in text
        assert '<link rel="alternate" hreflang="x-default" href="https://example.org/qingxi/collection/qx-0001-bronze-ding/">' in text


def test_the_sitemap_lists_every_language_with_its_alternates(site: Path) -> None:
    urls = ET.parse(site / "sitemap.xml").getroot().findall(f"{SITEMAP}url")
    locs = {url.findtext(f"{SITEMAP}loc"): url for url in urls}
    assert "https://example.org/qingxi/en/collection/qx-0001-bronze-ding/" in locs
    alternates = {link.get("hreflang"): link.get("href") for link in locs["https://example.org/qingxi/visit/"].findall(f"{XHTML}link")}
    assert alternates == {"zh-CN": "https://example.org/qingxi/visit/", "en": "https://example.org/qingxi/en/visit/"}


def test_each_language_has_its_feed(site: Path) -> None:
    chinese = ET.parse(site / "feed.xml").getroot()
    english = ET.parse(site / "en" / "feed.xml").getroot()
    assert chinese.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"
    assert english.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    titles = [entry.findtext("{http://www.w3.org/2005/Atom}title") for entry in english.iter("{http://www.w3.org/2005/Atom}entry")]
    assert titles and all(not re.search(r"[\u4e00-\u9fff]", t or "") for t in titles)
    assert '<link rel="alternate" type="application/atom+xml" title="Qingxi County Museum" href="../../en/feed.xml">' in page(site, "en/news")
    english_news = ET.parse(site / "en" / "news" / "feed.xml").getroot()
    assert english_news.findtext("{http://www.w3.org/2005/Atom}title") == "Qingxi County Museum · News"
    calendar = (site / "en" / "events" / "calendar.ics").read_text(encoding="utf-8")
    assert "X-WR-CALNAME:Qingxi County Museum · Events" in calendar and "SUMMARY:Opening: " in calendar


def test_an_untranslated_entry_is_left_out_and_said_so(museum: Path, tmp_path: Path) -> None:
    (museum / "collection" / "qx-0002-stamped-jar.en.md").unlink()
    result = build(museum, tmp_path / "site", OPTIONS)
    warnings = [d.format() for d in result.diagnostics if d.severity == "warning"]
    assert any(w.startswith("museum.yaml:6: warning: 1 entry has no `en` translation") and "`collection/qx-0002-stamped-jar.md`" in w for w in warnings)
    assert not (tmp_path / "site" / "en" / "collection" / "qx-0002-stamped-jar").exists()
    chinese = page(tmp_path / "site", "collection/qx-0002-stamped-jar")
    # the switcher leads to the nearest page there is, and claims no translation
    assert '<a href="../../en/collection/" hreflang="en" lang="en" rel="nofollow">English</a>' in chinese
    assert 'hreflang="en" href=' not in chinese.split("</head>")[0]
    # exhibitions showing it in English leave it out; in Chinese they keep it
    assert "qx-0002-stamped-jar" not in page(tmp_path / "site", "en/exhibitions/qingxi-history")
    with pytest.raises(MuseumError, match="no `en` translation"):
        load(museum, Options(date=OPTIONS.date, strict=True))


def test_a_translation_takes_what_it_leaves_out_from_its_original(museum: Path, tmp_path: Path) -> None:
    (museum / "collection" / "qx-0001-bronze-ding.en.md").write_text("---\ntitle: Ding\n---\n", encoding="utf-8")
    build(museum, tmp_path / "site", OPTIONS)
    english = page(tmp_path / "site", "en/collection/qx-0001-bronze-ding")
    assert "<h1>Ding</h1>" in english or ">Ding<" in english
    assert "QX-0001" in english and "qx-0001-ding" in english  # the original's id and photograph


def test_links_between_content_files_stay_in_the_language(site: Path) -> None:
    # a link in a body to another entry's file leads to that entry's page in the same language
    pages = {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8") for path in (site / "en").rglob("index.html")}
    linked = [path for path, text in pages.items() if re.search(r'class="prose".*href="\.\./\.\./(collection|exhibitions|events|videos|news)/', text, re.S)]
    for path in linked:
        assert 'href="../../../collection/' not in pages[path].split('class="prose"')[1].split("</div>")[0], path


def _link_out(path: Path) -> None:
    outside = path.parent.parent / "elsewhere.yaml"
    outside.write_text("name: Somewhere else\n", encoding="utf-8")
    path.unlink()
    path.symlink_to(outside)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda m: edit(m / "museum.yaml", "languages: [zh-CN, en]", "languages: [zh-CN, en, xx-Foo-Bar-Baz]"), "museum.yaml:6: `xx-Foo-Bar-Baz` is not a language code"),
        (lambda m: edit(m / "museum.yaml", "languages: [zh-CN, en]", "languages: [zh-CN, en, EN]"), "museum.yaml:6: `EN` is listed twice"),
        (lambda m: (m / "news" / "no-such-news.en.md").write_text("---\ntitle: x\n---\n", encoding="utf-8"), "news/no-such-news.en.md: there is no `no-such-news.md` beside this file"),
        (lambda m: (m / "news" / "volunteers-wanted.en.yaml").write_text("title: x\n", encoding="utf-8"), "news/volunteers-wanted.en.yaml: this file name clashes with `news/volunteers-wanted.en.md`"),
        (lambda m: (m / "news" / "volunteers-wanted.fr.md").write_text("---\ntitle: x\n---\n", encoding="utf-8"), "news/volunteers-wanted.fr.md: this is named as a translation into `fr`, which is not one of `languages`"),
        (lambda m: (m / "news" / "volunteers-wanted.zh-CN.md").write_text("---\ntitle: x\n---\n", encoding="utf-8"), "rename this one `volunteers-wanted.md`"),
        (lambda m: (m / "pages" / "en.md").write_text("---\ntitle: x\n---\n", encoding="utf-8"), "pages/en.md: `en` is used by the site itself"),
        (lambda m: (m / "museum.fr.yaml").write_text("name: Musée\n", encoding="utf-8"), "museum.fr.yaml: this is named as `museum.yaml` in `fr`"),
        (lambda m: edit(m / "museum.en.yaml", "name: Qingxi County Museum", "name: [broken"), "museum.en.yaml:"),
        (lambda m: _link_out(m / "museum.en.yaml"), "museum.en.yaml: this file is a link to a place outside the museum folder"),
        (lambda m: edit(m / "museum.yaml", "languages: [zh-CN, en]", "languages: [zh-CN, en, bo]"), "museum.yaml:6: no interface texts in `bo`: add `i18n/bo.yaml`"),
    ],
)
def test_language_mistakes_are_located_errors(museum: Path, tmp_path: Path, change: object, expected: str) -> None:
    change(museum)  # type: ignore[operator]
    result = CliRunner().invoke(main, ["build", str(museum), "-o", str(tmp_path / "out"), "--date", "2026-11-25"])
    assert result.exit_code == 1, result.output
    assert expected in result.output
    assert not (tmp_path / "out").exists()  # nothing published


def test_a_language_no_theme_has_can_be_added_by_the_museum(museum: Path, tmp_path: Path) -> None:
    edit(museum / "museum.yaml", "languages: [zh-CN, en]", "languages: [zh-CN, en, zh-TW]")
    (museum / "i18n").mkdir()
    (museum / "i18n" / "zh-TW.yaml").write_text("home: 首頁\ntab_home: 首頁\ncollection: 典藏\n", encoding="utf-8")
    (museum / "collection" / "qx-0001-bronze-ding.zh-TW.md").write_text("---\ntitle: 獸面紋青銅鼎\n---\n", encoding="utf-8")
    result = build(museum, tmp_path / "site", OPTIONS)
    warnings = " ".join(d.format() for d in result.diagnostics)
    assert "i18n/zh-TW.yaml: warning:" in warnings and "are shown in `zh-CN`" in warnings  # the texts it lacks
    taiwan = page(tmp_path / "site", "zh-tw/collection/qx-0001-bronze-ding")
    assert '<html lang="zh-TW">' in taiwan and "獸面紋青銅鼎" in taiwan and "首頁" in taiwan
    assert "中文 (繁體, 台灣)" in page(tmp_path / "site", "collection/qx-0001-bronze-ding")  # two Chinese: told apart


def test_serve_follows_translations_being_added_edited_and_removed(museum: Path) -> None:
    session = Session(museum, OPTIONS)
    session.build()
    translation = museum / "collection" / "qx-0003-black-cup.en.md"
    text = translation.read_text(encoding="utf-8")
    steps = [
        lambda: translation.unlink(),  # removed: the Chinese page loses its alternate
        lambda: translation.write_text(text, encoding="utf-8"),  # added back
        lambda: edit(translation, "title: ", "title: The "),  # edited: lists showing it change
        lambda: edit(museum / "exhibitions" / "qingxi-history.en.md", "title: ", "title: Permanent, "),
        lambda: edit(museum / "museum.en.yaml", "name: Qingxi County Museum", "name: Qingxi Museum"),
        lambda: edit(museum / "museum.yaml", "languages: [zh-CN, en]", "languages: [zh-CN]"),  # one language again
    ]
    for step in steps[:-1]:
        step()
        assert_same_as_clean(session.build(), museum)
    for path in [*museum.rglob("*.en.md"), museum / "museum.en.yaml"]:  # a one-language site has no translations
        path.unlink()
    steps[-1]()
    snapshot = session.build()
    assert_same_as_clean(snapshot, museum)
    assert not any(path.startswith("en/") for path in snapshot.files)
    edit(museum / "museum.yaml", "languages: [zh-CN]", "languages: [zh-CN, en]")  # and back: nothing translated
    snapshot = session.build()
    assert_same_as_clean(snapshot, museum)
    assert "en/index.html" in snapshot.files and "en/collection/qx-0001-bronze-ding/index.html" not in snapshot.files


def test_a_bilingual_museum_can_be_started(tmp_path: Path) -> None:
    folder = tmp_path / "museum"
    result = CliRunner().invoke(main, ["new", str(folder), "--language", "zh-CN", "--language", "en"])
    assert result.exit_code == 0, result.output
    assert "languages: [zh-CN, en]" in (folder / "museum.yaml").read_text(encoding="utf-8")
    assert (folder / "museum.en.yaml").is_file() and list(folder.rglob("*.en.md"))
    out = tmp_path / "site"
    build_result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "--strict"])
    assert build_result.exit_code == 0, build_result.output
    assert (out / "en" / "index.html").is_file()


def test_a_video_shows_the_captions_of_the_page_language_first(site: Path) -> None:
    def default_track(path: str) -> str:
        return re.findall(r'<track [^>]*srclang="([^"]+)"[^>]* default>', page(site, path))[0]

    assert default_track("videos/lantern-making") == "zh-CN"
    assert default_track("en/videos/lantern-making") == "en"


def test_a_mistake_a_translation_takes_from_its_original_is_reported_once(museum: Path) -> None:
    edit(museum / "exhibitions" / "qingxi-history.md", "items: [QX-0003,", "items: [QX-9999, QX-0003,")
    with pytest.raises(MuseumError) as caught:
        load(museum, OPTIONS)
    assert [d.path for d in caught.value.diagnostics if "QX-9999" in d.message] == ["exhibitions/qingxi-history.md"]


def test_an_unknown_language_is_one_error_and_other_problems_are_still_said(museum: Path) -> None:
    edit(museum / "museum.yaml", "languages: [zh-CN, en]", "languages: [zh-CN, en, xx-Qq-Zz]")
    (museum / "i18n").mkdir()
    (museum / "i18n" / "en.yaml").write_text("home: [Home\n", encoding="utf-8")
    (museum / "news" / "ghost.en.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    with pytest.raises(MuseumError) as caught:
        load(museum, OPTIONS)
    said = [d.format() for d in caught.value.diagnostics]
    assert [line for line in said if "xx-Qq-Zz" in line] == ["museum.yaml:6: `xx-Qq-Zz` is not a language code: use one such as `zh-CN`, `en`, `zh-TW`, `bo` or `ug` (BCP 47)"]
    assert any(line.startswith("i18n/en.yaml:1: the `[` after `home:` is not closed") for line in said)  # with the others, not instead of them
    assert any(line.startswith("news/ghost.en.md: there is no `ghost.md`") for line in said)


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_every_kind_with_a_list_page_has_its_name_in_the_default_themes_texts(language: str) -> None:
    """The search page's browse links and the footer name each list in the visitor's language:
    a kind added without its text showed its English name on Chinese pages."""
    texts = yaml.safe_load((REPO / "themes" / "default" / "i18n" / f"{language}.yaml").read_text("utf-8"))
    missing = [kind.name for kind in KINDS if kind.list_url and kind.name not in texts and kind.list_name not in texts]
    assert missing == []
