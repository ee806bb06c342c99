"""The head of an .xlsx: the first rows of its sheets, cut into a small workbook held in memory.

A whole shop's sheet takes seconds to check and to parse. The review app shows its first listings
meanwhile, read from the first rows of each worksheet, cut at the end of a row, in a workbook that
holds only the parts python-calamine reads cells through (the workbook, its relationships, the
styles and the shared strings those rows use). calamine parses it as it parses the whole file, so
the cells are typed the same way.

Each part taken is checked as the full check checks it (the sizes the archive declares, inflation
in bounded chunks, no DTD), and the rows cut are surveyed for their extent and shared strings. The
whole file is still checked and read afterwards: this never refuses a file, it gives None when it
cannot cut a head (another kind of workbook, a first row longer than the head may be).
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path

from catalog_migrate.errors import InputError
from catalog_migrate.profile import ReadLimits
from catalog_migrate.spreadsheet.archive import (
    MIB,
    ZIP_MAGIC,
    WorkbookKind,
    check_members,
    checked_chunks,
    read_head_bytes,
)
from catalog_migrate.spreadsheet.sheet_survey import (
    WORKBOOK_RELS,
    SurveyError,
    WorkbookSurvey,
    WorksheetSurvey,
    sheet_parts,
)

HEAD_ROWS = 1_000
# A head is cut at the last row that ends within this many bytes, when fewer rows fit.
HEAD_BYTES = 8 * MIB
SHARED_STRINGS = "xl/sharedStrings.xml"
# The parts calamine reads an .xlsx's cells through, besides its sheets and shared strings.
_BOOK_PARTS = (
    "[Content_Types].xml",
    "_rels/.rels",
    "xl/workbook.xml",
    WORKBOOK_RELS,
    "xl/styles.xml",
)
# A tag cut by the end of a chunk is looked for again from this far back.
_OVERLAP = 4096

_PREFIX = rb"((?:[A-Za-z_][\w.-]*:)?)"
_ROW_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?row>|<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*/>")
_ENTRY_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?si>|<(?:[A-Za-z_][\w.-]*:)?si\b[^>]*/>")
_SHEET_DATA = re.compile(rb"<" + _PREFIX + rb"sheetData\b")
_WORKSHEET = re.compile(rb"<" + _PREFIX + rb"worksheet\b")
_SST = re.compile(rb"<" + _PREFIX + rb"sst\b")
# calamine may size its grid from a sheet's <dimension>, which names the whole sheet's extent.
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*/>")

_NOT_CUT = (
    InputError,
    SurveyError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    ValueError,
    NotImplementedError,
    OSError,
)


@dataclass(frozen=True)
class WorkbookHead:
    """The small workbook (its bytes) and the survey of what it holds."""

    data: bytes
    survey: WorkbookSurvey


def cut_head(path: Path, limits: ReadLimits, rows: int = HEAD_ROWS) -> WorkbookHead | None:
    """The first `rows` rows of every sheet of the .xlsx at `path` as a small workbook, or None."""
    name = path.name
    try:
        if not read_head_bytes(path, 4)[1].startswith(ZIP_MAGIC):
            return None
        with zipfile.ZipFile(path) as archive:
            kind, members, spans = check_members(name, archive, limits)
            if kind is not WorkbookKind.XLSX:
                return None
            by_name = {member.filename: member for member in members}

            def chunks(part: str) -> Generator[bytes]:
                member = by_name[part]
                return checked_chunks(name, archive, member, spans[member.header_offset], limits)

            parts = {part: b"".join(chunks(part)) for part in _BOOK_PARTS if part in by_name}
            survey = WorkbookSurvey()
            sheets = sheet_parts(parts.get("xl/workbook.xml", b""), parts.get(WORKBOOK_RELS, b""))
            survey.name_sheets(sheets)
            largest_shared = -1
            for part in dict.fromkeys(sheets.values()):
                if part not in by_name:
                    continue  # calamine finds no such sheet either
                sheet = _cut_sheet(chunks(part), rows)
                reader = survey.reader(part)
                if sheet is None or not isinstance(reader, WorksheetSurvey):
                    return None  # no row within the head, or a sheet outside xl/worksheets/
                reader.feed(sheet)
                reader.close()
                parts[part] = sheet
                largest_shared = max(largest_shared, reader.facts.largest_shared[0])
            if SHARED_STRINGS in by_name and largest_shared >= 0:
                strings = _cut_entries(chunks(SHARED_STRINGS), largest_shared + 1)
                if strings is None:
                    return None
                shared = survey.reader(SHARED_STRINGS)
                assert shared is not None
                shared.feed(strings)
                shared.close()
                parts[SHARED_STRINGS] = strings
    except _NOT_CUT:
        return None
    return WorkbookHead(_zipped(parts), survey)


def _cut_sheet(chunks: Generator[bytes], rows: int) -> bytes | None:
    """The worksheet up to the end of its `rows`-th row, closed as a whole worksheet."""
    return _cut(chunks, _ROW_END, rows, _close_sheet)


def _cut_entries(chunks: Generator[bytes], count: int) -> bytes | None:
    """The shared strings up to the end of the `count`-th entry, closed as a whole part."""
    return _cut(chunks, _ENTRY_END, count, _close_strings)


def _cut(
    chunks: Generator[bytes],
    end: re.Pattern[bytes],
    count: int,
    close: Callable[[bytes], bytes | None],
) -> bytes | None:
    """The part up to the end of the `count`-th match of `end`, closed by `close` when it was
    cut (the whole part as it is when it ends first)."""
    found = _take(chunks, end, count)
    if found is None:
        return None
    text, whole = found
    return text if whole else close(text)


def _close_sheet(text: bytes) -> bytes | None:
    data = _SHEET_DATA.search(text)
    root = _WORKSHEET.search(text)
    if data is None or root is None:
        return None
    preamble = _DIMENSION.sub(b"", text[: data.start()])
    closing = b"</" + data.group(1) + b"sheetData></" + root.group(1) + b"worksheet>"
    return preamble + text[data.start() :] + closing


def _close_strings(text: bytes) -> bytes | None:
    root = _SST.search(text)
    return None if root is None else text + b"</" + root.group(1) + b"sst>"


def _take(
    chunks: Generator[bytes], end: re.Pattern[bytes], count: int
) -> tuple[bytes, bool] | None:
    """The bytes up to the end of the `count`-th match of `end` (or of the last one within
    HEAD_BYTES), and whether that is the whole part; None when no match ends within HEAD_BYTES."""
    buffer = bytearray()
    found = 0
    last_end = 0
    with contextlib.closing(chunks):
        for chunk in chunks:
            start = max(last_end, len(buffer) - _OVERLAP)
            buffer += chunk
            for match in end.finditer(buffer, start):
                found += 1
                last_end = match.end()
                if found == count:
                    return bytes(buffer[:last_end]), False
            if len(buffer) >= HEAD_BYTES:
                return (bytes(buffer[:last_end]), False) if found else None
    return bytes(buffer), True


def _zipped(parts: dict[str, bytes]) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_STORED) as book:
        for part, text in parts.items():
            book.writestr(part, text)
    return data.getvalue()
