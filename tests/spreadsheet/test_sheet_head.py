"""The head of an export: its first rows, read apart from the rest, cell for cell as the whole
read reads them, or None whenever a head cannot be cut (the whole read then gives the refusal)."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from catalog_migrate.errors import InputError
from catalog_migrate.profile import ReadLimits
from catalog_migrate.spreadsheet import sheet_head
from catalog_migrate.spreadsheet.archive import check_members, checked_chunks
from catalog_migrate.spreadsheet.reading import (
    CellError,
    SheetData,
    column_letter,
    read_sheet,
    read_sheet_head,
)
from catalog_migrate.spreadsheet.sheet_head import cut_head
from tests.security.hostile_files import (
    BILLION_LAUGHS,
    encrypted_workbook,
    entity_bomb,
    sheet_bomb,
)
from tests.spreadsheet.sheet_files import (
    appended,
    biff_number,
    biff_workbook,
    legacy_xls,
    minimal_xlsx,
    ods_file,
    ods_tiktok_rows,
    with_sheet_xml,
)
from tests.spreadsheet.test_archive import patch_central_directory, rewrite
from tests.tiktok_builder import write_tiktok_csv, write_tiktok_xlsx

REAL_WORLD = Path(__file__).parent.parent / "data" / "real-world"
LIMITS = ReadLimits()
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
TEMPLATE_PART = "xl/worksheets/sheet2.xml"  # the builder puts the Instruction sheet first
LONG_ID = "1729384756102938475"  # a TikTok product id: 19 digits, more than a float holds
# The same id typed as a number, as openpyxl and xlsxwriter store it (16 significant digits).
ID_AS_NUMBER = 1.729384756102938e18


def head(path: Path, rows: int, *, encoding: str | None = None) -> SheetData:
    found = read_sheet_head(path, LIMITS, rows=rows, encoding=encoding)
    assert found is not None
    return found


def head_lengths(path: Path, counts: tuple[int, ...]) -> list[int]:
    """How many rows the head of each size holds, once each is checked against the whole read:
    the same sheet, the same cells, never complete."""
    full = read_sheet(path, LIMITS)
    lengths = []
    for count in counts:
        found = head(path, count)
        assert (found.file_name, found.sheet_name, found.kind) == (
            full.file_name,
            full.sheet_name,
            full.kind,
        )
        assert found.complete is False
        assert found.rows == full.rows[: len(found.rows)]
        lengths.append(len(found.rows))
    return lengths


def part_of(data: bytes, part: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return book.read(part)


def cut_part(path: Path, part: str, rows: int) -> bytes:
    cut = cut_head(path, LIMITS, rows)
    assert cut is not None
    return part_of(cut.data, part)


SHEET_PART = "xl/worksheets/sheet1.xml"


def chunk_ends(path: Path, part: str) -> list[int]:
    """Where each chunk the head reads of `part` ends, as offsets into the part."""
    ends = []
    with zipfile.ZipFile(path) as archive:
        _, _, spans = check_members(path.name, archive, LIMITS)
        member = archive.getinfo(part)
        chunks = checked_chunks(path.name, archive, member, spans[member.header_offset], LIMITS)
        total = 0
        for chunk in chunks:
            total += len(chunk)
            ends.append(total)
    return ends


def with_parts(path: Path, parts: dict[str, bytes]) -> Path:
    """A one-sheet workbook (`minimal_xlsx`) with `parts` replaced, stored without compression
    (large repetitive parts would pass the ratio limit otherwise)."""
    source = minimal_xlsx(path.with_name(f"source-{path.name}"), "", shared=())
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as new:
        for item in old.infolist():
            new.writestr(item.filename, parts.get(item.filename, old.read(item)))
    return path


def sheet_xml(rows: list[str]) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
        f'<dimension ref="A1:B40000"/><sheetData>{"".join(rows)}</sheetData></worksheet>'
    ).encode()


def listing(n: int, padding: int = 0) -> str:
    text = f"Kaos Polos {n}" + "." * padding
    return (
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{text}</t></is></c>'
        f'<c r="B{n}"><v>{n}</v></c></row>'
    )


# --- workbooks in the shapes of real files --------------------------------------------------------


def test_the_real_tiktok_zh_template_reads_alike() -> None:
    path = REAL_WORLD / "tiktok_store_backend_template_zh.xlsx"
    assert head_lengths(path, (1, 3, 1_000)) == [1, 1, 1]
    assert head(path, 1).rows[0][:3] == ["类目", "品牌", "商品名称"]


def test_the_real_tiktok_zh_template_with_listings_reads_alike(tmp_path: Path) -> None:
    """The real template's own XML (its styles, shared strings, WPS namespaces) with 30 listings
    below its header: shared, inline, numeric and empty rows."""
    source = REAL_WORLD / "tiktok_store_backend_template_zh.xlsx"
    listings = "".join(
        f'<row r="{n}"><c r="A{n}" t="s"><v>{n % 5}</v></c>'
        f'<c r="C{n}" t="inlineStr"><is><t>商品 {n}</t></is></c>'
        f'<c r="F{n}"><v>{n * 1000 + 0.5}</v></c></row>'
        for n in range(2, 32)
        if n != 7  # row 7 is left out, as a sheet leaves an empty row out
    )
    with zipfile.ZipFile(source) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    path = rewrite(
        source,
        tmp_path / "zh.xlsx",
        {
            "xl/worksheets/sheet1.xml": sheet.replace(
                b"</sheetData>", listings.encode() + b"</sheetData>"
            )
        },
        {},
    )
    assert head_lengths(path, (1, 3, 12, 1_000)) == [1, 3, 12, 31]
    row = head(path, 3).rows[2]
    assert row[:6] == ["商品描述", None, "商品 3", None, None, 3000.5]


def test_the_real_dianxiaomi_workbook_reads_alike() -> None:
    # Its sheet has no element for row 5: the fifth row element is row 6.
    path = REAL_WORLD / "dianxiaomi_tiktok_import_example.xlsx"
    assert head_lengths(path, (1, 3, 5, 1_000)) == [1, 3, 5, 6]
    assert head(path, 5).rows[4] == [None] * 35


def openpyxl_workbook(path: Path) -> Path:
    """What openpyxl saves (inline strings): dates, times, booleans, error cells, long ids as
    numbers and as text, an empty row in the middle, the data on a second sheet."""
    book = openpyxl.Workbook()
    book.active.title = "Instruction"
    book.active["A1"] = "Fill the Template sheet"
    sheet = book.create_sheet("Template")
    sheet.append(["product_id", "product_name", "listed", "cutoff", "updated", "cod", "margin"])
    sheet.append(
        [
            int(LONG_ID),
            "Kaos Polos",
            datetime.date(2024, 3, 5),
            datetime.time(13, 45),
            datetime.datetime(2024, 3, 5, 8, 30),
            True,
            "#N/A",
        ]
    )
    sheet.append([])
    sheet.append([LONG_ID, "Kemeja", datetime.date(1999, 12, 31), None, None, False, "#DIV/0!"])
    for n in range(20):
        sheet.append([f"17293847561029384{n:02d}", f"Item {n}", None, None, None, None, n * 1.5])
    book.create_sheet("Brand")["A1"] = "Brand"
    book.save(path)
    return path


def test_an_openpyxl_workbook_reads_alike(tmp_path: Path) -> None:
    path = openpyxl_workbook(tmp_path / "openpyxl.xlsx")
    # openpyxl writes no element for the empty third row: the third row element is row 4.
    assert head_lengths(path, (1, 3, 10, 1_000)) == [1, 3, 10, 24]
    rows = head(path, 4).rows
    assert rows[1] == [
        ID_AS_NUMBER,
        "Kaos Polos",
        "2024-03-05",
        "13:45:00",
        "2024-03-05T08:30:00",
        True,
        "#N/A",
    ]
    assert type(rows[1][6]) is CellError
    assert rows[3] == [LONG_ID, "Kemeja", "1999-12-31", None, None, False, "#DIV/0!"]
    assert type(rows[3][6]) is CellError


def xlsxwriter_workbook(path: Path, *, date_1904: bool = False) -> Path:
    """What xlsxwriter saves (shared strings): the same kinds of cells, formulas with cached
    errors, the data on the third of four sheets."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "date_1904": date_1904})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    clock = book.add_format({"num_format": "hh:mm"})
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    book.add_worksheet("Instruction").write_string(0, 0, "How to upload products in bulk")
    book.add_worksheet("Example").write_string(0, 0, "Kaos Contoh")
    sheet = book.add_worksheet("Template")
    header = ("sku_id", "product_name", "listed", "cutoff", "updated", "cod", "margin", "price")
    for column, key in enumerate(header):
        sheet.write_string(0, column, key)
    sheet.write_number(1, 0, int(LONG_ID))
    sheet.write_string(1, 1, "Kaos Polos")
    sheet.write_datetime(1, 2, datetime.datetime(2024, 3, 5), day)
    sheet.write_datetime(1, 3, datetime.time(13, 45), clock)
    sheet.write_datetime(1, 4, datetime.datetime(2024, 3, 5, 8, 30, 15), stamp)
    sheet.write_boolean(1, 5, True)
    sheet.write_formula(1, 6, "=NA()", None, "#N/A")
    sheet.write_formula(1, 7, "=H9*2", None, 178000)
    # row 3 left empty
    sheet.write_string(3, 0, LONG_ID)
    sheet.write_string(3, 1, "Kemeja")
    sheet.write_boolean(3, 5, False)
    sheet.write_formula(3, 6, "=1/0", None, "#DIV/0!")
    for n in range(4, 40):
        sheet.write_string(n, 0, f"SKU-{n}")
        sheet.write_string(n, 1, f"Item {n}")
        sheet.write_number(n, 7, 89000 + n)
    book.add_worksheet("Brand").write_string(0, 0, "Brand")
    book.close()
    return path


