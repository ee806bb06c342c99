"""Writing spreadsheets safely: atomic saves, never over an input, never a formula.

Every writer in the project goes through this module:

- `atomic_output` gives a temporary path beside the output and renames it into place only when the
  block succeeds; an exception, Ctrl-C or SIGTERM leaves the old output untouched and no temp file.
- `refuse_overwriting_input` stops a run whose output is one of its inputs, by any spelling or link.
- CSV text goes through `neutralise_formula` (OWASP CSV injection rule) and is always quoted.
- xlsx goes through `safe_workbook`: xlsxwriter in constant-memory mode with every string-guessing
  option off, and `SheetStream` writes typed cells (text as text, prices as 2-decimal numbers,
  quantities as integers, identifiers as text).
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from catalog_migrate.spreadsheet.atomic import SCRATCH_PREFIX, remove_orphaned_scratch_folders
from catalog_migrate.spreadsheet.atomic import Terminated as Terminated
from catalog_migrate.spreadsheet.atomic import atomic_output as atomic_output
from catalog_migrate.spreadsheet.atomic import atomic_outputs as atomic_outputs
from catalog_migrate.spreadsheet.atomic import (
    remove_orphaned_temporaries as remove_orphaned_temporaries,
)
from catalog_migrate.spreadsheet.atomic import sigterm_raises as sigterm_raises
from catalog_migrate.spreadsheet.fast_xlsx import encode_unsafe_characters
from catalog_migrate.spreadsheet.formula_guard import neutralise_formula as neutralise_formula
from catalog_migrate.spreadsheet.formula_guard import restore_formula_text as restore_formula_text
from catalog_migrate.spreadsheet.output_paths import (
    refuse_overwriting_input as refuse_overwriting_input,
)

# ---------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------

CsvValue = str | int | Decimal | None


def _csv_field(value: CsvValue) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise_formula(value)
    return str(value)  # int or Decimal: a number, written as it is (a negative stays a number)


def write_csv_rows(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[CsvValue]],
    *,
    encoding: str = "utf-8-sig",
) -> int:
    """Write a CSV atomically, every field quoted, text neutralised; return the data row count.

    The default encoding carries a BOM so spreadsheet apps read non-ASCII text correctly.
    """
    count = 0
    with atomic_output(path) as temp, temp.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow([neutralise_formula(name) for name in header])
        for row in rows:
            writer.writerow([_csv_field(value) for value in row])
            count += 1
    return count


# ---------------------------------------------------------------------------------------------
# xlsx
# ---------------------------------------------------------------------------------------------

# Written into the document properties so that the same rows give the same bytes (xlsxwriter
# writes the current time otherwise; the zip entries already carry a fixed 1980 date).
FIXED_CREATED = datetime(2000, 1, 1, tzinfo=UTC)

MAX_ROWS = 1_048_576  # rows per sheet, header included
MAX_CELL_CHARS = 32_767  # characters per cell

WORKBOOK_OPTIONS: dict[str, Any] = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


class CellKind(Enum):
    TEXT = "text"  # free text, written as a string cell whatever it starts with
    ID = "id"  # an identifier: always text, even when it is all digits
    PRICE = "price"  # Decimal money amount: number, shown with 2 decimals
    INTEGER = "integer"  # a quantity: number, shown without decimals
    WEIGHT = "weight"  # Decimal kg: number, shown with 3 decimals


_NUMBER_FORMATS = {CellKind.PRICE: "0.00", CellKind.INTEGER: "0", CellKind.WEIGHT: "0.000"}

Cell = str | int | Decimal | None


@dataclass(frozen=True)
class Column:
    header: str
    kind: CellKind = CellKind.TEXT
    width: float = 16
    wrap: bool = False


class CellTooLong(ValueError):
    """Text longer than a spreadsheet cell can hold; callers check lengths before writing."""


def cell_length(text: str) -> int:
    """The length of `text` as Excel counts it, in UTF-16 units: an emoji counts as two."""
    return len(text.encode("utf-16-le", errors="surrogatepass")) // 2


def fits_in_cell(text: str, limit: int = MAX_CELL_CHARS) -> bool:
    # No text of at most limit / 2 characters can take more than `limit` UTF-16 units.
    return len(text) <= limit // 2 or cell_length(text) <= limit


def write_text(sheet: Any, row: int, col: int, text: str, fmt: Any = None) -> None:
    """Write `text` as a string cell (never a formula, URL or number); fail rather than truncate."""
    if not fits_in_cell(text):
        raise CellTooLong(
            f"{cell_length(text)} characters in row {row + 1}; a cell holds {MAX_CELL_CHARS}"
        )
    if text:
        _check(sheet.write_string(row, col, text, fmt), row)


def write_price(sheet: Any, row: int, col: int, amount: Decimal, fmt: Any) -> None:
    """Write a Decimal as a number: xlsx stores doubles, so this is the only float conversion."""
    _check(sheet.write_number(row, col, float(amount), fmt), row)


def write_integer(sheet: Any, row: int, col: int, value: int, fmt: Any) -> None:
    if isinstance(value, bool):
        raise TypeError("a quantity must be an int, not a bool")
    _check(sheet.write_number(row, col, value, fmt), row)


def _check(status: int, row: int) -> None:
    if status != 0:
        raise RuntimeError(f"xlsxwriter refused a cell in row {row + 1} (status {status})")


class TextSafeWorksheet(Worksheet):  # type: ignore[misc]
    """An xlsxwriter worksheet whose string cells always read back as the text written.

    In constant-memory mode xlsxwriter writes a string that starts with `<r>` and ends with `</r>`
    into the sheet XML unescaped, as a rich string: seller text such as
    `<r><f>HYPERLINK(...)</f></r>` would plant markup (or break the file). This project never
    writes rich strings, so that path writes an ordinary, escaped string instead.

    Its character escaping is replaced too, to also cover lone surrogates (which xlsxwriter cannot
    encode at all) with the same `_xHHHH_` form Excel uses for control characters; a literal
    `_xHHHH_` in the text gets its underscore escaped (`_x005F_`) so that readers do not decode it
    (ECMA-376 Part 1, 22.9.2.19 ST_Xstring).
    """

    @staticmethod
    def _escape_control_characters(data: str) -> str:
        return encode_unsafe_characters(data)

    def _xml_rich_inline_string(self, string: str, attributes: Any = ()) -> None:
        self._xml_inline_string(string, False, list(attributes))


class SafeWorkbook:
    """An xlsxwriter workbook with the safe options and cached cell formats."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self._formats: dict[tuple[str | None, bool, bool], Any] = {}

    def cell_format(
        self, number_format: str | None = None, *, wrap: bool = False, bold: bool = False
    ) -> Any:
        key = (number_format, wrap, bold)
        if key not in self._formats:
            spec: dict[str, Any] = {"valign": "top"}
            if number_format:
                spec["num_format"] = number_format
            if wrap:
                spec["text_wrap"] = True
            if bold:
                spec["bold"] = True
            self._formats[key] = self.workbook.add_format(spec)
        return self._formats[key]

    def add_sheet(self, name: str, columns: Sequence[Column]) -> SheetStream:
        return SheetStream(self, name, columns)


