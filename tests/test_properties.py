"""Property-based tests: whatever a content file holds, loading it gives an entry or
located problems, and whatever Markdown says, its HTML carries no script.

Examples are drawn deterministically (`derandomize`), so a CI run is repeatable; a
failure prints the smallest input that shows it.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from museumgen.cli import main
from museumgen.content.discover import ContentFile
from museumgen.content.load import load_entries
from museumgen.errors import Report
from museumgen.schema import Event, Exhibition, Item, News
from museumgen.site.kinds import KINDS as REGISTRY
from museumgen.site.markup import MarkdownRenderer, PublishedImage

FAST = settings(max_examples=300, derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Pieces that make parsers and sanitisers work: YAML syntax, Markdown, HTML, URLs, Unicode.
FRAGMENTS = [
    "---", "\n", "\r\n", "\t", "  ", ": ", "- ", "[", "]", "{", "}", "&a ", "*a", "!!python/object:os.system", "? ", "|", ">",
    "'", '"', "#", "%YAML 1.1", "<<: ", "~", "no", "09:30", "2026-02-30", "1e400", "0x1F", "007", "\ufeff", "\u202e", "é", "é",
    "<script>", "</script>", "<img src=x onerror=alert(1)>", "<a href='javascript:alert(1)'>", "&#106;avascript:", "<!--", "-->",
    "<svg onload=alert(1)>", "<iframe>", "<style>", "[x](javascript:alert(1))", "![x](../../etc/passwd)", "![x](media/a.jpg)",
    "[y](../collection/a.md)", "{{ 7*7 }}", "{% raw %}", "`", "```", "**", "_", "> ", "| a |", "\\", "\x00", "\x1b[31m", "字",
]
texts = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=40).map("".join)
KINDS = {"news": News, "exhibitions": Exhibition, "collection": Item, "events": Event}


def load_one(tmp_path: Path, kind: str, data: bytes) -> Report:
    path = tmp_path / kind / "entry.md"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    report = Report()
    load_entries([ContentFile(kind, path, f"{kind}/entry.md", "entry")], {k.name: k for k in REGISTRY}, report)
    return report


def assert_located(report: Report, data: bytes) -> None:
    lines = data.count(b"\n") + 2
    for diagnostic in report.diagnostics:
        assert diagnostic.path.endswith("entry.md")
        assert 0 <= diagnostic.line <= lines, diagnostic
        assert diagnostic.message and "Traceback" not in diagnostic.message


@FAST
@given(kind=st.sampled_from(sorted(KINDS)), front=texts, body=texts)
def test_any_text_loads_or_gives_located_problems(tmp_path_factory, kind: str, front: str, body: str) -> None:  # type: ignore[no-untyped-def]
    data = f"---\n{front}\n---\n{body}".encode("utf-8", "surrogatepass")
    assert_located(load_one(tmp_path_factory.mktemp("p"), kind, data), data)


@FAST
@given(kind=st.sampled_from(sorted(KINDS)), data=st.binary(max_size=300))
def test_any_bytes_load_or_give_located_problems(tmp_path_factory, kind: str, data: bytes) -> None:  # type: ignore[no-untyped-def]
    assert_located(load_one(tmp_path_factory.mktemp("p"), kind, data), data)


scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts | st.dates().map(str)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=12)


@FAST
@given(kind=st.sampled_from(sorted(KINDS)), data=st.data())
def test_any_front_matter_shape_loads_or_gives_located_problems(tmp_path_factory, kind: str, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    fields = sorted(KINDS[kind].model_fields)
    mapping = data.draw(st.dictionaries(st.sampled_from(fields) | st.text(string.ascii_lowercase, max_size=6), values, max_size=8))
    content = ("---\n" + yaml.safe_dump(mapping, allow_unicode=True) + "---\nbody\n").encode()
    assert_located(load_one(tmp_path_factory.mktemp("p"), kind, content), content)


@FAST
@given(body=texts)
def test_markdown_never_yields_script(body: str) -> None:
    report = Report()
    html = MarkdownRenderer().render(
        body, "news/n.md", 5, lambda target: target, lambda target, rel: None, lambda src, rel, line: PublishedImage("media/a.jpg", 10, 10), report
    ).html
    lowered = html.lower()
    assert "<script" not in lowered and "<iframe" not in lowered and "<svg" not in lowered and "<style" not in lowered
    assert not re.search(r"<[^>]*\son\w+\s*=", lowered)  # no event handler attributes
    assert not re.search(r"(href|src)\s*=\s*[\"']?\s*(javascript|vbscript|data):", lowered)
    assert all(d.path == "news/n.md" and d.line >= 5 for d in report.diagnostics)


@SLOW
@given(title=texts, body=texts)
def test_whole_builds_end_in_a_site_or_located_errors(starter: Path, title: str, body: str) -> None:
    news = starter / "news" / "welcome.md"
    news.write_text(f"---\ntitle: {title}\ndate: 2026-11-25\n---\n{body}", encoding="utf-8", errors="surrogatepass")
    result = CliRunner().invoke(main, ["check", str(starter), "--date", "2026-11-25"])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    for line in result.output.splitlines():
        if ".md:" in line or ".yaml:" in line:
            assert re.match(r"^\S+:\d+: ", line), line
