"""Hostile and broken workbook files are refused before any parser inflates them."""

from __future__ import annotations

import random
import string
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from catalog_migrate.errors import InputError
from catalog_migrate.profile import ReadLimits
from catalog_migrate.spreadsheet.archive import (
    OLE2_MAGIC,
    PROLOG_LIMIT_BYTES,
    WorkbookKind,
    check_workbook,
)
from tests.tiktok_builder import write_tiktok_xlsx

REAL_WORLD = Path(__file__).parent.parent / "data" / "real-world"
LIMITS = ReadLimits()
LETTERS = string.ascii_letters
SHEET = "xl/worksheets/sheet2.xml"  # the Template sheet: the builder puts Instruction first


def refused(path: Path, limits: ReadLimits = LIMITS) -> str:
    with pytest.raises(InputError) as caught:
        check_workbook(path, limits)
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    rows = [{"product_name": "Kaos Polos", "price": "Rp 89.000", "seller_sku": "KP-01"}]
    return write_tiktok_xlsx(tmp_path / "export.xlsx", rows)


def rewrite(source: Path, target: Path, replace: dict[str, bytes], add: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item.filename, replace.get(item.filename, old.read(item.filename)))
        for name, data in add.items():
            new.writestr(name, data)
    return target


def patch_central_directory(path: Path, member: str, *, offset: int, fmt: str, value: int) -> None:
    """Overwrite one field of `member`'s central directory entry (what zipfile trusts)."""
    data = bytearray(path.read_bytes())
    entry = data.find(b"PK\x01\x02")
    while entry >= 0:
        name_length = struct.unpack_from("<H", data, entry + 28)[0]
        name = bytes(data[entry + 46 : entry + 46 + name_length]).decode()
        if name == member:
            struct.pack_into(fmt, data, entry + offset, value)
            path.write_bytes(bytes(data))
            return
        entry = data.find(b"PK\x01\x02", entry + 4)
    raise AssertionError(f"{member} not in {path}")


# --- files that pass ------------------------------------------------------------------------------


def test_a_built_workbook_passes(workbook: Path) -> None:
    assert check_workbook(workbook, LIMITS) is WorkbookKind.XLSX


@pytest.mark.parametrize(
    "name", ["tiktok_store_backend_template_zh.xlsx", "dianxiaomi_tiktok_import_example.xlsx"]
)
def test_real_world_workbooks_pass(name: str) -> None:
    assert check_workbook(REAL_WORLD / name, LIMITS) is WorkbookKind.XLSX


