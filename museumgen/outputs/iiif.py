"""IIIF for the collection: what IIIF viewers (Mirador, Universal Viewer) and aggregators read.

- a Presentation 3 manifest for each object with a photograph, beside its page (`collection/ding/manifest.json`):
  its words in every language of the site as IIIF language maps, one canvas per photograph
  painted with its largest published copy, its thumbnail, page and open data;
- a IIIF collection of the manifests of each exhibition's objects
  (`exhibitions/bronze/iiif-collection.json`) and one of the whole collection
  (`collection/iiif-collection.json`);
- for photographs with deep zoom, the `info.json` of their IIIF Image API level-0 service,
  beside its tiles (made with the other derivatives: see `images.zoomed`).

IIIF names everything by its full address, so manifests and collections are made only with
a `base_url`. The `info.json` of deep zoom is made without one too (the site's own viewer
reads its tiles from beside it); its `id` is then its path in the site.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Iterable
from typing import Any

from museumgen.images import TILE, Plan, scale_factors
from museumgen.outputs import opendata
from museumgen.render.pages import SiteRenderer
from museumgen.schema.museum import LICENCES
from museumgen.site.entries import Doc, Figure, Site
from museumgen.urls import absolute

CONTEXT = "http://iiif.io/api/presentation/3/context.json"
IMAGE_CONTEXT = "http://iiif.io/api/image/3/context.json"
MEDIA_TYPE = f'application/ld+json;profile="{CONTEXT}"'
MANIFEST, COLLECTION, INFO = "manifest.json", "iiif-collection.json", "info.json"
KIND, EXHIBITIONS = "collection", "exhibitions"

# The object's fields in a manifest's `metadata`, each with the interface text that labels
# it on its page.
FIELDS = (
    ("id", "accession"),
    ("period", "period"),
    ("date", "date"),
    ("origin", "origin"),
    ("material", "material"),
    ("dimensions", "dimensions"),
    ("category", "category"),
    ("rights", "rights"),
)

LanguageMap = dict[str, list[str]]


def wanted(site: Site) -> bool:
    return bool(site.museum.base_url) and any(with_manifest(doc) for doc in site.entries.get(KIND, []))


def manifest_path(doc: Doc, site: Site) -> str:
    """One manifest for every language, beside the page of the site's first language."""
    return f"{_first(doc, site).path}{MANIFEST}"


def exhibition_collection_path(exhibition: Doc, site: Site) -> str | None:
    """The exhibition's IIIF collection, one for every language like the manifests; none
    when no object of the exhibition has a photograph."""
    first = _first(exhibition, site)
    return f"{first.path}{COLLECTION}" if _objects(first) else None


def _first(doc: Doc, site: Site) -> Doc:
    return doc.translations.get(site.siblings[0].language, doc) if doc.translations and site.siblings else doc


def with_manifest(doc: Doc) -> bool:
    """A manifest needs a canvas, so an object without a photograph has none."""
    return bool(doc.images)


def _objects_of(site: Site) -> list[Doc]:
    return [doc for doc in site.entries[KIND] if with_manifest(doc)]


def _exhibitions(site: Site) -> list[Doc]:
    return [doc for doc in site.entries.get(EXHIBITIONS, []) if _objects(doc)]


def _objects(exhibition: Doc) -> list[Doc]:
    return [doc for doc in exhibition.links.get("items", []) if isinstance(doc, Doc) and with_manifest(doc)]


def collection_path(site: Site) -> str:
    return f"{KIND}/{COLLECTION}"


def paths(site: Site) -> list[str]:
    manifests = [manifest_path(doc, site) for doc in _objects_of(site)]
    return manifests + [collection_path(site)] + [f"{doc.path}{COLLECTION}" for doc in _exhibitions(site)]


def made(pages: SiteRenderer) -> list[tuple[str, bytes]]:
    site = pages.site
    files = [(manifest_path(doc, site), _json(manifest(doc, pages))) for doc in _objects_of(site)]
    every = collection(
        collection_path(site),
        [(r.site.language, r.strings.get("collection", KIND)) for r in pages.siblings],
        _objects_of(site),
        pages,
    )
    files.append((collection_path(site), _json(every)))
    for exhibition in _exhibitions(site):
        label = [(r.site.language, version.title) for r, version in _versions(exhibition, pages)]
        files.append(
            (
                f"{exhibition.path}{COLLECTION}",
                _json(collection(f"{exhibition.path}{COLLECTION}", label, _objects(exhibition), pages)),
            )
        )
    return files


