"""`museumgen import`: inventory spreadsheets shaped like the ones museums keep, made here with openpyxl."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from museumgen.build import Options, check
from museumgen.cli import main
from museumgen.content.inventory import file_stem
from museumgen.content.itemfile import scalar
from museumgen.content.parse import load_yaml, read_source
from museumgen.errors import MuseumError
from museumgen.importer import Action, import_spreadsheet
from museumgen.messages import language

from .conftest import BUILD_DATE, tree

HEADINGS = ["藏品编号", "名称", "年代", "日期", "质地", "类别", "图片", "描述"]


def workbook(path: Path, rows: list[list[Any]], title: str = "藏品", formats: dict[str, str] | None = None) -> Path:
    """A register as museums keep one: a merged title row, a two-row heading, the objects."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    sheet.append(["青溪县博物馆藏品总账"])
    sheet.merge_cells("A1:H1")
    sheet.append(["基本信息", None, "年代与来历", None, "质地", "类别", "图片", "描述"])
    sheet.merge_cells("A2:B2")
    sheet.merge_cells("C2:D2")
    for column in "EFGH":
        sheet.merge_cells(f"{column}2:{column}3")
    sheet.append([*HEADINGS[:4]])
    for row in rows:
        sheet.append(row)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    book.save(path)
    return path


def objects() -> list[list[Any]]:
    return [
        ["1987.120", "兽面纹青铜鼎", "商代晚期", dt.date(1987, 5, 3), "青铜", "青铜器", "object.jpg", "立耳，三柱足。"],
        [],  # an empty row between groups
        [123, "[特展] 青瓷碗", "宋", 31900, "瓷", "#1f", "", "第一段。\n\n第二段。"],
        ["00124", "线装书", "清", "1771/5/3", "纸", "古籍", "", ""],
        [1987.1, "铜镜", "唐", "约公元前 1200 年", "青铜", "青铜器", "", ""],
    ]


FORMATS = {"A6": "00000", "A8": "0.000", "D4": "yyyy-mm-dd"}


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    return workbook(tmp_path / "藏品.xlsx", objects(), formats=FORMATS)


def collection(museum: Path) -> dict[str, str]:
    return {rel: data.decode() for rel, data in tree(museum / "collection").items() if rel != "first-object.md"}


def test_a_register_with_merged_headings_becomes_one_file_per_object(starter: Path, sheet: Path) -> None:
    imported = import_spreadsheet(sheet, starter)
    files = collection(starter)
    assert sorted(files) == [".import.json", "00123.md", "00124.md", "1987-100.md", "1987-120.md"]
    assert files["1987-120.md"] == (
        "---\n"
        'id: "1987.120"\n'
        "title: 兽面纹青铜鼎\n"
        "period: 商代晚期\n"
        'date: "1987-05-03"\n'
        "material: 青铜\n"
        "category: 青铜器\n"
        "images:\n"
        "  - file: media/object.jpg\n"
        "    alt: 兽面纹青铜鼎\n"
        "---\n"
        "立耳，三柱足。\n"
    )
    assert [change.action for change in imported.plan.changes] == [Action.CREATED] * 4
    assert imported.sheet == "藏品"


def test_numbers_that_are_accession_numbers_keep_their_digits(starter: Path, sheet: Path) -> None:
    import_spreadsheet(sheet, starter)
    ids = {rel: read_source(starter / "collection" / rel, rel).data["id"] for rel in collection(starter) if rel.endswith(".md")}
    assert ids == {"00123.md": "00123", "00124.md": "00124", "1987-100.md": "1987.100", "1987-120.md": "1987.120"}


def test_dates_as_cells_serial_numbers_and_text_read_alike(starter: Path, sheet: Path) -> None:
    imported = import_spreadsheet(sheet, starter)
    dates = [read_source(starter / change.rel, change.rel).data.get("date") for change in imported.plan.changes]
    assert dates == ["1987-05-03", "1987-05-03", "1771-05-03", "约公元前 1200 年"]
    warned = [d.format() for d in imported.diagnostics]
    assert "藏品.xlsx:藏品!D6: warning: `31900` is read as an Excel date, 1987-05-03: format the column as Date so Excel shows it that way too" in [
        line.replace(str(sheet.parent) + "/", "") for line in warned
    ]


