from __future__ import annotations

import re
from pathlib import Path

from museumgen.errors import Report
from museumgen.images import Settings, plan
from museumgen.site.markup import MarkdownRenderer, PublishedImage, Rendered
from museumgen.urls import relative

PAGES = {"collection/a.md": "collection/a/"}


def render(body: str, report: Report | None = None, settings: Settings | None = None) -> Rendered:
    def resolve_link(target: str, rel: str) -> str | None:
        return PAGES.get("collection/" + target.split("/")[-1])

    def resolve_image(src: str, rel: str, line: int) -> PublishedImage | None:
        url = f"media/{src.split('/')[-1]}"
        if settings is None:
            return PublishedImage(url, 640, 480)
        return PublishedImage(url, 640, 480, plan(url, "0123456789abcdef", (640, 480), False, settings))

    return MarkdownRenderer().render(
        body, "news/n.md", 5, lambda t: relative("news/n/", t), resolve_link, resolve_image, report or Report()
    )


def test_scripts_and_handlers_are_removed() -> None:
    html = render(
        '<script>alert(1)</script>\n\n<img src="x.png" onerror="alert(1)">\n\n<p onclick="x()" style="color:red">hi</p>\n\n'
        "<iframe src=\"https://evil.example\"></iframe>\n\n<style>body{display:none}</style>\n\n"
        '<svg><script>alert(1)</script></svg>\n\n<form action="https://evil.example"><input name="q"></form>\n'
    ).html
    for bad in ("<script", "onerror", "onclick", "style", "<iframe", "<svg", "<form", "<input", "alert(1)</script"):
        assert bad not in html
    assert "<p>hi</p>" in html


def test_dangerous_links_lose_their_address() -> None:
    html = render(
        "[a](javascript:alert(1)) [b](data:text/html;base64,PHNjcmlwdD4=) [c](vbscript:x)\n\n"
        '<a href="javascript:alert(1)">d</a> <a href="JaVaScRiPt:alert(1)">e</a>\n'
    ).html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs == []  # the link text stays, as text
    assert "<a>d</a> <a>e</a>" in html


def test_comments_cannot_break_out() -> None:
    html = render("<!-- --><script>alert(1)</script><!-- -->\n\ntext <!-- hidden -->\n").html
    assert "<script" not in html and "hidden" not in html and "<!--" not in html


def test_template_syntax_stays_text() -> None:
    html = render("{{ 7*7 }} {% raw %} {# x #}\n").html
    assert "{{ 7*7 }} {% raw %} {# x #}" in html


def test_harmless_markup_survives() -> None:
    html = render(
        "## 标题\n\n**粗体** *斜体* ~~删除~~ `code` H<sub>2</sub>O<sup>+</sup>\n\n"
        "- 一\n- 二\n\n> 引用\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[外链](https://example.org) <br>\n"
    ).html
    for good in ("<h2>标题</h2>", "<strong>粗体</strong>", "<em>斜体</em>", "<del>删除</del>", "<code>code</code>", "<sub>2</sub>",
                 "<li>一</li>", "<blockquote>", "<table>", "<td>1</td>", '<a href="https://example.org">外链</a>', "<br>"):
        assert good in html


def test_links_between_content_files_become_page_links() -> None:
    report = Report()
    html = render("[见](../collection/a.md#top) [无](../collection/b.md)\n", report).html
    assert '<a href="../../collection/a/#top">见</a>' in html
    assert [d.format() for d in report.diagnostics] == [
        "news/n.md:5: link to `../collection/b.md`: there is no such content file, or it is a draft"
    ]


def test_images_get_their_published_address_and_size() -> None:
    html = render("![青铜鼎](../media/ding.jpg)\n").html
    assert '<img src="../../media/ding.jpg" alt="青铜鼎" width="640" height="480" loading="lazy" decoding="async">' in html


def test_body_images_offer_every_made_format_and_width() -> None:
    html = render("![青铜鼎](../media/ding.jpg)\n", settings=Settings(widths=(320, 640), formats=("avif", "webp"))).html
    sources = re.findall(r'<source type="([^"]+)" srcset="([^"]+)" sizes="[^"]+">', html)
    assert [mime for mime, _ in sources] == ["image/avif", "image/webp"]
    assert sources[1][1] == "../../media/ding.0123456789-320.webp 320w, ../../media/ding.0123456789-640.webp 640w"
    assert html.startswith("<p><picture><source")
    assert '<img src="../../media/ding.0123456789-320.jpg" alt="青铜鼎" width="640" height="480" srcset="' in html
    assert 'ding.0123456789-640.jpg 640w" sizes="(min-width: 720px) 688px, 100vw" loading="lazy" decoding="async"></picture></p>' in html