def _json(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def language_code(language: str) -> str:
    """The BCP 47 tag IIIF viewers match for a site's language: Chinese by its script."""
    lower = language.lower()
    if lower == "zh" or lower.startswith(("zh-cn", "zh-sg", "zh-hans")):
        return "zh-Hans"
    if lower.startswith(("zh-tw", "zh-hk", "zh-mo", "zh-hant")):
        return "zh-Hant"
    return language


def language_map(pairs: Iterable[tuple[str, str | None]]) -> LanguageMap:
    """`{"zh-Hans": ["青铜鼎"], "en": ["Bronze ding"]}`, leaving out what is empty."""
    found: LanguageMap = {}
    for language, text in pairs:
        if text and text not in found.setdefault(language_code(language), []):
            found[language_code(language)].append(text)
    return {language: texts for language, texts in found.items() if texts}


def _versions(doc: Doc, pages: SiteRenderer) -> list[tuple[SiteRenderer, Doc]]:
    """The renderer and the doc of each language `doc` is in, the first language's first."""
    if not doc.translations:
        return [(pages, doc)]
    return [(r, doc.translations[r.site.language]) for r in pages.siblings if r.site.language in doc.translations]


def _address(site: Site, path: str) -> str:
    found = absolute(site.museum.base_url, path)
    assert found is not None  # see `wanted`
    return found


def manifest(doc: Doc, pages: SiteRenderer) -> dict[str, Any]:
    site = pages.site
    versions = _versions(doc, pages)
    own = _address(site, manifest_path(doc, site))
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "id": own,
        "type": "Manifest",
        "label": language_map((r.site.language, d.title) for r, d in versions),
    }
    summary = language_map((r.site.language, d.summary) for r, d in versions)
    if summary:
        data["summary"] = summary
    data["metadata"] = _metadata(versions)
    data["requiredStatement"] = {
        "label": language_map((r.site.language, r.strings.get("credit", "credit")) for r, d in versions),
        "value": language_map(
            (r.site.language, " · ".join(filter(None, [r.site.museum.name, d.entry.credit]))) for r, d in versions
        ),
    }
    rights = rights_uri(site)
    if rights is not None:
        data["rights"] = rights
    if doc.images:
        data["thumbnail"] = [_thumbnail(doc.images[0], site)]
    data["homepage"] = [
        {
            "id": _address(r.site, d.path),
            "type": "Text",
            "label": language_map([(r.site.language, d.title)]),
            "format": "text/html",
            "language": [language_code(r.site.language)],
        }
        for r, d in versions
    ]
    if opendata.wanted(site):
        data["seeAlso"] = [
            {
                "id": _address(site, site.prefix + opendata.FOLDER + opendata.JSON_NAME),
                "type": "Dataset",
                "format": "application/json",
                "label": {"none": [opendata.JSON_NAME]},
            }
        ]
    base = own.removesuffix(MANIFEST)
    data["items"] = [
        _canvas(f"{base}canvas/{index + 1}", index, figure, versions, site) for index, figure in enumerate(doc.images)
    ]
    return data


def _metadata(versions: list[tuple[SiteRenderer, Doc]]) -> list[dict[str, LanguageMap]]:
    pairs = []
    for name, label in FIELDS:
        value = language_map((r.site.language, str(getattr(d.entry, name) or "")) for r, d in versions)
        if value:
            pairs.append(
                {
                    "label": language_map((r.site.language, r.strings.get(label, label)) for r, d in versions),
                    "value": value,
                }
            )
    return pairs


def rights_uri(site: Site) -> str | None:
    """The licence as IIIF's `rights` takes it: a Creative Commons address, written with
    `http:` as the specification asks. Other licences have no place there."""
    chosen = site.museum.open_data.licence
    uri = LICENCES[chosen][1] if chosen else None
    if uri is None or "creativecommons.org/" not in uri:
        return None
    return uri.replace("https://", "http://", 1)


