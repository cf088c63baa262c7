"""Every message staff can see exists in every message language, with the same fields."""

from __future__ import annotations

import string

import pytest

from museumgen.errors import Diagnostic, Severity, did_you_mean
from museumgen.messages import MESSAGE_LANGUAGES, _, _n, environment_language, language, message_language, shown
from tests.messages import read, said


def _fields(template: str) -> set[str]:
    return {name for _text, name, _spec, _conversion in string.Formatter().parse(template) if name is not None}


@pytest.fixture(scope="module")
def messages() -> dict[str, tuple[str | None, list[str]]]:
    return said()


@pytest.mark.parametrize("code", MESSAGE_LANGUAGES[1:])
def test_every_message_is_translated_with_the_same_fields(code: str, messages: dict[str, tuple[str | None, list[str]]]) -> None:
    catalogue = {(entry.id[0] if isinstance(entry.id, tuple) else entry.id): entry for entry in read(code) if entry.id}
    missing = [f"{where[0]}: {template!r}" for template, (_plural, where) in messages.items() if template not in catalogue or not catalogue[template].string]
    assert not missing, "not translated (python -m tests.messages adds them):\n" + "\n".join(missing)
    wrong = []
    for template, (plural, where) in messages.items():
        translations = catalogue[template].string
        for translation in translations if isinstance(translations, tuple) else (translations,):
            if _fields(translation) - _fields(template) - (_fields(plural) if plural else set()):
                wrong.append(f"{where[0]}: {translation!r} has fields {template!r} lacks")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("code", MESSAGE_LANGUAGES[1:])
def test_the_catalogue_holds_no_message_the_code_no_longer_says(code: str, messages: dict[str, tuple[str | None, list[str]]]) -> None:
    stale = [entry.id for entry in read(code) if entry.id and (entry.id[0] if isinstance(entry.id, tuple) else entry.id) not in messages]
    assert not stale


def test_a_message_is_its_english_text_and_is_shown_in_chinese_with_its_fields() -> None:
    message = _("unknown key `{key}` is ignored{hint}", key="ends", hint=did_you_mean("ends", ["end"]))
    assert message == "unknown key `ends` is ignored (did you mean `end`?)"
    assert "`end`" in shown(message, "zh-CN") and "did you mean" not in shown(message, "zh-CN")


def test_a_message_joined_to_text_keeps_its_translation() -> None:
    joined = "vase.md: " + _("warning: {message}", message="x")
    assert joined == "vase.md: warning: x"
    assert shown(joined, "zh-CN") == "vase.md: 警告：x"


def test_plural_messages_choose_by_count() -> None:
    assert _n("{count} error", "{count} errors", 1) == "1 error"
    assert _n("{count} error", "{count} errors", 3) == "3 errors"


def test_a_diagnostic_is_printed_in_the_chosen_language() -> None:
    diagnostic = Diagnostic("news/a.md", 4, _(" (did you mean `{choice}`?)", choice="end"), Severity.WARNING)
    with language("zh-CN"):
        assert diagnostic.format() == "news/a.md:4: 警告：（是不是想写 `end`？）"
    assert diagnostic.format() == "news/a.md:4: warning:  (did you mean `end`?)"


@pytest.mark.parametrize(
    ("code", "expected"),
    [("zh_CN.UTF-8", "zh-CN"), ("zh-Hans", "zh-CN"), ("zh", "zh-CN"), ("zh_TW.UTF-8", None), ("en_GB.UTF-8", "en"), ("C.UTF-8", None), ("POSIX", None), ("fr_FR", None), (None, None)],
)
def test_message_language_from_tags_and_locale_names(code: str | None, expected: str | None) -> None:
    assert message_language(code) == expected


def test_the_environment_is_read_as_gettext_reads_it() -> None:
    assert environment_language({"LANGUAGE": "fr:zh_CN", "LANG": "en_US.UTF-8"}) == "zh-CN"
    assert environment_language({"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}) is None
    assert environment_language({"LANG": "zh_CN.UTF-8"}) == "zh-CN"
    assert environment_language({}) is None
