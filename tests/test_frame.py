"""The frame's parts made once and reused, and image markup made in Python: the same pages,
the same reads, and the macros templates call still there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from museumgen.build import Options, load, plan_loaded

OPTIONS = Options(date=dt.date(2026, 11, 25))


def test_every_page_notes_the_footer_pages_its_reused_frame_shows(museum: Path) -> None:
    planned = plan_loaded(load(museum, OPTIONS))
    for renderer in planned.renderers:
        shown = {doc.uid for doc in renderer.site.pages if doc.entry.menu}
        assert shown
        for job in renderer.jobs:
            _path, data, reads = renderer.page_and_reads(job)
            assert shown <= reads, job.path
            assert b'class="footer-links"' in data


def test_pages_that_reuse_the_frame_are_those_made_without_reusing_it(museum: Path) -> None:
    loaded = load(museum, OPTIONS)
    renderer = plan_loaded(loaded).renderers[0]
    made = {job.path: renderer.page(job)[1] for job in renderer.jobs}
    for job in renderer.jobs[:: max(1, len(renderer.jobs) // 12)]:
        alone = plan_loaded(loaded).renderers[0]  # its frame made for this page only
        assert alone.page(job)[1] == made[job.path], job.path
    # the tab bar is reused, but each page's current tab is its own
    def tabs(page: bytes) -> int:  # in the page's own markup, not its inlined stylesheet
        return page.split(b"</head>")[1].count(b"aria-current")

    assert tabs(made[""]) == tabs(made["collection/"]) == 1
    assert b'<a href="./" aria-current="page">' in made[""]
    assert b'<a href="../collection/" aria-current="page">' in made["collection/"]
    assert b'<a href="../../exhibitions/" aria-current="page">' in made[renderer.site.exhibitions[0].path]


def test_a_museum_template_still_calls_the_image_macros(museum: Path) -> None:
    (museum / "templates").mkdir()
    (museum / "templates" / "page.html").write_text(
        '{% extends "base.html" %}{% import "_macros.html" as m with context %}'
        '{% block main %}{% for doc in site.items if doc.cover %}{{ m.img(doc.cover, "50vw", eager=true) }}'
        '{{ m.thumb(doc.cover, "mine") }}<i{{ m.img_attrs(doc.cover, "also") }}>{% endfor %}{% endblock %}',
        encoding="utf-8",
    )
    planned = plan_loaded(load(museum, OPTIONS))
    renderer = planned.renderers[0]
    about = next(job for job in renderer.jobs if job.template == "page.html")
    page = renderer.page(about)[1].decode()
    main = page[page.index("<main") : page.index("</main>")]  # the title bar's logo is a picture too
    assert main.count("<picture>") == 2 * sum(1 for doc in renderer.site.items if doc.cover)
    assert 'sizes="50vw"' in page and 'loading="lazy"' in page  # the tiles load lazily, the photographs not
    assert 'class="mine"' in page and '<i class="also"' in page