def test_raw_picture_markup_cannot_smuggle_media_or_script() -> None:
    html = render('<picture><source src="x.mp4" srcset="a.webp" onerror="alert(1)"><img src="a.jpg" alt="a"></picture>\n').html
    assert '<picture><source srcset="a.webp"><img src="a.jpg" alt="a"></picture>' in html


def test_summary_is_the_first_paragraph_as_text() -> None:
    assert render("## 标题\n\n第一段 **重点** 与 [链接](https://example.org)。\n\n第二段\n").summary == "第一段 重点 与 链接。"


def test_audio_and_video_keep_local_sources_with_controls_and_remote_ones_are_warned_about() -> None:
    report = Report()
    html = render('<audio src="guide.mp3" autoplay onplay="x()"></audio>\n\n<video src="https://cdn.example/v.mp4"><track src="v.vtt"></video>\n', report).html
    assert '<audio src="guide.mp3" controls="">' in html and "autoplay" not in html and "onplay" not in html
    assert '<video src="https://cdn.example/v.mp4" controls="">' in html
    assert [d.message.split(":")[0] for d in report.warnings] == ["`https"]


def test_removed_tags_are_said_once_each_at_their_line() -> None:
    report = Report()
    render("text\n\n<iframe src=\"https://x.example\"></iframe><iframe></iframe>\n\n<marquee>hi</marquee>\n", report)
    assert [(d.line, d.message.split(" ")[0]) for d in report.warnings] == [(7, "`<iframe>`"), (9, "`<marquee>`")]


def test_local_files_of_a_body_are_published_through_the_resolver_at_their_lines() -> None:
    asked: list[tuple[str, int, str]] = []

    def resolve_file(path: str, rel: str, line: int, use: str) -> str | None:
        asked.append((path, line, use))
        return None if "missing" in path else "media/" + path.split("/")[-1]

    body = "[预约表](../media/docs/%E9%A2%84%E7%BA%A6.pdf)\nsecond line [x](../media/missing.pdf)\n\n<audio src=\"../media/a.mp3\"></audio>\n\n[展品](../collection/a) [参观](../visit/)\n"
    html = MarkdownRenderer().render(body, "news/n.md", 5, lambda t: relative("news/n/", t), lambda target, rel: PAGES.get("collection/" + target.split("/")[-1]), lambda src, rel, line: None, Report(), resolve_file).html
    assert asked == [("../media/docs/预约.pdf", 5, "link"), ("../media/missing.pdf", 6, "link"), ("../media/a.mp3", 8, "media")]
    assert 'href="../../media/%E9%A2%84%E7%BA%A6.pdf"' in html and '<audio src="../../media/a.mp3" controls="">' in html
    assert 'href="../../collection/a/"' in html and 'href="../visit/"' in html


def test_a_broken_link_to_a_chinese_file_name_is_shown_as_written(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from museumgen.cli import main
    from museumgen.starter import create_starter

    museum = tmp_path / "museum"
    create_starter(museum, "测试博物馆", "zh-CN")
    about = museum / "pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[看这里](../collection/青花瓷.md) ![](../media/cover.jpg 'x')\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(museum)])
    assert "`../collection/青花瓷.md`" in result.output and "%E9" not in result.output


def test_an_image_inside_a_link_and_raw_html_inside_a_link_are_both_rewritten() -> None:
    report = Report()
    rendered = render('[![花瓶](../media/a.jpg) 和 <img src="https://example.org/b.jpg" alt="b">](../collection/a.md "看")\n\n[**粗** `a.md`](a.md)\n', report)
    assert '<a href="../../collection/a/" title="看"><img src="../../media/a.jpg" alt="花瓶" width="640" height="480"' in rendered.html
    assert [(d.line, "another website" in d.message) for d in report.diagnostics] == [(5, True)]  # the raw tag was read
    assert '<a href="../../collection/a/"><strong>粗</strong> <code>a.md</code></a>' in rendered.html
    assert rendered.summary == "和"  # an image's alt text is not part of the summary


def test_many_links_in_one_body_are_each_rewritten_with_their_line() -> None:
    report = Report()
    body = "".join(f"[{n}](../collection/a.md) ![](../media/p{n}.jpg)\n" for n in range(2000))
    html = render(body, report).html
    assert html.count('href="../../collection/a/"') == 2000 and html.count('src="../../media/p') == 2000
    lines = sorted(d.line for d in report.diagnostics)  # each image lacks alt text: one warning a line
    assert lines == list(range(5, 2005))