@pytest.mark.parametrize("date_1904", [False, True])
def test_an_xlsxwriter_workbook_reads_alike(tmp_path: Path, date_1904: bool) -> None:
    path = xlsxwriter_workbook(tmp_path / "xlsxwriter.xlsx", date_1904=date_1904)
    assert head_lengths(path, (1, 3, 17, 1_000)) == [1, 3, 17, 40]
    rows = head(path, 4).rows
    assert rows[1] == [
        ID_AS_NUMBER,
        "Kaos Polos",
        "2024-03-05",
        "13:45:00",
        "2024-03-05T08:30:15",
        True,
        "#N/A",
        178000.0,
    ]
    assert rows[3] == [LONG_ID, "Kemeja", None, None, None, False, "#DIV/0!", None]
    assert type(rows[3][6]) is CellError


def test_a_tiktok_export_reads_alike(tmp_path: Path) -> None:
    rows: list[dict[str, object]] = [
        {
            "product_id": LONG_ID,
            "sku_id": int(LONG_ID) + n,
            "product_name": f"Kaos Polos {n}",
            "price": 89000 + n,
            "quantity": n,
            "seller_sku": f"KP-{n:02d}",
            "cod": n % 2 == 0,
        }
        for n in range(40)
    ]
    rows[3] = {}  # an empty listing row
    path = write_tiktok_xlsx(tmp_path / "export.xlsx", rows)
    assert head_lengths(path, (1, 3, 6, 23, 1_000)) == [1, 3, 6, 23, 45]
    first = head(path, 6).rows[5]
    assert first == [LONG_ID, ID_AS_NUMBER, "Kaos Polos 0", 89000.0, 0.0, "KP-00", True]


