"""Read one sheet of a workbook or a CSV file as rows of cells, within the read limits.

Workbooks pass the archive checks first and are then read with python-calamine. Cells keep the
type the file gave them (a number stays a number, text stays text), so a caller can tell a
19-digit id typed as text from one that went through a float. Every refusal is an InputError with
one line naming the file and what to do.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import math
import re
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import IO

import python_calamine

from catalog_migrate.errors import InputError
from catalog_migrate.profile import ReadLimits
from catalog_migrate.spreadsheet.archive import (
    MIB,
    OLE2_MAGIC,
    ZIP_MAGIC,
    WorkbookKind,
    check_workbook,
    html_refusal,
    looks_like_html,
    read_head_bytes,
)
from catalog_migrate.spreadsheet.html_table import UndeclaredEncoding, table_rows
from catalog_migrate.spreadsheet.memory import release_freed_memory
from catalog_migrate.spreadsheet.sheet_head import HEAD_ROWS, cut_head
from catalog_migrate.spreadsheet.sheet_survey import SheetFacts, WorkbookSurvey
from catalog_migrate.spreadsheet.writing import cell_length, fits_in_cell

Cell = str | int | float | bool | None

CSV_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
CSV_DELIMITERS = (",", ";", "\t")
_SNIFF_CHARS = 64 * 1024
_SNIFF_RECORDS = 5

# Floats hold every integer exactly only up to 2**53 (about 9.007e15), and Excel shows 15
# significant digits: an id at or above 1e15 that arrived as a number cannot be trusted.
FLOAT_SAFE_ID_LIMIT = 10**15
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+")
_FLOAT_TEXT = re.compile(r"^\d{16,}\.0+")


@dataclass(frozen=True)
class SheetData:
    """The cells of one sheet. `rows[i]` is spreadsheet row i + 1, as the seller sees it."""

    file_name: str
    sheet_name: str  # "" for a CSV file
    kind: str  # "xlsx", "xls", "ods", "csv" or "html"
    rows: list[list[Cell]]
    complete: bool = True  # False when only the first rows were read

    @property
    def where(self) -> str:
        return f"{self.file_name} (sheet {self.sheet_name})" if self.sheet_name else self.file_name


@dataclass(frozen=True)
class IdCell:
    """An identifier read from a cell; `float_corrupted` when it went through a float."""

    text: str | None
    float_corrupted: bool = False


def read_sheet(
    path: Path,
    limits: ReadLimits,
    *,
    encoding: str | None = None,
    preferred_sheets: Sequence[str] = ("Template",),
    max_rows: int | None = None,
) -> SheetData:
    """Read the data sheet of `path` (the first of `preferred_sheets` it has, else its first sheet).

    `max_rows` reads only the first rows (for format detection); the row limit is then not checked.
    A CSV file (by its suffix) is decoded with `encoding`, else by its BOM, else as strict UTF-8.
    """
    head = read_head_bytes(path, 4096)[1]
    if path.suffix.lower() in CSV_SUFFIXES:
        _refuse_workbook_named_as_text(path, head)
        return read_csv(path, limits, encoding=encoding, max_rows=max_rows)
    if looks_like_html(head):
        return read_html_table(path, limits, max_rows=max_rows)
    return read_workbook(path, limits, preferred_sheets=preferred_sheets, max_rows=max_rows)


def _refuse_workbook_named_as_text(path: Path, head: bytes) -> None:
    """A workbook saved or renamed with a CSV name is named as what it is, not as bad text."""
    kind = None
    if head.startswith(ZIP_MAGIC):
        kind = "an Excel workbook (.xlsx)"
        if b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet" in head:
            kind = "an OpenDocument spreadsheet (.ods)"
    elif head.startswith(OLE2_MAGIC):
        kind = "an Excel workbook (.xls)"
    if kind is not None:
        suffix = kind[kind.index("(") + 1 : -1]
        raise InputError(
            f"{path.name} is {kind} with a {path.suffix} name, not a text file: rename it to "
            f"{suffix}"
        )


# --- cells ---------------------------------------------------------------------------------------


def cell_text(value: Cell) -> str:
    """A cell as the text a seller sees: `38.0` -> `38`, empty -> ``, text stripped."""
    if type(value) is str:  # most cells: asked millions of times on a large export
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < FLOAT_SAFE_ID_LIMIT:
            return str(int(value))
        return repr(value)
    return str(value).strip()


def read_id(value: Cell) -> IdCell:
    """An id cell as text, saying whether it lost digits through a float (source-formats §1.5).

    A number at or above 1e15 (or a CSV cell Excel wrote as `7.23457E+18`) has lost digits; the
    text kept is what the file shows, so a seller can find the row.
    """
    if type(value) is str:
        return _text_id(value)
    if value is None or isinstance(value, bool):
        return IdCell(None if value is None else cell_text(value))
    if isinstance(value, int):
        return IdCell(str(value))
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            return IdCell(repr(value), float_corrupted=abs(value) >= FLOAT_SAFE_ID_LIMIT)
        if abs(value) >= FLOAT_SAFE_ID_LIMIT:
            # Shown as Excel shows it (15 significant digits), not with invented trailing digits.
            return IdCell(str(int(Decimal(f"{value:.15g}"))), float_corrupted=True)
        return IdCell(str(int(value)))
    return _text_id(value)


def _text_id(value: str) -> IdCell:
    text = value.strip()
    if not text:
        return IdCell(None)
    # Both patterns need a letter e or a point: most ids have neither and skip the two matches.
    suspect = "." in text or "e" in text or "E" in text
    return IdCell(
        text,
        float_corrupted=suspect
        and bool(_SCIENTIFIC.fullmatch(text) or _FLOAT_TEXT.fullmatch(text)),
    )


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


# --- workbooks -----------------------------------------------------------------------------------

_SUFFIX_KIND = {
    ".xlsx": WorkbookKind.XLSX,
    ".xlsm": WorkbookKind.XLSX,
    ".xlsb": WorkbookKind.XLSX,
    ".xls": WorkbookKind.XLS,
    ".ods": WorkbookKind.ODS,
}


class CellError(str):
    """A cell holding a spreadsheet error (`#DIV/0!`, `#N/A`): its text, and never a value."""

    __slots__ = ()


def read_workbook(
    path: Path,
    limits: ReadLimits,
    *,
    preferred_sheets: Sequence[str] = ("Template",),
    max_rows: int | None = None,
) -> SheetData:
    survey = WorkbookSurvey()
    kind = check_workbook(path, limits, survey=survey)
    name = path.name
    # calamine parses every table of an .ods when it opens the file, and an .xls's sheets are
    # known from its records: check them all first.
    for table in survey.sheet_names:
        _check_extent(name, table, survey.facts(table), survey, limits)
    if kind is WorkbookKind.ODS:
        _check_all_grids(name, survey, limits)
    return _parse(
        name,
        lambda: _open_calamine(path, kind),
        survey,
        limits,
        preferred_sheets=preferred_sheets,
        max_rows=max_rows,
        kind=kind.value,
    )


def read_workbook_head(
    path: Path,
    limits: ReadLimits,
    *,
    preferred_sheets: Sequence[str] = ("Template",),
    rows: int = HEAD_ROWS,
) -> SheetData | None:
    """The first `rows` rows of the data sheet of an .xlsx, without checking or inflating the
    rest (see sheet_head.py); None when no head can be cut or read. Never complete: the whole
    file is still to be checked and read."""
    head = cut_head(path, limits, rows)
    if head is None:
        return None
    try:
        # The head is cut after its `rows`-th row element, which is a later spreadsheet row when
        # rows are skipped (an empty row has no element, or a stray cell sits far below).
        sheet = _parse(
            path.name,
            lambda: python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(head.data)),
            head.survey,
            limits,
            preferred_sheets=preferred_sheets,
            max_rows=rows,
            kind=WorkbookKind.XLSX.value,
        )
    except InputError:
        return None
    return replace(sheet, complete=False)


def read_sheet_head(
    path: Path, limits: ReadLimits, *, encoding: str | None = None, rows: int = HEAD_ROWS
) -> SheetData | None:
    """The first `rows` rows of an .xlsx or a CSV file (not complete), or None when they cannot
    be read apart from the rest (another kind of file, or one the full read will refuse)."""
    try:
        head = read_head_bytes(path, 4096)[1]
        if path.suffix.lower() in CSV_SUFFIXES:
            _refuse_workbook_named_as_text(path, head)
            sheet = read_csv(path, limits, encoding=encoding, max_rows=rows)
            return replace(sheet, complete=False)
    # An encoding that is no text encoding (`hex`) raises LookupError from the CSV reader itself.
    except (InputError, LookupError):
        return None
    return read_workbook_head(path, limits, rows=rows)


def _parse(
    name: str,
    opener: Callable[[], python_calamine.CalamineWorkbook],
    survey: WorkbookSurvey,
    limits: ReadLimits,
    *,
    preferred_sheets: Sequence[str],
    max_rows: int | None,
    kind: str,
) -> SheetData:
    """The data sheet of the workbook `opener` opens, parsed by calamine and checked."""
    facts = None
    try:
        with opener() as workbook:
            sheet_name = choose_sheet(workbook.sheet_names, preferred_sheets)
            if sheet_name is None:
                raise InputError(f"{name} has no sheets: export the products again")
            facts = survey.facts(sheet_name)
            _check_extent(name, sheet_name, facts, survey, limits)
            sheet = workbook.get_sheet_by_name(sheet_name)
            if max_rows is None:
                _check_dimensions(name, sheet_name, sheet.end, limits)
            rows = _rows_of(sheet, max_rows)
            del sheet
    except python_calamine.PasswordError:
        raise InputError(
            f"{name} is password-protected: open it in Excel, remove the password and save it "
            "as .xlsx"
        ) from None
    except python_calamine.CalamineError as exc:
        raise InputError(
            f"{name} cannot be read as a workbook ({_first_line(exc)}): open it in Excel and "
            "save it as .xlsx"
        ) from None
    except BaseException as exc:
        # A panic inside calamine (a broken file it does not check) reaches Python as
        # pyo3_runtime.PanicException, which derives from BaseException.
        if type(exc).__name__ != "PanicException":
            raise
        raise InputError(
            f"{name} cannot be read as a workbook (the reader failed: {_first_line(exc)}): open "
            "it in Excel and save it as .xlsx"
        ) from None
    release_freed_memory()  # calamine's grid, as large as the sheet's cells
    if facts is not None and facts.errors:
        _mark_errors(rows, facts.errors)
    _check_cells(name, sheet_name, rows, limits)
    complete = max_rows is None or len(rows) < max_rows
    return SheetData(file_name=name, sheet_name=sheet_name, kind=kind, rows=rows, complete=complete)


def choose_sheet(names: Sequence[str], preferred: Sequence[str]) -> str | None:
    """The first preferred sheet present (case and spaces ignored), else the first sheet."""
    by_key = {name.strip().casefold(): name for name in reversed(names)}
    for wanted in preferred:
        if wanted.strip().casefold() in by_key:
            return by_key[wanted.strip().casefold()]
    return names[0] if names else None


def _open_calamine(path: Path, kind: WorkbookKind) -> python_calamine.CalamineWorkbook:
    # calamine picks the reader by suffix when given a path; a workbook with a misleading suffix
    # (a legacy .xls renamed .xlsx) is given as bytes so calamine reads its content instead.
    if _SUFFIX_KIND.get(path.suffix.lower()) is kind:
        return python_calamine.CalamineWorkbook.from_path(path)
    return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))


def _check_extent(
    name: str,
    sheet_name: str,
    facts: SheetFacts | None,
    survey: WorkbookSurvey,
    limits: ReadLimits,
) -> None:
    """Refuse a sheet whose grid or shared text would be too large, before calamine builds it."""
    if facts is None:
        return
    where = f"{name} (sheet {sheet_name})"
    if facts.rows > limits.max_rows:
        raise InputError(_too_many_rows(where, facts.rows, limits))
    if facts.columns > limits.max_columns:
        raise InputError(_too_many_columns(where, facts.columns, limits))
    cells = facts.rows * facts.columns
    if cells > limits.max_cells:
        raise InputError(
            f"{where} spans {facts.rows:,} rows x {facts.columns:,} columns ({cells:,} cells, "
            f"to {facts.lowest_cell} and {facts.rightmost_cell}), more than the "
            f"{limits.max_cells:,} cell limit: delete the unused rows and columns, or raise "
            "limits.max_cells in the profile"
        )
    _check_shared_strings(where, facts, survey.shared_sizes, limits)


def _check_all_grids(name: str, survey: WorkbookSurvey, limits: ReadLimits) -> None:
    """calamine builds the grid of every table of an .ods at once: together they must fit."""
    grids = [survey.facts(table) for table in survey.sheet_names]
    cells = sum(facts.rows * facts.columns for facts in grids if facts is not None)
    if cells > limits.max_cells:
        raise InputError(
            f"{name} has {len(grids):,} sheets whose grids hold {cells:,} cells together, more "
            f"than the {limits.max_cells:,} cell limit: delete the sheets that are not needed, "
            "or raise limits.max_cells in the profile"
        )


def _check_shared_strings(
    where: str, facts: SheetFacts, sizes: array[int] | None, limits: ReadLimits
) -> None:
    """Every shared-string cell names an existing string, and their copies fit the size limit.

    calamine reads an index it cannot parse (`-1`, `1.5`) as string 0, silently, and copies a
    shared string into every cell that refers to it.
    """
    damaged = "open the file in Excel and save it again"
    if facts.odd_shared:
        value, cell = next(iter(facts.odd_shared.items()))
        text = value.decode("utf-8", "replace")
        raise InputError(
            f"{where} is damaged: cell {cell} refers to shared string {text!r}, which is not "
            f"an index; {damaged}"
        )
    if not facts.shared:
        return
    count = len(sizes) if sizes is not None else 0
    largest, cell = facts.largest_shared
    if largest >= count:
        held = f"numbers 0 to {count - 1:,}" if count else "none"
        raise InputError(
            f"{where} is damaged: cell {cell} refers to shared string number {largest:,}, but the "
            f"file holds {held}; {damaged}"
        )
    if sizes is None:
        return
    total = sum(sizes[int(index)] * uses for index, uses in facts.shared.items() if index.isdigit())
    if total > limits.max_uncompressed_mb * MIB:
        raise InputError(
            f"{where} repeats its shared text into {total / MIB:,.0f} MB, more than the "
            f"{limits.max_uncompressed_mb:,} MB limit: split the export into smaller files, or "
            "raise limits.max_uncompressed_mb in the profile"
        )


def _mark_errors(rows: list[list[Cell]], errors: dict[tuple[int, int], str]) -> None:
    """Put back the error cells calamine reads as empty, as CellError."""
    for (row, column), text in errors.items():
        if row < len(rows) and column < len(rows[row]):
            rows[row][column] = CellError(text)


def _check_dimensions(
    name: str, sheet_name: str, end: tuple[int, int] | None, limits: ReadLimits
) -> None:
    if end is None:
        return
    rows, columns = end[0] + 1, end[1] + 1
    if rows > limits.max_rows:
        raise InputError(_too_many_rows(f"{name} (sheet {sheet_name})", rows, limits))
    if columns > limits.max_columns:
        raise InputError(_too_many_columns(f"{name} (sheet {sheet_name})", columns, limits))


_PLAIN_TYPES = frozenset({str, int, float, bool})


def _rows_of(sheet: python_calamine.CalamineSheet, max_rows: int | None) -> list[list[Cell]]:
    """The sheet's rows from A1, each converted as calamine gives it (its grid starts at the first
    cell that holds a value). A text equal to the one above it, as a product's title, description
    and images are on each of its SKU rows, is kept once: the rows then take about half the memory.
    """
    if sheet.start is None:
        return []
    pad: list[Cell] = [None] * sheet.start[1]
    rows: list[list[Cell]] = []
    above: list[Cell] = []
    for raw_row in sheet.iter_rows():  # one row at a time: other threads run meanwhile
        if max_rows is not None and len(rows) >= max_rows:
            break
        row = pad + _row(raw_row) if pad else _row(raw_row)
        if len(above) == len(row):  # calamine gives every row the same width
            row = [
                previous if type(value) is str and value == previous else value
                for value, previous in zip(row, above, strict=True)
            ]
        rows.append(row)
        above = row
    return rows


def _row(raw_row: Sequence[object]) -> list[Cell]:
    # Runs once per cell of the sheet (millions on a large export): plain values pass as they are.
    if _PLAIN_TYPES.issuperset(map(type, raw_row)):  # most rows: no date, time or other value
        return [None if value == "" else value for value in raw_row]  # type: ignore[misc]
    return [
        value if type(value) in _PLAIN_TYPES and value != "" else _cell(value)  # type: ignore[misc]
        for value in raw_row
    ]


def _cell(value: object) -> Cell:
    if value is None or value == "":
        return None
    if isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)  # timedelta and anything newer: shown as text


def _check_cells(name: str, sheet_name: str, rows: list[list[Cell]], limits: ReadLimits) -> None:
    # No text of at most half the limit can be too long (UTF-16 units), so most cells cost a len().
    quick = limits.max_cell_chars // 2
    for row_index, row in enumerate(rows):
        if all(type(value) is not str or len(value) <= quick for value in row):
            continue
        for column_index, value in enumerate(row):
            if isinstance(value, str) and not fits_in_cell(value, limits.max_cell_chars):
                cell = f"{column_letter(column_index)}{row_index + 1}"
                where = f"{sheet_name}!{cell}" if sheet_name else cell
                raise InputError(_cell_too_long(name, where, cell_length(value), limits))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# --- HTML tables ---------------------------------------------------------------------------------


def read_html_table(path: Path, limits: ReadLimits, *, max_rows: int | None = None) -> SheetData:
    """An HTML `<table>` saved with a spreadsheet name (source-formats §7), within the limits.

    Any other HTML page is refused with the archive check's message for HTML.
    """
    name = path.name
    size, _ = read_head_bytes(path, 0)
    if size > limits.max_uncompressed_mb * MIB:
        raise InputError(
            f"{name} is {size / MIB:,.0f} MB, more than the {limits.max_uncompressed_mb} MB "
            "limit: split the export into smaller files, or raise limits.max_uncompressed_mb "
            "in the profile"
        )
    data = path.read_bytes()
    # lxml builds the whole page before a row can be counted: count the row tags first.
    row_tags = data.count(b"<tr") + data.count(b"<TR")
    if row_tags > limits.max_rows:
        raise InputError(_too_many_rows(name, row_tags, limits))
    try:
        found = table_rows(data)
    except UndeclaredEncoding:
        raise InputError(
            f"{name} is an HTML table that declares no encoding and is not UTF-8: open it in "
            "Excel and save it as .xlsx"
        ) from None
    if found is None:
        raise InputError(html_refusal(name))
    if len(found) > limits.max_rows:
        raise InputError(_too_many_rows(name, len(found), limits))
    widest = max(len(row) for row in found)
    if widest > limits.max_columns:
        raise InputError(_too_many_columns(name, widest, limits))
    rows: list[list[Cell]] = [list(row) for row in found]
    _check_cells(name, "", rows, limits)
    complete = max_rows is None or len(rows) <= max_rows
    if max_rows is not None:
        rows = rows[:max_rows]
    return SheetData(file_name=name, sheet_name="", kind="html", rows=rows, complete=complete)


# --- CSV -----------------------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


def read_csv(
    path: Path, limits: ReadLimits, *, encoding: str | None = None, max_rows: int | None = None
) -> SheetData:
    name = path.name
    size, head = read_head_bytes(path, 4)
    if size > limits.max_uncompressed_mb * MIB:
        raise InputError(
            f"{name} is {size / MIB:,.0f} MB, more than the {limits.max_uncompressed_mb} MB "
            "limit: split the export into smaller files, or raise limits.max_uncompressed_mb "
            "in the profile"
        )
    codec, label = _csv_encoding(path, head, encoding)
    rows = list(_csv_rows(path, codec, label, encoding is not None, limits, max_rows))
    if rows and rows[0] and isinstance(rows[0][0], str):
        rows[0][0] = rows[0][0].lstrip("\ufeff")  # a second BOM left by a re-save
    complete = max_rows is None or len(rows) < max_rows
    return SheetData(file_name=name, sheet_name="", kind="csv", rows=rows, complete=complete)


def _csv_encoding(path: Path, head: bytes, given: str | None) -> tuple[str, str]:
    """(codec to open with, name to show in messages)."""
    if given is not None:
        try:
            codec = codecs.lookup(given).name
        except LookupError:
            raise InputError(
                f"unknown encoding {given!r} given with --encoding: use a name such as utf-8, "
                "utf-16, cp1252 or gbk"
            ) from None
        # A UTF-8 file saved by Excel starts with a BOM; reading it as utf-8-sig drops it.
        return ("utf-8-sig" if codec == "utf-8" else codec), given
    for bom, codec, label in _BOMS:
        if head.startswith(bom):
            return codec, label
    with path.open("rb") as handle:
        sample = handle.read(4096)
    if b"\x00" in sample:
        raise InputError(
            f"{path.name} looks like UTF-16 without a byte-order mark: pass --encoding utf-16-le "
            "(or utf-16-be)"
        )
    return "utf-8", "UTF-8"


def _csv_rows(
    path: Path,
    codec: str,
    label: str,
    encoding_given: bool,
    limits: ReadLimits,
    max_rows: int | None,
) -> Iterator[list[Cell]]:
    name = path.name
    # The csv module's limit is process-wide; every CSV read sets it from its own limits.
    csv.field_size_limit(limits.max_cell_chars)
    line = 0
    try:
        with path.open(encoding=codec, errors="strict", newline="") as handle:
            delimiter = sniff_delimiter(handle.read(_SNIFF_CHARS))
            handle.seek(0)
            reader = csv.reader(_bounded_lines(name, handle, limits), delimiter=delimiter)
            for count, record in enumerate(reader, start=1):
                line = reader.line_num
                if max_rows is not None and count > max_rows:
                    return
                if count > limits.max_rows:
                    raise InputError(_too_many_rows(name, None, limits))
                if len(record) > limits.max_columns:
                    raise InputError(_too_many_columns(f"{name} line {count}", len(record), limits))
                # The csv module counts characters; Excel counts a cell in UTF-16 units.
                for field in record:
                    if not fits_in_cell(field, limits.max_cell_chars):
                        where = f"line {line}"
                        raise InputError(_cell_too_long(name, where, cell_length(field), limits))
                yield [field if field != "" else None for field in record]
    except UnicodeDecodeError as exc:
        if encoding_given:
            raise InputError(
                f"{name} cannot be decoded as {label} (byte 0x{exc.object[exc.start]:02x}): "
                "check the --encoding value"
            ) from None
        raise InputError(
            f"{name} is not valid {label} (byte 0x{exc.object[exc.start]:02x}): pass --encoding "
            "with the file's encoding, e.g. --encoding cp1252 or --encoding gbk"
        ) from None
    except UnicodeError:  # a codec that cannot decode at all (`undefined`, `punycode`)
        raise InputError(
            f"{name} cannot be decoded as {label}: check the --encoding value (a name such as "
            "utf-8, utf-16, cp1252 or gbk)"
        ) from None
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            where = f"line {line + 1}"
            raise InputError(_cell_too_long(name, where, None, limits)) from None
        raise InputError(
            f"{name} is not a readable CSV file (line {line + 1}: {exc}): export it again"
        ) from None


def _bounded_lines(name: str, handle: IO[str], limits: ReadLimits) -> Iterator[str]:
    """The file's lines, refused as soon as one is longer than any export line can be.

    The csv module holds a whole record, and every field of it, before the column limit can be
    checked: one 1 GB line of commas would be half a billion fields. Outside quotes a line ends
    the record, so bounding the line bounds the fields of a record.
    """
    limit = line_limit(limits)
    number = 0
    while line := handle.readline(limit + 1):
        number += 1
        if len(line) > limit:
            raise InputError(
                f"{name} has a line longer than {limit:,} characters at line {number}: check "
                "that it is a CSV export, or raise limits.max_cell_chars in the profile"
            )
        yield line


def line_limit(limits: ReadLimits) -> int:
    """The longest physical line a CSV may have: room for 64 cells of the longest allowed text."""
    return limits.max_cell_chars * 64


def sniff_delimiter(sample: str) -> str:
    """The delimiter among `,` `;` tab that splits the first records into the most fields.

    Excel writes `;` in locales whose decimal mark is `,` (Indonesia, Vietnam, much of Europe).
    Ties go to `,`.
    """
    best, best_fields = ",", 1
    for delimiter in CSV_DELIMITERS:
        records = _first_records(sample, delimiter)
        if not records:
            continue
        fields = len(records[0])
        consistent = all(len(record) in (fields, 1) for record in records[1:-1])
        if fields > best_fields and consistent:
            best, best_fields = delimiter, fields
    return best


def _first_records(sample: str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
    records: list[list[str]] = []
    try:
        for record in reader:
            if record:
                records.append(record)
            if len(records) >= _SNIFF_RECORDS:
                break
    except csv.Error:
        pass  # the sample ends inside a quoted field; the records before it are enough
    return records


# --- limit messages ------------------------------------------------------------------------------


def _too_many_rows(where: str, rows: int | None, limits: ReadLimits) -> str:
    """`rows` None: a CSV file, read only up to the limit."""
    count = f"{rows:,} rows, more than" if rows is not None else "more rows than"
    return (
        f"{where} has {count} the {limits.max_rows:,} row limit: split the export, or raise "
        "limits.max_rows in the profile"
    )


def _too_many_columns(where: str, columns: int, limits: ReadLimits) -> str:
    return (
        f"{where} has {columns:,} columns, more than the {limits.max_columns:,} column limit: "
        "remove unused columns, or raise limits.max_columns in the profile"
    )


def _cell_too_long(name: str, where: str, length: int | None, limits: ReadLimits) -> str:
    size = f"of {length:,} characters " if length is not None else ""
    return (
        f"{name} has a cell {size}at {where} longer than the {limits.max_cell_chars:,} "
        "character limit: shorten it, or raise limits.max_cell_chars in the profile"
    )
