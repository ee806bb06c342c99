"""Reading a seller's template: refuse a hostile one, find its header row, match its columns.

A template is checked like an export before any parser opens it (zip and entity bombs, sizes,
extents: `spreadsheet.reading`), then read with openpyxl (xlsx) or the csv module. The header row
is the row, within the first `HEADER_SEARCH_ROWS` rows of any sheet, whose cells name the most
fields; rows are filled from the first empty row under it, so the rows between (the notes and
machine keys of a Faire template, a `Mandatory`/`Optional` row) are kept as they are.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal

import openpyxl

from catalog_migrate.errors import InputError, UserError
from catalog_migrate.profile import ReadLimits
from catalog_migrate.spreadsheet.archive import MIB, check_input_file
from catalog_migrate.spreadsheet.reading import read_workbook, sniff_delimiter
from catalog_migrate.template_fill.fields import PRICE_FIELDS
from catalog_migrate.template_fill.labels import LabelTable, normalise

HEADER_SEARCH_ROWS = 20
MIN_MATCHED_COLUMNS = 2
XLSX_SUFFIXES = frozenset({".xlsx"})
CSV_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
MACRO_SUFFIXES = frozenset({".xlsm", ".xltm", ".xlam"})
TEMPLATE_ERROR = "template.unusable"

Grid = list[list[object]]


@dataclass(frozen=True)
class CsvStyle:
    """How a CSV template is written, so the filled file is written the same way."""

    encoding: str  # utf-8, utf-16-le or utf-16-be
    bom: bool  # the file starts with a byte-order mark, written back
    delimiter: str
    quote_all: bool
    line_end: str


@dataclass(frozen=True)
class Column:
    index: int  # 1-based, as the spreadsheet numbers columns
    label: str
    field: str | None  # None: no field matched; the column stays as the template has it
    duplicate_of: int | None = None  # a column matched to a field an earlier column took
    # A price column whose label names another currency than the run writes (`Price (IDR)`).
    other_currency: str | None = None


@dataclass(frozen=True)
class TemplateLayout:
    path: Path
    kind: Literal["xlsx", "csv"]
    sheet: str  # "" for a CSV template
    header_row: int  # 1-based
    data_row: int  # 1-based: the first row filled
    columns: tuple[Column, ...]
    digest: str  # sha256 of the file, to notice a template changed during the run
    currency: str  # the currency prices are written in
    csv_style: CsvStyle | None = None

    @property
    def filled(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.field is not None and c.duplicate_of is None)


def _label(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _template_error(message: str) -> UserError:
    return UserError(message, code=TEMPLATE_ERROR)


def analyse(path: Path, table: LabelTable, limits: ReadLimits, currency: str) -> TemplateLayout:
    """The layout of the template at `path`, or UserError (exit 2) saying why it cannot be used.

    `currency` is the one prices are written in.
    """
    try:
        check_input_file(path)
    except InputError as exc:
        raise _template_error(f"--template: {exc}") from None
    suffix = path.suffix.lower()
    if suffix in MACRO_SUFFIXES:
        raise _macros(path)
    if suffix in CSV_SUFFIXES:
        return _analyse_csv(path, table, limits, currency)
    if suffix not in XLSX_SUFFIXES:
        raise _template_error(
            f"--template {path.name}: a template must be an .xlsx workbook or a .csv file; "
            "open it in Excel and save it as .xlsx"
        )
    return _analyse_xlsx(path, table, limits, currency)


def _macros(path: Path) -> UserError:
    return _template_error(
        f"--template {path.name} holds macros, which are never kept or run: save it in Excel "
        "as an .xlsx workbook (Excel Workbook, not macro-enabled) and give that"
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def unchanged_bytes(layout: TemplateLayout, limits: ReadLimits) -> bytes:
    """The template's bytes, if they are still those its layout was read from (the filled file is
    written from them, so it never holds a template that was not checked); else UserError."""
    path = layout.path
    size = path.stat().st_size if path.is_file() else -1
    data = path.read_bytes() if 0 <= size <= limits.max_uncompressed_mb * MIB else b""
    if hashlib.sha256(data).hexdigest() != layout.digest:
        raise _template_error(
            f"--template {path.name} changed while the run was reading it; run again"
        )
    return data


def _checked(path: Path, limits: ReadLimits) -> None:
    """The checks every export gets, before openpyxl inflates anything."""
    try:
        read_workbook(path, limits, preferred_sheets=(), max_rows=1)
    except InputError as exc:
        raise InputError(f"--template {exc}", code=exc.code) from None
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        raise _template_error(f"--template {path.name} is not an .xlsx workbook") from None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise _macros(path)


def load_workbook(path: Path | BinaryIO) -> Any:
    """The template workbook as openpyxl holds it (every sheet, styles and validation)."""
    with warnings.catch_warnings():
        # openpyxl warns about the parts it does not keep (e.g. extension lists); the README
        # says what a filled template loses.
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, keep_vba=False, keep_links=True, rich_text=False)


def _analyse_xlsx(
    path: Path, table: LabelTable, limits: ReadLimits, currency: str
) -> TemplateLayout:
    _checked(path, limits)
    digest = _digest(path)
    book = load_workbook(path)
    grids: list[tuple[str, Grid]] = []
    for sheet in book.worksheets:
        rows = sheet.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS, values_only=True)
        grids.append((sheet.title, [list(row) for row in rows]))
    sheet_name, header_row, columns = _find_header(path, grids, table, currency)
    sheet = book[sheet_name]
    data_row = _first_empty_row(
        (list(row) for row in sheet.iter_rows(min_row=header_row + 1, values_only=True)),
        header_row + 1,
    )
    return TemplateLayout(path, "xlsx", sheet_name, header_row, data_row, columns, digest, currency)


def _first_empty_row(rows: Iterable[Sequence[object]], first: int) -> int:
    """The number of the first row with no value, counting the rows given from `first`."""
    number = first
    for row in rows:
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in row):
            return number
        number += 1
    return number


def _find_header(
    path: Path, grids: Sequence[tuple[str, Grid]], table: LabelTable, currency: str
) -> tuple[str, int, tuple[Column, ...]]:
    best: tuple[int, str, int, Sequence[object]] | None = None
    for sheet_name, grid in grids:
        for number, row in enumerate(grid[:HEADER_SEARCH_ROWS], start=1):
            score = sum(1 for value in row if table.field(_label(value)) is not None)
            if score and (best is None or score > best[0]):
                best = (score, sheet_name, number, row)
    if best is None or best[0] < MIN_MATCHED_COLUMNS:
        raise _template_error(
            f"--template {path.name}: no header row found: looked in the first "
            f"{HEADER_SEARCH_ROWS} rows of each sheet for at least {MIN_MATCHED_COLUMNS} column "
            "labels such as Product Name, Description, SKU, Price, Quantity, Images (or 商品标题, "
            "价格, Nama Produk, Harga); name your labels under [template.columns] in the profile"
        )
    _, sheet_name, number, header = best
    return sheet_name, number, _columns(header, table, currency)


def _columns(row: Sequence[object], table: LabelTable, currency: str) -> tuple[Column, ...]:
    columns: list[Column] = []
    taken: dict[str, int] = {}
    for index, value in enumerate(row, start=1):
        label = _label(value)
        if not label:
            continue
        read = normalise(label)
        field = table.match(read)
        if field in PRICE_FIELDS and read.currency not in (None, currency):
            columns.append(Column(index, label, None, other_currency=read.currency))
            continue
        first = taken.get(field) if field is not None else None
        if field is not None and first is None:
            taken[field] = index
        columns.append(Column(index, label, field, first))
    return tuple(columns)


# --- CSV ------------------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class CsvTemplate:
    """A CSV template's text, cut into records as they are written (line ends included)."""

    style: CsvStyle
    records: list[str]  # the raw text of each record
    rows: list[list[str]]  # the same records, parsed


