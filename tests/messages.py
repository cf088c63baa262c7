"""The messages in museumgen's code, and keeping the catalogues in step with them.

`python -m tests.messages` adds to each catalogue the messages the code says and the
catalogue lacks (with an empty translation, for a translator to fill in), and lists
those it has that the code no longer says.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from museumgen.messages import DOMAIN, LOCALE_FOLDER, MESSAGE_LANGUAGES, catalogue_language

PACKAGE = Path(__file__).resolve().parent.parent / "museumgen"
KEYWORDS = {"_": None, "_n": (1, 2)}


def said() -> dict[str, tuple[str | None, list[str]]]:
    """Every message template in the code: its plural (if any) and where it is said."""
    found: dict[str, tuple[str | None, list[str]]] = {}
    for filename, line, message, _comments, _context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=()
    ):
        singular, plural = (message[0], message[1]) if isinstance(message, tuple) else (message, None)
        if not isinstance(singular, str):
            continue  # `_(variable)`: the variable's texts are said elsewhere
        found.setdefault(singular, (plural, []))[1].append(f"{filename}:{line}")
    return found


def catalogue_path(language: str) -> Path:
    return LOCALE_FOLDER / catalogue_language(language) / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(language: str) -> Catalog:
    with catalogue_path(language).open("rb") as handle:
        return read_po(handle)


def main() -> None:
    messages = said()
    for language in MESSAGE_LANGUAGES[1:]:
        catalogue = read(language)
        known = {entry.id[0] if isinstance(entry.id, tuple) else entry.id for entry in catalogue if entry.id}
        added = 0
        for template, (plural, _where) in messages.items():
            if template not in known:
                catalogue.add((template, plural) if plural else template, ("",) if plural else "")
                added += 1
        with catalogue_path(language).open("wb") as handle:
            write_po(handle, catalogue, width=0, omit_header=False, sort_output=False)
        stale = sorted(known - set(messages))
        print(f"{language}: {added} added, {len(stale)} no longer said")
        for template in stale:
            print(f"  {template}")


if __name__ == "__main__":
    main()
