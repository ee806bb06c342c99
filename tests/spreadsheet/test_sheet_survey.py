"""The sheet survey finds the grid python-calamine would build, from the cells themselves."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest
import python_calamine

from catalog_migrate.spreadsheet.sheet_survey import (
    OdsSurvey,
    SheetFacts,
    WorksheetSurvey,
    column_letters,
)
from tests.spreadsheet.sheet_files import (
    minimal_xlsx,
    ods_empty_cells,
    ods_file,
    ods_row,
    ods_text,
)


def surveyed(xml: bytes, chunk: int = 65536) -> SheetFacts:
    survey = WorksheetSurvey()
    for start in range(0, len(xml), chunk):
        survey.feed(xml[start : start + chunk])
    survey.close()
    return survey.facts


def sheet_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def calamine_extent(path: Path) -> tuple[int, int]:
    with python_calamine.CalamineWorkbook.from_path(path) as workbook:
        end = workbook.get_sheet_by_name("Template").end
    return (0, 0) if end is None else (end[0] + 1, end[1] + 1)


STYLE = 's="1"'


def random_cell(chance: random.Random, row: int, column: int, p: str, excel: bool) -> str:
    """One cell in one of the forms writers use; most hold a value, some are empty.

    `excel`: always as Excel writes it, `r` first in double quotes, `s` before `t`.
    """
    ref = f"{column_letters(column)}{row}"
    if excel:
        kind = chance.choice(["number", "shared", "shared", "inline", "empty"])
        style = ' s="2"' if chance.random() < 0.5 else ""
        return {
            "number": f'<c r="{ref}"{style}><v>{chance.randint(0, 99)}</v></c>',
            "shared": f'<c r="{ref}"{style} t="s"><v>{chance.randint(0, 1)}</v></c>',
            "inline": f'<c r="{ref}"{style} t="inlineStr"><is><t>x</t></is></c>',
            "empty": f'<c r="{ref}" s="1"/>',
        }[kind]
    quote = chance.choice(['"', "'"])
    attributes = [f"r={quote}{ref}{quote}"] if chance.random() < 0.8 else []
    kind = chance.choice(["number", "shared", "inline", "empty", "error"])
    if kind == "empty":
        return f"<{p}c {' '.join([*attributes, STYLE])}/>"
    value = {
        "number": f"<{p}v>{chance.randint(0, 99)}</{p}v>",
        "shared": f"<{p}v>{chance.randint(0, 1)}</{p}v>",
        "inline": f"<{p}is><{p}t>x</{p}t></{p}is>",
        "error": f"<{p}v>#N/A</{p}v>",
    }[kind]
    type_name = {"number": "n", "shared": "s", "inline": "inlineStr", "error": "e"}[kind]
    attributes.append(f"t={quote}{type_name}{quote}")
    if chance.random() < 0.5:
        attributes.append('s="2"')
    chance.shuffle(attributes)
    return f"<{p}c {' '.join(attributes)}>{value}</{p}c>"


def random_sheet(chance: random.Random, p: str, *, excel: bool = False) -> str:
    rows, row = [], 0
    for _ in range(chance.randint(1, 40)):
        row += chance.choice([1, 1, 1, 2, 7, 300])
        column, cells = 0, []
        for _ in range(chance.randint(0, 12)):
            column += chance.choice([1, 1, 2, 5, 40])
            cells.append(random_cell(chance, row, column, p, excel))
        attribute = f' r="{row}"' if chance.random() < 0.8 else ""
        rows.append(f"<{p}row{attribute}>{''.join(cells)}</{p}row>")
    return "".join(rows)


@pytest.mark.parametrize("seed", range(60))
def test_the_survey_finds_calamines_grid_in_every_form_of_sheet(seed: int, tmp_path: Path) -> None:
    # Cells with and without `r`, rows with and without `r`, attributes in any order and quoting,
    # self-closing empty cells, a namespace prefix, and pieces cut anywhere.
    chance = random.Random(seed)
    prefix = "x" if seed % 4 == 3 else ""
    data = random_sheet(chance, f"{prefix}:" if prefix else "", excel=seed % 2 == 0)
    path = minimal_xlsx(tmp_path / "sheet.xlsx", data, prefix=prefix)
    facts = surveyed(sheet_xml(path), chunk=chance.choice([7, 64, 1000, 65536]))
    assert (facts.rows, facts.columns) == calamine_extent(path)
    # Error cells are where calamine has a cell it reads as empty.
    with python_calamine.CalamineWorkbook.from_path(path) as workbook:
        grid = workbook.get_sheet_by_name("Template").to_python(skip_empty_area=False)
    assert all(grid[row][column] == "" for row, column in facts.errors)
    assert len(facts.errors) == sheet_xml(path).count(b"#N/A")


def test_a_far_cell_is_found_whatever_the_dimension_says(tmp_path: Path) -> None:
    data = '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="9"><c r="XFD9"><v>1</v></c></row>'
    path = minimal_xlsx(tmp_path / "far.xlsx", data)
    xml = sheet_xml(path).replace(b"<sheetData>", b'<dimension ref="A1:A1"/><sheetData>')
    facts = surveyed(xml)
    assert (facts.rows, facts.columns, facts.rightmost_cell) == (9, 16384, "XFD9")


def test_shared_indexes_that_are_no_index_are_noted_with_their_cell() -> None:
    xml = (
        b'<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>-1</v></c>'
        b'<c r="C1" t="s"><v>1.5</v></c><c r="D1" s="3" t="s"><v>7</v></c></row></sheetData>'
    )
    facts = surveyed(xml)
    assert facts.odd_shared == {b"-1": "B1", b"1.5": "C1"}
    assert facts.largest_shared == (7, "D1")
    assert facts.shared == {b"0": 1, b"-1": 1, b"1.5": 1, b"7": 1}


def test_error_cells_are_noted_with_their_text() -> None:
    xml = b'<sheetData><row r="2"><c r="B2" t="e"><v>#DIV/0!</v></c></row></sheetData>'
    assert surveyed(xml).errors == {(1, 1): "#DIV/0!"}


# --- .ods ---------------------------------------------------------------------------------------


def ods_facts(path: Path) -> dict[str, tuple[int, int]]:
    survey = OdsSurvey()
    with zipfile.ZipFile(path) as archive:
        survey.feed(archive.read("content.xml"))
    survey.close()
    return {name: (facts.rows, facts.columns) for name, facts in survey.tables.items()}


def ods_calamine(path: Path) -> dict[str, tuple[int, int]]:
    found = {}
    with python_calamine.CalamineWorkbook.from_path(path) as workbook:
        for name in workbook.sheet_names:
            end = workbook.get_sheet_by_name(name).end
            found[name] = (0, 0) if end is None else (end[0] + 1, end[1] + 1)
    return found


ODS_TABLES = {
    # LibreOffice ends every table with its empty rows and columns repeated to the sheet's edge.
    "trailing empties": ods_row(ods_text("a"), ods_text("b"), ods_empty_cells(1022))
    + ods_row(ods_empty_cells(1024), repeated=1048575),
    "repeated values": ods_row(ods_text("a"))
    + ods_row(ods_empty_cells(3), ods_text("v"), repeated=40),
    "value after empties": ods_row(ods_text("a"))
    + ods_row(ods_empty_cells(50), repeated=1000)
    + ods_row(ods_empty_cells(20), ods_text("z")),
}


def test_ods_repeats_are_expanded_as_calamine_expands_them(tmp_path: Path) -> None:
    path = ods_file(tmp_path / "book.ods", ODS_TABLES)
    assert (
        ods_facts(path)
        == ods_calamine(path)
        == {
            "trailing empties": (1, 2),
            "repeated values": (41, 4),
            "value after empties": (1002, 21),
        }
    )


def test_ods_shapes_agree_with_calamine(tmp_path: Path) -> None:
    value = '<table:table-cell office:value-type="float" office:value="2"><text:p>2</text:p>'
    value += "</table:table-cell>"
    covered = '<table:covered-table-cell table:number-columns-repeated="2"/>'
    tables = {
        "covered": ods_row(ods_text("a"), covered, value),
        "self-closing rows": ods_row(ods_text("a"))
        + '<table:table-row table:number-rows-repeated="5"/>'
        + ods_row(value),
        "values repeated": ods_row(
            '<table:table-cell table:number-columns-repeated="3" office:value-type="float" '
            'office:value="1"><text:p>1</text:p></table:table-cell>',
            ods_empty_cells(2),
            value,
            repeated=3,
        ),
        "header rows": "<table:table-header-rows>"
        + ods_row(ods_text("h"), ods_text("i"))
        + "</table:table-header-rows>"
        + ods_row(ods_empty_cells(4), ods_text("z")),
    }
    path = ods_file(tmp_path / "shapes.ods", tables)
    assert ods_facts(path) == ods_calamine(path)
