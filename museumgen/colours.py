"""The theme's colours, all from the museum's two (`colors.primary`, `colors.accent`).

Shades are made in OKLCH (a perceptual space: equal steps of lightness look equal), so a
darker primary for the hero's gradient keeps the museum's hue, and the greys of the page
are tinted towards it. Contrast is WCAG 2's ratio of relative luminance: 4.5:1 for text,
3:1 for marks that are not text (the current tab's bar, the focus ring).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from museumgen.messages import _

RGB = tuple[float, float, float]  # sRGB, each 0–1

TEXT, MARK = 4.5, 3.0  # WCAG 2: normal text (1.4.3), non-text marks (1.4.11)
WHITE = "#ffffff"


def parse(colour: str) -> RGB:
    value = colour.lstrip("#")
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)


def hex_of(rgb: RGB) -> str:
    return "#" + "".join(f"{round(min(1.0, max(0.0, c)) * 255):02x}" for c in rgb)


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(c: float) -> float:
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def luminance(colour: str) -> float:
    red, green, blue = (_linear(c) for c in parse(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: str, other: str) -> float:
    """WCAG 2 contrast ratio, from 1 (none) to 21 (black on white)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def oklch(colour: str) -> tuple[float, float, float]:
    """Lightness (0–1), chroma and hue (degrees) of an sRGB colour."""
    r, g, b = (_linear(c) for c in parse(colour))
    l_, m_, s_ = (
        math.copysign(abs(v) ** (1 / 3), v)
        for v in (
            0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b,
            0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b,
            0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b,
        )
    )
    lightness = 0.2104542553 * l_ + 0.7936177850 * m_ - 0.0040720468 * s_
    a = 1.9779984951 * l_ - 2.4285922050 * m_ + 0.4505937099 * s_
    b_ = 0.0259040371 * l_ + 0.7827717662 * m_ - 0.8086757660 * s_
    return lightness, math.hypot(a, b_), math.degrees(math.atan2(b_, a)) % 360


def _from_oklch(lightness: float, chroma: float, hue: float) -> RGB:
    a, b = chroma * math.cos(math.radians(hue)), chroma * math.sin(math.radians(hue))
    l_ = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
    m_ = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
    s_ = (lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3
    return (
        _gamma(4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_),
        _gamma(-1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_),
        _gamma(-0.0041960863 * l_ - 0.7034186147 * m_ + 1.7076147010 * s_),
    )


def shade(lightness: float, chroma: float, hue: float) -> str:
    """An OKLCH colour as `#rrggbb`; where sRGB cannot show it, with less chroma (same hue)."""
    lightness = min(1.0, max(0.0, lightness))
    for _attempt in range(40):
        rgb = _from_oklch(lightness, chroma, hue)
        if all(-0.0005 <= c <= 1.0005 for c in rgb):
            break
        chroma *= 0.9
    return hex_of(rgb)


def with_lightness(colour: str, lightness: float) -> str:
    _, chroma, hue = oklch(colour)
    return shade(lightness, chroma, hue)


def best_text_on(background: str) -> str:
    """Black-ish ink or white, whichever reads better on `background` (one always passes 4.5:1)."""
    return "#111111" if contrast("#111111", background) > contrast(WHITE, background) else WHITE


@dataclass(frozen=True)
class Palette:
    """Every colour the default theme uses, as CSS custom properties."""

    primary: str
    accent: str

    @property
    def _hue(self) -> float:
        return oklch(self.primary)[2]

    @property
    def paper(self) -> str:
        return WHITE

    @property
    def ground(self) -> str:  # the page behind the cards: a warm or cool white after the primary
        return shade(0.967, 0.006, self._hue)

    @property
    def line(self) -> str:
        return shade(0.91, 0.012, self._hue)

    @property
    def ink(self) -> str:
        return shade(0.22, 0.012, self._hue)

    @property
    def muted(self) -> str:
        return shade(0.46, 0.012, self._hue)

    @property
    def primary_dark(self) -> str:  # where the hero's gradient ends, and behind video cards
        lightness, chroma, hue = oklch(self.primary)
        return shade(lightness * 0.55, chroma * 0.8, hue)

    @property
    def on_accent(self) -> str:
        return best_text_on(self.accent)

    def variables(self) -> dict[str, str]:
        names = ("primary", "primary_dark", "accent", "on_accent", "ink", "muted", "line", "paper", "ground")
        return {name.replace("_", "-"): getattr(self, name) for name in names}


@dataclass(frozen=True)
class Use:
    """A place a museum colour is shown: against what, as text or as a mark."""

    what: str  # "primary" or "accent"
    against: str  # the other colour
    needed: float
    label: str  # where, said to staff


def uses(palette: Palette) -> list[Use]:
    """Where the default theme shows the museum's colours, and what each needs."""
    return [
        Use("primary", WHITE, TEXT, _("behind the white text of the title bar and buttons")),
        Use("primary", palette.paper, TEXT, _("as the colour of links on white")),
        Use("primary", palette.ground, TEXT, _("as the colour of links on the page background")),
        Use("accent", palette.paper, MARK, _("as the mark of the current tab and of the focused link, on white")),
    ]


def nearest_passing(colour: str, checks: list[tuple[str, float]]) -> str | None:
    """The colour of the same hue, lighter or darker by the least, that has at least each
    needed contrast against each background; None when no lightness gives that."""
    lightness, chroma, hue = oklch(colour)
    for step in range(1, 201):
        for candidate in (lightness - step * 0.005, lightness + step * 0.005):
            if 0 <= candidate <= 1:
                found = shade(candidate, chroma, hue)
                if all(contrast(found, against) >= needed for against, needed in checks):
                    return found
    return None


@dataclass(frozen=True)
class Shortfall:
    what: str  # "primary" or "accent"
    colour: str
    worst: Use
    ratio: float
    suggestion: str | None


def shortfalls(primary: str, accent: str) -> list[Shortfall]:
    """Each museum colour that some use of it cannot be read in, with the nearest one that can."""
    palette = Palette(primary, accent)
    found = []
    for what, colour in (("primary", primary), ("accent", accent)):
        mine = [use for use in uses(palette) if use.what == what]
        failing = [use for use in mine if contrast(colour, use.against) < use.needed]
        if failing:
            worst = min(failing, key=lambda use: contrast(colour, use.against) / use.needed)
            suggestion = nearest_passing(colour, [(use.against, use.needed) for use in mine])
            found.append(Shortfall(what, colour, worst, contrast(colour, worst.against), suggestion))
    return found
