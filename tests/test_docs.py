from __future__ import annotations

import re
import shlex

import click

from museumgen.cli import main
from museumgen.docgen import reference

from .conftest import REPO


def test_ci_runs_the_readme_test_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    commands = [line.strip() for line in readme[:12] if line.startswith("    ")]
    assert len(commands) == 2, "the README starts with two commands"
    assert "museumgen build examples/qingxi" in commands[0]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert commands[1] in [line.strip() for line in ci]


def test_reference_is_generated_from_the_schema() -> None:
    current = (REPO / "docs" / "reference.md").read_text(encoding="utf-8")
    assert current == reference(), "run: python -m museumgen.docgen > docs/reference.md"


def documented_commands() -> list[tuple[str, str]]:
    """Every `museumgen ...` command written in the README and docs/, with where it is."""
    found = []
    for doc in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        fenced = False
        for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), start=1):
            fenced ^= line.startswith("```")
            spans = re.findall(r"`(museumgen [^`]+)`", line)
            code = re.match(r"^(?:\s*-\s*run:\s*|\s*)(museumgen\s.*)$" if fenced else r"^\s{4,}(museumgen\s.*)$", line)
            for command in spans + ([code.group(1)] if code else []):
                found.append((command.split(" #")[0].strip(), f"{doc.name}:{number}"))
    return found


def test_documented_commands_exist_with_their_options() -> None:
    """A renamed option or command must not leave the docs telling staff to type it."""
    commands = documented_commands()
    assert len(commands) > 20
    for command, where in commands:
        if "..." in command or "…" in command:
            continue  # a pattern, not a command
        args = shlex.split(command)[1:]
        try:
            with main.make_context("museumgen", list(args)) as ctx:
                if args and not args[0].startswith("-"):
                    name, sub, rest = main.resolve_command(ctx, list(args))
                    assert sub is not None, f"{where}: {command}"
                    sub.make_context(name or "", rest, parent=ctx).close()
        except click.exceptions.Exit:
            pass  # --help, --version
        except click.UsageError as exc:
            raise AssertionError(f"{where}: `{command}`: {exc.format_message()}") from None


def test_no_doc_installs_museumgen_from_an_index() -> None:
    """museumgen is not on PyPI: `pip install museumgen` would fail, or install someone else's package."""
    docs = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md")), *sorted((REPO / "benchmarks").glob("*.md"))]
    found = [f"{doc.name}:{number}" for doc in docs for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1) if re.search(r"pip install\s+(-U\s+|--upgrade\s+)?museumgen\b", line)]
    assert not found, "install from a clone (`pip install .`) instead: " + ", ".join(found)
