"""Problems found in a museum's content, each with the file and line staff need to fix it.

Every stage reports content mistakes as `Diagnostic` values collected in a `Report`,
so one run shows every problem at once. `MuseumError` is the one exception type that
carries them to the command line, where they print as ``path:line: message``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from museumgen.messages import _, shown
from museumgen.schema.base import CONTROL_CHARACTERS


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # worth knowing, never a failure, even with --strict (an entry held back until its date)


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem, located in a file of the museum folder.

    `path` is relative to the museum folder, with forward slashes; `line` is 1-based
    (0 when the problem concerns the file as a whole).
    """

    path: str
    line: int
    message: str
    severity: Severity = Severity.ERROR
    external: bool = False  # `path` is not in the museum folder (an option, the output, a theme)

    def format(self, prefix: str = "", language: str | None = None) -> str:
        """`path:line: message`, the message in `language` (else the chosen message language)."""
        path = shown(self.path, language) if self.external else f"{prefix}{self.path}"  # outside: may say what it is
        where = f"{path}:{self.line}" if self.line else path
        message = shown(self.message, language)
        if self.severity is Severity.WARNING:
            message = shown(_("warning: {message}", message=message), language)
        elif self.severity is Severity.NOTE:
            message = shown(_("note: {message}", message=message), language)
        return _shown(f"{where}: {message}")


def _shown(text: str) -> str:
    """`text` with control characters written as escapes (`\\x1b`): a file name can hold
    them, and a terminal or CI log would obey them (clear the screen, hide lines)."""
    return CONTROL_CHARACTERS.sub(lambda found: found[0].encode("unicode_escape", "backslashreplace").decode("ascii"), text)


@dataclass
class Report:
    """Collects diagnostics from every stage of a build."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, line: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(path, line, message, Severity.ERROR))

    def warning(self, path: str, line: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(path, line, message, Severity.WARNING))

    def note(self, path: str, line: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(path, line, message, Severity.NOTE))

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics.extend(diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def sorted(self) -> list[Diagnostic]:
        """Diagnostics in file and line order, without repeats."""
        return sorted(set(self.diagnostics))

    def fail_if_errors(self, strict: bool = False) -> None:
        """Raise `MuseumError` when there are errors (or any warning under `strict`)."""
        if self.errors or (strict and self.warnings):
            raise MuseumError(self.sorted(), strict=strict)


class MuseumError(Exception):
    """The content cannot be built; carries every diagnostic found."""

    def __init__(self, diagnostics: Sequence[Diagnostic], strict: bool = False) -> None:
        self.diagnostics = list(diagnostics)
        self.strict = strict
        super().__init__("\n".join(d.format() for d in self.diagnostics))

    def __reduce__(self) -> tuple[type[MuseumError], tuple[list[Diagnostic], bool]]:
        # Errors found in a worker process travel back to the parent intact.
        return (MuseumError, (self.diagnostics, self.strict))

    @classmethod
    def single(cls, path: str, line: int, message: str) -> MuseumError:
        """An error in a file of the museum folder."""
        return cls([Diagnostic(path, line, message)])

    @classmethod
    def outside(cls, where: str, message: str, line: int = 0) -> MuseumError:
        """An error about something outside the museum folder: an option, the output folder."""
        return cls([Diagnostic(where, line, message, external=True)])


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A short hint naming the closest choice, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return _(" (did you mean `{choice}`?)", choice=close[0]) if close else ""
