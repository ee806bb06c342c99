"""Input formats and their detection.

`detect()` reads the first rows of the file once (archive checks included) and asks each
registered source whether it recognises them; when none does, the InputError lists what was tried.
"""

from __future__ import annotations

from pathlib import Path

from catalog_migrate.errors import InputError, UserError
from catalog_migrate.sources.base import Source, SourceOptions
from catalog_migrate.sources.dianxiaomi_export import DianxiaomiExportSource
from catalog_migrate.sources.dianxiaomi_import import DianxiaomiImportSource
from catalog_migrate.sources.tiktok_sheet import TikTokSheetSource
from catalog_migrate.spreadsheet.reading import CSV_SUFFIXES, SheetData, cell_text, read_sheet

HEAD_ROWS = 20

SOURCES: dict[str, Source] = {
    source.name: source
    for source in (TikTokSheetSource(), DianxiaomiImportSource(), DianxiaomiExportSource())
}


def get_source(name: str) -> Source:
    """The source registered as `name` (for a format chosen by hand)."""
    try:
        return SOURCES[name]
    except KeyError:
        known = ", ".join(sorted(SOURCES))
        raise UserError(f"unknown input format {name!r}; known formats: {known}") from None


def detect(path: Path, options: SourceOptions) -> Source:
    """The source that recognises `path`, or InputError naming every source tried and why."""
    return detect_and_read_head(path, options)[0]


def detect_and_read_head(path: Path, options: SourceOptions) -> tuple[Source, SheetData]:
    """Like detect(), and also return the rows it read.

    A workbook is read whole here, since python-calamine parses the complete sheet whatever the
    number of rows asked for; passing that sheet on in `SourceOptions.sheet` spares the source a
    second parse (and a second archive check) of the same file. A CSV is read only to its head.
    """
    head = read_head(path, options)
    return detect_in(path, head), head


def detect_in(path: Path, head: SheetData) -> Source:
    """The source that recognises the first rows of `head`, read from `path`, or InputError."""
    first_rows = [[cell_text(value) for value in row] for row in head.rows[:HEAD_ROWS]]
    tried = []
    for source in SOURCES.values():
        if source.sniff(path, first_rows):
            return source
        tried.append(f"{source.name} ({source.refusal(first_rows)}{_in_sheet(head)})")
    raise InputError(
        f"{path.name} is not an export this tool can read: tried {'; '.join(tried)}",
        code="input.unrecognised",
    )


def read_head(path: Path, options: SourceOptions) -> SheetData:
    if path.suffix.lower() in CSV_SUFFIXES:
        return read_sheet(path, options.limits, encoding=options.encoding, max_rows=HEAD_ROWS)
    return read_sheet(path, options.limits, encoding=options.encoding)


def _in_sheet(head: SheetData) -> str:
    return f" of sheet {head.sheet_name}" if head.sheet_name else ""