def read_csv_template(path: Path, limits: ReadLimits, data: bytes | None = None) -> CsvTemplate:
    """The CSV template at `path` (or its bytes `data`, already read)."""
    data = path.read_bytes() if data is None else data
    if len(data) > limits.max_uncompressed_mb * MIB:
        raise _template_error(
            f"--template {path.name} is larger than the {limits.max_uncompressed_mb} MB limit"
        )
    bom = next((mark for mark, _ in _BOMS if data.startswith(mark)), b"")
    codec = next((name for mark, name in _BOMS if mark == bom), "utf-8")
    try:
        text = data[len(bom) :].decode(codec)
    except UnicodeDecodeError:
        raise _template_error(
            f"--template {path.name} is not UTF-8 or UTF-16 text: open it in a spreadsheet app "
            "and save it as CSV UTF-8"
        ) from None
    delimiter = sniff_delimiter(text[: 64 * 1024])
    # Only CR, LF and CRLF end a line (str.splitlines would also split at U+2028 inside a field).
    lines = list(io.StringIO(text, newline=""))
    csv.field_size_limit(limits.max_cell_chars)
    records: list[str] = []
    rows: list[list[str]] = []
    reader = csv.reader(iter(lines), delimiter=delimiter)
    consumed = 0
    try:
        for row in reader:
            if len(rows) >= limits.max_rows:
                raise _template_error(
                    f"--template {path.name} has more than {limits.max_rows} rows"
                )
            records.append("".join(lines[consumed : reader.line_num]))
            consumed = reader.line_num
            rows.append(row)
    except csv.Error as exc:
        raise _template_error(f"--template {path.name} is not a readable CSV file: {exc}") from None
    first = records[0] if records else ""
    line_end = "\r\n" if first.endswith("\r\n") else "\n"
    header_fields = first.rstrip("\r\n").split(delimiter) if first else []
    quote_all = bool(header_fields) and all(
        field.startswith('"') and field.endswith('"') for field in header_fields
    )
    return CsvTemplate(CsvStyle(codec, bool(bom), delimiter, quote_all, line_end), records, rows)


def _analyse_csv(
    path: Path, table: LabelTable, limits: ReadLimits, currency: str
) -> TemplateLayout:
    if path.read_bytes()[:4].startswith(b"PK\x03\x04"):
        raise _template_error(
            f"--template {path.name} is an Excel workbook with a {path.suffix} name: rename it "
            "to .xlsx"
        )
    template = read_csv_template(path, limits)
    grid: Grid = [list(row) for row in template.rows[:HEADER_SEARCH_ROWS]]
    _, header_row, columns = _find_header(path, [("", grid)], table, currency)
    data_row = _first_empty_row(iter(template.rows[header_row:]), header_row + 1)
    return TemplateLayout(
        path, "csv", "", header_row, data_row, columns, _digest(path), currency, template.style
    )
