"""The collection as open data: CSV and JSON described by a data package (validated with
frictionless), and an OAI-PMH static repository of Dublin Core records."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import frictionless
import pytest

from museumgen.build import Options, build, check
from museumgen.errors import MuseumError

from .conftest import EXAMPLE

OPTIONS = Options(date=dt.date(2026, 11, 25))
OAI = "{http://www.openarchives.org/OAI/2.0/}"
STATIC = "{http://www.openarchives.org/OAI/2.0/static-repository}"
DC = "{http://purl.org/dc/elements/1.1/}"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("opendata") / "site"
    build(EXAMPLE, out, OPTIONS)
    return out


def rows(site: Path, folder: str = "data") -> list[dict[str, str]]:
    text = (site / folder / "collection.csv").read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def set_open_data(museum: Path, text: str) -> None:
    settings = museum / "museum.yaml"
    written = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"(?ms)^open_data:\n(  .*?\n)+", "", written) + text, encoding="utf-8")


@pytest.mark.parametrize("folder", ["data", "en/data"])
def test_the_data_package_is_valid_as_frictionless_reads_it(site: Path, folder: str) -> None:
    report = frictionless.validate(str(site / folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((site / folder / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"] == [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International", "path": "https://creativecommons.org/licenses/by/4.0/"}]
    assert [field["name"] for field in package["resources"][0]["schema"]["fields"]] == list(rows(site, folder)[0])


def test_every_object_is_a_row_with_its_page_photo_and_licence(site: Path) -> None:
    table = rows(site)
    assert (site / "data" / "collection.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    assert len(table) == 15 and len({row["id"] for row in table}) == 15
    ding = next(row for row in table if row["id"] == "QX-0001")
    assert ding["title"] == "兽面纹青铜鼎" and ding["material"] == "青铜" and ding["licence"] == "CC-BY-4.0"
    assert ding["url"] == "https://example.org/qingxi/collection/qx-0001-bronze-ding/"
    assert ding["image"].startswith("https://example.org/qingxi/media/collection/") and ding["image_alt"]
    assert ding["tags"].split("; ") == ["青铜", "bronze", "镇馆之宝"] and ding["exhibitions"] == "qingxi-history"
    english = next(row for row in rows(site, "en/data") if row["id"] == "QX-0001")
    assert english["url"] == "https://example.org/qingxi/en/collection/qx-0001-bronze-ding/" and not re.search(r"[\u4e00-\u9fff]", english["title"])


def test_the_json_says_what_the_csv_says(site: Path) -> None:
    data = json.loads((site / "data" / "collection.json").read_text(encoding="utf-8"))
    assert data["licence"]["name"] == "CC-BY-4.0"
    joined = [{key: "; ".join(value) if isinstance(value, list) else value for key, value in item.items()} for item in data["items"]]
    assert joined == rows(site)


def test_the_collection_page_links_its_data(site: Path) -> None:
    page = (site / "collection" / "index.html").read_text(encoding="utf-8")
    assert 'href="../data/collection.csv" type="text/csv" download>CSV</a>' in page


def test_a_licence_museumgen_does_not_know_is_a_located_error(museum: Path) -> None:
    set_open_data(museum, "open_data:\n  licence: CC-BY-5.0\n")
    with pytest.raises(MuseumError) as error:
        check(museum, OPTIONS)
    [problem] = [d for d in error.value.diagnostics if "licence" in d.message]
    lines = (museum / "museum.yaml").read_text(encoding="utf-8").splitlines()
    assert problem.path == "museum.yaml" and lines[problem.line - 1].strip() == "licence: CC-BY-5.0"
    assert "`CC-BY-5.0` is not a licence museumgen knows" in problem.message and "CC0-1.0" in problem.message


def test_a_licence_in_other_capitals_is_the_licence(museum: Path, tmp_path: Path) -> None:
    set_open_data(museum, "open_data:\n  licence: cc0-1.0\n")
    build(museum, tmp_path / "site", OPTIONS)
    assert json.loads((tmp_path / "site" / "data" / "datapackage.json").read_text(encoding="utf-8"))["licenses"][0]["name"] == "CC0-1.0"


def test_without_a_licence_the_data_says_none_is_given_and_can_be_left_out(museum: Path, tmp_path: Path) -> None:
    set_open_data(museum, "")
    build(museum, tmp_path / "one", OPTIONS)
    assert "licenses" not in json.loads((tmp_path / "one" / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert {row["licence"] for row in rows(tmp_path / "one")} == {""}
    set_open_data(museum, "open_data:\n  publish: false\n")
    build(museum, tmp_path / "two", OPTIONS)
    assert not (tmp_path / "two" / "data").exists()
    assert "collection.csv" not in (tmp_path / "two" / "collection" / "index.html").read_text(encoding="utf-8")


def test_text_with_commas_quotes_and_markup_comes_back_as_written(museum: Path, tmp_path: Path) -> None:
    item = museum / "collection" / "qx-0001-bronze-ding.md"
    title = 'Ding, "the great" <b>one</b>; =1+1'
    item.write_text(item.read_text(encoding="utf-8").replace("title: 兽面纹青铜鼎", f"title: '{title}'"), encoding="utf-8")
    build(museum, tmp_path / "site", OPTIONS)
    assert next(row for row in rows(tmp_path / "site") if row["id"] == "QX-0001")["title"] == title
    record = ET.parse(tmp_path / "site" / "data" / "oai.xml").getroot().find(f".//{OAI}record")
    assert record is not None and record.find(f".//{DC}title").text == title  # type: ignore[union-attr]


def test_the_oai_pmh_static_repository_has_a_record_per_object_in_every_language(site: Path) -> None:
    root = ET.parse(site / "data" / "oai.xml").getroot()
    assert root.tag == f"{STATIC}Repository"
    identify = root.find(f"{STATIC}Identify")
    assert identify is not None
    assert identify.findtext(f"{OAI}protocolVersion") == "2.0" and identify.findtext(f"{OAI}adminEmail") == "visit@example.org"
    assert identify.findtext(f"{OAI}baseURL") == "https://example.org/qingxi/data/oai.xml"
    assert root.find(f"{STATIC}ListMetadataFormats/{OAI}metadataFormat/{OAI}metadataPrefix").text == "oai_dc"  # type: ignore[union-attr]
    records = root.findall(f"{STATIC}ListRecords/{OAI}record")
    identifiers = [r.findtext(f"{OAI}header/{OAI}identifier") for r in records]
    assert len(records) == 15 and len(set(identifiers)) == 15 and "oai:example.org:qingxi/QX-0001" in identifiers
    stamps = [r.findtext(f"{OAI}header/{OAI}datestamp") or "" for r in records]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", stamp) for stamp in stamps) and identify.findtext(f"{OAI}earliestDatestamp") == min(stamps)
    ding = records[identifiers.index("oai:example.org:qingxi/QX-0001")]
    titles = {t.get(LANG): t.text for t in ding.iter(f"{DC}title")}
    assert titles["zh-CN"] == "兽面纹青铜鼎" and titles["en"] and re.search(r"[A-Za-z]", titles["en"])
    assert [t.text for t in ding.iter(f"{DC}type")] == ["PhysicalObject"]
    assert "https://example.org/qingxi/collection/qx-0001-bronze-ding/" in [t.text for t in ding.iter(f"{DC}identifier")]
    assert not (site / "en" / "data" / "oai.xml").exists()  # one repository holds every language


def test_oai_pmh_needs_a_base_url_and_an_email_and_names_its_gateway(museum: Path, tmp_path: Path) -> None:
    settings = museum / "museum.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"(?m)^email: .*\n", "", text), encoding="utf-8")
    build(museum, tmp_path / "one", OPTIONS)
    assert not (tmp_path / "one" / "data" / "oai.xml").exists() and (tmp_path / "one" / "data" / "collection.csv").exists()
    settings.write_text(text, encoding="utf-8")
    set_open_data(museum, "open_data:\n  oai_gateway: https://gateway.example.net/oai\n")
    build(museum, tmp_path / "two", OPTIONS)
    root = ET.parse(tmp_path / "two" / "data" / "oai.xml").getroot()
    assert root.findtext(f"{STATIC}Identify/{OAI}baseURL") == "https://gateway.example.net/oai/example.org/qingxi/data/oai.xml"
