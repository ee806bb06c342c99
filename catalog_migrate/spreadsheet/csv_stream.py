"""Streaming CSV output for targets whose upload file is CSV.

Rows go to disk as they are appended, so memory does not grow with the catalog. Text follows the
formula rule (`formula_guard`): a seller SKU `+KPS-1` is written as `'+KPS-1`, never refused.
Numbers are written as they are. The file is written to the path given, which the run has already
staged as a temporary file (see `spreadsheet.atomic`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from catalog_migrate.spreadsheet.formula_guard import neutralise_formula

CsvCell = str | int | Decimal | None


def csv_field(value: CsvCell) -> str:
    """The text of one field: empty for None, text guarded, numbers as they are."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise_formula(value)
    return str(value)


class CsvStream:
    """Appends rows of one CSV file; `rows` counts the data rows written (header rows excluded)."""

    def __init__(self, handle: TextIO, delimiter: str, quote_all: bool) -> None:
        self._writer = csv.writer(
            handle,
            delimiter=delimiter,
            quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
            lineterminator="\r\n",
        )
        self.rows = 0

    def header(self, labels: Sequence[str]) -> None:
        self._writer.writerow([neutralise_formula(label) for label in labels])

    def append(self, values: Sequence[CsvCell]) -> None:
        self._writer.writerow([csv_field(value) for value in values])
        self.rows += 1


@contextmanager
def csv_stream(
    path: Path,
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    quote_all: bool = False,
) -> Iterator[CsvStream]:
    """Open `path` for streaming rows; `encoding="utf-8-sig"` adds the BOM spreadsheet apps want."""
    with path.open("w", encoding=encoding, newline="") as handle:
        yield CsvStream(handle, delimiter, quote_all)