def test_the_preferred_sheet_is_read_wherever_it_is(tmp_path: Path) -> None:
    path = write_tiktok_xlsx(
        tmp_path / "export.xlsx", [{"product_name": "Kaos"}], extra_sheets=("Example", "template ")
    )
    # "template " (another case, a trailing space) stands after the Template sheet: the first wins.
    found = head(path, 10)
    assert found.sheet_name == "Template"
    assert found.rows[5] == ["Kaos"]
    only = write_tiktok_xlsx(
        tmp_path / "other.xlsx", [{"product_name": "Kaos"}], sheet_name="Products"
    )
    assert head(only, 10).sheet_name == "Instruction"  # no Template: the first sheet
    assert head_lengths(only, (10,)) == [2]


# --- the cut --------------------------------------------------------------------------------------


def test_the_head_holds_exactly_the_rows_asked_for(tmp_path: Path) -> None:
    path = write_tiktok_xlsx(
        tmp_path / "export.xlsx", [{"product_name": f"Kaos {n}"} for n in range(40)]
    )
    for count in (1, 5, 6, 44):
        assert len(head(path, count).rows) == count
    assert [row[0] for row in head(path, 8).rows[5:]] == ["Kaos 0", "Kaos 1", "Kaos 2"]
    assert len(head(path, 45).rows) == 45
    assert len(head(path, 46).rows) == 45


def test_a_stray_cell_far_below_is_not_read_into_the_head(tmp_path: Path) -> None:
    """The seventh row element is row 399,999: a head of 7 rows stops at row 7."""
    stray = '<row r="399999"><c r="A399999" t="inlineStr"><is><t>stray</t></is></c></row>'
    path = with_sheet_xml(tmp_path / "stray.xlsx", appended(stray))
    assert len(head(path, 6).rows) == 6
    seventh = head(path, 7)
    assert len(seventh.rows) == 7
    assert seventh.rows[6] == [None, None, None]
    assert cut_part(path, TEMPLATE_PART, 7).endswith(stray.encode() + b"</sheetData></worksheet>")


def test_a_row_wider_than_the_head_widens_the_whole_read_only(tmp_path: Path) -> None:
    """calamine pads every row to the sheet's rightmost column: the head's rows are as wide as
    its own rows, the whole read's as wide as row 50's note in column F. The cells are the same."""
    note = '<row r="50"><c r="F50" t="inlineStr"><is><t>checked</t></is></c></row>'
    path = with_sheet_xml(tmp_path / "note.xlsx", appended(note))
    found = head(path, 6)
    full = read_sheet(path, LIMITS)
    assert found.rows[5] == ["Kaos Polos", "Rp 89.000", "KP-01"]
    assert full.rows[5] == ["Kaos Polos", "Rp 89.000", "KP-01", None, None, None]
    assert found.rows == [row[:3] for row in full.rows[:6]]


