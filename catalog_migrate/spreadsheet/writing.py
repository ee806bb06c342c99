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
import glob
import os
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from types import FrameType
from typing import Any

import xlsxwriter

from catalog_migrate.errors import UserError

# ---------------------------------------------------------------------------------------------
# Atomic output
# ---------------------------------------------------------------------------------------------


class Terminated(SystemExit):
    """Raised inside an `atomic_output` block when the process receives SIGTERM."""

    def __init__(self) -> None:
        super().__init__(128 + signal.SIGTERM)


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated


@contextmanager
def sigterm_raises() -> Iterator[None]:
    """Turn SIGTERM into an exception for the block, so cleanup code runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        # getsignal() gives None for a handler not installed from Python; the default is the
        # closest thing we can restore.
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_directory(path: Path) -> None:
    """Make the rename durable where the platform allows it; the rename is atomic either way."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _mode_for(path: Path) -> int:
    """Keep an existing output's permissions; a new file gets the usual umask-based mode."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a hidden temporary path beside `path`; rename it onto `path` if the block succeeds.

    The temporary name keeps the suffix, so libraries that check it accept the file. On any
    exception (KeyboardInterrupt and SIGTERM included) the temporary file is removed and an existing
    `path` is left as it was.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise UserError(f"cannot write {path}: the folder {path.parent} does not exist")
    remove_orphaned_temporaries(path)
    fd, name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.stem}.{os.getpid()}.", suffix=f".tmp{path.suffix}"
    )
    os.close(fd)
    temp = Path(name)
    try:
        with sigterm_raises():
            yield temp
            os.chmod(temp, _mode_for(path))
            _fsync_file(temp)
            os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)


def remove_orphaned_temporaries(path: Path) -> None:
    """Remove temporary files of `path` left by a process that was killed (SIGKILL, power cut).

    Their names carry the writer's process id; one whose process is gone can only be an orphan,
    while the temporary file of another run still writing the same output is left alone.
    """
    for candidate in path.parent.glob(f".{glob.escape(path.stem)}.*.tmp{glob.escape(path.suffix)}"):
        pid_text = candidate.name[len(path.stem) + 2 :].split(".", 1)[0]
        if pid_text.isdigit() and not _process_alive(int(pid_text)):
            candidate.unlink(missing_ok=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but another user's
        return True
    return True


def refuse_overwriting_input(output: Path, inputs: Iterable[Path]) -> None:
    """Raise UserError when `output` is one of `inputs` by any spelling, symlink or hard link."""
    output = Path(output)
    target = output.resolve()
    for source in inputs:
        source = Path(source)
        same = source.resolve() == target
        if not same and output.exists() and source.exists():
            same = os.path.samefile(output, source)
        if same:
            raise UserError(
                f"refusing to write {output}: it is the input {source}; choose another output path"
            )


# ---------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CsvValue = str | int | Decimal | None


def neutralise_formula(text: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would run as a formula (OWASP CSV injection)."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


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
        sheet = self._book.workbook.add_worksheet(name)
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
    with tempfile.TemporaryDirectory(
        prefix="catalog-migrate-", ignore_cleanup_errors=True
    ) as scratch:
        workbook = xlsxwriter.Workbook(str(path), {**WORKBOOK_OPTIONS, "tmpdir": scratch})
        workbook.set_properties({"created": FIXED_CREATED})
        yield SafeWorkbook(workbook)
        workbook.close()
