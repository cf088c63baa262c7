"""The declared shape of `museum.yaml` and of every content type.

Each field carries a description: it is the documentation staff read in
`docs/reference.md` (generated from these classes, see `museumgen.docgen`).
Unknown keys are kept aside (`extra="allow"`) so validation can warn about them with
a "did you mean" hint instead of failing on the first one.
"""

from museumgen.schema.base import (
    CONTROL_CHARACTERS,
    Image,
    KeyPath,
    Person,
    Schema,
    check_web_address,
    control_character,
)
from museumgen.schema.content import (
    Audio,
    Caption,
    Entry,
    Event,
    Exhibition,
    Item,
    LiveStream,
    News,
    Page,
    Section,
    Series,
    Speaker,
    Video,
)
from museumgen.schema.museum import (
    WEEKDAYS,
    Colors,
    Facility,
    Geo,
    HoursException,
    ImageOptions,
    Museum,
    OpeningHours,
    Price,
    Social,
    Tab,
    Tickets,
    Transport,
    check_hours,
    expand_weekdays,
)

__all__ = [
    "CONTROL_CHARACTERS",
    "WEEKDAYS",
    "Audio",
    "Caption",
    "Colors",
    "Entry",
    "Event",
    "Exhibition",
    "Facility",
    "Geo",
    "HoursException",
    "Image",
    "ImageOptions",
    "Item",
    "KeyPath",
    "LiveStream",
    "Museum",
    "News",
    "OpeningHours",
    "Page",
    "Person",
    "Price",
    "Schema",
    "Section",
    "Series",
    "Social",
    "Speaker",
    "Tab",
    "Tickets",
    "Transport",
    "Video",
    "check_hours",
    "check_web_address",
    "control_character",
    "expand_weekdays",
]
