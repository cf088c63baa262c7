"""The collection as open data, in `data/` (and `en/data/` … for each other language):

- `collection.csv` and `collection.json`: one row per object, its own text fields as the
  schema declares them, its tags, exhibitions, page and main photograph, and the data's
  licence (`open_data.licence` in museum.yaml);
- `datapackage.json`: a Frictionless Data Package describing both, with the CSV's columns;
- `oai.xml` (once, with a `base_url`): an OAI-PMH Static Repository of Dublin Core records,
  each in every language of the site, for aggregators to harvest through a gateway.
"""

from __future__ import annotations

import csv
import io
import json
import re
from xml.etree import ElementTree

from museumgen.render.pages import SiteRenderer, fallback_path
from museumgen.schema import Item
from museumgen.schema.museum import LICENCES
from museumgen.site.entries import Doc, Site
from museumgen.site.kinds import KINDS, text_fields
from museumgen.urls import absolute

FOLDER = "data/"
KIND = "collection"
CSV_NAME, JSON_NAME, PACKAGE_NAME, OAI_NAME = "collection.csv", "collection.json", "datapackage.json", "oai.xml"

OAI = "http://www.openarchives.org/OAI/2.0/"
STATIC = "http://www.openarchives.org/OAI/2.0/static-repository"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# The object's own text fields as the schema declares them: a field added to `Item` is a column.
TEXT_FIELDS = text_fields(Item)
COLUMNS = ["id", *[name for name in TEXT_FIELDS if name != "id"], "tags", "exhibitions", "url", "image", "image_alt", "licence"]
LISTS = {"tags", "exhibitions"}  # lists in the JSON; in the CSV, joined with "; "


def wanted(site: Site) -> bool:
    return site.museum.open_data.publish and bool(site.entries.get(KIND))


def paths(site: Site) -> list[str]:
    folder = site.prefix + FOLDER
    own = [folder + name for name in (CSV_NAME, JSON_NAME, PACKAGE_NAME)]
    return own + ([folder + OAI_NAME] if _with_oai(site) else [])


def made(pages: SiteRenderer) -> list[tuple[str, bytes]]:
    site = pages.site
    folder = site.prefix + FOLDER
    rows = [row(doc, site) for doc in site.entries[KIND]]
    files = [(folder + CSV_NAME, table(rows)), (folder + JSON_NAME, listing(rows, site)), (folder + PACKAGE_NAME, package(site, pages.strings))]
    if _with_oai(site):
        files.append((folder + OAI_NAME, oai(site)))
    return files


def _with_oai(site: Site) -> bool:
    """One repository for every language (each record holds them all): made with the first."""
    return not site.prefix and bool(site.museum.base_url) and bool(site.museum.email)


def _address(site: Site, path: str) -> str:
    return absolute(site.museum.base_url, path) or path


def row(doc: Doc, site: Site) -> dict[str, str | list[str]]:
    entry = doc.entry
    values: dict[str, str | list[str]] = {name: str(getattr(entry, name) or "") for name in TEXT_FIELDS}
    values["summary"] = values["summary"] or doc.summary
    values["tags"] = [str(tag) for tag in entry.tags]
    values["exhibitions"] = [exhibition.slug for exhibition in doc.links.get("exhibitions", [])]
    values["url"] = _address(site, doc.path)
    main = doc.images[0] if doc.images else None
    values["image"] = _address(site, fallback_path(main)) if main is not None else ""
    values["image_alt"] = main.alt if main is not None else ""
    values["licence"] = site.museum.open_data.licence or ""
    return {column: values[column] for column in COLUMNS}


