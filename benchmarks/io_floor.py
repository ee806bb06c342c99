"""The I/O floor of a conversion: the least time any converter of this input could take.

It reads every row of the input's data sheet with python-calamine and writes a sheet of the same
rows x columns with the fastest writer measured (xlsxwriter, constant_memory). run.py runs it in
its own process so its peak memory is measured apart from the conversion's. Usage:

    python benchmarks/io_floor.py INPUT.xlsx [--sheet Template] [--scratch DIR]

prints one JSON object: read_s, write_s, rows, columns.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import xlsxwriter
from python_calamine import CalamineWorkbook
from xlsxwriter.worksheet import Worksheet

Rows = Sequence[Sequence[object]]


def read_all(path: Path, sheet: str) -> Rows:
    """Every cell of the sheet, as python-calamine gives them."""
    rows: Rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    return rows


def write_all(path: Path, rows: Rows) -> None:
    """Write the rows with xlsxwriter in constant_memory mode, every cell with its own type."""
    options = {
        "constant_memory": True,
        "strings_to_numbers": False,
        "strings_to_formulas": False,
        "strings_to_urls": False,
    }
    workbook = xlsxwriter.Workbook(str(path), options)
    worksheet = workbook.add_worksheet("Sheet1")
    for index, row in enumerate(rows):
        write_typed(worksheet, index, row)
    workbook.close()


def write_typed(worksheet: Worksheet, row: int, cells: Sequence[object]) -> None:
    """Typed writes skip xlsxwriter's per-cell type sniffing (about 8% faster than write_row)."""
    write_string, write_number = worksheet.write_string, worksheet.write_number
    for col, value in enumerate(cells):
        if isinstance(value, str):
            if value:
                write_string(row, col, value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            write_number(row, col, value)
        else:
            worksheet.write(row, col, value)


def measure(path: Path, sheet: str, scratch: Path) -> dict[str, float | int]:
    started = time.perf_counter()
    rows = read_all(path, sheet)
    read_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory(dir=scratch) as folder:
        started = time.perf_counter()
        write_all(Path(folder) / "floor.xlsx", rows)
        write_s = time.perf_counter() - started
    columns = max((len(row) for row in rows), default=0)
    return {"read_s": read_s, "write_s": write_s, "rows": len(rows), "columns": columns}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("input", type=Path)
    parser.add_argument("--sheet", default="Template", help="the data sheet to read")
    parser.add_argument(
        "--scratch", type=Path, help="folder for the written sheet (default: beside)"
    )
    args = parser.parse_args(argv)
    scratch = args.scratch or args.input.parent
    print(json.dumps(measure(args.input, args.sheet, scratch)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