def test_a_prolog_with_comments_and_instructions_passes(workbook: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(workbook) as archive:
        sheet = archive.read(SHEET)
    body = sheet.split(b"?>", 1)[1]
    commented = b'<?xml version="1.0"?><!-- exported --><?mso-application progid="Excel"?>' + body
    path = rewrite(workbook, tmp_path / "commented.xlsx", {SHEET: commented}, {})
    assert check_workbook(path, LIMITS) is WorkbookKind.XLSX


# --- XML entity bombs -----------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>"""


def test_entity_bomb_in_a_sheet_is_refused(workbook: Path, tmp_path: Path) -> None:
    path = rewrite(workbook, tmp_path / "lol.xlsx", {SHEET: BILLION_LAUGHS}, {})
    assert refused(path) == (
        "lol.xlsx is refused: xl/worksheets/sheet2.xml declares a DTD or XML entities "
        "(a possible entity bomb); open the file in Excel and save it again"
    )


def test_entity_bomb_in_shared_strings_is_refused(workbook: Path, tmp_path: Path) -> None:
    strings = BILLION_LAUGHS.replace(b"worksheet", b"sst")
    path = rewrite(workbook, tmp_path / "sst.xlsx", {"xl/sharedStrings.xml": strings}, {})
    assert "xl/sharedStrings.xml declares a DTD" in refused(path)


def test_entity_bomb_in_utf16_is_refused(workbook: Path, tmp_path: Path) -> None:
    utf16 = BILLION_LAUGHS.decode().replace("UTF-8", "UTF-16").encode("utf-16")
    path = rewrite(workbook, tmp_path / "wide.xlsx", {SHEET: utf16}, {})
    assert "declares a DTD" in refused(path)


def test_dtd_hidden_behind_a_long_comment_is_refused(workbook: Path, tmp_path: Path) -> None:
    padding = b"<!--" + b" " * PROLOG_LIMIT_BYTES + b"-->"
    hidden = BILLION_LAUGHS.replace(b"?>\n", b"?>" + padding, 1)
    path = rewrite(workbook, tmp_path / "hidden.xlsx", {SHEET: hidden}, {})
    assert refused(path) == (
        "hidden.xlsx is refused: xl/worksheets/sheet2.xml has no XML element in its first 64 KB; "
        "open the file in Excel and save it again"
    )


# --- zip bombs ------------------------------------------------------------------------------------


def test_compression_ratio_bomb_is_refused_fast_and_without_inflating(
    workbook: Path, tmp_path: Path
) -> None:
    path = tmp_path / "ratio.xlsx"
    with zipfile.ZipFile(workbook) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item.filename, old.read(item.filename))
        with new.open("xl/worksheets/sheet9.xml", "w") as member:
            zeros = b"\x00" * (1024 * 1024)
            for _ in range(32):  # 32 MiB that deflate to about 32 KB: > 1000:1
                member.write(zeros)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        message = refused(path)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    with zipfile.ZipFile(path) as archive:
        bomb = archive.getinfo("xl/worksheets/sheet9.xml")
    ratio = bomb.file_size // bomb.compress_size
    assert ratio > 1000
    assert message == (
        f"ratio.xlsx is refused as a possible zip bomb: xl/worksheets/sheet9.xml expands {ratio}:1 "
        "(limit 100:1); if the file is genuine, raise limits.max_compression_ratio in the profile"
    )
    assert elapsed < 1.0
    assert peak < 2 * 1024 * 1024  # far below the 32 MiB the member would inflate to