def test_values_yaml_would_misread_are_quoted(starter: Path, sheet: Path) -> None:
    import_spreadsheet(sheet, starter)
    source = read_source(starter / "collection/00123.md", "collection/00123.md")
    assert source.data["title"] == "[特展] 青瓷碗"
    assert source.data["category"] == "#1f"
    assert source.body == "第一段。\n\n第二段。\n"


# YAML's indicators and the full-width punctuation museumgen reads as a staff mistake
PUNCTUATION = st.text(st.sampled_from(list("，、：；［］【】“”‘’（）#[]{}:,- \"'ab青\t!&*?|>%@`\u3000\\")), min_size=1, max_size=8)


@given(
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
    | PUNCTUATION
    | st.sampled_from(["[特展]", "#1f", "yes", "00123", "1987.120", "a: b", "- x", "null", "2001-05-03", "'q'", "1e3", ".5", "［】", "竹、纸"])
)
def test_any_text_reads_back_as_written(text: str) -> None:
    data, _lines = load_yaml(f"value: {scalar(text)}\nlist: [{scalar(text, flow=True)}]\n", "x.md")
    assert str(data["value"]) == text and str(data["list"][0]) == text


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_in_utf8_with_bom_and_in_gb18030(starter: Path, tmp_path: Path, encoding: str) -> None:
    text = "藏品编号,名称,年代,尺寸\r\n00123,青花瓷罐,明,高 20 厘米\r\n,,,\r\n1987.120,铜镜,唐,\r\n"
    path = tmp_path / "藏品.csv"
    path.write_bytes(text.encode(encoding))
    import_spreadsheet(path, starter)
    files = collection(starter)
    assert files["00123.md"] == '---\nid: "00123"\ntitle: 青花瓷罐\nperiod: 明\ndimensions: 高 20 厘米\n---\n'
    assert 'id: "1987.120"' in files["1987-120.md"]


