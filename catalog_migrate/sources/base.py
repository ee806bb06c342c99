"""The interface every source format implements."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from catalog_migrate.model import Issue, RetailProduct
from catalog_migrate.profile import ReadLimits
from catalog_migrate.spreadsheet.reading import Cell, SheetData


@dataclass(frozen=True)
class SourceOptions:
    currency: str | None = None  # ISO code from --currency / --region; None: infer or fail
    encoding: str | None = None  # CSV encoding from --encoding; None: BOM or UTF-8
    limits: ReadLimits = field(default_factory=ReadLimits)
    # The sheet detection already read, when it read all of it: the source uses it as it is.
    sheet: SheetData | None = None
    # `sheet` is the head of the export (its first rows, not complete) and the source reads it
    # as it is: the products of its rows, the last maybe cut short (the review app's first
    # listings, shown while the whole export is read).
    head_only: bool = False


@dataclass(frozen=True)
class ColumnMap:
    """How a source reads a sheet's columns, for `catalog-migrate inspect`. Rows are 0-based."""

    key_row: int | None  # the row of machine keys, if the format has one
    label_row: int | None  # the row of human labels (headers)
    data_start: int
    columns: dict[str, tuple[int, str]]  # field -> (column index, its label or key as written)
    unread: list[str]  # labels (else keys) of columns the source does not read
    # Rows skipped as the template's instructions (0-based): named in the run's issues.
    skipped_rows: list[int] = field(default_factory=list)


class Source(Protocol):
    """A reader of one input format.

    `read` yields products in source order. A SKU row that cannot be used is not dropped silently:
    it goes into `RetailProduct.rejected` as an error Issue naming its source row, or, when the row
    cannot even be put into a product, is yielded as a bare error Issue with its `source_row`
    (counted as one product and one SKU rejected). Warnings about the whole file are yielded as bare
    warning Issues.

    What every source declares besides reading:
    - `codes`: every Issue code it raises, with what each means (the README's table lists them);
    - `refusal(first_rows)`: why `sniff` said no, in a few words, for the message that lists every
      format tried on a file no source recognised;
    - `column_map(rows)`: how it reads the sheet's columns (for `catalog-migrate inspect` and the
      run's currency check), or None when the rows are not its format.
    Registered in `sources/__init__.py` (`SOURCES`).
    """

    name: str
    description: str
    codes: Mapping[str, str]

    def sniff(self, path: Path, first_rows: Sequence[Sequence[str]]) -> bool: ...

    def refusal(self, first_rows: Sequence[Sequence[str]]) -> str: ...

    def column_map(self, rows: Sequence[Sequence[Cell]]) -> ColumnMap | None: ...

    def read(self, path: Path, options: SourceOptions) -> Iterator[RetailProduct | Issue]: ...
