"""Golden test: the Alibaba.com workbook of a sample export, every cell of both sheets.

After an intended change, regenerate with `UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`
and read the diff of the JSON file before committing it.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from catalog_migrate.cli import cli

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "samples"
GOLDEN = HERE / "data" / "golden"


def _cells(path: Path) -> dict[str, list[list[object]]]:
    workbook = openpyxl.load_workbook(path)
    sheets: dict[str, list[list[object]]] = {}
    for sheet in workbook.worksheets:
        rows = []
        for row in sheet.iter_rows():
            rows.append([[cell.value, cell.data_type, cell.number_format] for cell in row])
        sheets[sheet.title] = rows
    return sheets


def _one_row_a_line(sheets: dict[str, list[list[object]]]) -> str:
    """JSON with one spreadsheet row per line, so a change shows as a readable diff."""
    parts = []
    for name, rows in sheets.items():
        lines = ",\n".join("  " + json.dumps(row, ensure_ascii=False) for row in rows)
        parts.append(f" {json.dumps(name)}: [\n{lines}\n ]")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _check(sample: str, *args: str, tmp_path: Path) -> None:
    source = Path(shutil.copy(SAMPLES / sample, tmp_path / sample))
    output = tmp_path / "out.xlsx"
    result = CliRunner().invoke(cli, ["convert", str(source), "-o", str(output), *args])
    assert result.exit_code in (0, 1), result.stderr
    actual = _cells(output)
    golden_file = GOLDEN / f"{Path(sample).stem}.alibaba.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden_file.write_text(_one_row_a_line(actual), encoding="utf-8")
    expected = json.loads(golden_file.read_text(encoding="utf-8"))
    assert list(actual) == list(expected) == ["Products", "SKUs"]
    for sheet in expected:
        assert len(actual[sheet]) == len(expected[sheet]), sheet
        for number, (got, want) in enumerate(zip(actual[sheet], expected[sheet], strict=True), 1):
            assert got == want, f"{sheet} row {number}"


def test_indonesian_fashion_sample(tmp_path: Path) -> None:
    _check("tiktok_id_fashion.xlsx", tmp_path=tmp_path)


def test_malaysian_home_sample(tmp_path: Path) -> None:
    _check("tiktok_my_home.csv", tmp_path=tmp_path)
