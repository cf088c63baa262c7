"""Metadata in the head of each entry's page besides the schema.org data: Dublin Core
(`DC.title`, `DC.type` …, as library and archive harvesters read it) and the Open Graph
type its kind declares (`article`, `video.other`)."""

from __future__ import annotations

from markupsafe import Markup

from museumgen.outputs import feeds
from museumgen.site.entries import Doc, Site
from museumgen.site.kinds import KINDS

SCHEMAS = Markup('<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">\n<link rel="schema.DCTERMS" href="http://purl.org/dc/terms/">\n')

# An object's own fields, as the Dublin Core terms that name them.
ITEM_TERMS = (("period", "DCTERMS.temporal"), ("origin", "DCTERMS.spatial"), ("material", "DCTERMS.medium"), ("dimensions", "DCTERMS.extent"), ("credit", "DCTERMS.provenance"), ("rights", "DC.rights"))


def og_type(doc: Doc) -> str:
    return KINDS[doc.kind].og_type


def terms(doc: Doc, site: Site) -> list[tuple[str, str]]:
    """The Dublin Core of `doc`'s page, as (name, value) pairs: not its description, which
    the page's own `description` meta already gives."""
    entry = doc.entry
    pairs = [("DC.title", doc.title), ("DC.type", KINDS[doc.kind].dc_type), ("DC.publisher", site.museum.name), ("DC.language", site.language)]
    identifier = getattr(entry, KINDS[doc.kind].key_field or "", None)
    if identifier:
        pairs.append(("DC.identifier", str(identifier)))
    pairs += [("DC.subject", str(tag)) for tag in entry.tags]
    changed = feeds.changed(doc, site)
    if changed is not None:
        pairs.append(("DC.date", changed.date().isoformat()))
    pairs += [(term, str(value)) for key, term in ITEM_TERMS if (value := getattr(entry, key, None))]
    return pairs


def meta(doc: Doc, site: Site) -> Markup:
    tags = "".join(f'<meta name="{name}" content="{Markup.escape(value)}">\n' for name, value in terms(doc, site))
    return SCHEMAS + Markup(tags)
