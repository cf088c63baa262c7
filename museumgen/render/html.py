"""Markup that every page repeats, made in Python instead of in templates: a photograph's
`<picture>` with each of its widths and formats.

Jinja makes a macro's every value through several calls of its own, and these few lines
are written thousands of times a build. Each value is escaped as `{{ value }}` in a
template escapes it (`escape`), so the bytes are the same as the macros' were; the
default theme's macros of the same names call these.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from museumgen.images import Plan, Variant
from museumgen.site.entries import Figure

Link = Callable[[str], str]  # a site path to a link from the page being made
Placeholder = Callable[[Plan], str]  # the colour behind a photograph while it loads

# How wide a photograph is shown when a template does not say: the page's column.
COLUMN_SIZES = "(min-width: 720px) 688px, 100vw"
# The widest version a lazy picture offers. Chrome fetches lazy pictures just below the
# screen while the first one is still coming, over the same slow line: at 800 px a card
# or a slide is sharp on a phone of density 2 and nearly so at 3, for half the bytes of
# 1200 px. The page's first picture (eager) offers every width.
LAZY_WIDEST = 800


def picture(fig: Figure, link: Link, placeholder: Placeholder, sizes: str = COLUMN_SIZES, eager: bool = False) -> Markup:
    """A responsive image: modern formats first, the fallback in `<img>`. `sizes` says how
    wide it is shown, for the browser's choice; an `eager` one (the page's first, its
    largest paint) is fetched before anything else and drawn as soon as it arrives."""
    lazy = ' fetchpriority="high"' if eager else ' loading="lazy" decoding="async"'
    size = f'alt="{escape(fig.alt)}" width="{escape(fig.width)}" height="{escape(fig.height)}"'
    if not fig.plan:
        return Markup(f'<img src="{escape(link(fig.url))}" {size}{lazy}>')
    groups = fig.plan.responsive if eager else {mime: _narrow(group) for mime, group in fig.plan.responsive.items()}
    fallback = list(groups.values())[-1]
    shown = escape(sizes)
    sources = "".join(
        f'<source type="{escape(mime)}" srcset="{escape(srcset(group, link))}" sizes="{shown}">' for mime, group in groups.items() if group is not fallback
    )
    src = escape(link(fallback[(len(fallback) - 1) // 2].path))
    img = f'<img src="{src}" srcset="{escape(srcset(fallback, link))}" sizes="{shown}" {size}{img_attrs(fig, placeholder)}{lazy}>'
    return Markup(f"<picture>\n{sources}{img}\n</picture>")


def preload(fig: Figure, link: Link, sizes: str = COLUMN_SIZES) -> Markup:
    """A hint at the top of the head for the page's largest picture, in the first format
    its `<picture>` offers: the browser asks for it before it has read the inline
    stylesheet and the markup above the picture, which on a slow line is most of the
    page. Browsers that cannot show that format skip it by its type."""
    if not fig.plan:
        return Markup(f'<link rel="preload" as="image" href="{escape(link(fig.url))}" fetchpriority="high">')
    mime, first = next(iter(fig.plan.responsive.items()))
    sources = f'type="{escape(mime)}" imagesrcset="{escape(srcset(first, link))}" imagesizes="{escape(sizes)}"'
    return Markup(f'<link rel="preload" as="image" {sources} fetchpriority="high">')


def thumb(fig: Figure, link: Link, placeholder: Placeholder, class_name: str = "") -> Markup:
    """A square crop, for tiles, avatars and QR codes."""
    if not fig.plan:
        named = f' class="{escape(class_name)}"' if class_name else ""
        return Markup(f'<img src="{escape(link(fig.url))}" alt="{escape(fig.alt)}" width="{escape(fig.width)}" height="{escape(fig.height)}"{named} loading="lazy" decoding="async">')
    squares = fig.plan.thumbnails
    fallback = list(squares.values())[-1]
    sources = "".join(f'<source type="{escape(mime)}" srcset="{escape(link(v.path))}">' for mime, v in squares.items() if v is not fallback)
    size = f'alt="{escape(fig.alt)}" width="{escape(fallback.width)}" height="{escape(fallback.height)}"'
    img = f'<img src="{escape(link(fallback.path))}" {size}{img_attrs(fig, placeholder, class_name, cropped=True)} loading="lazy" decoding="async">'
    return Markup(f"<picture>\n{sources}{img}\n</picture>")


def img_attrs(fig: Figure, placeholder: Placeholder, class_name: str = "", cropped: bool = False) -> Markup:
    """How an image sits in its box: its dominant colour behind it while it loads (only
    behind an opaque one, which covers it once loaded: a cut-out with transparent parts
    would keep the colour for good), and its focus kept in view where it is cropped."""
    cutout = fig.plan and fig.plan.alpha
    classes = _joined(" ", [class_name, "cutout" if cutout else ""])
    colour = "" if cutout or not fig.plan else "background-color:" + placeholder(fig.plan)
    styles = _joined(";", [colour, "object-position:" + fig.focus if fig.focus and not cropped else ""])
    return Markup((f' class="{classes}"' if classes else "") + (f' style="{styles}"' if styles else ""))


def _narrow(variants: Sequence[Variant]) -> Sequence[Variant]:
    """The versions no wider than `LAZY_WIDEST`, or the narrowest when all are wider."""
    return [v for v in variants if v.width <= LAZY_WIDEST] or list(variants[:1])


def srcset(variants: Sequence[Variant], link: Link) -> str:
    """`a-480.webp 480w, a-800.webp 800w`: each width of a photograph, for the browser's choice."""
    return ", ".join(f"{link(v.path)} {v.width}w" for v in variants)


def _joined(between: str, parts: list[str]) -> str:
    """The parts that are not empty, escaped, with `between` them (Jinja's `select | join`)."""
    return between.join([escape(part) for part in parts if part])
