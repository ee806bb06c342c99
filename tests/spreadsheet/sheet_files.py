"""Build workbooks whose sheet XML a test writes by hand: far cells, odd forms, .ods repeats.

`with_sheet_xml` takes a TikTok export built by tests/tiktok_builder.py and edits the XML of its
Template sheet, so the file is otherwise exactly what the builder writes (shared strings and all).
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.tiktok_builder import write_tiktok_xlsx

TEMPLATE_PART = "xl/worksheets/sheet2.xml"  # the builder puts the Instruction sheet first
ROWS: list[dict[str, object]] = [
    {"product_name": "Kaos Polos", "price": "Rp 89.000", "seller_sku": "KP-01"}
]


def with_sheet_xml(
    path: Path, edit: Callable[[bytes], bytes], *, part: str = TEMPLATE_PART
) -> Path:
    """A TikTok export at `path` whose sheet XML (`part`) went through `edit`."""
    source = write_tiktok_xlsx(path.with_name(f"source-{path.name}"), ROWS)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item.filename, edit(data) if item.filename == part else data)
    source.unlink()
    return path


def appended(cells: str) -> Callable[[bytes], bytes]:
    """An edit that adds rows (`<row ...>...</row>` XML) at the end of the sheet data."""
    return lambda xml: xml.replace(b"</sheetData>", cells.encode() + b"</sheetData>")


def replaced(old: str, new: str) -> Callable[[bytes], bytes]:
    def edit(xml: bytes) -> bytes:
        assert old.encode() in xml, old
        return xml.replace(old.encode(), new.encode())

    return edit


_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
_ODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    "<office:body><office:spreadsheet>"
)
_ODS_TAIL = "</office:spreadsheet></office:body></office:document-content>"


def ods_text(value: str) -> str:
    return (
        f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
    )


def ods_row(*cells: str, repeated: int = 1) -> str:
    repeat = f' table:number-rows-repeated="{repeated}"' if repeated > 1 else ""
    return f"<table:table-row{repeat}>{''.join(cells)}</table:table-row>"


def ods_empty_cells(count: int) -> str:
    return f'<table:table-cell table:number-columns-repeated="{count}"/>'


def ods_file(path: Path, tables: dict[str, str]) -> Path:
    """An .ods whose `content.xml` holds `tables` (name -> rows XML), as LibreOffice lays it out."""
    body = "".join(
        f'<table:table table:name="{name}">{rows}</table:table>' for name, rows in tables.items()
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
        archive.writestr("content.xml", _ODS_HEAD + body + _ODS_TAIL)
    return path


# The Seller Center header a source recognises, as the first rows of an .ods table.
def ods_tiktok_rows() -> str:
    keys = ("product_name", "price", "seller_sku")
    values = ("Kaos Polos", "Rp 89.000", "KP-01")
    return ods_row(*(ods_text(key) for key in keys)) + ods_row(*(ods_text(v) for v in values))


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def minimal_xlsx(
    path: Path, sheet_data: str, *, shared: tuple[str, ...] = ("a", "b"), prefix: str = ""
) -> Path:
    """An .xlsx with one sheet `Template` whose `<sheetData>` holds `sheet_data` as written.

    With `prefix` (e.g. "x"), the worksheet's elements carry that namespace prefix; the cells in
    `sheet_data` must then carry it too.
    """
    p = f"{prefix}:" if prefix else ""
    declare = f'xmlns:{prefix}="{_MAIN}"' if prefix else f'xmlns="{_MAIN}"'
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {declare}>'
        f"<{p}sheetData>{sheet_data}</{p}sheetData></{p}worksheet>"
    )
    strings = "".join(f"<si><t>{text}</t></si>" for text in shared)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            f'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            f'ContentType="{_CT}.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{_CT}.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{_CT}.sharedStrings+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_RELS}">'
            f'<Relationship Id="rId1" Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" '
            f'xmlns:r="{_DOC_RELS}"><sheets><sheet name="Template" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_RELS}">'
            f'<Relationship Id="rId1" Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_DOC_RELS}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/sharedStrings.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}" count="{len(shared)}" '
            f'uniqueCount="{len(shared)}">{strings}</sst>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


# --- legacy .xls (BIFF8 in an OLE2 compound file) -----------------------------------------------


def biff_record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def biff_number(row: int, column: int, value: float) -> bytes:
    return biff_record(0x0203, struct.pack("<HHHd", row, column, 0x0F, value))


def biff_workbook(sheet_records: bytes, sheet: str = "Template") -> bytes:
    """A workbook stream: the globals (BOF, code page, one BOUNDSHEET, EOF), then one sheet."""
    name = sheet.encode("latin-1")

    def globals_part(offset: int) -> bytes:
        return (
            biff_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6))
            + biff_record(0x0042, struct.pack("<H", 1200))
            + biff_record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 0) + name)
            + biff_record(0x000A)
        )

    return (
        globals_part(len(globals_part(0)))
        + biff_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6))
        + biff_record(0x0200, struct.pack("<IIHHH", 0, 1, 0, 1, 0))
        + sheet_records
        + biff_record(0x000A)
    )


def legacy_xls(path: Path, stream: bytes, *, small: bool = False) -> Path:
    """An OLE2 compound file holding `stream` as `Workbook`, in 512-byte sectors.

    Sector 0 holds the FAT, sector 1 the directory, the stream the sectors after. With `small`,
    the directory declares the stream's own size, under the 4,096 bytes a regular stream needs,
    and the file has no mini stream: a damaged file.
    """
    size, end_of_chain, fat_sector, free = 512, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    data = stream.ljust(max(4096, -(-len(stream) // size) * size), b"\0")
    count = len(data) // size
    fat = [fat_sector, end_of_chain, *range(3, 2 + count), end_of_chain]
    assert len(fat) <= 128
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, start: int, length: int, child: int = free) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(encoded), kind, 1, free, free, child)
            + b"\0" * 36
            + struct.pack("<IQ", start, length)
        )

    declared = len(stream) if small else len(data)
    directory = entry("Root Entry", 5, end_of_chain, 0, child=1) + entry("Workbook", 2, 2, declared)
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<9I", 0, 1, 1, 0, 4096, end_of_chain, 0, end_of_chain, 0)
        + struct.pack("<109I", 0, *[free] * 108)
    )
    path.write_bytes(header + struct.pack("<128I", *fat) + directory.ljust(size, b"\0") + data)
    return path
