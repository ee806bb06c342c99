"""A small streaming .xlsx writer for sheets of text and integers.

Rows go straight into a deflated zip member as inline-string XML, so a sheet of any length costs
one pass and no scratch files. Only one sheet can be written at a time (a zip file has one open
member), but the tab order is set apart from the order of writing: `reserve` a tab early and fill
it later. The output is deterministic: fixed zip dates and fixed document properties.

Text is always a string cell, never a formula. Characters XML 1.0 cannot carry are written the way
Excel writes them (`_x000B_`), and a literal `_xHHHH_` is escaped as `_x005F_xHHHH_` so a reader
does not decode it.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO
from xml.sax.saxutils import escape as _escape_attribute

MAX_ROWS = 1_048_576  # rows per sheet, header included
COMPRESS_LEVEL = 3  # measured: 6 is ~10% smaller but ~65% slower per cell than 3; 1 barely faster

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_CREATED = "2000-01-01T00:00:00Z"
_ROWS_PER_CHUNK = 512
_INVALID_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")

# Characters XML 1.0 forbids, CR (parsers read it as LF), lone surrogates, a literal `_xHHHH_`.
_NEEDS_ENCODING = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")

STYLE_NORMAL = 0
STYLE_BOLD = 1
STYLE_INTEGER = 2

Value = str | int | None


def _encode_match(match: re.Match[str]) -> str:
    char = match.group()
    return f"_x{ord(char):04X}_"


def encode_unsafe_characters(text: str) -> str:
    """`text` with what XML cannot carry as `_xHHHH_`, and a literal `_xHHHH_` kept literal.

    ECMA-376 Part 1, 22.9.2.19 (ST_Xstring): a reader decodes every `_xHHHH_`, so the underscore of
    one that is the seller's own text is itself encoded (`_x005F_`).
    """
    if _NEEDS_ENCODING.search(text) is None:
        return text
    return _NEEDS_ENCODING.sub(_encode_match, text)


def xml_text(text: str) -> str:
    """`text` ready for a text node: markup escaped, unencodable characters as `_xHHHH_`."""
    if _NEEDS_ENCODING.search(text) is not None:
        text = _NEEDS_ENCODING.sub(_encode_match, text)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _check_sheet_name(name: str) -> None:
    if not name or len(name) > 31 or _INVALID_SHEET_NAME.search(name) or name[0] == "'":
        raise ValueError(f"{name!r} cannot be a sheet name")


def _zip_info(name: str, compresslevel: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    # ZipFile.open() ignores the archive's level for a ZipInfo given to it; this is the attribute
    # it reads instead (`compress_level` from Python 3.13, which keeps this name as an alias).
    info._compresslevel = compresslevel  # type: ignore[attr-defined]
    info.external_attr = 0o600 << 16
    return info


class SheetWriter:
    """Rows of one sheet; the first row written by `StreamingWorkbook.open_sheet` is the header."""

    def __init__(
        self,
        book: StreamingWorkbook,
        member: IO[bytes],
        header: Sequence[str],
        widths: Sequence[float],
    ) -> None:
        self._book = book
        self._member = member
        self._width = len(header)
        letters = [column_letter(col) for col in range(self._width)]
        self._text_open = [f'<c r="{letter}' for letter in letters]
        self._rows: list[str] = []
        self.rows = 0  # data rows, header excluded
        self._next_row = 1
        self._closed = False
        member.write(self._preamble(widths).encode())
        self._append(header, STYLE_BOLD)

    def _preamble(self, widths: Sequence[float]) -> str:
        parts = [
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft"/></sheetView></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/>'
        ]
        if widths:
            parts.append("<cols>")
            for col, width in enumerate(widths, start=1):
                parts.append(f'<col min="{col}" max="{col}" width="{width:g}" customWidth="1"/>')
            parts.append("</cols>")
        parts.append("<sheetData>")
        return "".join(parts)

    @property
    def full(self) -> bool:
        return self._next_row > MAX_ROWS

    def append(self, values: Sequence[Value]) -> None:
        self._append(values, STYLE_NORMAL)
        self.rows += 1

    def _append(self, values: Sequence[Value], text_style: int) -> None:
        if self._closed:
            raise RuntimeError("the sheet is already closed")
        if len(values) != self._width:
            raise ValueError(f"{len(values)} values for {self._width} columns")
        if self._next_row > MAX_ROWS:
            raise ValueError(f"a sheet holds {MAX_ROWS} rows")
        row = str(self._next_row)
        style = ' s="1"' if text_style == STYLE_BOLD else ""
        cells = [f'<row r="{row}">']
        for opening, value in zip(self._text_open, values, strict=True):
            if value is None or value == "":
                continue
            if type(value) is str:
                cells.append(
                    f'{opening}{row}"{style} t="inlineStr"><is><t xml:space="preserve">'
                    f"{xml_text(value)}</t></is></c>"
                )
            elif type(value) is int:
                cells.append(f'{opening}{row}" s="{STYLE_INTEGER}"><v>{value}</v></c>')
            else:
                raise TypeError(f"a cell holds str or int, not {type(value).__name__}")
        cells.append("</row>")
        self._rows.append("".join(cells))
        self._next_row += 1
        if len(self._rows) >= _ROWS_PER_CHUNK:
            self._flush()

    def _flush(self) -> None:
        self._member.write("".join(self._rows).encode())
        self._rows.clear()

    def close(self) -> None:
        if self._closed:
            return
        self._flush()
        self._member.write(b"</sheetData></worksheet>")
        self._member.close()
        self._closed = True
        self._book._sheet_closed(self)

    def __enter__(self) -> SheetWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class StreamingWorkbook:
    """Use as a context manager; the workbook parts are written when the block ends cleanly."""

    def __init__(self, path: Path, *, compresslevel: int = COMPRESS_LEVEL) -> None:
        self._zip = zipfile.ZipFile(
            path, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=compresslevel
        )
        self._level = compresslevel
        self._tabs: list[str] = []  # sheet names in tab order
        self._parts: dict[str, str] = {}  # sheet name -> its member, once written
        self._keys: set[str] = set()
        self._open: SheetWriter | None = None
        self._finished = False

    def reserve(self, name: str) -> None:
        """Place a tab now whose sheet is written later with `open_sheet`."""
        _check_sheet_name(name)
        if name.casefold() in self._keys:
            raise ValueError(f"a sheet {name!r} already exists")
        self._keys.add(name.casefold())
        self._tabs.append(name)

    def open_sheet(
        self, name: str, header: Sequence[str], widths: Sequence[float] = ()
    ) -> SheetWriter:
        """Start writing a sheet (a reserved tab, or a new one after the others)."""
        if self._finished:
            raise RuntimeError("the workbook is already saved")
        if self._open is not None:
            raise RuntimeError("close the open sheet before opening another")
        if name not in self._tabs:
            self.reserve(name)
        elif name in self._parts:
            raise ValueError(f"the sheet {name!r} is already written")
        if widths and len(widths) != len(header):
            raise ValueError("one width per column")
        part = f"xl/worksheets/sheet{len(self._parts) + 1}.xml"
        self._parts[name] = part
        member = self._zip.open(_zip_info(part, self._level), "w", force_zip64=True)
        self._open = SheetWriter(self, member, header, widths)
        return self._open

    def _sheet_closed(self, sheet: SheetWriter) -> None:
        if sheet is self._open:
            self._open = None

    def _write(self, name: str, text: str) -> None:
        self._zip.writestr(_zip_info(name, self._level), text.encode())

    def _finish(self) -> None:
        if self._open is not None:
            self._open.close()
        missing = [name for name in self._tabs if name not in self._parts]
        if missing:
            raise RuntimeError(f"reserved sheets never written: {', '.join(missing)}")
        if not self._tabs:
            raise RuntimeError("a workbook needs at least one sheet")
        self._finished = True
        ordered = [(name, self._parts[name]) for name in self._tabs]
        self._write("[Content_Types].xml", _content_types(part for _, part in ordered))
        self._write("_rels/.rels", _ROOT_RELS)
        self._write("docProps/app.xml", _APP)
        self._write("docProps/core.xml", _CORE)
        self._write("xl/workbook.xml", _workbook(name for name, _ in ordered))
        self._write("xl/_rels/workbook.xml.rels", _workbook_rels(part for _, part in ordered))
        self._write("xl/styles.xml", _STYLES)

    def __enter__(self) -> StreamingWorkbook:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                self._finish()
            elif self._open is not None:
                self._open.close()
        finally:
            self._zip.close()


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument"


def _content_types(parts: Iterable[str]) -> str:
    sheets = "".join(
        f'<Override PartName="/{part}" ContentType="{_CT}.spreadsheetml.worksheet+xml"/>'
        for part in parts
    )
    return (
        f"{_XML}<Types "
        'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.spreadsheetml.sheet.main+xml"/>'
        f"{sheets}"
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
        'package.core-properties+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{_CT}.extended-properties+xml"/>'
        "</Types>"
    )


_ROOT_RELS = (
    f'{_XML}<Relationships xmlns="{_PKG_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
    'metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_DOC_RELS}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

_APP = (
    f"{_XML}<Properties "
    'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>Microsoft Excel</Application></Properties>"
)

_CORE = (
    f"{_XML}<cp:coreProperties "
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    f'<dcterms:created xsi:type="dcterms:W3CDTF">{_CREATED}</dcterms:created>'
    f'<dcterms:modified xsi:type="dcterms:W3CDTF">{_CREATED}</dcterms:modified>'
    "</cp:coreProperties>"
)

# Fonts: 0 normal, 1 bold. Cell formats: 0 normal, 1 bold, 2 integer (built-in format 1, "0").
_STYLES = (
    f'{_XML}<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _workbook(names: Iterable[str]) -> str:
    sheets = "".join(
        f'<sheet name="{_escape_attribute(name, {chr(34): "&quot;"})}" sheetId="{index}" '
        f'r:id="rId{index}"/>'
        for index, name in enumerate(names, start=1)
    )
    return (
        f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">'
        '<bookViews><workbookView activeTab="0"/></bookViews>'
        f"<sheets>{sheets}</sheets></workbook>"
    )


def _workbook_rels(parts: Iterable[str]) -> str:
    rels = [
        f'<Relationship Id="rId{index}" Type="{_DOC_RELS}/worksheet" '
        f'Target="{part.removeprefix("xl/")}"/>'
        for index, part in enumerate(parts, start=1)
    ]
    rels.append(
        f'<Relationship Id="rId{len(rels) + 1}" Type="{_DOC_RELS}/styles" Target="styles.xml"/>'
    )
    return f'{_XML}<Relationships xmlns="{_PKG_RELS}">{"".join(rels)}</Relationships>'