def test_the_cut_sheet_ends_after_its_last_row_and_has_no_dimension(tmp_path: Path) -> None:
    path = write_tiktok_xlsx(
        tmp_path / "export.xlsx", [{"product_name": f"Kaos {n}"} for n in range(40)]
    )
    with zipfile.ZipFile(path) as archive:
        whole = archive.read(TEMPLATE_PART)
    assert b'<dimension ref="A1:A45"/>' in whole
    cut = cut_part(path, TEMPLATE_PART, 7)
    assert b"<dimension" not in cut
    assert cut.endswith(
        b'<row r="7" spans="1:1"><c r="A7" t="s"><v>8</v></c></row></sheetData></worksheet>'
    )
    # Everything before the cut is the sheet's own XML, but for the dimension.
    assert whole.replace(b'<dimension ref="A1:A45"/>', b"").startswith(
        cut.removesuffix(b"</sheetData></worksheet>")
    )


def test_self_closing_rows_count_as_rows(tmp_path: Path) -> None:
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"/><row r="3" ht="20"/>'
        '<row r="4"><c r="A4" t="s"><v>1</v></c></row>'
    )
    path = minimal_xlsx(tmp_path / "gaps.xlsx", rows)
    cut = cut_part(path, "xl/worksheets/sheet1.xml", 3)
    assert cut.endswith(b'<row r="3" ht="20"/></sheetData></worksheet>')
    assert head(path, 3).rows == [["a"]]  # calamine ends the grid at the last value
    assert head(path, 4).rows == [["a"], [None], [None], ["b"]]
    assert head_lengths(path, (1, 2, 3, 4)) == [1, 1, 1, 4]


def shared_string_count(data: bytes) -> int:
    return len(re.findall(rb"<(?:\w+:)?si[\s>/]", part_of(data, "xl/sharedStrings.xml")))


def largest_shared_index(data: bytes) -> int:
    """The largest shared-string index any sheet of the small workbook refers to."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheets = [book.read(name) for name in book.namelist() if name.startswith("xl/worksheets/")]
    return max(
        int(index)
        for sheet in sheets
        for index in re.findall(rb'<c r="[A-Z]+[0-9]+"[^>]* t="s"[^>]*><v>([0-9]+)</v>', sheet)
    )


def test_the_shared_strings_stop_after_the_last_one_the_head_uses(tmp_path: Path) -> None:
    """xlsxwriter numbers shared strings in the order they are written: row n of this sheet
    uses strings 2n and 2n + 1 (0-based), so a head of n rows needs the first 2n."""
    path = tmp_path / "strings.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Template")
    for row in range(50):
        sheet.write_string(row, 0, f"name {row}")
        sheet.write_string(row, 1, f"sku {row}")
    book.close()
    with zipfile.ZipFile(path) as archive:
        assert archive.read("xl/sharedStrings.xml").count(b"<si>") == 100
    for count in (1, 3, 20):
        cut = cut_head(path, LIMITS, count)
        assert cut is not None
        assert largest_shared_index(cut.data) == 2 * count - 1
        assert shared_string_count(cut.data) == 2 * count
        strings = part_of(cut.data, "xl/sharedStrings.xml")
        assert strings.endswith(f"<si><t>sku {count - 1}</t></si></sst>".encode())
        assert head(path, count).rows[-1] == [f"name {count - 1}", f"sku {count - 1}"]
    whole = cut_head(path, LIMITS, 1_000)
    assert whole is not None
    assert shared_string_count(whole.data) == 100


def test_the_shared_strings_are_cut_for_the_sheet_that_uses_the_most(tmp_path: Path) -> None:
    """The Instruction sheet comes first, as in a TikTok export, but is written last: its strings
    come after the Template's, and the cut keeps them for it."""
    path = tmp_path / "sheets.xlsx"
    book = xlsxwriter.Workbook(str(path))
    notes = book.add_worksheet("Instruction")
    template = book.add_worksheet("Template")
    for row in range(30):
        template.write_string(row, 0, f"Kaos {row}")
    for row in range(30):
        notes.write_string(row, 0, f"Step {row}")
    book.close()
    cut = cut_head(path, LIMITS, 2)
    assert cut is not None
    assert largest_shared_index(cut.data) == 31  # "Step 1"
    assert shared_string_count(cut.data) == 32
    assert head(path, 2).rows == [["Kaos 0"], ["Kaos 1"]]


def test_a_workbook_without_shared_strings_is_cut_without_them(tmp_path: Path) -> None:
    path = openpyxl_workbook(tmp_path / "inline.xlsx")
    cut = cut_head(path, LIMITS, 5)
    assert cut is not None
    with zipfile.ZipFile(io.BytesIO(cut.data)) as book:
        assert sorted(book.namelist()) == [
            "[Content_Types].xml",
            "_rels/.rels",
            "xl/_rels/workbook.xml.rels",
            "xl/styles.xml",
            "xl/workbook.xml",
            "xl/worksheets/sheet1.xml",
            "xl/worksheets/sheet2.xml",
            "xl/worksheets/sheet3.xml",
        ]


def prefixed(xml: bytes) -> bytes:
    """The worksheet XML with every element of the main namespace written as `x:name`."""
    body = re.sub(rb"<(/?)([A-Za-z]\w*)(?=[\s/>])", rb"<\1x:\2", xml.split(b"?>", 1)[1])
    body = body.replace(f'xmlns="{MAIN}"'.encode(), f'xmlns:x="{MAIN}"'.encode(), 1)
    return xml.split(b"?>", 1)[0] + b"?>" + body


