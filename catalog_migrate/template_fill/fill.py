"""Writing the filled template: the seller's workbook or CSV with our rows under its header.

xlsx: the template is loaded whole with openpyxl (its other sheets, data validation, conditional
formats, styles, column widths, frozen panes, merged cells and the rows around the header are
kept), the rows are written from the layout's first data row, and the workbook is saved once, when
the run closes the writer. Rows that the template has below that point (notes at the foot of the
sheet) are moved down under the last row written. openpyxl holds every cell in memory, so the
rows are kept until the save: about 4 KB per SKU row on top of the template itself (measured on a
17-column Faire template), some 400 MB for 100,000 SKUs; a streaming writer cannot edit an
existing workbook.

CSV: the template's own lines up to the first data row are copied as they are, the rows follow in
its delimiter, encoding, quoting and line ends, then the template's remaining lines.

Text is always text: an xlsx cell is written as a string cell (never a formula, whatever it starts
with), with characters XML cannot carry as `_xHHHH_`; a CSV field follows the formula rule
(`spreadsheet.formula_guard`).
"""

from __future__ import annotations

import csv
import io
import zipfile
from copy import copy
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from catalog_migrate.profile import ReadLimits
from catalog_migrate.spreadsheet.csv_stream import csv_field
from catalog_migrate.spreadsheet.fast_xlsx import encode_unsafe_characters
from catalog_migrate.spreadsheet.sheet_survey import column_letters
from catalog_migrate.template_fill.fields import Row, Value
from catalog_migrate.template_fill.layout import (
    TemplateLayout,
    load_workbook,
    read_csv_template,
    unchanged_bytes,
)

_FIXED_TIME = datetime(2000, 1, 1)


class TemplateFill:
    """Collects the rows of a run and writes the filled template to `path` on `save`."""

    def __init__(self, layout: TemplateLayout, limits: ReadLimits) -> None:
        self._layout = layout
        self._limits = limits
        self._columns = [(column.index, column.field) for column in layout.filled]
        self._rows: list[list[Value]] = []

    def add(self, row: Row) -> None:
        self._rows.append([row.get(field) if field else None for _, field in self._columns])

    def save(self, path: Path) -> None:
        data = unchanged_bytes(self._layout, self._limits)
        if self._layout.kind == "csv":
            self._save_csv(path, data)
        else:
            self._save_xlsx(path, data)

    # --- xlsx ---------------------------------------------------------------------------------

    def _save_xlsx(self, path: Path, data: bytes) -> None:
        layout = self._layout
        book = load_workbook(io.BytesIO(data))
        sheet = book[layout.sheet]
        start = layout.data_row
        # The template's first data row shows how a filled cell looks (number formats, borders).
        styles = {}
        for index, _ in self._columns:
            model = sheet.cell(row=start, column=index)
            if model.has_style:
                styles[index] = copy(model._style)
        last = _last_row_with_values(sheet, start)
        if self._rows and last is not None:
            # Notes below the data rows move down, with the gap above them kept.
            span = f"A{start}:{column_letters(max(sheet.max_column, 1))}{last}"
            sheet.move_range(span, rows=len(self._rows), cols=0)
        for offset, values in enumerate(self._rows):
            number = start + offset
            for (index, _), value in zip(self._columns, values, strict=True):
                cell = sheet.cell(row=number, column=index)
                if index in styles and not cell.has_style:
                    cell._style = copy(styles[index])
                _set_cell(cell, value)
        save_deterministic(book, path)

    # --- csv ----------------------------------------------------------------------------------

    def _save_csv(self, path: Path, data: bytes) -> None:
        layout = self._layout
        assert layout.csv_style is not None
        style = layout.csv_style
        template = read_csv_template(layout.path, self._limits, data)
        head = template.records[: layout.data_row - 1]
        tail = template.records[layout.data_row - 1 :]
        width = max((index for index, _ in self._columns), default=0)
        width = max(width, len(template.rows[layout.header_row - 1]))
        with path.open("w", encoding=style.encoding, newline="") as handle:
            text = ("\ufeff" if style.bom else "") + "".join(head)
            if text and not text.endswith(("\n", "\r")):
                text += style.line_end
            handle.write(text)
            writer = csv.writer(
                handle,
                delimiter=style.delimiter,
                quoting=csv.QUOTE_ALL if style.quote_all else csv.QUOTE_MINIMAL,
                lineterminator=style.line_end,
            )
            for values in self._rows:
                record = [""] * width
                for (index, _), value in zip(self._columns, values, strict=True):
                    record[index - 1] = csv_field(value)
                writer.writerow(record)
            handle.write("".join(tail))


_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def save_deterministic(book: Any, path: Path) -> None:
    """Save `book` so that the same template and rows give the same bytes on every run.

    openpyxl stamps the save time into the properties and every zip entry; the entries are
    written again with a fixed time, and `modified` is the template's own.
    """
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    book.properties.modified = book.properties.modified or _FIXED_TIME
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    with (
        zipfile.ZipFile(buffer) as built,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as out,
    ):
        for item in built.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=_ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(entry, built.read(item))


def _last_row_with_values(sheet: Any, start: int) -> int | None:
    last = None
    for number, row in enumerate(sheet.iter_rows(min_row=start, values_only=True), start=start):
        if any(value is not None and value != "" for value in row):
            last = number
    return last


def _set_cell(cell: Any, value: Value) -> None:
    if value is None or value == "":
        return
    if isinstance(value, str):
        cell.value = encode_unsafe_characters(value)
        # openpyxl takes text starting with `=` as a formula; a string cell is never run.
        cell.data_type = "s"
    elif isinstance(value, bool):
        raise TypeError("a template cell got a bool")
    elif isinstance(value, (int, Decimal)):
        cell.value = value
    else:
        raise TypeError(f"a template cell got {type(value).__name__}")
