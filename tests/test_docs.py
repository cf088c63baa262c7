from __future__ import annotations

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