def test_english_headings(starter: Path, tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text("Accession number,Object name,Date,Material,Dimensions,Tags\nQX-7,Bronze mirror,c. 700,Bronze,D 12 cm,\"bronze, mirror\"\n")
    import_spreadsheet(path, starter)
    assert collection(starter)["qx-7.md"] == (
        "---\nid: QX-7\ntitle: Bronze mirror\ndate: c. 700\nmaterial: Bronze\ndimensions: D 12 cm\ntags: [bronze, mirror]\n---\n"
    )


def test_a_bad_cell_is_located_and_nothing_is_written(starter: Path, tmp_path: Path) -> None:
    path = tmp_path / "藏品.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "总账"
    for row in (["编号", "名称", "精品", "排序"], ["A1", "鼎", "是", 1], ["A2", "", "否", 2], ["A3", "壶", "也许", "第三"], ["A1", "碗", "", ""]):
        sheet.append(row)
    book.save(path)
    with pytest.raises(MuseumError) as caught:
        import_spreadsheet(path, starter)
    assert [d.format().removeprefix(f"{tmp_path}/") for d in caught.value.diagnostics] == [
        "藏品.xlsx:总账!B3: this object has no name (`title`): fill it in",
        "藏品.xlsx:总账!C4: `也许` is neither yes nor no: write 是 or 否",
        "藏品.xlsx:总账!D4: `第三` is not a whole number: the order is a number such as 1, 2, 3",
        "藏品.xlsx:总账!A5: the accession number `A1` is also in " + f"{path}:总账!A2: each object needs its own",
    ]
    with language("zh-CN"):
        assert caught.value.diagnostics[1].format().endswith("藏品.xlsx:总账!C4: `也许` 不是“是”或“否”：请填写“是”或“否”。")
    assert collection(starter) == {}


def test_csv_cells_are_located_by_column_and_line(starter: Path, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("编号,名称,排序\nA1,鼎,x\n")
    with pytest.raises(MuseumError) as caught:
        import_spreadsheet(path, starter)
    assert caught.value.diagnostics[0].format().startswith(f"{path}:C2: ")


def test_unknown_columns_are_reported_and_left_out_unless_mapped(starter: Path, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("编号,名称,库房位置,捐赠人,估价\nA1,鼎,三号柜,王敏,10000\n")
    imported = import_spreadsheet(path, starter)
    assert [d.path for d in imported.diagnostics] == [f"{path}:C1", f"{path}:D1", f"{path}:E1"]
    assert "三号柜" not in collection(starter)["a1.md"]
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("捐赠人: credit\n库房位置: ~\n估价: ~\n")
    imported = import_spreadsheet(path, starter, mapping, force=True)
    assert imported.diagnostics == []
    assert "credit: 王敏\n" in collection(starter)["a1.md"]


def test_a_mapping_file_with_an_unknown_key_is_located(starter: Path, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("编号,名称\nA1,鼎\n")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("编号: id\n名称: titel\n")
    with pytest.raises(MuseumError) as caught:
        import_spreadsheet(path, starter, mapping)
    assert caught.value.diagnostics[0].format().startswith(f"{mapping}:2: `titel` is not a key")
    assert "(did you mean `title`?)" in caught.value.diagnostics[0].message


def test_missing_images_are_warned_at_their_cell_and_left_out(starter: Path, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("编号,名称,图片\nA1,鼎,ding.jpg；OBJECT.JPG\n")
    imported = import_spreadsheet(path, starter)
    assert [d.format() for d in imported.diagnostics] == [
        f"{path}:C2: warning: no image `ding.jpg` in the media folder: it is left out until the file is there (import again then)"
    ]
    assert "  - file: media/object.jpg\n" in collection(starter)["a1.md"]
    shutil.copy(starter / "media/object.jpg", starter / "media/ding.jpg")
    again = import_spreadsheet(path, starter)
    assert [change.action for change in again.plan.changes] == [Action.UPDATED]  # the photo arrived


@pytest.mark.parametrize(
    ("accession", "stem"),
    [("../../etc/passwd", "etc-passwd"), ("CON", "item-con"), ("QX-1.en", "qx-1-en"), ("_x", "x"), ("总登记号 12/3", "总登记号-12-3"), ("..", None)],
)
def test_accession_numbers_make_safe_file_names(accession: str, stem: str | None) -> None:
    assert file_stem(accession) == stem


def test_unsafe_accession_numbers_stay_in_the_collection_folder(starter: Path, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text('编号,名称\n../../museum.yaml,鼎\nCON,壶\n"a/b",碗\na-b,盘\n')
    with pytest.raises(MuseumError) as caught:
        import_spreadsheet(path, starter)
    assert [d.format() for d in caught.value.diagnostics] == [
        f"{path}:A5: the accession numbers `a-b` and `a/b` ({path}:A4) make the same file name `a-b.md`: change one of them"
    ]
    path.write_text('编号,名称\n../../museum.yaml,鼎\nCON,壶\n')
    import_spreadsheet(path, starter)
    assert sorted(collection(starter)) == [".import.json", "item-con.md", "museum-yaml.md"]


def test_round_trip_only_changed_rows_are_written_and_hand_edits_are_kept(starter: Path, tmp_path: Path) -> None:
    path = workbook(tmp_path / "藏品.xlsx", objects(), formats=FORMATS)
    import_spreadsheet(path, starter)
    assert check(starter, Options(date=BUILD_DATE)).diagnostics == []
    before = collection(starter)

    rows = objects()
    rows[0][2] = "商代"  # 1987.120's period
    rows[4][1] = "铜镜（残）"  # 1987.100's name
    (starter / "collection/00124.md").write_text(before["00124.md"] + "馆员补充的介绍。\n")  # edited by hand
    rows[3][1] = "线装书（二册）"  # … and changed in the sheet
    workbook(path, rows, formats=FORMATS)
    again = import_spreadsheet(path, starter)
    actions = {change.rel: change.action for change in again.plan.changes}
    assert actions == {
        "collection/1987-120.md": Action.UPDATED,
        "collection/00123.md": Action.UNCHANGED,
        "collection/00124.md": Action.EDITED,
        "collection/1987-100.md": Action.UPDATED,
    }
    after = collection(starter)
    assert after["00123.md"] == before["00123.md"]
    assert "period: 商代\n" in after["1987-120.md"]
    assert after["00124.md"].endswith("馆员补充的介绍。\n")
    assert [d.format() for d in again.diagnostics if d.path.startswith("collection")] == [
        f"collection/00124.md: warning: changed by hand since it was imported, so the changes in {path}:藏品!A7 are not brought in:"
        " copy them over, or import with `--force` to replace the file"
    ]

    forced = import_spreadsheet(path, starter, force=True)
    assert [change.action for change in forced.plan.changes if change.action is not Action.UNCHANGED] == [Action.UPDATED]
    assert "线装书（二册）" in collection(starter)["00124.md"]
    assert check(starter, Options(date=BUILD_DATE)).diagnostics == []


def test_importing_twice_changes_nothing(starter: Path, sheet: Path) -> None:
    import_spreadsheet(sheet, starter)
    first = tree(starter)
    again = import_spreadsheet(sheet, starter)
    assert {change.action for change in again.plan.changes} == {Action.UNCHANGED}
    assert tree(starter) == first
    record = json.loads((starter / "collection/.import.json").read_text())
    assert sorted(record["items"]) == ["00123", "00124", "1987.100", "1987.120"]


def test_a_hand_written_file_with_the_same_accession_number_is_left_alone(museum: Path, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("编号,名称\nQX-0001,兽面纹青铜鼎\nQX-0100,新藏品\n")
    original = (museum / "collection/qx-0001-bronze-ding.md").read_bytes()
    imported = import_spreadsheet(path, museum)
    assert [(change.rel, change.action) for change in imported.plan.changes] == [
        ("collection/qx-0001-bronze-ding.md", Action.EDITED),
        ("collection/qx-0100.md", Action.CREATED),
    ]
    assert (museum / "collection/qx-0001-bronze-ding.md").read_bytes() == original
    check(museum, Options(date=BUILD_DATE))  # no second QX-0001, and the new object builds


def test_a_file_deleted_since_the_import_is_not_written_again(starter: Path, sheet: Path) -> None:
    import_spreadsheet(sheet, starter)
    (starter / "collection/00123.md").unlink()
    again = import_spreadsheet(sheet, starter)
    assert not (starter / "collection/00123.md").exists()
    assert any("deleted since it was imported" in d.message for d in again.diagnostics)


def test_dry_run_writes_nothing(starter: Path, sheet: Path) -> None:
    before = tree(starter)
    imported = import_spreadsheet(sheet, starter, dry_run=True)
    assert [change.action for change in imported.plan.changes] == [Action.CREATED] * 4
    assert tree(starter) == before


def test_other_sheets_and_old_excel_files(starter: Path, sheet: Path, tmp_path: Path) -> None:
    with pytest.raises(MuseumError, match="there is no sheet `藏` .*did you mean `藏品`"):
        import_spreadsheet(sheet, starter, sheet="藏")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(MuseumError, match="save it as `.xlsx` or as CSV"):
        import_spreadsheet(old, starter)


def test_the_command_says_what_it_did(starter: Path, sheet: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["import", str(sheet), str(starter)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"created {starter}/collection/1987-120.md ({sheet}:藏品!A4)" in result.stdout
    assert result.stdout.splitlines()[-1] == "4 objects read from sheet `藏品`: 4 created, 0 updated, 0 unchanged, 0 left alone."
    again = runner.invoke(main, ["import", str(sheet), str(starter), "--dry-run"], catch_exceptions=False)
    assert again.stdout.splitlines()[-2:] == [
        "4 objects read from sheet `藏品`: 0 created, 0 updated, 4 unchanged, 0 left alone.",
        "Dry run: nothing was written.",
    ]


def test_the_command_fails_with_located_errors(starter: Path, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("编号,名称\n,鼎\n")
    result = CliRunner().invoke(main, ["import", str(path), str(starter)], catch_exceptions=False)
    assert result.exit_code == 1
    assert f"{path}:A2: this row has no accession number (`id`): fill it in, or delete the row" in result.stderr
    assert "Import failed: 1 error. Nothing was written." in result.stderr


def test_objects_no_longer_in_the_sheet_are_named_and_kept(starter: Path, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("编号,名称\nA1,鼎\nA2,壶\n")
    import_spreadsheet(path, starter)
    path.write_text("编号,名称\nA1,鼎\n")
    result = CliRunner().invoke(main, ["import", str(path), str(starter)], catch_exceptions=False)
    assert (starter / "collection/a2.md").exists()
    assert result.stdout.splitlines()[-1] == (
        f"1 object imported before is no longer in the sheet; its file is left alone (delete it if the object should leave the site): {starter}/collection/a2.md"
    )


def test_a_category_merged_down_several_rows_belongs_to_each(starter: Path, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["编号", "名称", "类别"], ["A1", "鼎", "青铜器"], ["A2", "壶", None], ["A3", "镜", None], ["B1", "碗", "瓷器"]):
        sheet.append(row)
    sheet.merge_cells("C2:C4")
    path = tmp_path / "list.xlsx"
    book.save(path)
    import_spreadsheet(path, starter)
    files = collection(starter)
    assert [files[f"{name}.md"].count("category: 青铜器\n") for name in ("a1", "a2", "a3", "b1")] == [1, 1, 1, 0]


def test_cells_excel_cannot_be_trusted_with(starter: Path, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["编号", "名称", "年代"], [1987.12, "鼎", "商"], ["A2", "壶", "#N/A"], ["A3", "镜", "唐", "无表头的一列"]):
        sheet.append(row)
    sheet["C3"].data_type = "e"
    path = tmp_path / "list.xlsx"
    book.save(path)
    with pytest.raises(MuseumError) as caught:
        import_spreadsheet(path, starter, sheet="Sheet")
    assert [d.format().removeprefix(f"{path}:Sheet!") for d in caught.value.diagnostics] == [
        "D1: warning: this column has no heading, so its cells are left out: give it one",
        "A2: warning: the accession number `1987.12` is stored as a number, so Excel may have dropped zeros at its end"
        " (`1987.120` becomes `1987.12`): format the column as Text and type it again",
        "C3: this cell shows the Excel error `#N/A`: correct the formula or type the value",
    ]
    text = tmp_path / "list.csv"
    text.write_text("编号,名称\nA1,镜\x07\n")
    with pytest.raises(MuseumError, match=r"B2: this cell holds an invisible control character \(U\+0007\): retype the text"):
        import_spreadsheet(text, starter)


def test_a_hand_written_file_in_a_subfolder_is_found_by_its_accession_number(museum: Path, tmp_path: Path) -> None:
    (museum / "collection/bronze").mkdir()
    (museum / "collection/qx-0002-stamped-jar.md").rename(museum / "collection/bronze/jar.md")
    path = tmp_path / "list.csv"
    path.write_text("编号,名称\nQX-0002,印纹硬陶罐\n")
    imported = import_spreadsheet(path, museum)
    assert [(change.rel, change.action) for change in imported.plan.changes] == [("collection/bronze/jar.md", Action.EDITED)]


def test_a_sheet_formatted_to_its_last_row_is_refused_before_its_cells_are_made(tmp_path: Path) -> None:
    import openpyxl

    from museumgen.content.spreadsheet import read_sheet

    book = openpyxl.Workbook()
    book.active.title = "藏品"
    book.active["A1"] = "编号"
    book.active["Z300000"] = " "  # formatting far below and beside the inventory
    path = tmp_path / "藏品.xlsx"
    book.save(path)
    with pytest.raises(MuseumError) as raised:
        read_sheet(path)
    assert "reaches row 300000 and column Z" in raised.value.diagnostics[0].message
