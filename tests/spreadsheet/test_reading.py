"""Reading a sheet or a CSV file as typed rows, within the read limits."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from catalog_migrate.errors import InputError
from catalog_migrate.profile import ReadLimits
from catalog_migrate.spreadsheet.archive import OLE2_MAGIC
from catalog_migrate.spreadsheet.reading import (
    IdCell,
    cell_text,
    column_letter,
    read_id,
    read_sheet,
    sniff_delimiter,
)
from tests.tiktok_builder import write_tiktok_csv, write_tiktok_xlsx

REAL_WORLD = Path(__file__).parent.parent / "data" / "real-world"
LIMITS = ReadLimits()
ROWS = [
    {
        "product_id": "1729384756102938475",
        "product_name": "Kaos Polos Katun",
        "price": 89000,
        "seller_sku": "KP-01",
    },
    {"product_id": "1729384756102938476", "product_name": "Kemeja Flanel", "price": "Rp 150.000"},
]


def refused(path: Path, limits: ReadLimits = LIMITS, **options: str) -> str:
    with pytest.raises(InputError) as caught:
        read_sheet(path, limits, **options)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "\n" not in message
    return message


# --- workbooks ------------------------------------------------------------------------------------


def test_template_sheet_is_chosen_though_not_first(tmp_path: Path) -> None:
    sheet = read_sheet(write_tiktok_xlsx(tmp_path / "export.xlsx", ROWS), LIMITS)
    assert sheet.sheet_name == "Template"
    assert sheet.kind == "xlsx"
    assert sheet.rows[0][:3] == ["product_id", "product_name", "price"]
    assert sheet.rows[3][:3] == ["Optional", "Mandatory", "Mandatory"]


def test_rows_are_numbered_as_in_excel_and_keep_cell_types(tmp_path: Path) -> None:
    sheet = read_sheet(write_tiktok_xlsx(tmp_path / "export.xlsx", ROWS), LIMITS)
    row6, row7 = sheet.rows[5], sheet.rows[6]  # spreadsheet rows 6 and 7
    assert row6 == ["1729384756102938475", "Kaos Polos Katun", 89000.0, "KP-01"]
    assert row7 == ["1729384756102938476", "Kemeja Flanel", "Rp 150.000", None]


def test_leading_empty_rows_keep_their_numbers(tmp_path: Path) -> None:
    sheet = read_sheet(write_tiktok_xlsx(tmp_path / "export.xlsx", ROWS, data_start_row=9), LIMITS)
    assert sheet.rows[8][1] == "Kaos Polos Katun"


def test_another_sheet_name_can_be_preferred(tmp_path: Path) -> None:
    path = write_tiktok_xlsx(tmp_path / "export.xlsx", ROWS, sheet_name="Products")
    assert read_sheet(path, LIMITS).sheet_name == "Instruction"
    assert read_sheet(path, LIMITS, preferred_sheets=("products",)).sheet_name == "Products"


def test_real_chinese_template_reads_its_only_sheet() -> None:
    sheet = read_sheet(REAL_WORLD / "tiktok_store_backend_template_zh.xlsx", LIMITS)
    assert sheet.sheet_name == "Sheet1"
    assert len(sheet.rows) == 1
    assert sheet.rows[0][2] == "商品名称"


def test_max_rows_reads_only_the_head(tmp_path: Path) -> None:
    sheet = read_sheet(write_tiktok_xlsx(tmp_path / "export.xlsx", ROWS), LIMITS, max_rows=3)
    assert len(sheet.rows) == 3


def test_row_limit(tmp_path: Path) -> None:
    path = write_tiktok_xlsx(tmp_path / "export.xlsx", ROWS)
    assert refused(path, ReadLimits(max_rows=5)) == (
        "export.xlsx (sheet Template) has 7 rows, more than the 5 row limit: split the export, "
        "or raise limits.max_rows in the profile"
    )


def test_column_limit(tmp_path: Path) -> None:
    path = write_tiktok_xlsx(tmp_path / "export.xlsx", ROWS)
    assert refused(path, ReadLimits(max_columns=3)) == (
        "export.xlsx (sheet Template) has 4 columns, more than the 3 column limit: remove unused "
        "columns, or raise limits.max_columns in the profile"
    )


def test_cell_length_limit(tmp_path: Path) -> None:
    rows = [{"product_name": "Kaos", "product_description": "<p>" + "x" * 200 + "</p>"}]
    path = write_tiktok_xlsx(tmp_path / "export.xlsx", rows)
    assert refused(path, ReadLimits(max_cell_chars=150)) == (
        "export.xlsx has a cell of 207 characters at Template!B6 longer than the 150 character "
        "limit: shorten it, or raise limits.max_cell_chars in the profile"
    )


def test_archive_checks_run_first(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"%PDF-1.4\n")
    assert refused(path).startswith("export.xlsx is a PDF document")


def test_unreadable_legacy_workbook(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(OLE2_MAGIC + b"\0" * 504 + "Workbook\0".encode("utf-16-le") + b"\0" * 600)
    assert refused(path) == (
        "old.xls is damaged (its workbook stream cannot be found); open it in Excel and save it "
        "again"
    )


# --- CSV ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "utf-16"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = write_tiktok_csv(tmp_path / "export.csv", ROWS, delimiter=delimiter, encoding=encoding)
    sheet = read_sheet(path, LIMITS)
    assert sheet.kind == "csv"
    assert sheet.rows[0] == ["product_id", "product_name", "price", "seller_sku"]
    assert sheet.rows[5] == ["1729384756102938475", "Kaos Polos Katun", "89000", "KP-01"]
    assert sheet.rows[6] == ["1729384756102938476", "Kemeja Flanel", "Rp 150.000", None]


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_csv_utf16_byte_orders(tmp_path: Path, bom: bytes) -> None:
    codec = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
    path = tmp_path / "export.csv"
    path.write_bytes(bom + "product_name;price\r\nKaos Ñ;Rp 89.000\r\n".encode(codec))
    assert read_sheet(path, LIMITS).rows == [["product_name", "price"], ["Kaos Ñ", "Rp 89.000"]]


def test_csv_quoted_fields_keep_newlines_and_delimiters(tmp_path: Path) -> None:
    rows = [{"product_name": "Kaos; Polos", "product_description": "Bahan: Katun\nUkuran: M"}]
    path = write_tiktok_csv(tmp_path / "export.csv", rows, delimiter=";")
    sheet = read_sheet(path, LIMITS)
    assert sheet.rows[5] == ["Kaos; Polos", "Bahan: Katun\nUkuran: M"]


def test_csv_without_bom_must_be_utf8(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes("product_name,price\nCafé,RM 12.90\n".encode("cp1252"))
    assert refused(path) == (
        "export.csv is not valid UTF-8 (byte 0xe9): pass --encoding with the file's encoding, "
        "e.g. --encoding cp1252 or --encoding gbk"
    )
    assert read_sheet(path, LIMITS, encoding="cp1252").rows[1] == ["Café", "RM 12.90"]


def test_csv_with_a_wrong_encoding_given(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes("product_name,price\nCafé,RM 12.90\n".encode("cp1252"))
    assert refused(path, encoding="utf-8") == (
        "export.csv cannot be decoded as utf-8 (byte 0xe9): check the --encoding value"
    )
    assert refused(path, encoding="klingon") == (
        "unknown encoding 'klingon' given with --encoding: use a name such as utf-8, utf-16, "
        "cp1252 or gbk"
    )


def test_utf8_encoding_given_still_drops_the_bom(tmp_path: Path) -> None:
    path = write_tiktok_csv(tmp_path / "export.csv", ROWS, encoding="utf-8-sig")
    assert read_sheet(path, LIMITS, encoding="utf-8").rows[0][0] == "product_id"


def test_csv_utf16_without_bom(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes("product_name,price\r\n".encode("utf-16-le"))
    assert refused(path) == (
        "export.csv looks like UTF-16 without a byte-order mark: pass --encoding utf-16-le "
        "(or utf-16-be)"
    )
    assert read_sheet(path, LIMITS, encoding="utf-16-le").rows == [["product_name", "price"]]


def test_csv_field_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text('product_name,product_description\nKaos,"' + "x" * 500 + '"\n', "utf-8")
    assert refused(path, ReadLimits(max_cell_chars=100)) == (
        "export.csv has a cell at line 2 longer than the 100 character limit: shorten it, or "
        "raise limits.max_cell_chars in the profile"
    )


def test_csv_row_limit(tmp_path: Path) -> None:
    path = write_tiktok_csv(tmp_path / "export.csv", ROWS * 3)
    assert refused(path, ReadLimits(max_rows=8)) == (
        "export.csv has more rows than the 8 row limit: split the export, or raise "
        "limits.max_rows in the profile"
    )


def test_csv_column_limit(tmp_path: Path) -> None:
    path = write_tiktok_csv(tmp_path / "export.csv", ROWS)
    assert refused(path, ReadLimits(max_columns=2)) == (
        "export.csv line 1 has 4 columns, more than the 2 column limit: remove unused columns, "
        "or raise limits.max_columns in the profile"
    )


def test_empty_csv(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(b"")
    assert refused(path) == (
        "export.csv is empty (0 bytes): export the products again from TikTok Shop Seller Center"
    )


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1;2,5;3\n", ";"),
        ("a\tb\tc\n1\t2\t3\n", "\t"),
        ('"a;b",c,d\n', ","),
        ("single\n", ","),
    ],
)
def test_sniff_delimiter(sample: str, expected: str) -> None:
    assert sniff_delimiter(sample) == expected


# --- cells ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1729384756102938475", IdCell("1729384756102938475")),
        (" KP-01 ", IdCell("KP-01")),
        (123456789012.0, IdCell("123456789012")),
        (42, IdCell("42")),
        (None, IdCell(None)),
        ("", IdCell(None)),
        (1.729384756102938e18, IdCell("1729384756102940000", float_corrupted=True)),
        (1e15, IdCell("1000000000000000", float_corrupted=True)),
        ("1.72938E+18", IdCell("1.72938E+18", float_corrupted=True)),
        ("1729384756102938000.0", IdCell("1729384756102938000.0", float_corrupted=True)),
    ],
)
def test_read_id(value: object, expected: IdCell) -> None:
    assert read_id(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(38.0, "38"), (12.5, "12.5"), (None, ""), (" M ", "M"), (True, "TRUE"), (7, "7")],
)
def test_cell_text(value: object, expected: str) -> None:
    assert cell_text(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("index", "letter"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ")])
def test_column_letter(index: int, letter: str) -> None:
    assert column_letter(index) == letter
