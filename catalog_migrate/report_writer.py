"""The run report workbook: `Issues` (first), `Summary`, `Translations`, then `Provenance`.

Provenance rows stream out as listings are written; issues and the summary are only complete at
the end, so `close_with` writes them; their tabs are reserved first, so `Issues` is still the first
tab. The file is saved atomically, and only when `close_with` was called: a report without its
issues would read as a clean run.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from decimal import Decimal
from pathlib import Path
from types import TracebackType

from catalog_migrate.model import Issue, Provenance, WholesaleListing
from catalog_migrate.spreadsheet.fast_xlsx import SheetWriter, StreamingWorkbook, Value
from catalog_migrate.spreadsheet.writing import (
    MAX_CELL_CHARS,
    CellKind,
    Column,
    atomic_output,
    fits_in_cell,
)

ISSUE_COLUMNS: tuple[Column, ...] = (
    Column("Source Row", CellKind.INTEGER, 10),
    Column("Product ID", CellKind.ID, 22),
    Column("Seller SKU", CellKind.ID, 18),
    Column("Field", width=18),
    Column("Code", width=24),
    Column("Severity", width=10),
    Column("Message", width=80, wrap=True),
    Column("Target", width=12),  # the target whose rules raised it; empty for reading, mapping
)

SUMMARY_COLUMNS: tuple[Column, ...] = (
    Column("Item", width=28),
    Column("Value", width=60, wrap=True),
)

PROVENANCE_COLUMNS: tuple[Column, ...] = (
    Column("Product ID", CellKind.ID, 22),
    Column("Field", width=22),
    Column("Value", width=40, wrap=True),
    Column("Rule", width=80, wrap=True),
)

TRANSLATION_COLUMNS: tuple[Column, ...] = (
    Column("Field", width=18),
    Column("Source Text", width=50, wrap=True),
    Column("Translation", width=50, wrap=True),
    Column("Engine", width=16),
)

_CLIPPED = " [...]"


def _clip(text: str) -> str:
    """Report text is for reading; an over-long value is cut visibly rather than failing the run."""
    if fits_in_cell(text):
        return text
    room = 2 * (MAX_CELL_CHARS - len(_CLIPPED))  # bytes of UTF-16, the units a cell is counted in
    # A character cut in half at the end is dropped by the decoder.
    kept = text.encode("utf-16-le", errors="surrogatepass")[:room]
    return kept.decode("utf-16-le", errors="ignore") + _CLIPPED


def _clip_or_none(text: str | None) -> str | None:
    return None if text is None else _clip(text)


def issue_sort_key(issue: Issue) -> tuple[bool, int, str, str, str, str, str, str]:
    """Source row first (issues without one last), then code, then the rest for a total order."""
    return (
        issue.source_row is None,
        issue.source_row or 0,
        issue.code,
        issue.product_key or "",
        issue.sku or "",
        issue.field or "",
        issue.message,
        issue.target or "",
    )


def _issue_row(issue: Issue) -> list[Value]:
    return [
        issue.source_row,
        _clip_or_none(issue.product_key),
        _clip_or_none(issue.sku),
        _clip_or_none(issue.field),
        issue.code,
        issue.severity.value,
        _clip(issue.message),
        issue.target,
    ]


def _summary_value(value: object) -> str:
    if value is None or isinstance(value, str):
        return _clip(value or "")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | Decimal):
        return str(value)
    return _clip(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str))


class ReportWriter:
    """Use as `with open_report(path) as report: ...; report.close_with(issues)`."""

    def __init__(self, path: Path) -> None:
        self._path = Path(path)
        self._stack = ExitStack()
        self._closed = False
        self._book: StreamingWorkbook | None = None
        self._provenance: SheetWriter | None = None
        self._provenance_part = 1
        # One row per distinct translation: variation values repeat across thousands of SKUs.
        self._translations: dict[tuple[str, str, str, str], None] = {}

    def __enter__(self) -> ReportWriter:
        with ExitStack() as stack:
            temp = stack.enter_context(atomic_output(self._path))
            book = stack.enter_context(StreamingWorkbook(temp))
            book.reserve("Issues")  # written last, shown first
            book.reserve("Summary")
            book.reserve("Translations")
            self._provenance = _open_sheet(book, "Provenance", PROVENANCE_COLUMNS)
            self._book = book
            self._stack = stack.pop_all()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool | None:
        if exc_type is None and not self._closed:
            problem = RuntimeError("the report was not finished: close_with() was not called")
            self._stack.__exit__(RuntimeError, problem, None)
            raise problem
        return self._stack.__exit__(exc_type, exc, traceback)

    def _open_book(self) -> tuple[StreamingWorkbook, SheetWriter]:
        if self._book is None or self._provenance is None:
            raise RuntimeError("the report is not open; use it in a with block")
        if self._closed:
            raise RuntimeError("the report is already finished")
        return self._book, self._provenance

    def add_provenance(
        self,
        listing: WholesaleListing,
        entries: Sequence[Provenance] | None = None,
        target: str | None = None,
    ) -> None:
        """The listing's provenance rows, or only `entries` of it; with `target`, each row's
        field is named for that target (`faire: title`): what its rules changed."""
        book, sheet = self._open_book()
        product_id = _clip(listing.source_product_id)
        for entry in listing.provenance if entries is None else entries:
            if sheet.full:
                # A full sheet continues in `Provenance (2)`, ... so no row is dropped.
                sheet.close()
                self._provenance_part += 1
                name = f"Provenance ({self._provenance_part})"
                sheet = self._provenance = _open_sheet(book, name, PROVENANCE_COLUMNS)
            field = entry.field if target is None else f"{target}: {entry.field}"
            sheet.append([product_id, _clip(field), _clip(entry.value), _clip(entry.rule)])
            # A description is unique to its product and long: its translation is in Provenance,
            # and keeping every one to list it once here would hold them all in memory.
            if entry.engine and entry.field != "description":
                row = (entry.field, entry.source_text, entry.value, entry.engine)
                self._translations[row] = None

    def close_with(
        self, issues: Sequence[Issue], summary: Mapping[str, object] | None = None
    ) -> None:
        """Write the sorted issues and the summary; the file is saved when the with block ends."""
        book, provenance = self._open_book()
        provenance.close()
        with _open_sheet(book, "Issues", ISSUE_COLUMNS) as issue_sheet:
            for issue in sorted(issues, key=issue_sort_key):
                issue_sheet.append(_issue_row(issue))
        with _open_sheet(book, "Summary", SUMMARY_COLUMNS) as summary_sheet:
            for item, value in (summary or {}).items():
                summary_sheet.append([_clip(item), _summary_value(value)])
        with _open_sheet(book, "Translations", TRANSLATION_COLUMNS) as translation_sheet:
            for row in self._translations:
                translation_sheet.append([_clip(text) for text in row])
        self._closed = True


def _open_sheet(book: StreamingWorkbook, name: str, columns: Sequence[Column]) -> SheetWriter:
    return book.open_sheet(
        name, [column.header for column in columns], [column.width for column in columns]
    )


def open_report(path: Path) -> ReportWriter:
    return ReportWriter(path)