def _canvas(
    own: str, index: int, figure: Figure, versions: list[tuple[SiteRenderer, Doc]], site: Site
) -> dict[str, Any]:
    label = language_map(
        (r.site.language, _words(d.images[index] if index < len(d.images) else figure)) for r, d in versions
    )
    annotation = {
        "id": f"{own}/annotation",
        "type": "Annotation",
        "motivation": "painting",
        "body": image_body(figure, site),
        "target": own,
    }
    canvas = {"id": own, "type": "Canvas", "width": figure.width, "height": figure.height}
    if label:
        canvas["label"] = label
    return canvas | {"items": [{"id": f"{own}/page", "type": "AnnotationPage", "items": [annotation]}]}


def _words(figure: Figure) -> str:
    return figure.caption or figure.alt


def image_body(figure: Figure, site: Site) -> dict[str, Any]:
    """The largest published copy of the photograph, with its deep-zoom service if it has one."""
    target = figure.plan
    if target is None:  # an animation, published as it is
        return {
            "id": _address(site, figure.url),
            "type": "Image",
            "format": mimetypes.guess_type(figure.url)[0] or "image/gif",
            "width": figure.width,
            "height": figure.height,
        }
    largest = max(list(target.responsive.values())[-1], key=lambda variant: variant.width)
    body: dict[str, Any] = {
        "id": _address(site, largest.path),
        "type": "Image",
        "format": largest.mime,
        "width": largest.width,
        "height": largest.height,
    }
    if target.tiles_folder is not None:
        body["service"] = [{"id": _address(site, target.tiles_folder), "type": "ImageService3", "profile": "level0"}]
    return body


def _thumbnail(figure: Figure, site: Site) -> dict[str, Any]:
    if figure.plan is None:
        return image_body(figure, site)
    square = list(figure.plan.thumbnails.values())[-1]
    return {
        "id": _address(site, square.path),
        "type": "Image",
        "format": square.mime,
        "width": square.width,
        "height": square.height,
    }


def collection(own_path: str, label: list[tuple[str, str]], docs: list[Doc], pages: SiteRenderer) -> dict[str, Any]:
    site = pages.site
    items = []
    for doc in docs:
        reference: dict[str, Any] = {
            "id": _address(site, manifest_path(doc, site)),
            "type": "Manifest",
            "label": language_map((r.site.language, d.title) for r, d in _versions(doc, pages)),
        }
        if doc.images:
            reference["thumbnail"] = [_thumbnail(doc.images[0], site)]
        items.append(reference)
    return {
        "@context": CONTEXT,
        "id": _address(site, own_path),
        "type": "Collection",
        "label": language_map(label),
        "items": items,
    }


# --- deep zoom: the image services ---------------------------------------------------------


def zoomed_plans(site: Site) -> list[Plan]:
    return sorted(
        (target for _media, target in site.images.values() if target.tiles_folder is not None),
        key=lambda target: target.tiles_folder or "",
    )


def with_zoom(site: Site) -> bool:
    return bool(zoomed_plans(site))


def info_path(target: Plan) -> str:
    return f"{target.tiles_folder}/{INFO}"


def zoom_paths(site: Site) -> list[str]:
    return [info_path(target) for target in zoomed_plans(site)]


def zoom_made(pages: SiteRenderer) -> list[tuple[str, bytes]]:
    return [(info_path(target), _json(info(target, pages.site))) for target in zoomed_plans(pages.site)]


def info(target: Plan, site: Site) -> dict[str, Any]:
    """The Image API 3.0 description of a level-0 service: its size, the whole image at the
    smallest scale (one tile), and the tiles of each scale factor."""
    assert target.tiles_folder is not None
    factors = scale_factors(target.width, target.height)
    smallest = {"width": -(-target.width // factors[-1]), "height": -(-target.height // factors[-1])}
    return {
        "@context": IMAGE_CONTEXT,
        "id": absolute(site.museum.base_url, target.tiles_folder) or target.tiles_folder,
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level0",
        "width": target.width,
        "height": target.height,
        "sizes": [smallest],
        "tiles": [{"width": TILE, "height": TILE, "scaleFactors": factors}],
    }


def zoom_info(figure: Figure) -> str | None:
    """For the page: the `info.json` of a figure with deep zoom, or None."""
    return info_path(figure.plan) if figure.plan is not None and figure.plan.tiles_folder is not None else None
