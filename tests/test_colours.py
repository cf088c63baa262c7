"""The theme's colours: made from the museum's two, and checked for contrast."""

from __future__ import annotations

import pytest

from museumgen.colours import TEXT, WHITE, Palette, contrast, nearest_passing, oklch, shortfalls
from museumgen.render.pages import unbroken
from museumgen.schema.base import Image, parse_focus
from museumgen.schema.museum import Colors


def test_contrast_is_wcag_2s_ratio() -> None:
    assert contrast("#000000", WHITE) == pytest.approx(21)
    assert contrast(WHITE, WHITE) == pytest.approx(1)
    assert contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)  # the lightest grey that passes on white


def test_the_default_colours_pass() -> None:
    defaults = Colors.model_validate({})
    assert shortfalls(defaults.primary, defaults.accent) == []


@pytest.mark.parametrize("primary", ["#8c2f1b", "#1c73b3", "#2e7d32", "#000000", "#6a1b9a"])
def test_every_shade_comes_from_the_primary(primary: str) -> None:
    palette = Palette(primary, "#b8860b")
    dark = palette.primary_dark
    assert oklch(dark)[0] < oklch(primary)[0] or primary == "#000000"
    if oklch(primary)[1] > 0.02:  # a colour, not a grey: the darker end keeps its hue
        assert abs(oklch(dark)[2] - oklch(primary)[2]) < 12
    assert contrast(palette.muted, palette.ground) >= TEXT and contrast(palette.ink, palette.ground) >= TEXT
    assert contrast(palette.on_accent, palette.accent) >= TEXT
    assert "#3b1a12" not in palette.variables().values()


def test_a_light_primary_is_said_with_the_nearest_colour_that_passes() -> None:
    (short,) = shortfalls("#3d8fd1", "#b8860b")
    assert short.what == "primary" and short.ratio < TEXT and short.suggestion is not None
    assert contrast(WHITE, short.suggestion) >= TEXT
    assert contrast(short.suggestion, Palette(short.suggestion, "#b8860b").ground) >= TEXT
    assert abs(oklch(short.suggestion)[2] - oklch("#3d8fd1")[2]) < 10, "the same hue, darker"
    assert oklch(short.suggestion)[0] > oklch("#3d8fd1")[0] - 0.15, "darker by little"


def test_a_pale_accent_is_said_too() -> None:
    (short,) = shortfalls("#8c2f1b", "#ffe680")
    assert short.what == "accent" and short.worst.needed == 3.0
    assert short.suggestion is not None and contrast(short.suggestion, WHITE) >= 3.0


def test_no_colour_passes_against_both_black_and_white_at_ten() -> None:
    assert nearest_passing("#777777", [(WHITE, 10), ("#000000", 10)]) is None


@pytest.mark.parametrize(
    ("written", "point", "css"),
    [
        ("top", (0.5, 0.0), "50% 0%"),
        ("bottom left", (0.0, 1.0), "0% 100%"),
        ("Left Top", (0.0, 0.0), "0% 0%"),
        ("center", (0.5, 0.5), "50% 50%"),
        ("50% 20%", (0.5, 0.2), "50% 20%"),
        ("12.5% 100%", (0.125, 1.0), "12.5% 100%"),
    ],
)
def test_a_focus_is_words_or_two_percentages(written: str, point: tuple[float, float], css: str) -> None:
    assert parse_focus(written) == point
    image = Image.model_validate({"file": "a.jpg", "focus": written})
    assert image.focus == css and image.focus_point == point


@pytest.mark.parametrize("written", ["head", "top bottom", "left right", "50%", "50% 120%", "50 20", "top 20%", "1% 2% 3%"])
def test_anything_else_is_not_a_focus(written: str) -> None:
    assert parse_focus(written) is None


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("2026年9月1日 – 2027年3月1日", ["2026年9月1日", "2027年3月1日"]),
        ("2026年12月5日 周六 14:00–16:00", ["2026年12月5日", "周六 14:00–16:00"]),
        ("Sep 1, 2026 – Mar 1, 2027", ["Sep 1, 2026", "Mar 1, 2027"]),
        ("Sat, Dec 5, 2026, 2:00 – 4:00\u202fPM", ["Sat, Dec 5, 2026,", "2:00", "4:00\u202fPM"]),
    ],
)
def test_dates_break_only_between_their_parts(text: str, parts: list[str]) -> None:
    html = str(unbroken(text))
    assert html.count('<span class="nowrap">') == len(parts)
    for part in parts:
        assert f'<span class="nowrap">{part}</span>' in html


def test_unbroken_escapes() -> None:
    assert str(unbroken("<b>")) == '<span class="nowrap">&lt;b&gt;</span>'
