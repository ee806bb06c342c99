"""No output of the tool carries a live formula: an export full of formula text, converted."""

from __future__ import annotations

import csv
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from catalog_migrate.cli import cli
from catalog_migrate.spreadsheet.writing import CsvValue, write_csv_rows
from tests.tiktok_builder import write_tiktok_xlsx

PAYLOADS = (
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "@SUM(1)",
    "+1+2",
    "-3+4",
    "\t=1+1",
    "\r=1+1",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")
SPEC_LABEL = "=1+2"  # an attribute name that is itself formula text


def export_rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for product, text in enumerate(PAYLOADS):
        for sku in range(2):
            rows.append(
                {
                    "product_id": f"172938475610{product:07d}",
                    "sku_id": f"172938475620{product:05d}{sku:02d}",
                    "category": text,
                    "brand": text,
                    "product_name": f"{text} Kaos Polos Wanita Oversize",
                    "product_description": text,
                    "main_image": "https://example.com/kaos.jpg",
                    "property_name_1": text,
                    "property_value_1": f"{text} {sku}",
                    "price": "Rp 89.000",
                    "quantity": 10,
                    "seller_sku": f"{text}-{sku}",
                    "product_property/100157": text,
                    # Over Alibaba's 70 characters: the report says it was cut, naming the label.
                    "product_property/100198": f"{text} {'x' * 80}",
                    "parcel_weight": 200,
                }
            )
    return rows


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("formulas")
    labels = {"product_property/100157": "Bahan", "product_property/100198": SPEC_LABEL}
    export = write_tiktok_xlsx(folder / "export.xlsx", export_rows(), labels=labels)
    result = CliRunner().invoke(cli, ["convert", str(export), "--currency", "IDR"])
    assert result.exit_code == 0, result.stderr
    return folder / "export.alibaba.xlsx", folder / "export.alibaba.report.xlsx"


def sheet_xml(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {
            name: archive.read(name)
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        }


def cells(path: Path) -> list[tuple[str, Any]]:
    """(sheet name, cell) for every cell of the workbook, formulas left as formulas."""
    book = openpyxl.load_workbook(path)
    return [(sheet.title, cell) for sheet in book for row in sheet.iter_rows() for cell in row]


def column(path: Path, sheet_name: str, header: str) -> list[object]:
    sheet = openpyxl.load_workbook(path, read_only=True)[sheet_name]
    rows = list(sheet.iter_rows(values_only=True))
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]


def test_no_sheet_of_the_output_or_report_holds_a_formula(converted: tuple[Path, Path]) -> None:
    for workbook in converted:
        parts = sheet_xml(workbook)
        assert len(parts) == (2 if workbook.name == "export.alibaba.xlsx" else 4)
        for name, xml in parts.items():
            assert not FORMULA_ELEMENT.search(xml), f"{workbook.name} {name}"


def test_every_formula_like_cell_is_a_string(converted: tuple[Path, Path]) -> None:
    found: dict[str, int] = {}
    for workbook in converted:
        for sheet, cell in cells(workbook):
            assert cell.data_type != "f", f"{workbook.name} {sheet}!{cell.coordinate}"
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                assert cell.data_type == "s", f"{workbook.name} {sheet}!{cell.coordinate}"
                found[sheet] = found.get(sheet, 0) + 1
    assert found.keys() == {"Products", "SKUs", "Issues", "Provenance"}


def test_fields_kept_as_written_hold_the_exact_text(converted: tuple[Path, Path]) -> None:
    output, _ = converted
    texts = [text.strip() for text in PAYLOADS]  # leading whitespace goes when a cell is read
    per_sku = [text for text in texts for _ in range(2)]
    assert column(output, "SKUs", "Seller SKU") == [
        f"{text}-{n % 2}" for n, text in enumerate(per_sku)
    ]
    assert column(output, "SKUs", "Variation 1 Name") == per_sku
    assert column(output, "SKUs", "Variation 1 Value") == [
        f"{text} {n % 2}" for n, text in enumerate(per_sku)
    ]
    assert column(output, "Products", "Material") == texts
    assert column(output, "Products", "Variation Names") == texts
    assert column(output, "Products", "Description") == [f"<p>{text}</p>" for text in texts]


def test_report_messages_that_start_with_formula_text_stay_text(
    converted: tuple[Path, Path],
) -> None:
    _, report = converted
    messages = [
        cell
        for sheet, cell in cells(report)
        if sheet == "Issues" and str(cell.value).startswith(f"{SPEC_LABEL} was cut to")
    ]
    assert len(messages) == len(PAYLOADS)
    assert {cell.data_type for cell in messages} == {"s"}


def test_titles_with_formula_text_are_written_as_text(converted: tuple[Path, Path]) -> None:
    output, _ = converted
    for sheet, cell in cells(output):
        if sheet == "Products" and cell.column == 2 and cell.row > 1:
            assert cell.data_type == "s"
            # translated, or kept whole where a payload word is not in the glossary
            assert "Plain T-shirt Women" in cell.value or "Kaos Polos Wanita" in cell.value


# --- CSV ------------------------------------------------------------------------------------------


def test_csv_text_that_a_spreadsheet_would_run_is_quoted_and_apostrophe_prefixed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "rows.csv"
    rows: list[list[CsvValue]] = [
        [text, f"{text}-0", "Kaos = murah", Decimal("-12.50"), -3] for text in PAYLOADS
    ]
    write_csv_rows(path, ["=Title", "Seller SKU", "Note", "Price", "Quantity"], rows)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        read = list(csv.reader(handle))
    assert read[0] == ["'=Title", "Seller SKU", "Note", "Price", "Quantity"]
    assert read[1:] == [
        [f"'{text}", f"'{text}-0", "Kaos = murah", "-12.50", "-3"] for text in PAYLOADS
    ]
    # Every field is quoted, so a CR or tab inside one cannot split or shift a row.
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[
        1
    ] == '"\'=HYPERLINK(""http://x"",""y"")","\'=HYPERLINK(""http://x"",""y"")-0",' + (
        '"Kaos = murah","-12.50","-3"'
    )
    assert all(line.startswith('"') for line in lines if line)
