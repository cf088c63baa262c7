"""How long `museumgen import` takes for an inventory workbook of many rows.

    python benchmarks/import_rows.py              # 1,000 rows
    python benchmarks/import_rows.py --rows 10000

Generates a workbook shaped like a museum's register (a merged title row, a two-row
heading, accession numbers as text and as formatted numbers, date cells, images by file
name) under benchmarks/_work/, and a starter museum next to it. Times, as whole
processes: the first import (every file created), importing the same sheet again
(nothing to write), and an import after 10 rows changed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import openpyxl

WORK = Path(__file__).resolve().parent / "_work" / "import"
PERIODS = ("商代晚期", "西周", "汉", "唐", "宋", "明", "清乾隆")
MATERIALS = ("青铜", "陶", "瓷", "玉", "纸", "木", "竹")


def register(path: Path, rows: int, changed: int = 0) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "藏品"
    sheet.append(["青溪县博物馆藏品总账"])
    sheet.merge_cells("A1:I1")
    sheet.append(["基本信息", None, "年代", "日期", "质地", "尺寸", None, "图片", "描述"])
    sheet.merge_cells("A2:B2")
    sheet.merge_cells("F2:G2")
    for column in "CDEHI":
        sheet.merge_cells(f"{column}2:{column}3")
    sheet.append(["藏品编号", "名称", None, None, None, "高", "宽"])
    for n in range(rows):
        name = f"藏品 {n}" + ("（修订）" if n < changed else "")
        accession = f"1987.{n:03d}0" if n % 2 else f"QX-{n:05d}"
        body = f"第 {n} 件藏品的介绍。" * 20
        sheet.append([accession, name, PERIODS[n % 7], dt.date(1950 + n % 70, 1 + n % 12, 1 + n % 28), MATERIALS[n % 7], 10 + n % 30, 5 + n % 20, "object.jpg", body])
    book.save(path)


def timed(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "museumgen", *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    sheet, changed = WORK / "register.xlsx", WORK / "register-changed.xlsx"
    register(sheet, options.rows)
    register(changed, options.rows, changed=10)
    runs: dict[str, list[float]] = {"first import": [], "again, unchanged": [], "10 rows changed": []}
    for _ in range(options.repeat):
        museum = WORK / "museum"
        shutil.rmtree(museum, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "museumgen", "new", str(museum)], check=True, stdout=subprocess.DEVNULL)
        runs["first import"].append(timed("import", str(sheet), str(museum)))
        runs["again, unchanged"].append(timed("import", str(sheet), str(museum)))
        runs["10 rows changed"].append(timed("import", str(changed), str(museum)))
    print(f"{options.rows} rows, median of {options.repeat}:")
    for name, seconds in runs.items():
        print(f"  {name:18} {statistics.median(seconds):.2f} s")


if __name__ == "__main__":
    main()
