"""What the kinds for finding one's way in the building do of their own: floor plans with
the stops and objects placed on them, and the stamp passport (集章). Declared as kinds in
`museumgen.site.kinds`."""

from __future__ import annotations

from dataclasses import dataclass, field

from museumgen.messages import _
from museumgen.schema import FloorPlan, Stamp
from museumgen.site.entries import Doc, Site
from museumgen.site.steps import Finishing, Preparing


@dataclass(frozen=True)
class Marker:
    """A place on a plan as its page shows it: a numbered marker at a point of the drawing."""

    label: str  # what the marker says: the stop's number, else a letter (A, B …) by its place in the list
    title: str
    path: str  # site path of what it marks
    left: float  # percent of the drawing's width, from its left edge
    top: float  # percent of its height, from the top
    stop: int | None  # the stop of the audio guide it marks, if any


@dataclass(frozen=True)
class OnPlan:
    """Where an entry is on a plan, for its page: "on the plan: 1F, stop 3"."""

    plan: Doc = field(repr=False)
    marker: Marker


def percent(value: int, size: int) -> float:
    return round(100 * value / size, 2) if size else 0.0


def prepare_plan(doc: Doc, plan: FloorPlan, context: Preparing) -> None:
    """The drawing, measured, and each place checked to lie on it."""
    figure = context.figure(plan.image, ("image",), plan.title)
    doc.extra.update(plan_image=figure, placed=[], markers=[])
    if figure is None:
        return
    for index, place in enumerate(plan.places):
        if (place.stop is None) == (place.item is None):  # said when the file was read
            continue
        if place.x > figure.width or place.y > figure.height:
            message = _(
                "the point ({x}, {y}) is outside the plan drawing, which is {width} × {height} pixels: measure `x` and `y` in pixels of the image, from its top left corner",
                x=str(place.x),
                y=str(place.y),
                width=str(figure.width),
                height=str(figure.height),
            )
            if doc.original is None:  # a translation's places are its original's, said there
                context.error(("places", index, "x" if place.x > figure.width else "y"), message)
        else:
            doc.extra["placed"].append(
                (index, place.stop, place.item, percent(place.x, figure.width), percent(place.y, figure.height))
            )


def finish_plan(doc: Doc, context: Finishing) -> None:
    """Each place leads to its stop or object, which learns it is on this plan."""
    unnumbered = 0
    for index, stop_number, item_id, left, top in doc.extra["placed"]:
        found = _target(doc, index, stop_number, item_id, context)
        if found is None:
            continue
        target, title, path, stop = found
        if stop is None:  # a letter, so that it is never taken for a stop's number
            unnumbered += 1
        marker = Marker(str(stop) if stop is not None else _letters(unnumbered), title, path, left, top, stop)
        doc.extra["markers"].append(marker)
        target.extra.setdefault("on_plans", []).append(OnPlan(doc, marker))


def _letters(number: int) -> str:
    """A, B, … Z, AA, AB …: the label of a marker that is not a stop."""
    text = ""
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def _target(
    doc: Doc, index: int, number: int | None, item_id: str | None, context: Finishing
) -> tuple[Doc, str, str, int | None] | None:
    """What a place marks: its entry, title, page and stop; None, said once, when there is none.
    A translation's places are its original's: what is missing there is said there."""
    if number is not None:
        stop = context.stop(number)
        if stop is None:
            if doc.original is None:
                context.error(
                    doc,
                    ("places", index, "stop"),
                    _(
                        "there is no stop {number} in the audio guide: write the `stop` number of an object or an exhibition section",
                        number=str(number),
                    ),
                )
            return None
        return stop.doc, stop.title, stop.path, stop.number
    item = context.find("collection", str(item_id))
    if item is None:
        if doc.original is None:
            context.error(
                doc,
                ("places", index, "item"),
                _(
                    "there is no object `{id}` in collection/: write an accession number from an object's `id`",
                    id=str(item_id),
                ),
            )
        return None
    return item, item.title, item.path, item.entry.stop


def prepare_stamp(doc: Doc, stamp: Stamp, context: Preparing) -> None:
    doc.extra["stamp_image"] = context.figure(stamp.image, ("image",), stamp.title)


def finish_stamp(doc: Doc, context: Finishing) -> None:
    """A number is what visitors enter to collect one stamp: the second to take it is an error."""
    if doc.original is not None:  # a translation has its original's number
        return
    stamps = context.docs("stamps")
    first = next(other for other in stamps if other.entry.number == doc.entry.number)
    if first is not doc:
        context.error(
            doc,
            ("number",),
            _(
                "stamp number {number} is also used by `{other}`: each stamp needs its own number, as visitors enter it to collect one stamp",
                number=str(doc.entry.number),
                other=first.rel,
            ),
        )


def passport_paths(site: Site) -> list[str]:
    """The site paths of the passport and every stamp's page, for a service worker to keep
    for use without a network (with the script they load, `passport.js`; their stylesheet is in them)."""
    stamps = site.entries.get("stamps", [])
    return [f"{site.prefix}stamps/", *(doc.path for doc in stamps)] if stamps else []