class SheetStream:
    """Rows appended in order to one sheet, each value written by its column's kind.

    A sheet that reaches the row limit continues in a new sheet named `<name> (2)`, `(3)`, ...
    with the same header, so no row is ever dropped.
    """

    def __init__(self, book: SafeWorkbook, name: str, columns: Sequence[Column]) -> None:
        self._book = book
        self._name = name
        self._columns = tuple(columns)
        self._writers = [self._writer_for(column) for column in self._columns]
        self._part = 1
        self.rows_written = 0
        self._start_sheet(name)

    def _start_sheet(self, name: str) -> None:
        sheet = self._book.workbook.add_worksheet(name, worksheet_class=TextSafeWorksheet)
        header_format = self._book.cell_format(bold=True)
        for col, column in enumerate(self._columns):
            sheet.set_column(col, col, column.width)
            write_text(sheet, 0, col, column.header, header_format)
        sheet.freeze_panes(1, 0)
        self._sheet = sheet
        self._row = 1

    def _writer_for(self, column: Column) -> Callable[[Any, int, int, Cell], None]:
        kind = column.kind
        fmt = self._book.cell_format(_NUMBER_FORMATS.get(kind), wrap=column.wrap)

        def write(sheet: Any, row: int, col: int, value: Cell) -> None:
            if value is None or value == "":
                return
            if kind in (CellKind.TEXT, CellKind.ID) and isinstance(value, str):
                write_text(sheet, row, col, value, fmt)
            elif kind is CellKind.INTEGER and isinstance(value, int):
                write_integer(sheet, row, col, value, fmt)
            elif kind in (CellKind.PRICE, CellKind.WEIGHT) and isinstance(value, Decimal):
                write_price(sheet, row, col, value, fmt)
            else:
                raise TypeError(f"{column.header}: a {kind.value} cell got {type(value).__name__}")

        return write

    def append(self, values: Sequence[Cell]) -> None:
        if len(values) != len(self._columns):
            raise ValueError(f"{self._name}: {len(values)} values for {len(self._columns)} columns")
        if self._row >= MAX_ROWS:
            self._part += 1
            self._start_sheet(f"{self._name} ({self._part})")
        for col, (write, value) in enumerate(zip(self._writers, values, strict=True)):
            write(self._sheet, self._row, col, value)
        self._row += 1
        self.rows_written += 1


@contextmanager
def safe_workbook(path: Path) -> Iterator[SafeWorkbook]:
    """Open an xlsxwriter workbook at `path`, saved when the block ends without an exception.

    The per-sheet scratch files of constant-memory mode live in a private temporary folder that is
    removed whatever happens. Use it inside `atomic_output` so a failed save leaves nothing behind.
    """
    remove_orphaned_scratch_folders()
    # The process id in the name lets a later run remove the folder of a killed one.
    with tempfile.TemporaryDirectory(
        prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", ignore_cleanup_errors=True
    ) as scratch:
        workbook = xlsxwriter.Workbook(str(path), {**WORKBOOK_OPTIONS, "tmpdir": scratch})
        workbook.set_properties({"created": FIXED_CREATED})
        yield SafeWorkbook(workbook)
        workbook.close()