def test_declared_size_bomb_is_refused_without_inflating(workbook: Path, tmp_path: Path) -> None:
    path = rewrite(workbook, tmp_path / "huge.xlsx", {}, {})
    patch_central_directory(path, SHEET, offset=24, fmt="<I", value=3 * 1024**3)
    tracemalloc.start()
    try:
        message = refused(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert message == (
        "huge.xlsx would expand to 3,072 MB, more than the 1,024 MB limit: split the export into "
        "smaller files, or raise limits.max_uncompressed_mb in the profile"
    )
    assert peak < 2 * 1024 * 1024


def test_size_limit_comes_from_read_limits(tmp_path: Path) -> None:
    noise = random.Random(7)
    rows = [
        {
            "product_name": f"Kaos {n}",
            "product_description": "".join(noise.choices(LETTERS, k=20_000)),
        }
        for n in range(80)
    ]
    path = write_tiktok_xlsx(tmp_path / "big.xlsx", rows)
    assert check_workbook(path, LIMITS) is WorkbookKind.XLSX
    assert refused(path, ReadLimits(max_uncompressed_mb=1)).startswith(
        "big.xlsx would expand to 2 MB, more than the 1 MB limit"
    )


def test_encrypted_zip_member_is_refused(workbook: Path, tmp_path: Path) -> None:
    path = rewrite(workbook, tmp_path / "locked.xlsx", {}, {})
    patch_central_directory(path, SHEET, offset=8, fmt="<H", value=1)
    assert refused(path) == (
        "locked.xlsx is password-protected: open it in Excel, remove the password "
        "(File > Info > Protect Workbook) and save it as .xlsx"
    )


# --- broken or mislabelled files ------------------------------------------------------------------


def test_truncated_xlsx_is_refused(workbook: Path, tmp_path: Path) -> None:
    path = tmp_path / "cut.xlsx"
    path.write_bytes(workbook.read_bytes()[: workbook.stat().st_size // 2])
    assert refused(path) == (
        "cut.xlsx is damaged: it is not a complete zip archive (an interrupted download?); "
        "download the export again"
    )


def test_corrupt_member_data_is_refused(workbook: Path, tmp_path: Path) -> None:
    data = bytearray(workbook.read_bytes())
    with zipfile.ZipFile(workbook) as archive:
        info = archive.getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename.encode())
    data[start : start + 40] = b"\xff" * 40
    path = tmp_path / "scrambled.xlsx"
    path.write_bytes(bytes(data))
    assert refused(path).startswith("scrambled.xlsx is damaged")


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert refused(path) == (
        "empty.xlsx is empty (0 bytes): export the products again from TikTok Shop Seller Center"
    )


def ole2(*stream_names: str) -> bytes:
    directory = b"".join(
        (name + "\0").encode("utf-16-le").ljust(128, b"\0") for name in stream_names
    )
    return OLE2_MAGIC + b"\0" * 504 + directory + b"\0" * 1024


def test_password_protected_xlsx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "secret.xlsx"
    path.write_bytes(ole2("Root Entry", "EncryptionInfo", "EncryptedPackage"))
    assert refused(path) == (
        "secret.xlsx is password-protected: open it in Excel, remove the password "
        "(File > Info > Protect Workbook) and save it as .xlsx"
    )


def test_legacy_xls_is_let_through(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(ole2("Root Entry", "Workbook"))
    assert check_workbook(path, LIMITS) is WorkbookKind.XLS


def test_unknown_ole2_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "memo.xlsx"
    path.write_bytes(ole2("Root Entry", "WordDocument"))
    assert refused(path) == (
        "memo.xlsx is an encrypted workbook or a legacy Office file that cannot be read: open it "
        "in Excel and save it as .xlsx without a password"
    )


def test_pdf_renamed_xlsx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    assert refused(path) == (
        "export.xlsx is a PDF document, not a spreadsheet: download the product export from "
        "TikTok Shop Seller Center as .xlsx"
    )


HTML_MESSAGE = (
    "is an HTML page saved with a spreadsheet name (as ERPs such as Dianxiaomi export): open it "
    "in Excel and save it as .xlsx"
)


def test_html_table_saved_as_xls_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "erp.xls"
    path.write_text(
        '\ufeff  <html><head><meta charset="UTF-8"></head><body><table><tr><th>商品名称</th></tr>'
        "</table></body></html>",
        encoding="utf-8",
    )
    assert refused(path) == f"erp.xls {HTML_MESSAGE}"


def test_real_dianxiaomi_export_is_refused_as_html() -> None:
    assert refused(REAL_WORLD / "dianxiaomi_product_export.xls") == (
        f"dianxiaomi_product_export.xls {HTML_MESSAGE}"
    )


def test_excel_2003_xml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_text(
        '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
        encoding="utf-8",
    )
    assert refused(path) == (
        "old.xls is an Excel 2003 XML spreadsheet: open it in Excel and save it as .xlsx"
    )


def test_csv_renamed_xlsx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    path.write_text("product_name,price\nKaos,Rp 89.000\n", encoding="utf-8")
    assert refused(path) == (
        "export.xlsx is a text file, not a workbook: if it is a CSV export, rename it to .csv"
    )


def test_random_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "noise.xlsx"
    path.write_bytes(bytes(range(256)) * 4)
    assert refused(path) == (
        "noise.xlsx is not a spreadsheet (unrecognised content): export the products again "
        "as .xlsx or .csv"
    )


def test_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff")
    assert refused(path) == (
        "photos.xlsx is a zip archive but not an Excel workbook: unzip it, or export the "
        "products as .xlsx"
    )
