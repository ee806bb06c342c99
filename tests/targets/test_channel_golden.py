"""Golden files: every file the channel targets write for a small export, cell by cell or line by
line.

After an intended change, regenerate with
`UPDATE_GOLDEN=1 python -m pytest tests/targets/test_channel_golden.py` and read the diff of the
JSON files under tests/data/golden/ before committing them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from channel_export import convert, write_export

from catalog_migrate.targets import TARGETS

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden"


def _content(path: Path) -> Any:
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        return {
            sheet.title: [
                [[cell.value, cell.data_type, cell.number_format] for cell in row]
                for row in sheet.iter_rows()
            ]
            for sheet in book.worksheets
        }
    # Text files line by line, every character kept (a BOM, `\r`, tabs, escapes).
    return path.read_bytes().decode("utf-8").split("\n")


def _one_line_each(document: dict[str, Any]) -> str:
    """JSON with one row or line per line of the file, so a change shows as a readable diff."""
    parts = []
    for name, content in document.items():
        if isinstance(content, dict):
            sheets = []
            for sheet, rows in content.items():
                lines = ",\n".join("   " + json.dumps(row, ensure_ascii=False) for row in rows)
                sheets.append(f"  {json.dumps(sheet)}: [\n{lines}\n  ]")
            body = "{\n" + ",\n".join(sheets) + "\n }"
        else:
            lines = ",\n".join("  " + json.dumps(line, ensure_ascii=False) for line in content)
            body = f"[\n{lines}\n ]"
        parts.append(f" {json.dumps(name)}: {body}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


@pytest.mark.parametrize("target", ["faire", "woocommerce", "shopify", "amazon-business"])
def test_channel_files_match_their_golden_file(tmp_path: Path, target: str) -> None:
    export = write_export(tmp_path)
    result = convert(export, target)
    assert result.exit_code == 0, result.stderr
    paths = TARGETS[target].outputs(tmp_path / f"shop.{target}{TARGETS[target].suffix}")
    actual = {path.name: _content(path) for path in paths}
    golden_file = GOLDEN / f"channels.{target}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden_file.write_text(_one_line_each(actual), encoding="utf-8")
    expected = json.loads(golden_file.read_text(encoding="utf-8"))
    assert list(actual) == list(expected)
    for name, content in expected.items():
        assert actual[name] == content, name