def test_a_sheet_with_a_namespace_prefix_is_cut_and_read_alike(tmp_path: Path) -> None:
    source = write_tiktok_xlsx(
        tmp_path / "plain.xlsx",
        [
            {"product_id": LONG_ID, "product_name": f"Kaos {n}", "price": 89000 + n}
            for n in range(20)
        ],
    )
    with zipfile.ZipFile(source) as archive:
        sheet = prefixed(archive.read(TEMPLATE_PART))
    assert b"<x:worksheet " in sheet and b"<x:row r=" in sheet and b"<row" not in sheet
    assert b"<x:dimension " in sheet
    path = rewrite(source, tmp_path / "prefixed.xlsx", {TEMPLATE_PART: sheet}, {})
    assert head_lengths(path, (1, 3, 8, 1_000)) == [1, 3, 8, 25]
    assert head(path, 8).rows[7] == [LONG_ID, "Kaos 2", 89002.0]
    cut = cut_part(path, TEMPLATE_PART, 8)
    assert b"dimension" not in cut
    assert cut.endswith(b"</x:c></x:row></x:sheetData></x:worksheet>")
    assert cut.count(b"</x:row>") == 8


def test_prefixed_self_closing_rows_count_as_rows(tmp_path: Path) -> None:
    rows = (
        '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c></x:row><x:row r="2"/>'
        '<x:row r="3"><x:c r="A3" t="s"><x:v>1</x:v></x:c></x:row>'
    )
    path = minimal_xlsx(tmp_path / "prefixed.xlsx", rows, prefix="x")
    cut = cut_part(path, "xl/worksheets/sheet1.xml", 2)
    assert cut.endswith(b'<x:row r="2"/></x:sheetData></x:worksheet>')
    assert head_lengths(path, (1, 2, 3)) == [1, 1, 3]
    assert head(path, 3).rows == [["a"], [None], ["b"]]


# --- no head: None, never an exception ------------------------------------------------------------


def html_named_xlsx(path: Path) -> Path:
    path.write_text(
        "<html><body><table><tr><td>product_name</td></tr><tr><td>Kaos</td></tr></table></body>"
        "</html>",
        encoding="utf-8",
    )
    return path


def text_named_xlsx(path: Path) -> Path:
    path.write_text("product_name,price\nKaos,Rp 89.000\n", encoding="utf-8")
    return path


def empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def photo_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff")
    return path


def export(path: Path) -> Path:
    rows = [{"product_name": f"Kaos {n}", "price": "Rp 89.000"} for n in range(5)]
    return write_tiktok_xlsx(path.with_name(f"source-{path.name}"), rows)


def entity_bomb_sheet(path: Path) -> Path:
    return entity_bomb(export(path), path)


def entity_bomb_strings(path: Path) -> Path:
    strings = BILLION_LAUGHS.replace(b"worksheet", b"sst")
    return rewrite(export(path), path, {"xl/sharedStrings.xml": strings}, {})


def ratio_bomb(path: Path) -> Path:
    return sheet_bomb(export(path), path, 4, lie=False)


def lying_bomb(path: Path) -> Path:
    return sheet_bomb(export(path), path, 4, lie=True)


def password_flag(path: Path) -> Path:
    rewrite(export(path), path, {}, {})
    patch_central_directory(path, TEMPLATE_PART, offset=8, fmt="<H", value=1)
    return path


def truncated(path: Path) -> Path:
    whole = export(path).read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    return path


def scrambled_sheet(path: Path) -> Path:
    source = export(path)
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(TEMPLATE_PART)
    start = info.header_offset + 30 + len(info.filename.encode())
    data[start : start + 40] = b"\xff" * 40
    path.write_bytes(bytes(data))
    return path


def binary_workbook(path: Path) -> Path:
    return rewrite(export(path), path, {}, {"xl/worksheets/sheet9.bin": b"\x00\x01"})