def table(rows: list[dict[str, str | list[str]]]) -> bytes:
    """CSV with a byte-order mark: Excel on Chinese Windows reads a CSV without one as GBK."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for values in rows:
        writer.writerow(["; ".join(value) if isinstance(value, list) else value for value in values.values()])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _licence(site: Site) -> dict[str, str] | None:
    chosen = site.museum.open_data.licence
    if chosen is None:
        return None
    title, path = LICENCES[chosen]
    return {"name": chosen, "title": title, "path": path}


def listing(rows: list[dict[str, str | list[str]]], site: Site) -> bytes:
    data = {"museum": site.museum.name, "language": site.language, "licence": _licence(site), "items": rows}
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _package_name(site: Site) -> str:
    """The package's `name`: lower-case letters, digits and `-._`, from the site's address."""
    base_url = site.museum.base_url or ""
    stem = re.sub(r"[^a-z0-9._-]+", "-", base_url.split("://", 1)[-1].lower()).strip("-._")
    return f"{stem or 'museum'}-collection" + (f"-{site.language.lower()}" if site.prefix else "")


def package(site: Site, strings: dict[str, str]) -> bytes:
    fields = [{"name": column, "type": "string"} for column in COLUMNS]
    for field in fields:
        if field["name"] in ("url", "image"):
            field["format"] = "uri" if site.museum.base_url else "default"
    licence = _licence(site)
    data: dict[str, object] = {
        "profile": "data-package",
        "name": _package_name(site),
        "title": f"{site.museum.name} · {strings.get('collection', 'collection')}",
    }
    if site.museum.base_url:
        data["homepage"] = _address(site, site.prefix)
    if licence is not None:
        data["licenses"] = [licence]
    data["resources"] = [
        {
            "name": "collection",
            "path": CSV_NAME,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": fields, "primaryKey": ["id"]},
        },
        {"name": "collection-json", "path": JSON_NAME, "profile": "data-resource", "format": "json", "mediatype": "application/json", "encoding": "utf-8"},
    ]
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def oai(site: Site) -> bytes:
    """An OAI-PMH Static Repository (openarchives.org/OAI/2.0/guidelines-static-repository.htm)."""
    museum = site.museum
    base_url = museum.base_url
    assert base_url is not None and museum.email is not None  # see `_with_oai`
    ElementTree.register_namespace("oai", OAI)
    ElementTree.register_namespace("oai_dc", OAI_DC)
    ElementTree.register_namespace("dc", DC)
    ElementTree.register_namespace("xsi", XSI)
    ElementTree.register_namespace("", STATIC)
    root = ElementTree.Element(f"{{{STATIC}}}Repository", {f"{{{XSI}}}schemaLocation": f"{STATIC} http://www.openarchives.org/OAI/2.0/static-repository.xsd"})
    identify = ElementTree.SubElement(root, f"{{{STATIC}}}Identify")
    own = _address(site, FOLDER + OAI_NAME)
    gateway = museum.open_data.oai_gateway
    # A gateway serves the repository at its own address followed by the file's, without the scheme.
    base = f"{gateway.rstrip('/')}/{own.split('://', 1)[1]}" if gateway else own
    docs = site.entries[KIND]
    stamps = [(doc.entry.updated or site.today).isoformat() for doc in docs]
    for tag, text in (
        ("repositoryName", museum.name),
        ("baseURL", base),
        ("protocolVersion", "2.0"),
        ("adminEmail", museum.email),
        ("earliestDatestamp", min(stamps)),
        ("deletedRecord", "no"),
        ("granularity", "YYYY-MM-DD"),
    ):
        ElementTree.SubElement(identify, f"{{{OAI}}}{tag}").text = text
    formats = ElementTree.SubElement(root, f"{{{STATIC}}}ListMetadataFormats")
    described = ElementTree.SubElement(formats, f"{{{OAI}}}metadataFormat")
    for tag, text in (("metadataPrefix", "oai_dc"), ("schema", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"), ("metadataNamespace", OAI_DC)):
        ElementTree.SubElement(described, f"{{{OAI}}}{tag}").text = text
    records = ElementTree.SubElement(root, f"{{{STATIC}}}ListRecords", {"metadataPrefix": "oai_dc"})
    # `oai:<host>:<path>/<accession number>`: museums may share a host, never a path.
    host, _slash, path = base_url.split("://", 1)[1].partition("/")
    for doc, stamp in zip(docs, stamps, strict=True):
        record = ElementTree.SubElement(records, f"{{{OAI}}}record")
        header = ElementTree.SubElement(record, f"{{{OAI}}}header")
        ElementTree.SubElement(header, f"{{{OAI}}}identifier").text = f"oai:{host}:{path}{_identifier(doc)}"
        ElementTree.SubElement(header, f"{{{OAI}}}datestamp").text = stamp
        metadata = ElementTree.SubElement(record, f"{{{OAI}}}metadata")
        _dublin_core(ElementTree.SubElement(metadata, f"{{{OAI_DC}}}dc", {f"{{{XSI}}}schemaLocation": f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd"}), doc, site)
    ElementTree.indent(root, space="")
    text = ElementTree.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'.encode()


def _identifier(doc: Doc) -> str:
    """The object's accession number as the local part of an OAI identifier allows it."""
    return re.sub(r"[^A-Za-z0-9\-_.!~*'();/?:@&=+$,%]", lambda m: "".join(f"%{b:02X}" for b in m[0].encode("utf-8")), doc.entry.id)


def _dublin_core(dc: ElementTree.Element, doc: Doc, site: Site) -> None:
    """Dublin Core of one object: its words in each language of the site, the rest once."""
    versions = [doc.translations.get(language, doc) if doc.translations else doc for language in [s.language for s in site.siblings] or [site.language]]
    seen: set[tuple[str, str]] = set()

    def add(tag: str, text: str | None, language: str | None = None) -> None:
        if not text or (tag, text) in seen:
            return
        seen.add((tag, text))
        element = ElementTree.SubElement(dc, f"{{{DC}}}{tag}", {XML_LANG: language} if language else {})
        element.text = text

    for version in versions:
        language = version.key.language
        entry = version.entry
        add("title", version.title, language)
        add("description", version.summary, language)
        for subject in [entry.category, *entry.tags]:
            add("subject", str(subject) if subject else None, language)
        add("coverage", entry.period, language)
        add("coverage", entry.origin, language)
        add("format", entry.material, language)
        add("format", entry.dimensions, language)
        add("date", entry.date, language)
        add("rights", entry.rights, language)
    add("identifier", doc.entry.id)
    add("identifier", _address(site, doc.path))
    add("type", KINDS[doc.kind].dc_type)
    add("publisher", site.museum.name)
    for version in versions:
        add("language", version.key.language)
