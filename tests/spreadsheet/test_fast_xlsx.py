from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from catalog_migrate.spreadsheet import fast_xlsx
from catalog_migrate.spreadsheet.fast_xlsx import StreamingWorkbook, column_letter, xml_text

FORMULA = "=cmd|' /C calc'!A0"
AWKWARD = [
    FORMULA,
    "=SUM(A1:A2)",
    "a & b < c > d \"quoted\" 'single'",
    "  padded  ",
    "line\nbreak\ttab\rreturn",
    "bell\x07 vt\x0b ff\x0c nul\x00 esc\x1b",
    "literal _x0041_ and _x005F_ and _xZZZZ_ and _x12_",
    "Gaun Katun 🔥 ünïcödé 中文",
    "00042",
]
# openpyxl returns the cell text as stored, with Excel's `_xHHHH_` encoding left in place.
AS_OPENPYXL_READS = {
    "line\nbreak\ttab\rreturn": "line\nbreak\ttab_x000D_return",
    "bell\x07 vt\x0b ff\x0c nul\x00 esc\x1b": (
        "bell_x0007_ vt_x000B_ ff_x000C_ nul_x0000_ esc_x001B_"
    ),
    "literal _x0041_ and _x005F_ and _xZZZZ_ and _x12_": (
        "literal _x005F_x0041_ and _x005F_x005F_ and _xZZZZ_ and _x12_"
    ),
}


def write_book(path: Path) -> None:
    with StreamingWorkbook(path) as book:
        book.reserve("First")
        with book.open_sheet("Data", ["Text", "Number"], [20, 10]) as data:
            for index, text in enumerate(AWKWARD):
                data.append([text, index * 1000])
            data.append([None, -7])
            data.append(["", None])  # an empty row
        with book.open_sheet("First", ["Item", "Value"]) as first:
            first.append(["rows", len(AWKWARD)])


def values(sheet: Any) -> list[list[Any]]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def book_path(tmp_path: Path) -> Path:
    path = tmp_path / "book.xlsx"
    write_book(path)
    return path


def sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(
            archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        )


def test_openpyxl_reads_exact_values_types_and_tab_order(book_path: Path) -> None:
    book = openpyxl.load_workbook(book_path)
    assert book.sheetnames == ["First", "Data"]
    assert values(book["First"]) == [["Item", "Value"], ["rows", len(AWKWARD)]]
    rows = values(book["Data"])
    assert rows[0] == ["Text", "Number"]
    assert rows[1:] == [
        *([AS_OPENPYXL_READS.get(text, text), index * 1000] for index, text in enumerate(AWKWARD)),
        [None, -7],
    ]
    sheet = book["Data"]
    for row in sheet.iter_rows(min_row=2, max_row=len(AWKWARD) + 1):
        assert (row[0].data_type, type(row[0].value)) == ("s", str)
        assert (row[1].data_type, type(row[1].value)) == ("n", int)
        assert row[1].number_format == "0"
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"


def test_formula_looking_text_is_never_a_formula(book_path: Path) -> None:
    xml = sheet_xml(book_path)
    assert "<f>" not in xml and "<f " not in xml
    assert 't="str"' not in xml


def test_calamine_reads_it_too(book_path: Path) -> None:
    book = CalamineWorkbook.from_path(str(book_path))
    assert book.sheet_names == ["First", "Data"]
    assert book.get_sheet_by_name("First").to_python() == [["Item", "Value"], ["rows", 9]]
    rows = book.get_sheet_by_name("Data").to_python()
    # calamine decodes `_xHHHH_`, so every text comes back exactly as written.
    assert rows[: len(AWKWARD) + 2] == [
        ["Text", "Number"],
        *([text, index * 1000] for index, text in enumerate(AWKWARD)),
        ["", -7],
    ]


def test_two_writes_are_byte_identical(tmp_path: Path) -> None:
    write_book(tmp_path / "a.xlsx")
    write_book(tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.testzip() is None


def test_text_escaping() -> None:
    assert xml_text("a & <b>") == "a &amp; &lt;b&gt;"
    assert xml_text("\x0b\x00\r\ufffe") == "_x000B__x0000__x000D__xFFFE_"
    assert xml_text("_x0041_ _xzz41_") == "_x005F_x0041_ _xzz41_"
    assert xml_text("tab\tnew\nline") == "tab\tnew\nline"
    assert xml_text("lone \ud800") == "lone _xD800_"
    assert xml_text("plain") == "plain"


def test_a_lone_surrogate_is_written(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    with StreamingWorkbook(path) as book, book.open_sheet("S", ["Text"]) as sheet:
        sheet.append(["lone \udc80 half"])
    # No reader can give a lone surrogate back; what matters is that the file is valid UTF-8 XML.
    assert openpyxl.load_workbook(path)["S"]["A2"].value == "lone _xDC80_ half"


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 51, 701, 702, 16383)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "ZZ",
        "AAA",
        "XFD",
    ]


def test_cells_are_addressed_by_column_and_row(book_path: Path) -> None:
    xml = sheet_xml(book_path)
    assert '<c r="B11" s="2"><v>-7</v></c>' in xml
    assert '<row r="12"></row>' in xml


def test_many_rows_span_chunks(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    count = 3 * 512 + 7
    with StreamingWorkbook(path) as book, book.open_sheet("S", ["N", "T"]) as sheet:
        for number in range(count):
            sheet.append([number, f"t{number}"])
    rows = values(openpyxl.load_workbook(path, read_only=True)["S"])
    assert rows[1:] == [[number, f"t{number}"] for number in range(count)]


def test_a_full_sheet_refuses_more_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fast_xlsx, "MAX_ROWS", 3)
    with StreamingWorkbook(tmp_path / "book.xlsx") as book, book.open_sheet("S", ["N"]) as sheet:
        sheet.append([1])
        assert not sheet.full
        sheet.append([2])
        assert sheet.full
        with pytest.raises(ValueError, match="rows"):
            sheet.append([3])


def test_misuse_is_refused(tmp_path: Path) -> None:
    with StreamingWorkbook(tmp_path / "book.xlsx") as book:
        for bad in ("", "x" * 32, "a/b", "a[1]", "'quoted"):
            with pytest.raises(ValueError):
                book.reserve(bad)
        sheet = book.open_sheet("S", ["A", "B"])
        with pytest.raises(RuntimeError, match="close the open sheet"):
            book.open_sheet("T", ["A"])
        with pytest.raises(ValueError, match="columns"):
            sheet.append(["only one"])
        with pytest.raises(TypeError):
            sheet.append([1.5, "x"])
        with pytest.raises(TypeError):
            sheet.append([True, "x"])
        sheet.close()
        with pytest.raises(ValueError, match="already"):
            book.open_sheet("s", ["A"])


def test_a_reserved_sheet_must_be_written(tmp_path: Path) -> None:
    with (
        pytest.raises(RuntimeError, match="never written"),
        StreamingWorkbook(tmp_path / "book.xlsx") as book,
    ):
        book.reserve("Later")
        book.open_sheet("Now", ["A"]).close()
