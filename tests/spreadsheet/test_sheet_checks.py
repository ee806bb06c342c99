"""What a sheet holds is checked before calamine builds it: extent, shared strings, error cells."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest
import python_calamine
from click.testing import CliRunner

from catalog_migrate.cli import cli
from catalog_migrate.errors import InputError
from catalog_migrate.profile import ReadLimits
from catalog_migrate.spreadsheet import reading
from catalog_migrate.spreadsheet.reading import CellError, read_sheet
from catalog_migrate.spreadsheet.xls_survey import survey_xls
from tests.spreadsheet.sheet_files import (
    appended,
    biff_number,
    biff_record,
    biff_workbook,
    legacy_xls,
    minimal_xlsx,
    ods_empty_cells,
    ods_file,
    ods_row,
    ods_tiktok_rows,
    replaced,
    with_sheet_xml,
)

LIMITS = ReadLimits()
PRICE_CELL = '<c r="B6" t="s"><v>15</v></c>'  # `Rp 89.000` in the built export


def refused(path: Path, limits: ReadLimits = LIMITS) -> str:
    with pytest.raises(InputError) as caught:
        read_sheet(path, limits)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_value_far_right_is_refused_though_the_dimension_says_a1_c6(tmp_path: Path) -> None:
    path = with_sheet_xml(
        tmp_path / "wide.xlsx", appended('<row r="7"><c r="XFD7"><v>1</v></c></row>')
    )
    assert refused(path) == (
        "wide.xlsx (sheet Template) has 16,384 columns, more than the 2,000 column limit: remove "
        "unused columns, or raise limits.max_columns in the profile"
    )


def test_the_cell_limit_counts_the_whole_grid(tmp_path: Path) -> None:
    path = with_sheet_xml(
        tmp_path / "grid.xlsx", appended('<row r="50"><c r="T50"><v>1</v></c></row>')
    )
    assert refused(path, ReadLimits(max_cells=999)) == (
        "grid.xlsx (sheet Template) spans 50 rows x 20 columns (1,000 cells, to T50 and T50), "
        "more than the 999 cell limit: delete the unused rows and columns, or raise "
        "limits.max_cells in the profile"
    )
    assert len(read_sheet(path, ReadLimits(max_cells=1000)).rows) == 50


def test_an_empty_styled_cell_far_away_does_not_count(tmp_path: Path) -> None:
    # Excel writes a formatted empty cell as `<c r=".." s="1"/>`; calamine builds no grid for it.
    path = with_sheet_xml(
        tmp_path / "styled.xlsx", appended('<row r="1048576"><c r="XFD1048576" s="0"/></row>')
    )
    assert len(read_sheet(path, LIMITS).rows) == 6


@pytest.mark.parametrize("index", ["-1", "1.5", "x"])
def test_a_shared_string_index_that_is_no_index_is_refused(index: str, tmp_path: Path) -> None:
    # calamine would read each of these as shared string 0: another cell's text, silently.
    path = with_sheet_xml(
        tmp_path / "bad.xlsx", replaced(PRICE_CELL, f'<c r="B6" t="s"><v>{index}</v></c>')
    )
    assert refused(path) == (
        f"bad.xlsx (sheet Template) is damaged: cell B6 refers to shared string {index!r}, which "
        "is not an index; open the file in Excel and save it again"
    )


def test_a_shared_string_index_out_of_range_is_refused_naming_the_cell(tmp_path: Path) -> None:
    path = with_sheet_xml(
        tmp_path / "bad.xlsx", replaced(PRICE_CELL, '<c r="B6" t="s"><v>19</v></c>')
    )
    assert refused(path) == (
        "bad.xlsx (sheet Template) is damaged: cell B6 refers to shared string number 19, but the "
        "file holds numbers 0 to 18; open the file in Excel and save it again"
    )


def test_an_error_cell_is_read_as_an_error_not_as_empty(tmp_path: Path) -> None:
    path = with_sheet_xml(
        tmp_path / "error.xlsx", replaced(PRICE_CELL, '<c r="B6" t="e"><v>#DIV/0!</v></c>')
    )
    price = read_sheet(path, LIMITS).rows[5][1]
    assert isinstance(price, CellError)
    assert price == "#DIV/0!"


def test_an_error_cell_as_price_rejects_the_sku_naming_the_error(tmp_path: Path) -> None:
    path = with_sheet_xml(
        tmp_path / "error.xlsx", replaced(PRICE_CELL, '<c r="B6" t="e"><v>#DIV/0!</v></c>')
    )
    result = CliRunner().invoke(
        cli, ["convert", str(path), "--currency", "IDR", "--dry-run", "--json"]
    )
    assert result.exit_code == 1
    assert '"code": "price.unparseable"' in result.stdout
    assert "'#DIV/0!' is a spreadsheet error, not a price" in result.stdout


def test_libreoffice_trailing_empty_rows_are_read(tmp_path: Path) -> None:
    rows = ods_tiktok_rows() + ods_row(ods_empty_cells(1024), repeated=1_048_574)
    sheet = read_sheet(ods_file(tmp_path / "book.ods", {"Template": rows}), LIMITS)
    assert sheet.rows == [
        ["product_name", "price", "seller_sku"],
        ["Kaos Polos", "Rp 89.000", "KP-01"],
    ]


def test_every_ods_table_is_checked_since_calamine_reads_them_all(tmp_path: Path) -> None:
    hidden = ods_row(
        ods_empty_cells(3000), '<table:table-cell office:value-type="float" office:value="1"/>'
    )
    path = ods_file(tmp_path / "book.ods", {"Template": ods_tiktok_rows(), "Lists": hidden})
    assert refused(path) == (
        "book.ods (sheet Lists) has 3,001 columns, more than the 2,000 column limit: remove "
        "unused columns, or raise limits.max_columns in the profile"
    )


def test_a_binary_workbook_is_refused(tmp_path: Path) -> None:
    path = with_sheet_xml(tmp_path / "book.xlsb", lambda xml: xml)
    renamed = tmp_path / "binary.xlsb"
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(renamed, "w") as new:
        for item in old.infolist():
            name = item.filename.replace("sheet2.xml", "sheet2.bin")
            new.writestr(name, old.read(item.filename))
    assert refused(renamed) == (
        "binary.xlsb is a binary Excel workbook (.xlsb): open it in Excel and save it as .xlsx"
    )


# --- legacy .xls ----------------------------------------------------------------------------------


def biff_cells() -> bytes:
    label = biff_record(0x0204, struct.pack("<HHHHB", 3, 4, 0x0F, 4, 0) + b"Kaos")
    mulrk = biff_record(0x00BD, struct.pack("<HHHIHIH", 7, 1, 0x0F, 2, 0x0F, 6, 2))
    blank = biff_record(0x0201, struct.pack("<HHH", 40, 30, 0x0F))  # formatted, empty: no value
    return biff_number(0, 0, 1.0) + label + mulrk + blank


def test_the_xls_survey_finds_calamines_grid(tmp_path: Path) -> None:
    path = legacy_xls(tmp_path / "book.xls", biff_workbook(biff_cells()))
    facts = survey_xls(path)["Template"]
    with python_calamine.CalamineWorkbook.from_path(path) as workbook:
        end = workbook.get_sheet_by_name("Template").end
    assert end is not None
    assert (facts.rows, facts.columns) == (end[0] + 1, end[1] + 1) == (8, 5)


def test_an_xls_cell_far_right_is_refused_before_the_grid_is_built(tmp_path: Path) -> None:
    # calamine would build 65,536 x 65,536 cells for this one record (and abort).
    records = biff_number(0, 0, 1.0) + biff_number(65535, 65535, 2.0)
    path = legacy_xls(tmp_path / "far.xls", biff_workbook(records))
    assert refused(path) == (
        "far.xls (sheet Template) has 65,536 columns, more than the 2,000 column limit: remove "
        "unused columns, or raise limits.max_columns in the profile"
    )


def test_an_xls_error_cell_is_read_as_an_error(tmp_path: Path) -> None:
    division = biff_record(0x0205, struct.pack("<HHHBB", 1, 1, 0x0F, 0x07, 1))
    cached = struct.pack("<BBBBHH", 2, 0, 0x2A, 0, 0, 0xFFFF)  # a formula whose result is #N/A
    formula = biff_record(0x0006, struct.pack("<HHH", 1, 2, 0x0F) + cached + b"\0" * 8)
    path = legacy_xls(
        tmp_path / "errors.xls", biff_workbook(biff_number(0, 0, 1.0) + division + formula)
    )
    row = read_sheet(path, LIMITS).rows[1]
    assert row[1:] == ["#DIV/0!", "#N/A"]
    assert all(isinstance(cell, CellError) for cell in row[1:])


def test_an_xls_whose_stream_cannot_be_found_is_refused(tmp_path: Path) -> None:
    path = legacy_xls(tmp_path / "cut.xls", biff_workbook(biff_number(0, 0, 1.0)), small=True)
    assert refused(path) == (
        "cut.xls is damaged (its workbook stream cannot be found); open it in Excel and save it "
        "again"
    )


def test_a_panic_in_the_reader_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # calamine panics on some broken compound files; the panic reaches Python as a BaseException.
    broken = legacy_xls(tmp_path / "cut.xls", biff_workbook(biff_number(0, 0, 1.0)), small=True)
    with pytest.raises(BaseException) as caught:
        python_calamine.CalamineWorkbook.from_path(broken)
    assert type(caught.value).__name__ == "PanicException"
    panic = caught.value

    def opened(path: Path, kind: object) -> None:
        raise panic

    monkeypatch.setattr(reading, "_open_calamine", opened)
    path = legacy_xls(tmp_path / "book.xls", biff_workbook(biff_number(0, 0, 1.0)))
    assert refused(path) == (
        "book.xls cannot be read as a workbook (the reader failed: index out of bounds: the len "
        "is 0 but the index is 2): open it in Excel and save it as .xlsx"
    )


def test_a_sheet_kept_outside_the_worksheets_folder_is_surveyed_too(tmp_path: Path) -> None:
    source = with_sheet_xml(
        tmp_path / "far.xlsx", appended('<row r="50"><c r="T50"><v>1</v></c></row>')
    )
    moved = tmp_path / "moved.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(moved, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            name = item.filename
            if name == "xl/worksheets/sheet2.xml":
                name = "xl/elsewhere.xml"
            elif name == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"worksheets/sheet2.xml", b"elsewhere.xml")
            new.writestr(name, data)
    assert refused(moved, ReadLimits(max_cells=999)) == (
        "moved.xlsx (sheet Template) spans 50 rows x 20 columns (1,000 cells, to T50 and T50), "
        "more than the 999 cell limit: delete the unused rows and columns, or raise "
        "limits.max_cells in the profile"
    )


def test_the_tables_of_an_ods_must_fit_together(tmp_path: Path) -> None:
    # calamine builds every table of an .ods when it opens it; each table alone is within limits.
    filler = ods_row(
        ods_empty_cells(9), '<table:table-cell office:value-type="float" office:value="1"/>'
    )
    tables = {"Template": ods_tiktok_rows()} | {f"Copy {n}": filler * 10 for n in range(5)}
    path = ods_file(tmp_path / "book.ods", tables)
    assert len(read_sheet(path, ReadLimits(max_cells=506)).rows) == 2
    assert refused(path, ReadLimits(max_cells=505)) == (
        "book.ods has 6 sheets whose grids hold 506 cells together, more than the 505 cell limit: "
        "delete the sheets that are not needed, or raise limits.max_cells in the profile"
    )


def test_an_empty_shared_string_written_self_closing_still_counts(tmp_path: Path) -> None:
    # calamine reads `<si/>` as an empty string: the strings after it keep their numbers.
    cells = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>2</v></c></row>'
    path = minimal_xlsx(tmp_path / "book.xlsx", cells, shared=("a", "b", "c"))
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/sharedStrings.xml"] = parts["xl/sharedStrings.xml"].replace(
        b"<si><t>b</t></si>", b"<si/>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert read_sheet(path, LIMITS).rows == [["a", None, "c"]]
