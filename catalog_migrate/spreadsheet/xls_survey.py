"""The extent of every sheet of a legacy .xls (BIFF8), read from its cell records.

A cell record names its row and column as 16-bit numbers, so one record at column 65,535 asks
python-calamine for a grid of 65,536 x 65,536 cells. The workbook stream is found in the OLE2
compound file (its sector chains followed with loops refused) and its records are walked once;
only the position of each cell that holds a value is read.
"""

from __future__ import annotations

import struct
from array import array
from pathlib import Path

from catalog_migrate.spreadsheet.sheet_survey import SheetFacts, SurveyError

_DAMAGED = "is damaged (its workbook stream cannot be found); open it in Excel and save it again"
_END_OF_CHAIN = 0xFFFFFFFE
_LAST_SECTOR = 0xFFFFFFFA  # every number from here up marks something other than a sector
_STREAM_NAMES = ("Workbook", "Book")

_BOF = 0x0809
_BOUNDSHEET = 0x0085
_WORKSHEET = 0x0010
# Records of a cell with a value, each starting with its row and column (u16, u16).
_CELLS = frozenset({0x0203, 0x0204, 0x00FD, 0x027E, 0x0205, 0x0006, 0x00D6})
_MULRK = 0x00BD  # row, first column, values..., last column (u16 at the end)
_BOOLERR = 0x0205
_FORMULA = 0x0006
# The error values of BIFF8, as Excel shows them (calamine reads them as empty cells).
_ERRORS = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
}


def survey_xls(path: Path) -> dict[str, SheetFacts]:
    """Sheet name -> the extent of its cells with a value."""
    return _survey_biff(_workbook_stream(path.read_bytes()))


def _workbook_stream(data: bytes) -> bytes:
    if len(data) < 512:
        raise SurveyError(_DAMAGED)
    shift = struct.unpack_from("<H", data, 0x1E)[0]
    if shift not in (9, 12):
        raise SurveyError(_DAMAGED)
    size = 1 << shift
    sectors = -(-(len(data) - size) // size)  # the header fills sector -1; a last one may be short
    fat_count, directory_start = struct.unpack_from("<II", data, 0x2C)
    cutoff, mini_fat_start, _, difat_start, difat_count = struct.unpack_from("<IIIII", data, 0x38)

    def sector(number: int) -> bytes:
        if number >= sectors:
            raise SurveyError(_DAMAGED)
        start = (number + 1) * size
        return data[start : start + size]

    fat_sectors = [n for n in struct.unpack_from("<109I", data, 0x4C) if n < _LAST_SECTOR]
    next_difat = difat_start
    for _ in range(min(difat_count, sectors)):
        if next_difat >= _LAST_SECTOR:
            break
        pointers = struct.unpack(f"<{size // 4}I", sector(next_difat))
        fat_sectors.extend(n for n in pointers[:-1] if n < _LAST_SECTOR)
        next_difat = pointers[-1]
    fat = array("I")
    for number in fat_sectors[: fat_count or len(fat_sectors)]:
        fat.frombytes(sector(number).ljust(size, b"\xff"))

    def chain(start: int, table: array[int]) -> bytes:
        parts, seen = [], 0
        while start < _LAST_SECTOR:
            seen += 1
            if start >= len(table) or seen > len(table):
                raise SurveyError(_DAMAGED)  # out of the table, or a loop
            parts.append(start)
            start = table[start]
        return b"".join(sector(n) for n in parts)

    directory = chain(directory_start, fat)
    entries = [directory[at : at + 128] for at in range(0, len(directory) - 127, 128)]
    if not entries:
        raise SurveyError(_DAMAGED)
    for entry in entries:
        length = min(struct.unpack_from("<H", entry, 64)[0], 64)
        name = entry[: max(length - 2, 0)].decode("utf-16-le", "replace")
        if entry[66] == 2 and name in _STREAM_NAMES:
            start, stream_size = struct.unpack_from("<IQ", entry, 116)
            break
    else:
        raise SurveyError(_DAMAGED)
    if stream_size >= cutoff:
        return chain(start, fat)[:stream_size]
    # A small stream lives in 64-byte pieces of the root entry's stream, chained by the mini FAT.
    root_start = struct.unpack_from("<I", entries[0], 116)[0]
    mini_stream = chain(root_start, fat)
    mini_fat = array("I")
    mini_fat.frombytes(chain(mini_fat_start, fat) if mini_fat_start < _LAST_SECTOR else b"")
    pieces, seen, number = [], 0, start
    while number < _LAST_SECTOR:
        seen += 1
        if number >= len(mini_fat) or seen > len(mini_fat):
            raise SurveyError(_DAMAGED)
        pieces.append(mini_stream[number * 64 : number * 64 + 64])
        number = mini_fat[number]
    return b"".join(pieces)[:stream_size]


def _survey_biff(stream: bytes) -> dict[str, SheetFacts]:
    names: dict[int, str] = {}  # offset of a sheet's BOF -> its name
    sheets: dict[str, SheetFacts] = {}
    facts: SheetFacts | None = None
    position, end = 0, len(stream) - 4
    unpack = struct.unpack_from
    while position <= end:
        kind, length = unpack("<HH", stream, position)
        body = position + 4
        if kind in _CELLS and length >= 4 and facts is not None:
            row, column = unpack("<HH", stream, body)
            facts.add_cell(row + 1, column + 1)
            error = _error_code(kind, stream, body, length)
            if error is not None:
                facts.errors[(row, column)] = _ERRORS.get(error, "#VALUE!")
        elif kind == _MULRK and length >= 6 and facts is not None:
            row = unpack("<H", stream, body)[0]
            last = unpack("<H", stream, body + length - 2)[0]
            facts.add_cell(row + 1, last + 1)
        elif kind == _BOUNDSHEET and length >= 8:
            names[unpack("<I", stream, body)[0]] = _sheet_name(stream[body + 6 : body + length])
        elif kind == _BOF and length >= 4:
            if unpack("<H", stream, body + 2)[0] == _WORKSHEET:
                name = names.get(position, f"sheet {len(sheets) + 1}")
                facts = sheets.setdefault(name, SheetFacts())
            else:
                facts = None
        position = body + length
    return sheets


def _error_code(kind: int, stream: bytes, body: int, length: int) -> int | None:
    """The error code of a BOOLERR error cell or of a formula whose cached result is an error."""
    if kind == _BOOLERR and length >= 8 and stream[body + 7] == 1:
        return stream[body + 6]
    if kind == _FORMULA and length >= 14:
        marked = stream[body + 12 : body + 14] == b"\xff\xff"
        if marked and stream[body + 6] == 2:
            return stream[body + 8]
    return None


def _sheet_name(field: bytes) -> str:
    """A ShortXLUnicodeString: a character count, a flag byte, then Latin-1 or UTF-16LE."""
    if len(field) < 2:
        return ""
    count, wide = field[0], field[1] & 1
    if wide:
        return field[2 : 2 + 2 * count].decode("utf-16-le", "replace")
    return field[2 : 2 + count].decode("latin-1")