def sheet_outside_worksheets(path: Path) -> Path:
    source = minimal_xlsx(
        path.with_name("source.xlsx"), '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    )
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            data = old.read(item).replace(b"worksheets/sheet1.xml", b"data/sheet1.xml")
            new.writestr(item.filename.replace("worksheets/", "data/"), data)
    return path


def unreadable_cell(path: Path) -> Path:
    # A shared-string cell whose value calamine cannot find: it refuses the sheet.
    return minimal_xlsx(path, '<row r="1"><c r="A1" t="s"><x/></c></row>')


def missing_shared_string(path: Path) -> Path:
    return minimal_xlsx(path, '<row r="1"><c r="A1" t="s"><v>7</v></c></row>')


def far_right_cell(path: Path) -> Path:
    return minimal_xlsx(
        path, '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="XFD1"><v>1</v></c></row>'
    )


def far_down_row(path: Path) -> Path:
    return minimal_xlsx(path, '<row r="500000"><c r="A500000" t="s"><v>0</v></c></row>')


def ods(path: Path) -> Path:
    return ods_file(path.with_suffix(".ods"), {"Template": ods_tiktok_rows()})


def legacy(path: Path) -> Path:
    return legacy_xls(path.with_suffix(".xls"), biff_workbook(biff_number(0, 0, 89000.0)))


def real_dianxiaomi_xls(path: Path) -> Path:
    return REAL_WORLD / "dianxiaomi_product_export.xls"


def missing(path: Path) -> Path:
    return path


def folder(path: Path) -> Path:
    path.mkdir()
    return path


# The kinds of file the head is not read from, and what the whole read then says ("" when it
# reads the file, as for a legacy .xls or an .ods).
NO_HEAD: dict[str, tuple[Callable[[Path], Path], str]] = {
    "real Dianxiaomi .xls (HTML)": (real_dianxiaomi_xls, ""),
    "legacy .xls": (legacy, ""),
    "ods": (ods, ""),
    "HTML named .xlsx": (html_named_xlsx, "is an HTML page saved with a spreadsheet name"),
    "text named .xlsx": (text_named_xlsx, "is a text file, not a workbook"),
    "empty file": (empty_file, "is empty (0 bytes)"),
    "missing file": (missing, "does not exist"),
    "folder": (folder, "is a folder, not a file"),
    "zip of photos": (photo_zip, "is a zip archive but not an Excel workbook"),
    "DTD in a sheet": (entity_bomb_sheet, "declares a DTD or XML entities"),
    "DTD in the shared strings": (entity_bomb_strings, "declares a DTD or XML entities"),
    "ratio above the limit": (ratio_bomb, "is refused as a possible zip bomb"),
    "sheet larger than declared": (lying_bomb, "is refused as a possible zip bomb"),
    "password flag on a part": (password_flag, "is password-protected"),
    "password-protected workbook": (encrypted_workbook, "is password-protected"),
    "truncated zip": (truncated, "is damaged: it is not a complete zip archive"),
    "scrambled sheet data": (scrambled_sheet, "is damaged"),
    "binary sheets (.xlsb)": (binary_workbook, "is a binary Excel workbook (.xlsb)"),
    "sheet outside xl/worksheets": (sheet_outside_worksheets, ""),
    "cell calamine refuses": (unreadable_cell, "cannot be read as a workbook"),
    "shared string that is not there": (missing_shared_string, "is damaged: cell A1 refers"),
    "cell beyond the column limit": (far_right_cell, "16,384 columns, more than the 2,000"),
    "row beyond the row limit": (far_down_row, "500,000 rows, more than the 400,000"),
}


CUT_BUT_NOT_READ = {
    "cell calamine refuses",
    "shared string that is not there",
    "cell beyond the column limit",
    "row beyond the row limit",
}


@pytest.mark.parametrize("kind", list(NO_HEAD))
def test_no_head_is_read_from_it(tmp_path: Path, kind: str) -> None:
    build, refusal = NO_HEAD[kind]
    path = build(tmp_path / "export.xlsx")
    assert read_sheet_head(path, LIMITS) is None
    assert read_sheet_head(path, LIMITS, rows=1) is None
    # The cut itself is refused, but for the files only calamine or the sheet checks refuse.
    assert (cut_head(path, LIMITS, 1) is None) is (kind not in CUT_BUT_NOT_READ)
    if refusal:
        with pytest.raises(InputError, match=re.escape(refusal)):
            read_sheet(path, LIMITS)
    else:
        assert read_sheet(path, LIMITS).rows


def test_a_lying_sheet_is_refused_by_the_bytes_the_head_reads(tmp_path: Path) -> None:
    """The head inflates a part through the same bounded reads as the whole check: a sheet that
    expands past its declared size is refused within the bytes the head needs."""
    path = lying_bomb(tmp_path / "export.xlsx")
    with zipfile.ZipFile(path) as archive:
        declared = archive.getinfo(TEMPLATE_PART).file_size
    assert declared < chunk_ends(export(tmp_path / "export.xlsx"), TEMPLATE_PART)[-1] + 1
    assert read_sheet_head(path, LIMITS, rows=1) is None


def test_a_first_row_longer_than_the_head_gives_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 40 cells of 30,000 characters: the first row ends past 1.2 MB, beyond the first chunk.
    first = "".join(
        f'<c r="{column_letter(column)}1" t="inlineStr"><is><t>{"x" * 30_000}</t></is></c>'
        for column in range(40)
    )
    sheet = sheet_xml([f'<row r="1">{first}</row>', listing(2), listing(3)])
    path = with_parts(tmp_path / "long.xlsx", {SHEET_PART: sheet})
    assert chunk_ends(path, SHEET_PART)[1] < sheet.index(b"</row>")
    assert head_lengths(path, (2,)) == [2]
    monkeypatch.setattr(sheet_head, "HEAD_BYTES", 64 * 1024)
    assert read_sheet_head(path, LIMITS) is None
    assert len(read_sheet(path, LIMITS).rows) == 3


def test_a_head_stops_at_the_last_row_within_its_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows of about 5 KB: the head holds the rows that end within the chunks read until
    HEAD_BYTES is reached, not the thousand asked for."""
    rows = [
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{"x" * 5_000}</t></is></c>'
        f'<c r="B{n}"><v>{n}</v></c></row>'
        for n in range(1, 400)
    ]
    sheet = sheet_xml(rows)
    path = with_parts(tmp_path / "rows.xlsx", {SHEET_PART: sheet})
    monkeypatch.setattr(sheet_head, "HEAD_BYTES", 64 * 1024)
    read = next(end for end in chunk_ends(path, SHEET_PART) if end >= 64 * 1024)
    expected = sheet[:read].count(b"</row>")
    assert 10 < expected < 399  # the chunks are far smaller than the sheet
    found = head(path, 1_000)
    assert len(found.rows) == expected
    assert found.rows[-1] == ["x" * 5_000, float(expected)]
    assert found.rows == read_sheet(path, LIMITS).rows[:expected]


def test_the_head_never_raises_on_damaged_sheet_xml(tmp_path: Path) -> None:
    """Each byte of the Template sheet's first rows replaced in turn by a character that breaks
    XML: the head is read or is None, never an exception."""
    source = write_tiktok_xlsx(tmp_path / "source.xlsx", [{"product_name": "Kaos", "price": 1}])
    with zipfile.ZipFile(source) as archive:
        sheet = archive.read(TEMPLATE_PART)
    start = sheet.index(b"<sheetData>")
    outcomes = set()
    for position in range(start, min(len(sheet), start + 400), 13):
        for byte in (b"<", b'"', b"/"):
            damaged = sheet[:position] + byte + sheet[position + 1 :]
            path = rewrite(source, tmp_path / "damaged.xlsx", {TEMPLATE_PART: damaged}, {})
            outcomes.add(read_sheet_head(path, LIMITS, rows=3) is None)
    assert outcomes == {True, False}


# --- CSV ------------------------------------------------------------------------------------------

CSV_ROWS: list[dict[str, object]] = [
    {"product_id": LONG_ID, "product_name": f"Kaos {n}", "price": f"Rp {89 + n}.000"}
    for n in range(40)
]


def test_a_csv_head_is_its_first_rows(tmp_path: Path) -> None:
    path = write_tiktok_csv(tmp_path / "export.csv", CSV_ROWS)
    full = read_sheet(path, LIMITS)
    assert len(full.rows) == 45
    for count in (1, 3, 7):
        found = head(path, count)
        assert (found.kind, found.sheet_name, found.complete) == ("csv", "", False)
        assert found.rows == full.rows[:count]
    assert head(path, 7).rows[6] == [LONG_ID, "Kaos 1", "Rp 90.000"]
    every = head(path, 1_000)
    assert every.rows == full.rows
    assert every.complete is False


def test_a_csv_head_uses_the_encoding_given(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes("商品名称,价格\n短袖T恤,89\n".encode("gbk"))
    assert read_sheet_head(path, LIMITS, rows=5) is None  # not UTF-8
    found = head(path, 5, encoding="gbk")
    assert found.rows == [["商品名称", "价格"], ["短袖T恤", "89"]]


def test_a_csv_head_is_read_before_damage_further_down(tmp_path: Path) -> None:
    lines = ["product_name;price"] + [f"Kaos {n};Rp 89.000" for n in range(20_000)]
    data = ("\n".join(lines) + "\n").encode() + b"Kaos \xff;1\n"
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    assert head(path, 3).rows == [
        ["product_name", "price"],
        ["Kaos 0", "Rp 89.000"],
        ["Kaos 1", "Rp 89.000"],
    ]
    with pytest.raises(InputError, match="is not valid UTF-8"):
        read_sheet(path, LIMITS)


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".txt"])
def test_a_workbook_named_as_text_has_no_head(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"export{suffix}"
    path.write_bytes(export(tmp_path / "export.xlsx").read_bytes())
    assert read_sheet_head(path, LIMITS) is None
    with pytest.raises(
        InputError, match=re.escape(f"is an Excel workbook (.xlsx) with a {suffix} name")
    ):
        read_sheet(path, LIMITS)


def test_a_csv_the_whole_read_refuses_in_its_first_rows_has_no_head(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(b"product_name\n" + b"x" * 40_000 + b"\n")
    assert read_sheet_head(path, LIMITS, rows=5) is None
    with pytest.raises(InputError, match="longer than the 32,767 character limit"):
        read_sheet(path, LIMITS)


@pytest.mark.parametrize("encoding", ["hex", "rot13", "undefined", "punycode", "no-such-code"])
def test_a_csv_head_with_an_encoding_that_cannot_read_it_is_none(
    tmp_path: Path, encoding: str
) -> None:
    path = write_tiktok_csv(tmp_path / "export.csv", CSV_ROWS)
    assert read_sheet_head(path, LIMITS, encoding=encoding) is None


# --- row ends across inflation chunks -------------------------------------------------------------


def row_end_across(boundary: int, split: int, *, empty: bool) -> tuple[bytes, int, int]:
    """A sheet of 40,000 rows (about 3.5 MB) whose row n ends across offset `boundary`: its row
    end (`</row>`, or the whole row when it is `<row r="n"/>`) has `split` bytes before the
    boundary. Returns the sheet, n and the padding of row n - 1."""
    rows = [listing(n) for n in range(1, 40_001)]
    ends = [match.end() for match in re.finditer(rb"</row>", sheet_xml(rows))]
    tag = "</row>"

    def tag_start(n: int) -> int:  # where row n's end starts, before any padding
        return ends[n - 2] if empty else ends[n - 1] - len(tag)

    n = max(n for n in range(2, len(ends) + 1) if tag_start(n) <= boundary - split)
    padding = boundary - split - tag_start(n)
    if empty:
        tag = f'<row r="{n}"/>'
        rows[n - 1] = tag
    # Row n - 1 is padded until row n's end starts `split` bytes before the boundary.
    rows[n - 2] = listing(n - 1, padding)
    sheet = sheet_xml(rows)
    assert sheet[boundary - split : boundary - split + len(tag)] == tag.encode()
    return sheet, n, padding


# The end of the first 1 MB chunk after the prolog, and of the second.
FIRST, SECOND = 1, 2


@pytest.mark.parametrize(
    ("chunk", "split", "empty"),
    [(FIRST, 1, False), (FIRST, 3, False), (FIRST, 5, False), (SECOND, 4, False), (FIRST, 6, True)],
)
def test_a_row_end_across_a_chunk_boundary_is_found(
    tmp_path: Path, chunk: int, split: int, empty: bool
) -> None:
    plain = with_parts(tmp_path / "plain.xlsx", {SHEET_PART: sheet_xml([listing(1)] * 40_000)})
    boundary = chunk_ends(plain, SHEET_PART)[chunk]
    sheet, n, padding = row_end_across(boundary, split, empty=empty)
    written = [[f"Kaos Polos {row}", float(row)] for row in range(1, n + 2)]
    written[n - 2] = [f"Kaos Polos {n - 1}" + "." * padding, float(n - 1)]
    if empty:
        written[n - 1] = [None, None]
    path = with_parts(tmp_path / "straddle.xlsx", {SHEET_PART: sheet})
    assert chunk_ends(path, SHEET_PART)[chunk] == boundary  # the row end is cut by the chunks
    cut = cut_part(path, SHEET_PART, n)
    assert len(re.findall(rb"</row>|<row [^>]*/>", cut)) == n
    if empty:
        assert cut.endswith(f'<row r="{n}"/></sheetData></worksheet>'.encode())
        assert len(head(path, n).rows) == n - 1  # an empty last row ends no grid
    else:
        assert cut.endswith(f"<v>{n}</v></c></row></sheetData></worksheet>".encode())
    for count in (n - 1, n + 1) if empty else (n - 1, n, n + 1):
        assert head(path, count).rows == written[:count]


def test_a_shared_string_end_across_a_chunk_boundary_is_found(tmp_path: Path) -> None:
    entries = [f"<si><t>Kaos Polos {index}</t></si>" for index in range(60_000)]

    def strings(items: list[str]) -> bytes:
        return (
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="60000" '
            f'uniqueCount="60000">{"".join(items)}</sst>'
        ).encode()

    plain = with_parts(tmp_path / "plain.xlsx", {"xl/sharedStrings.xml": strings(entries)})
    boundary = chunk_ends(plain, "xl/sharedStrings.xml")[1]
    ends = [match.end() for match in re.finditer(rb"</si>", strings(entries))]
    index = max(number for number, end in enumerate(ends) if end - len("</si>") <= boundary - 2)
    # Entry `index` is padded until its `</si>` starts 2 bytes before the boundary.
    padding = boundary - 2 - (ends[index] - len("</si>"))
    entries[index] = f"<si><t>Kaos Polos {index}{'.' * padding}</t></si>"
    assert strings(entries)[boundary - 2 : boundary + 3] == b"</si>"
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
        f'<row r="1"><c r="A1" t="s"><v>{index}</v></c><c r="B1" t="s"><v>3</v></c></row>'
        f'<row r="2"><c r="A2" t="s"><v>{index + 1}</v></c></row></sheetData></worksheet>'
    ).encode()
    path = with_parts(
        tmp_path / "strings.xlsx", {"xl/sharedStrings.xml": strings(entries), SHEET_PART: sheet}
    )
    assert chunk_ends(path, "xl/sharedStrings.xml")[1] == boundary
    cut = cut_head(path, LIMITS, 1)
    assert cut is not None
    assert shared_string_count(cut.data) == index + 1
    assert head(path, 1).rows == [[f"Kaos Polos {index}{'.' * padding}", "Kaos Polos 3"]]
    assert head(path, 2).rows[1] == [f"Kaos Polos {index + 1}", None]
