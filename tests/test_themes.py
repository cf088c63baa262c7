from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from museumgen.cli import main


def build(museum: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", str(museum), "--date", "2026-11-25"], catch_exceptions=False)
    return result.exit_code, result.output


def test_museum_template_extends_the_themes_own_version(starter: Path) -> None:
    templates = starter / "templates"
    templates.mkdir()
    (templates / "base.html").write_text(
        '{% extends "theme:base.html" %}\n{% block title %}★ {{ super() }}{% endblock %}\n', encoding="utf-8"
    )
    code, output = build(starter)
    assert code == 0, output
    home = (starter / "_site" / "index.html").read_text(encoding="utf-8")
    assert "<title>★ 测试博物馆</title>" in home
    assert 'class="tabbar"' in home  # the rest of the theme's base is still there


def test_museum_template_replaces_a_page_template(starter: Path) -> None:
    (starter / "templates").mkdir()
    (starter / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>走丢了</h1>{% endblock %}', encoding="utf-8"
    )
    assert build(starter)[0] == 0
    assert "<h1>走丢了</h1>" in (starter / "_site" / "404.html").read_text(encoding="utf-8")


def test_template_mistakes_name_the_museums_file_and_line(starter: Path) -> None:
    (starter / "templates").mkdir()
    (starter / "templates" / "page.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{{ doc.no_such_field }}\n{% endblock %}\n', encoding="utf-8"
    )
    code, output = build(starter)
    assert code == 1
    assert "page.html:3: template error while making `about/index.html`" in output
    assert "no_such_field" in output
    (starter / "templates" / "page.html").write_text("{% block main %}\n{% if %}\n", encoding="utf-8")
    code, output = build(starter)
    assert code == 1
    assert "templates/page.html:2: template error:" in output


def test_a_local_theme_builds_on_the_default(starter: Path) -> None:
    theme = starter / "my-theme"
    (theme / "templates").mkdir(parents=True)
    (theme / "static").mkdir()
    (theme / "theme.yaml").write_text("extends: default\n", encoding="utf-8")
    (theme / "templates" / "page.html").write_text(
        '{% extends "default:page.html" %}{% block title %}Theme page{% endblock %}', encoding="utf-8"
    )
    (theme / "static" / "extra.css").write_text("body{}", encoding="utf-8")
    museum = starter / "museum.yaml"
    museum.write_text(museum.read_text(encoding="utf-8") + "theme: ./my-theme\n", encoding="utf-8")
    code, output = build(starter)
    assert code == 0, output
    assert "<title>Theme page</title>" in (starter / "_site" / "about" / "index.html").read_text(encoding="utf-8")
    assert list((starter / "_site" / "assets").glob("extra.*.css"))


def test_unknown_theme_is_a_located_error(starter: Path) -> None:
    museum = starter / "museum.yaml"
    text = museum.read_text(encoding="utf-8")
    museum.write_text(text + "theme: defualt\n", encoding="utf-8")
    code, output = build(starter)
    assert code == 1
    line = text.count("\n") + 1
    assert f"museum.yaml:{line}: unknown theme `defualt` (did you mean `default`?)" in output


def test_every_colour_of_the_stylesheet_comes_from_the_museums_own(starter: Path) -> None:
    yaml = starter / "museum.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace('"#8c2f1b"', '"#1c5f8c"').replace('"#b8860b"', '"#2a7f62"'), encoding="utf-8")
    code, output = build(starter)
    assert code == 0 and " 0 warnings" in output, output
    css = next((starter / "_site" / "assets").glob("style.*.css")).read_text(encoding="utf-8")
    declared = css.rsplit(":root{", 1)[1]
    assert "--primary:#1c5f8c;" in declared and "--accent:#2a7f62;" in declared
    assert "--primary-dark:#" in declared and "--on-accent:#" in declared and "--ground:#" in declared
    assert "#3b1a12" not in css  # the old hero gradient's brown


def test_an_iphone_heic_photo_is_published_as_webp_and_jpeg(starter: Path) -> None:
    from PIL import Image

    Image.new("RGB", (600, 400), (30, 90, 160)).save(starter / "media" / "IMG_0001.HEIC", "HEIF")
    item = starter / "collection" / "first-object.md"
    item.write_text(item.read_text(encoding="utf-8").replace("media/object.jpg", "media/IMG_0001.HEIC"), encoding="utf-8")
    code, output = build(starter)
    assert code == 0, output
    made = sorted(p.name for p in (starter / "_site" / "media").glob("IMG_0001.*"))
    assert any(name.endswith(".webp") for name in made) and any(name.endswith(".jpg") for name in made)
    assert not any(name.lower().endswith((".heic", ".heif")) for name in made)


def test_templates_compiled_by_one_build_are_reused_by_the_next_and_a_damaged_one_is_ignored(
    starter: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jinja2

    from museumgen.build import Options, build
    from tests.conftest import BUILD_DATE, tree

    options = Options(date=BUILD_DATE, cache_dir=tmp_path / "cache")
    build(starter, tmp_path / "first", options)
    compiled = sorted(options.template_cache.rglob("*.cache"))
    assert compiled
    compiles: list[str] = []
    original = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: str, name: str | None = None, *args: object, **kwargs: object) -> object:
        compiles.append(name or "")
        return original(self, source, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    build(starter, tmp_path / "second", options)
    assert compiles == []  # every template came from the cache
    for path in compiled:
        path.write_bytes(b"not compiled code")
    build(starter, tmp_path / "third", options)
    assert compiles  # compiled again, not a failure
    assert tree(tmp_path / "first") == tree(tmp_path / "second") == tree(tmp_path / "third")
